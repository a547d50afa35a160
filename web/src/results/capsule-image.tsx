import { useState } from 'react';

/**
 * Steam's capsule image in a box of fixed aspect ratio (231×87), so nothing moves when it loads or fails;
 * the box's own gradient and the game's initials are the placeholder until then, and for good on error.
 */
export function CapsuleImage({ url, name }: { url: string; name: string }) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  const initials = name
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return (
    <div className={`capsule capsule-${state}`} data-testid="capsule">
      {state !== 'loaded' && (
        <span className="capsule-placeholder" aria-hidden="true">
          {initials || '🎮'}
        </span>
      )}
      {state !== 'failed' && (
        <img
          src={url}
          alt=""
          width={231}
          height={87}
          loading="lazy"
          decoding="async"
          referrerPolicy="no-referrer"
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
        />
      )}
    </div>
  );
}
