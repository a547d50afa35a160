/** A grey stand-in with a card's shape, so the grid keeps its size while results load. */
export function CardSkeleton({ memberCount }: { memberCount: number }) {
  return (
    <div className="card skeleton" aria-hidden="true" data-testid="card-skeleton">
      <div className="capsule skeleton-block" />
      <div className="card-body">
        <div className="skeleton-line wide" />
        <div className="skeleton-line" />
        <ul className="fit-rows">
          {Array.from({ length: Math.max(memberCount, 2) }, (_, i) => (
            <li key={i} className="skeleton-line fit-skeleton" />
          ))}
        </ul>
        <div className="skeleton-line" />
        <div className="skeleton-line short" />
      </div>
    </div>
  );
}
