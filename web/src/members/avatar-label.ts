/**
 * What an avatar without a picture shows. Initials, except for a numbered name, which shows the number's last
 * two digits: sample players are all "Player N", and "P" for each of them would tell none apart.
 */
export function avatarLabel(name: string): string {
  const words = name.split(/[\s_-]+/).filter(Boolean);
  const last = words.at(-1);
  if (words.length > 1 && last !== undefined && /^\d+$/.test(last)) return last.slice(-2);
  // By code point, so a name that starts with an emoji shows the emoji, not half of it.
  return (
    words
      .slice(0, 2)
      .map((word) => [...word][0]?.toUpperCase())
      .join('') || '?'
  );
}

/** A hue (0–359) taken from the name, so members' placeholder avatars differ in colour as well. */
export function avatarHue(name: string): number {
  let hue = 0;
  for (const char of name) hue = (hue * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hue;
}
