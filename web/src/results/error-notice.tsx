import type { ApiError } from '../api/api-error.ts';

function advice(error: ApiError): { title: string; text: string } {
  switch (error.code) {
    case 'NETWORK':
      return { title: 'The Coplay server is unreachable', text: error.message };
    case 'STEAM_UNAVAILABLE': {
      const wait = error.retryAfterSeconds
        ? `in about ${Math.ceil(error.retryAfterSeconds)} seconds`
        : 'in a minute';
      return {
        title: 'Steam is not answering',
        text: `Steam is down or busy. Try again ${wait}, or use sample players.`,
      };
    }
    case 'MODEL_NOT_READY':
      return {
        title: 'Coplay is still getting ready',
        text: 'No model is trained yet: wait for training to finish, then try again.',
      };
    case 'GROUP_SIZE_OUT_OF_RANGE':
      return { title: 'Check the group size', text: error.message };
    default:
      return { title: 'Something went wrong', text: error.message };
  }
}

/** A failed recommendation request: what happened, what to do, and a button to try again. */
export function ErrorNotice({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const { title, text } = advice(error);
  return (
    <div className="notice error" role="alert" data-testid="results-error" data-code={error.code}>
      <p className="notice-title">{title}</p>
      <p>{text}</p>
      <button type="button" className="btn" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
