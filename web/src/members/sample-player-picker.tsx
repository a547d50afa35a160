import { useId, useState } from 'react';
import { MIN_MEMBERS } from '../../../src/contract/recommendations.ts';
import type { SamplePlayer } from '../api/api-client.ts';
import { formatHours } from '../format/format-hours.ts';
import type { GroupController } from './use-group.ts';
import type { SamplePlayersState } from './use-sample-players.ts';

const FIRST_SHOWN = 6;

function pickRandom(players: SamplePlayer[], count: number): SamplePlayer[] {
  const pool = [...players];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as SamplePlayer, pool[i] as SamplePlayer];
  }
  return pool.slice(0, count);
}

/** Players from the bundled dataset with their top games: the way to try Coplay without a Steam key. */
export function SamplePlayerPicker({
  group,
  samples,
  onReload,
}: {
  group: GroupController;
  samples: SamplePlayersState;
  onReload(): void;
}) {
  const headingId = useId();
  const listId = useId();
  const [showAll, setShowAll] = useState(false);
  // A group that arrives complete (from a shared link) does not need the list in the way.
  const [open, setOpen] = useState(() => group.members.length < MIN_MEMBERS);
  const players = samples.status === 'ready' ? samples.players : [];
  const available = players.filter((p) => !group.has({ kind: 'sample', id: p.id }));
  const shown = showAll ? players : players.slice(0, FIRST_SHOWN);

  return (
    <section className="samples" aria-labelledby={headingId}>
      <div className="samples-head">
        <div>
          <h3 id={headingId}>Sample players</h3>
          <p className="hint">Real libraries from a public Steam dataset: no Steam account needed.</p>
        </div>
        <button
          type="button"
          className="btn"
          disabled={available.length === 0 || group.full}
          onClick={() => {
            const wanted = Math.max(MIN_MEMBERS + 1 - group.members.length, 1);
            for (const player of pickRandom(available, wanted)) group.addSample(player);
          }}
        >
          Surprise me
        </button>
      </div>
      <button
        type="button"
        className="btn btn-link samples-toggle"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((v) => !v)}
      >
        {open ? 'Hide the list' : 'Choose sample players'}
      </button>
      <div id={listId} hidden={!open} className="samples-body">
        {samples.status === 'loading' && (
          <ul className="sample-list" aria-busy="true" aria-label="Loading sample players">
            {Array.from({ length: FIRST_SHOWN }, (_, i) => (
              <li key={i} className="sample skeleton-block" />
            ))}
          </ul>
        )}
        {samples.status === 'error' && (
          <div className="notice error" role="alert">
            <p>Could not load sample players: {samples.message}</p>
            <button type="button" className="btn" onClick={onReload}>
              Try again
            </button>
          </div>
        )}
        {samples.status === 'ready' && (
          <>
            {players.length === 0 && <p>No sample players: import the bundled data with “coplay import”.</p>}
            <ul className="sample-list">
              {shown.map((player) => {
                const inGroup = group.has({ kind: 'sample', id: player.id });
                return (
                  <li key={player.id} className="sample" data-testid="sample-player">
                    <div className="sample-text">
                      <span className="sample-name">Player {player.id}</span>
                      <span className="sample-meta">{player.gameCount} games</span>
                      <span className="sample-top">
                        {player.topGames.map((g) => `${g.name} · ${formatHours(g.hours)}`).join(' / ')}
                      </span>
                    </div>
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={inGroup ? `Player ${player.id} is in the group` : `Add Player ${player.id}`}
                      disabled={inGroup || group.full}
                      onClick={() => group.addSample(player)}
                    >
                      {inGroup ? 'Added' : 'Add'}
                    </button>
                  </li>
                );
              })}
            </ul>
            {players.length > FIRST_SHOWN && (
              <button
                type="button"
                className="btn btn-link"
                onClick={() => setShowAll((v) => !v)}
                aria-expanded={showAll}
              >
                {showAll ? 'Show fewer' : `Show all ${players.length}`}
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
