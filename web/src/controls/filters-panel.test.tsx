import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, toApiFilters, type FilterState } from './filter-state.ts';
import { FiltersPanel } from './filters-panel.tsx';
import { StrategyPicker } from './strategy-picker.tsx';
import type { Strategy } from './strategy-options.ts';

/** Renders the panel controlled by real state and exposes the latest filters. */
function renderFilters(initial: FilterState = DEFAULT_FILTERS) {
  const seen: { current: FilterState } = { current: initial };
  function Harness() {
    const [filters, setFilters] = useState(initial);
    seen.current = filters;
    return <FiltersPanel value={filters} onChange={setFilters} />;
  }
  render(<Harness />);
  return seen;
}

describe('FiltersPanel', () => {
  it('starts with sexual content hidden, the group-size check on and no ownership rule', () => {
    renderFilters();
    expect(screen.getByRole('checkbox', { name: 'Hide sexual content' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Fits our group size' })).toBeChecked();
    expect(screen.getByRole('radio', { name: /^Any/ })).toBeChecked();
    expect(toApiFilters(DEFAULT_FILTERS)).toEqual({ fitsGroupSize: true, hideAdultContent: true });
  });

  it('turns mode and platform choices into the API’s filters, PvP meaning online and local PvP', async () => {
    const user = userEvent.setup();
    const seen = renderFilters();
    await user.click(screen.getByRole('checkbox', { name: 'PvP' }));
    await user.click(screen.getByRole('checkbox', { name: 'Split screen' }));
    await user.click(screen.getByRole('checkbox', { name: 'Linux' }));
    await user.click(screen.getByRole('checkbox', { name: 'Fits our group size' }));
    expect(seen.current.modes).toEqual(['pvp', 'split_screen']);
    expect(toApiFilters(seen.current)).toEqual({
      modes: ['online_pvp', 'local_pvp', 'split_screen'],
      platforms: ['linux'],
      fitsGroupSize: false,
      hideAdultContent: true,
    });
    await user.click(screen.getByRole('checkbox', { name: 'PvP' }));
    expect(toApiFilters(seen.current).modes).toEqual(['split_screen']);
  });

  it('takes a max price as typed, and free-only disables it', async () => {
    const user = userEvent.setup();
    const seen = renderFilters();
    const price = screen.getByRole('spinbutton', { name: 'Max price (£)' });
    await user.type(price, '12.5');
    expect(seen.current.maxPrice).toBe(12.5);
    expect(price).toHaveValue(12.5);
    await user.clear(price);
    expect(seen.current.maxPrice).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: 'Free to play only' }));
    expect(price).toBeDisabled();
    expect(toApiFilters(seen.current)).toMatchObject({ freeOnly: true });
  });

  it('refuses a price below £0 or above £1,000, keeping the last valid one applied', async () => {
    const user = userEvent.setup();
    const seen = renderFilters();
    const price = screen.getByRole('spinbutton', { name: 'Max price (£)' });
    await user.type(price, '200');
    expect(seen.current.maxPrice).toBe(200);
    expect(price).toHaveAttribute('aria-invalid', 'false');

    await user.type(price, '0');
    expect(price).toHaveValue(2000);
    expect(price).toHaveAttribute('aria-invalid', 'true');
    expect(price).toHaveAccessibleDescription(/Enter a price from £0 to £1,000/);
    expect(seen.current.maxPrice).toBe(200);

    fireEvent.change(price, { target: { value: '-5' } });
    expect(price).toHaveValue(-5);
    expect(price).toHaveAttribute('aria-invalid', 'true');
    expect(seen.current.maxPrice).toBe(200);

    fireEvent.change(price, { target: { value: '15' } });
    expect(price).toHaveAttribute('aria-invalid', 'false');
    expect(price).not.toHaveAccessibleDescription(/Enter a price/);
    expect(seen.current.maxPrice).toBe(15);
  });

  it('chooses ownership with the keyboard', async () => {
    const user = userEvent.setup();
    const seen = renderFilters();
    await user.click(screen.getByRole('radio', { name: /^Play now/ }));
    expect(seen.current.ownership).toBe('all');
    await user.keyboard('{ArrowRight}');
    expect(seen.current.ownership).toBe('none');
    expect(screen.getByRole('radio', { name: /^Discover/ })).toHaveFocus();
  });
});

describe('StrategyPicker', () => {
  it('offers the strategies in plain words with an explanation each', async () => {
    const user = userEvent.setup();
    const chosen: Strategy[] = [];
    function Harness() {
      const [value, setValue] = useState<Strategy>('fair');
      return (
        <StrategyPicker
          value={value}
          onChange={(s) => {
            chosen.push(s);
            setValue(s);
          }}
        />
      );
    }
    render(<Harness />);
    expect(screen.getByRole('radio', { name: 'Everyone happy' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'No one left out' })).toHaveAccessibleDescription(
      /least keen player/,
    );
    await user.click(screen.getByRole('radio', { name: 'Crowd favourite' }));
    await user.click(screen.getByText('No one left out'));
    expect(chosen).toEqual(['average', 'least_misery']);
    expect(screen.getByRole('radio', { name: 'No one left out' })).toBeChecked();
  });
});
