import { formatHours } from '../format/format-hours.ts';

/** How well a game fits one member (a 0–1 bar), whether they own it, and how long they have played it. */
export function MemberFitRow({
  name,
  fit,
  owns,
  playtimeMinutes,
}: {
  name: string;
  fit: number;
  owns: boolean;
  playtimeMinutes: number | null;
}) {
  const percent = Math.round(Math.min(Math.max(fit, 0), 1) * 100);
  const played = playtimeMinutes !== null && playtimeMinutes > 0 ? formatHours(playtimeMinutes / 60) : null;
  const level = percent >= 67 ? 'high' : percent >= 34 ? 'mid' : 'low';
  return (
    <li className="fit-row" data-testid="fit-row" data-owns={owns ? 'true' : 'false'}>
      <span className="fit-name" title={name}>
        {name}
      </span>
      <span
        className={`fit-bar fit-${level}`}
        role="meter"
        aria-label={`Fit for ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% fit`}
      >
        <span className="fit-fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="fit-percent" aria-hidden="true">
        {percent}%
      </span>
      <span className={owns ? 'fit-owns owns' : 'fit-owns'}>
        {owns ? (played ? `Owns it · ${played}` : 'Owns it · not played') : 'Doesn’t own it'}
      </span>
    </li>
  );
}
