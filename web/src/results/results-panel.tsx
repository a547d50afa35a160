import { useId, useState, type KeyboardEvent } from 'react';
import type { FilterState } from '../controls/filter-state.ts';
import { STRATEGY_OPTIONS } from '../controls/strategy-options.ts';
import { CardSkeleton } from './card-skeleton.tsx';
import { EmptyResults } from './empty-results.tsx';
import { ErrorNotice } from './error-notice.tsx';
import type { RecommendationResult, ResultSection, SectionId } from './fetch-sections.ts';
import { GameCard } from './game-card.tsx';
import { useFeedbackMemory } from './use-feedback-memory.ts';
import type { RecommendationsState } from './use-recommendations.ts';

const SKELETON_CARDS = 6;

function ResultGrid({
  section,
  result,
  feedback,
}: {
  section: ResultSection;
  result: RecommendationResult;
  feedback: ReturnType<typeof useFeedbackMemory>;
}) {
  const names = result.members.map((m) => m.label);
  const members = result.query.members;
  // A new group gets new cards: a card's status line ("Recorded: …") is about the group it was shown to.
  const group = JSON.stringify(members);
  return (
    <div className="card-grid">
      {section.items.map((item) => (
        <GameCard
          key={`${group}#${item.appid}`}
          item={item}
          memberNames={names}
          members={members}
          modelVersion={result.model.version}
          recorded={feedback.recordedFor(members, item.appid)}
          onRecordedChange={feedback.updaterFor(members, item.appid)}
        />
      ))}
    </div>
  );
}

/** The results: a heading or tabs per section, cards, and the loading, empty, error and not-ready states. */
export function ResultsPanel({
  state,
  groupMessage,
  memberCount,
  filters,
  onFiltersChange,
  onRetry,
}: {
  state: RecommendationsState;
  /** Why there are no results yet (the group is not ready). */
  groupMessage: string;
  memberCount: number;
  filters: FilterState;
  onFiltersChange(filters: FilterState): void;
  onRetry(): void;
}) {
  const headingId = useId();
  const tabsId = useId();
  const [chosenTab, setChosenTab] = useState<SectionId | null>(null);
  const feedback = useFeedbackMemory();
  const result = state.status === 'ready' ? state.result : state.status === 'loading' ? state.previous : null;
  const sections = result?.sections ?? [];
  const total = sections.reduce((n, s) => n + s.items.length, 0);
  const firstWithItems = sections.find((s) => s.items.length > 0)?.id;
  const activeId =
    chosenTab && sections.some((s) => s.id === chosenTab) ? chosenTab : (firstWithItems ?? sections[0]?.id);
  const active = sections.find((s) => s.id === activeId);
  const phase =
    state.status === 'loading'
      ? 'loading'
      : state.status === 'ready'
        ? total === 0
          ? 'empty'
          : 'ready'
        : state.status;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    if (
      event.key !== 'ArrowRight' &&
      event.key !== 'ArrowLeft' &&
      event.key !== 'Home' &&
      event.key !== 'End'
    )
      return;
    event.preventDefault();
    const last = sections.length - 1;
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? last
          : (index + (event.key === 'ArrowRight' ? 1 : -1) + sections.length) % sections.length;
    const section = sections[next];
    if (!section) return;
    setChosenTab(section.id);
    document.getElementById(`${tabsId}-${section.id}-tab`)?.focus();
  };

  return (
    <section
      className="results"
      aria-labelledby={headingId}
      aria-busy={state.status === 'loading'}
      data-testid="results"
      data-state={phase}
      data-ownership={state.status === 'ready' ? state.result.query.filters.ownership : undefined}
      data-members={state.status === 'ready' ? state.result.query.members.length : undefined}
    >
      <div className="results-head">
        <h2 id={headingId}>Games for your group</h2>
        {/* Always rendered, so the line is there before results arrive and nothing below it moves. */}
        <p className="results-meta">
          {result && (
            <>
              {STRATEGY_OPTIONS.find((o) => o.id === result.query.strategy)?.label ?? result.query.strategy} ·
              model {result.model.algorithm} <span className="mono">{result.model.version}</span>
            </>
          )}
        </p>
      </div>

      {state.status === 'idle' && (
        <div className="results-placeholder" data-testid="results-placeholder">
          <p>{groupMessage}</p>
        </div>
      )}

      {state.status === 'error' && <ErrorNotice error={state.error} onRetry={onRetry} />}

      {/* An empty previous answer is not shown while the next loads: its "relax a filter" suggestions would be
          for filters that are no longer the ones asked about. */}
      {state.status === 'loading' && (!result || total === 0) && (
        <div className="results-body" aria-label="Loading recommendations">
          <div className="tabs" aria-hidden="true">
            <span className="tab skeleton-line tab-skeleton" />
            <span className="tab skeleton-line tab-skeleton" />
          </div>
          <div className="card-grid">
            {Array.from({ length: SKELETON_CARDS }, (_, i) => (
              <CardSkeleton key={i} memberCount={memberCount} />
            ))}
          </div>
        </div>
      )}

      {state.status === 'ready' && total === 0 && (
        <EmptyResults
          filters={filters}
          onFiltersChange={onFiltersChange}
          lead="No game passes all your filters for this group."
        />
      )}

      {result && total > 0 && active && (
        <div
          className={state.status === 'loading' ? 'results-body stale' : 'results-body'}
          // The old results answer the old query: feedback given on them now would go to the old group.
          inert={state.status === 'loading'}
        >
          {sections.length > 1 ? (
            <div className="tabs" role="tablist" aria-label="Result sections">
              {sections.map((section, index) => (
                <button
                  key={section.id}
                  id={`${tabsId}-${section.id}-tab`}
                  type="button"
                  role="tab"
                  className="tab"
                  aria-selected={section.id === activeId}
                  aria-controls={`${tabsId}-panel`}
                  tabIndex={section.id === activeId ? 0 : -1}
                  onClick={() => setChosenTab(section.id)}
                  onKeyDown={(event) => onTabKey(event, index)}
                >
                  {section.title} <span className="tab-count">{section.items.length}</span>
                </button>
              ))}
            </div>
          ) : (
            <h3 className="section-title">{active.title}</h3>
          )}
          <div
            id={`${tabsId}-panel`}
            role={sections.length > 1 ? 'tabpanel' : undefined}
            aria-labelledby={sections.length > 1 ? `${tabsId}-${active.id}-tab` : undefined}
            data-section={active.id}
          >
            {active.items.length === 0 ? (
              <EmptyResults
                // While loading this is the previous answer (shown dimmed and inert): said of its own filters.
                filters={state.status === 'loading' ? result.query.filters : filters}
                onFiltersChange={onFiltersChange}
                lead={
                  active.id === 'play-now'
                    ? 'No game that passes your filters is owned by everyone yet: see Worth buying.'
                    : 'Everything that passes your filters is already owned by everyone: see Play now.'
                }
              />
            ) : (
              result && <ResultGrid section={active} result={result} feedback={feedback} />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
