import { useState } from 'react';
import type { MemberInput } from '../../../src/contract/recommendations.ts';
import type { FEEDBACK_KINDS } from '../../../src/contract/feedback.ts';
import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/api-error.ts';
import { FeedbackIcon } from './feedback-icon.tsx';

type Kind = (typeof FEEDBACK_KINDS)[number];

const BUTTONS: readonly { kind: Kind; label: string; done: string }[] = [
  { kind: 'liked', label: 'Liked', done: 'Recorded: you liked it.' },
  { kind: 'dismissed', label: 'Not for us', done: 'Recorded: not for this group.' },
  { kind: 'played_together', label: 'We played this', done: 'Recorded: you played it together.' },
];

/** Liked and "not for us" contradict each other: recording one undoes the other. */
const OPPOSITE: Partial<Record<Kind, Kind>> = { liked: 'dismissed', dismissed: 'liked' };

type Recorded = Partial<Record<Kind, number>>;

/** Liked / Not for us / We played this for one game, sent to the API, shown as recorded and undoable. */
export function FeedbackBar({
  appid,
  name,
  members,
  modelVersion,
  onDismissedChange,
}: {
  appid: number;
  name: string;
  members: MemberInput[];
  modelVersion: string;
  onDismissedChange?(dismissed: boolean): void;
}) {
  const api = useApi();
  const [recorded, setRecorded] = useState<Recorded>({});
  const [busy, setBusy] = useState<Kind | null>(null);
  const [status, setStatus] = useState<{ text: string; undo: Kind | null; error: boolean }>({
    text: '',
    undo: null,
    error: false,
  });

  const failed = (error: unknown) =>
    setStatus({
      text: `Not saved: ${error instanceof ApiError ? error.message : String(error)}`,
      undo: null,
      error: true,
    });

  async function undo(kind: Kind, ids: Recorded): Promise<Recorded> {
    const id = ids[kind];
    if (id === undefined) return ids;
    await api.undoFeedback(id);
    if (kind === 'dismissed') onDismissedChange?.(false);
    const { [kind]: _removed, ...rest } = ids;
    return rest;
  }

  async function press(kind: Kind) {
    setBusy(kind);
    try {
      if (recorded[kind] !== undefined) {
        setRecorded(await undo(kind, recorded));
        setStatus({ text: 'Undone.', undo: null, error: false });
        return;
      }
      const opposite = OPPOSITE[kind];
      const rest = opposite ? await undo(opposite, recorded) : recorded;
      const receipt = await api.sendFeedback({ members, appid, kind, modelVersion });
      setRecorded({ ...rest, [kind]: receipt.id });
      if (kind === 'dismissed') onDismissedChange?.(true);
      setStatus({
        text: BUTTONS.find((b) => b.kind === kind)?.done ?? 'Recorded.',
        undo: kind,
        error: false,
      });
    } catch (error) {
      failed(error);
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
