/**
 * The title normalisation the bundled steam-200k → appid table was built with: steam-200k titles have most
 * punctuation stripped ("The Elder Scrolls V Skyrim"), store names keep it ("The Elder Scrolls V: Skyrim").
 */

/** Strips ™ ® ©, applies NFKC, lowercases, turns every run of non-letters/digits into one space, trims. */
export function normaliseTitle(title: string): string {
  return title
    .replace(/[™®©]/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
