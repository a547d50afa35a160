import { useId } from 'react';
import { STRATEGY_OPTIONS, type Strategy } from './strategy-options.ts';

/** How the group's tastes are combined, in plain words with a one-line explanation each. */
export function StrategyPicker({ value, onChange }: { value: Strategy; onChange(strategy: Strategy): void }) {
  const name = useId();
  return (
    <fieldset className="strategy">
      <legend>How should we choose?</legend>
      <div className="strategy-options">
        {STRATEGY_OPTIONS.map((option) => {
          const id = `${name}-${option.id}`;
          return (
            <label key={option.id} className="strategy-option" htmlFor={id}>
              <input
                id={id}
                type="radio"
                name={name}
                value={option.id}
                checked={value === option.id}
                aria-labelledby={`${id}-label`}
                aria-describedby={`${id}-why`}
                onChange={() => onChange(option.id)}
              />
              <span className="strategy-label" id={`${id}-label`}>
                {option.label}
              </span>
              <span className="strategy-why" id={`${id}-why`}>
                {option.explanation}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
