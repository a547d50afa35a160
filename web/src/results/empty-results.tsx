import type { FilterState } from '../controls/filter-state.ts';
import { relaxSuggestions } from './relax-suggestions.ts';

/** No game passed the filters: say so and offer the filters to relax, one click each. */
export function EmptyResults({
  filters,
  onFiltersChange,
  lead,
}: {
  filters: FilterState;
  onFiltersChange(filters: FilterState): void;
  /** What is empty, e.g. "No game passes your filters." */
  lead: string;
}) {
  const suggestions = relaxSuggestions(filters);
  return (
    <div className="empty-results" data-testid="empty-results">
      <p className="empty-lead">{lead}</p>
      {suggestions.length > 0 ? (
        <>
          <p>Try relaxing a filter:</p>
          <ul className="relax-list">
            {suggestions.map((s) => (
              <li key={s.label}>
                <button type="button" className="btn" onClick={() => onFiltersChange(s.relax(filters))}>
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Try another way of choosing, or add players who own more multiplayer games.</p>
      )}
    </div>
  );
}
