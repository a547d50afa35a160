import { useEffect, useId, useState } from 'react';
import {
  MODE_CHOICES,
  OWNERSHIP_CHOICES,
  PLATFORM_CHOICES,
  type FilterState,
  type ModeChoice,
  type PlatformId,
} from './filter-state.ts';

function toggled<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** How many of the filters under "More filters" differ from the defaults. */
function refinementCount(filters: FilterState): number {
  return [
    filters.modes.length > 0,
    !filters.fitsGroupSize,
    filters.platforms.length > 0,
    filters.maxPrice !== null,
    filters.freeOnly,
    !filters.hideAdultContent,
  ].filter(Boolean).length;
}

const MAX_PRICE = 1000;

/** The limit typed: null for none (an empty box), undefined when the text is not a price from £0 to £1,000. */
function parsePrice(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const price = Number(text);
  return Number.isFinite(price) && price >= 0 && price <= MAX_PRICE ? price : undefined;
}

/** The filters: modes, group size, platforms, price, ownership and content; every change goes to onChange. */
export function FiltersPanel({
  value,
  onChange,
}: {
  value: FilterState;
  onChange(filters: FilterState): void;
}) {
  const id = useId();
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const refinements = refinementCount(value);
  // Open on wide screens and whenever a filter is on; on phones the closed list keeps results within reach.
  const [open, setOpen] = useState(
    () =>
      refinements > 0 ||
      typeof window.matchMedia !== 'function' ||
      window.matchMedia('(min-width: 1024px)').matches,
  );
  // The field keeps what is typed ("7." on the way to "7.5"); the filter gets the number.
  // Text that is not a price is shown as wrong and not applied: clamping it would filter by a price the box
  // does not show (-5 filtering for free games).
  const [priceText, setPriceText] = useState(value.maxPrice === null ? '' : String(value.maxPrice));
  const [priceUnreadable, setPriceUnreadable] = useState(false);
  const priceInvalid = priceUnreadable || parsePrice(priceText) === undefined;
  useEffect(() => {
    // Typed here, or changed from outside (a relax suggestion, replacing any wrong text): it is readable.
    setPriceUnreadable(false);
    setPriceText((text) =>
      parsePrice(text) === value.maxPrice ? text : value.maxPrice === null ? '' : String(value.maxPrice),
    );
  }, [value.maxPrice]);
  return (
    <div className="filters">
      <fieldset className="ownership">
        <legend>Which games?</legend>
        <div className="segmented" role="presentation">
          {OWNERSHIP_CHOICES.map((choice) => (
            <label key={choice.id} className="segment">
              <input
                type="radio"
                name={`${id}-ownership`}
                value={choice.id}
                checked={value.ownership === choice.id}
                onChange={() => set({ ownership: choice.id })}
              />
              <span>
                <strong>{choice.label}</strong>
                <small>{choice.hint}</small>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <details className="more-filters" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>More filters{refinements > 0 ? ` · ${refinements} on` : ''}</summary>
        <div className="more-filters-body">
          <fieldset>
            <legend>How you play together</legend>
            <div className="chips">
              {MODE_CHOICES.map((choice) => (
                <label key={choice.id} className="chip">
                  <input
                    type="checkbox"
                    checked={value.modes.includes(choice.id)}
                    onChange={() => set({ modes: toggled<ModeChoice>(value.modes, choice.id) })}
                  />
                  <span>{choice.label}</span>
                </label>
              ))}
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={value.fitsGroupSize}
                onChange={(event) => set({ fitsGroupSize: event.target.checked })}
              />
              <span>Fits our group size</span>
            </label>
          </fieldset>

          <fieldset>
            <legend>Platforms everyone can use</legend>
            <div className="chips">
              {PLATFORM_CHOICES.map((choice) => (
                <label key={choice.id} className="chip">
                  <input
                    type="checkbox"
                    checked={value.platforms.includes(choice.id)}
                    onChange={() => set({ platforms: toggled<PlatformId>(value.platforms, choice.id) })}
                  />
                  <span>{choice.label}</span>
                </label>
              ))}
            </div>
          </fieldset>

          <fieldset>
            <legend>Price</legend>
            <div className="price-row">
              <label htmlFor={`${id}-price`}>Max price (£)</label>
              <input
                id={`${id}-price`}
                type="number"
                inputMode="decimal"
                min={0}
                max={1000}
                step={1}
                placeholder="No limit"
                disabled={value.freeOnly}
                value={priceText}
                aria-invalid={priceInvalid}
                aria-describedby={`${id}-price-message`}
                onChange={(event) => {
                  // A number box reads "" for text it cannot parse ("1e"): that is not "no limit".
                  const unreadable = event.target.validity.badInput;
                  setPriceText(event.target.value);
                  setPriceUnreadable(unreadable);
                  const maxPrice = unreadable ? undefined : parsePrice(event.target.value);
                  if (maxPrice !== undefined) set({ maxPrice });
                }}
              />
            </div>
            <p
              id={`${id}-price-message`}
              className={priceInvalid ? 'field-message error' : 'field-message'}
              aria-live="polite"
            >
              {priceInvalid &&
                `Enter a price from £0 to £${MAX_PRICE.toLocaleString('en-GB')}, or leave it empty for no limit.`}
            </p>
            <label className="check">
              <input
                type="checkbox"
                checked={value.freeOnly}
                onChange={(event) => set({ freeOnly: event.target.checked })}
              />
              <span>Free to play only</span>
            </label>
          </fieldset>

          <fieldset>
            <legend>Content</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={value.hideAdultContent}
                onChange={(event) => set({ hideAdultContent: event.target.checked })}
              />
              <span>Hide sexual content</span>
            </label>
          </fieldset>
        </div>
      </details>
    </div>
  );
}
