import { useState } from 'react';
import { avatarHue, avatarLabel } from './avatar-label.ts';

/** A member's Steam avatar, or a label in a colour of their own when there is none or it cannot load. */
export function MemberAvatar({ name, url, size = 40 }: { name: string; url: string | null; size?: number }) {
  const [failed, setFailed] = useState(false);
  if (url && !failed) {
    return (
      <img
        className="avatar"
        src={url}
        alt=""
        width={size}
        height={size}
        onError={() => setFailed(true)}
        referrerPolicy="no-referrer"
      />
    );
  }
  return (
    <span
      className="avatar avatar-initials"
      aria-hidden="true"
      style={{ width: size, height: size, ['--avatar-hue' as string]: avatarHue(name) }}
    >
      {avatarLabel(name)}
    </span>
  );
}
