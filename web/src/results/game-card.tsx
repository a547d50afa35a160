import { useId } from 'react';
import type { MemberInput, RecommendedItem } from '../../../src/contract/recommendations.ts';
import { formatPrice } from '../format/format-price.ts';
import { CapsuleImage } from './capsule-image.tsx';
import { FeedbackBar } from './feedback-bar.tsx';
import { MemberFitRow } from './member-fit-row.tsx';
import { MODE_LABELS } from './mode-labels.ts';
import type { RecordedFeedback } from './recorded-feedback.ts';
import type { RecordedFeedbackUpdate } from './use-feedback-memory.ts';

/** More mode tags than this collapse into "+N", so one card with nine modes does not tower over the rest. */
const SHOWN_MODES = 4;

/**
 * "Because …" reasons beyond this many are left out; the ownership, mode and player-limit reasons always
 * show, as the limit one may be the warning that the game is too small for the group.
 */
const SHOWN_BECAUSE = 2;

function shownReasons(reasons: RecommendedItem['reasons']): RecommendedItem['reasons'] {
  let because = 0;
  return reasons.filter((reason) => reason.kind !== 'because' || ++because <= SHOWN_BECAUSE);
}

const PLATFORM_LABELS = { windows: 'Windows', mac: 'macOS', linux: 'Linux' } as const;

function playerLimits(players: RecommendedItem['players']): string {
  const parts = [
    players.online !== null ? `${players.online} online` : null,
    players.local !== null ? `${players.local} local` : null,
    players.splitScreen !== null ? `${players.splitScreen} split screen` : null,
    players.lan !== null ? `${players.lan} LAN` : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return 'Player limit unknown';
  return `Up to ${parts.join(' · ')}${players.dropInDropOut ? ' · drop-in' : ''}`;
}

/** One recommended game: image, facts, a fit row per member, the API's reasons, store link and feedback. */
export function GameCard({
  item,
  memberNames,
  members,
  modelVersion,
  recorded,
  onRecordedChange,
}: {
  item: RecommendedItem;
  /** Labels of the group's members, in the order of item.members. */
  memberNames: string[];
  /** The members as sent, for feedback. */
  members: MemberInput[];
  modelVersion: string;
  /** The feedback the server holds for this game and these members. */
  recorded: RecordedFeedback;
  onRecordedChange: RecordedFeedbackUpdate;
}) {
  const titleId = useId();
  const dismissed = recorded.dismissed !== undefined;
  const tooSmall = item.players.max !== null && item.players.max < memberNames.length;
  return (
    <article
      className={dismissed ? 'card dismissed' : 'card'}
      aria-labelledby={titleId}
      data-testid="game-card"
      data-appid={item.appid}
    >
      <CapsuleImage url={item.imageUrl} name={item.name} />
      <div className="card-body">
        <header className="card-head">
          <h3 id={titleId}>{item.name}</h3>
          <span className={item.price === 0 ? 'price free' : 'price'}>{formatPrice(item.price)}</span>
        </header>
        {item.modes.length > 0 && (
          <ul className="mode-tags" aria-label="Multiplayer modes">
            {item.modes.slice(0, SHOWN_MODES).map((mode) => (
              <li key={mode}>{MODE_LABELS[mode]}</li>
            ))}
            {item.modes.length > SHOWN_MODES && (
              <li
                className="more"
                title={item.modes
                  .slice(SHOWN_MODES)
                  .map((m) => MODE_LABELS[m])
                  .join(', ')}
              >
                +{item.modes.length - SHOWN_MODES}
                <span className="sr-only">
                  :{' '}
                  {item.modes
                    .slice(SHOWN_MODES)
                    .map((m) => MODE_LABELS[m])
                    .join(', ')}
                </span>
              </li>
            )}
          </ul>
        )}
        <p className="card-facts">
          <span className={tooSmall ? 'warn' : undefined}>{playerLimits(item.players)}</span>
          <span aria-hidden="true"> · </span>
          <span>
            {item.platforms === null
              ? 'Platforms unknown'
              : item.platforms.map((p) => PLATFORM_LABELS[p]).join(', ') || 'No platform listed'}
          </span>
        </p>
        <ul className="fit-rows" aria-label="How well it fits each player">
          {item.members.map((member, i) => (
            <MemberFitRow
              key={i}
              name={memberNames[i] ?? `Player ${i + 1}`}
              fit={member.fit}
              owns={member.owns}
              playtimeMinutes={member.playtimeMinutes}
            />
          ))}
        </ul>
        {item.reasons.length > 0 && (
          <ul className="reasons" aria-label="Why this game">
            {shownReasons(item.reasons).map((reason, i) => (
              <li key={i} className={`reason reason-${reason.kind}`}>
                {reason.text}
              </li>
            ))}
          </ul>
        )}
        <footer className="card-foot">
          <a className="store-link" href={item.storeUrl} target="_blank" rel="noopener noreferrer">
            Steam store page<span className="sr-only"> for {item.name} (opens in a new tab)</span>
          </a>
          <FeedbackBar
            appid={item.appid}
            name={item.name}
            members={members}
            modelVersion={modelVersion}
            recorded={recorded}
            onRecordedChange={onRecordedChange}
          />
        </footer>
      </div>
    </article>
  );
}
