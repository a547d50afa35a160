import { useState } from 'react';
import type { MemberInput } from '../../../src/contract/recommendations.ts';
import type { FEEDBACK_KINDS } from '../../../src/contract/feedback.ts';
import type { FeedbackReceipt } from '../api/api-client.ts';
import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/api-error.ts';
import { FeedbackIcon } from './feedback-icon.tsx';
import type { RecordedFeedback } from './recorded-feedback.ts';
import type { RecordedFeedbackUpdate } from './use-feedback-memory.ts';

type Kind = (typeof FEEDBACK_KINDS)[number];

const BUTTONS: readonly { kind: Kind; label: string; done: string }[] = [
  { kind: 'liked', label: 'Liked', done: 'Recorded: you liked it.' },
  { kind: 'dismissed', label: 'Not for us', done: 'Recorded: not for this group.' },
  { kind: 'played_together', label: 'We played this', done: 'Recorded: you played it together.' },
];

/** Liked and "not for us" contradict each other: recording one undoes the other. */
const OPPOSITE: Partial<Record<Kind, Kind>> = { liked: 'dismissed', dismissed: 'liked' };

const reason = (error: unknown) => (error instanceof ApiError ? error.message : String(error));

/** The server no longer holds the event: it was undone already (another tab, an earlier try that got through). */
const alreadyUndone = (error: unknown) => error instanceof ApiError && error.status === 404;

/**
 * Liked / Not for us / We played this for one game, sent to the API, shown as recorded and undoable. What is
 * shown pressed is always what the server holds: a change is shown only once the server has made it. The
 * recorded feedback is held by the caller, so that it outlives this bar (see useFeedbackMemory).
 */
export function FeedbackBar({
  appid,
  name,
  members,
  modelVersion,
  recorded,
  onRecordedChange,
}: {
  appid: number;
  name: string;
  members: MemberInput[];
  modelVersion: string;
  /** What the server holds for this game and these members. */
  recorded: RecordedFeedback;
  onRecordedChange: RecordedFeedbackUpdate;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [status, setStatus] = useState<{ text: string; undo: Kind | null; error: boolean }>({
    text: '',
    undo: null,
    error: false,
  });

  /** Undoes the event of `kind` on the server, then here; a 404 means the server had already undone it. */
  async function undo(kind: Kind, undoToken: string): Promise<void> {
    try {
      await api.undoFeedback(undoToken);
    } catch (error) {
      if (!alreadyUndone(error)) throw error;
    }
    onRecordedChange(({ [kind]: _removed, ...rest }) => rest);
  }

  async function press(kind: Kind) {
    setBusy(kind);
    try {
      const own = recorded[kind];
      if (own !== undefined) {
        try {
          await undo(kind, own);
        } catch (error) {
          setStatus({ text: `Not undone: ${reason(error)}`, undo: null, error: true });
          return;
        }
        setStatus({ text: 'Undone.', undo: null, error: false });
        return;
      }
      // The new event first: if it fails, nothing has changed on the server or here.
      let receipt: FeedbackReceipt;
      try {
        receipt = await api.sendFeedback({ members, appid, kind, modelVersion });
      } catch (error) {
        setStatus({ text: `Not saved: ${reason(error)}`, undo: null, error: true });
        return;
      }
      onRecordedChange((current) => ({ ...current, [kind]: receipt.undoToken }));
      const opposite = OPPOSITE[kind];
      const oppositeToken = opposite === undefined ? undefined : recorded[opposite];
      if (opposite !== undefined && oppositeToken !== undefined) {
        try {
          await undo(opposite, oppositeToken);
        } catch (error) {
          // Both now stand on the server, so both stay pressed; the user can undo either.
          const label = BUTTONS.find((b) => b.kind === opposite)?.label ?? opposite;
          setStatus({
            text: `Recorded, but “${label}” could not be undone: ${reason(error)}`,
            undo: kind,
            error: true,
          });
          return;
        }
      }
      setStatus({
        text: BUTTONS.find((b) => b.kind === kind)?.done ?? 'Recorded.',
        undo: kind,
        error: false,
      });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="feedback" role="group" aria-label={`Feedback on ${name}`}>
      <div className="feedback-buttons">
        {BUTTONS.map((button) => (
          <button
            key={button.kind}
            type="button"
            className="btn btn-small btn-feedback"
            aria-pressed={recorded[button.kind] !== undefined}
            disabled={busy !== null}
            data-feedback={button.kind}
            onClick={() => void press(button.kind)}
          >
            <FeedbackIcon kind={button.kind} /> {button.label}
          </button>
        ))}
      </div>
      <p className={status.error ? 'feedback-status error' : 'feedback-status'} aria-live="polite">
        {status.text}
        {status.undo && recorded[status.undo] !== undefined && (
          <>
            {' '}
            <button
              type="button"
              className="btn btn-link"
              disabled={busy !== null}
              onClick={() => void press(status.undo as Kind)}
            >
              Undo
            </button>
          </>
        )}
      </p>
    </div>
  );
}
