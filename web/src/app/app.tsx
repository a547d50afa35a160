import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ApiError } from '../api/api-error.ts';
import type { FilterState } from '../controls/filter-state.ts';
import { FiltersPanel } from '../controls/filters-panel.tsx';
import { StrategyPicker } from '../controls/strategy-picker.tsx';
import type { Strategy } from '../controls/strategy-options.ts';
import { describeMemberProblem } from '../members/describe-member-problem.ts';
import { GroupBuilder } from '../members/group-builder.tsx';
import { memberInput } from '../members/group-member.ts';
import { useGroup } from '../members/use-group.ts';
import type { GroupQuery } from '../results/fetch-sections.ts';
import { ResultsPanel } from '../results/results-panel.tsx';
import { useRecommendations } from '../results/use-recommendations.ts';
import { readUrlState, writeUrlState } from '../url/url-state.ts';
import { groupReadiness } from './group-readiness.ts';
import { ShareLinkButton } from './share-link-button.tsx';

/** The page: build a group, choose how to pick, see and rate games. The whole state lives in the URL. */
export function App() {
  const [initial] = useState(() => readUrlState(window.location.search));
  const group = useGroup(initial.members);
  const [strategy, setStrategy] = useState<Strategy>(initial.strategy);
  const [filters, setFilters] = useState<FilterState>(initial.filters);

  const refs = group.members.map((m) => m.ref);
  const search = writeUrlState({ members: refs, strategy, filters });
  useEffect(() => {
    // replaceState, not pushState: every tick of a filter would otherwise become a Back step.
    const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
    if (url !== `${window.location.pathname}${window.location.search}`)
      window.history.replaceState(null, '', url);
  }, [search]);

  const readiness = groupReadiness(group.members);
  const inputsKey = JSON.stringify(refs);
  const query = useMemo<GroupQuery | null>(
    () =>
      readiness.ready
        ? { members: (JSON.parse(inputsKey) as typeof refs).map(memberInput), strategy, filters }
        : null,
    [readiness.ready, inputsKey, strategy, filters],
  );
  const { reportProblem } = group;
  const onMemberError = useCallback(
    (index: number, error: ApiError) => reportProblem(index, describeMemberProblem(error)),
    [reportProblem],
  );
  const { state, retry } = useRecommendations(query, onMemberError);

  return (
    <div className="app">
      <a className="skip-link" href="#results">
        Skip to results
      </a>
      <header className="site-head">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          <span className="brand-name">Coplay</span>
        </div>
        <p className="tagline">Which multiplayer game should the group play tonight?</p>
      </header>
      <main className="layout">
        <div className="side">
          <GroupBuilder group={group} />
          <section className="panel controls" aria-label="How to choose">
            <StrategyPicker value={strategy} onChange={setStrategy} />
            <FiltersPanel value={filters} onChange={setFilters} />
            <ShareLinkButton disabled={group.members.length === 0} />
          </section>
        </div>
        <div className="main" id="results" tabIndex={-1}>
          <ResultsPanel
            state={state}
            groupMessage={readiness.message}
            memberCount={group.members.length}
            filters={filters}
            onFiltersChange={setFilters}
            onRetry={retry}
          />
        </div>
      </main>
      <footer className="site-foot">
        <p>
          Coplay recommends from Steam playtime. Sample players come from the public Steam 200k dataset. API
          docs at <a href="/api/docs">/api/docs</a>.
        </p>
      </footer>
    </div>
  );
}
