import { useCallback, useEffect, useState } from 'react';
import type { SamplePlayer } from '../api/api-client.ts';
import { useApi } from '../api/api-context.ts';
import { ApiError, isAbortError } from '../api/api-error.ts';

/** The sample players list: loading, loaded, or failed with a message. */
export type SamplePlayersState =
  { status: 'loading' } | { status: 'ready'; players: SamplePlayer[] } | { status: 'error'; message: string };

const SAMPLE_LIMIT = 24;

/** Fetches the bundled dataset's sample players once; `reload` tries again after a failure. */
export function useSamplePlayers(): { state: SamplePlayersState; reload: () => void } {
  const api = useApi();
  const [state, setState] = useState<SamplePlayersState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api.samplePlayers(SAMPLE_LIMIT, controller.signal).then(
      (players) => setState({ status: 'ready', players }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        setState({ status: 'error', message: error instanceof ApiError ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [api, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
