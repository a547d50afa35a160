import { useEffect, useState } from 'react';

/** Copies the page's URL (which holds the group and filters) so the group can be shared. */
export function ShareLinkButton({ disabled }: { disabled: boolean }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 2500);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <span className="share">
      <button
        type="button"
        className="btn"
        disabled={disabled}
        onClick={() => {
          // The clipboard API exists only in secure contexts (https or localhost).
          if (!navigator.clipboard) {
            setStatus('failed');
            return;
          }
          navigator.clipboard.writeText(window.location.href).then(
            () => setStatus('copied'),
            () => setStatus('failed'),
          );
        }}
      >
        Copy link to this group
      </button>
      <span className="share-status" aria-live="polite">
        {status === 'copied' ? 'Link copied' : status === 'failed' ? 'Copy the address bar to share' : ''}
      </span>
    </span>
  );
}
