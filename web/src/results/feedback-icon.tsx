/** The feedback buttons' icons as inline SVG: emoji fonts are missing on many Linux desktops. */
export function FeedbackIcon({ kind }: { kind: 'liked' | 'dismissed' | 'played_together' }) {
  const common = {
    width: 16,
    height: 16,
    viewBox: '0 0 24 24',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 2,
    strokeLinecap: 'round' as const,
    strokeLinejoin: 'round' as const,
    'aria-hidden': true,
    focusable: false,
  };
  if (kind === 'played_together') {
    return (
      <svg {...common}>
        <rect x="2" y="7" width="20" height="11" rx="5.5" />
        <path d="M7 10.5v4M5 12.5h4" />
        <circle cx="16" cy="11.5" r="0.6" fill="currentColor" />
        <circle cx="18" cy="13.5" r="0.6" fill="currentColor" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <g transform={kind === 'dismissed' ? 'rotate(180 12 12)' : undefined}>
        <path d="M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3Z" />
        <path d="M7 10l4-7a2 2 0 0 1 3 1.7L13.5 9H19a2 2 0 0 1 2 2.3l-1.3 8A2 2 0 0 1 17.7 21H7" />
      </g>
    </svg>
  );
}
