import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../src/errors.ts';

/** The README's error table: rows of `| \`CODE\` | status | … |`. */
function documentedCodes(): Map<string, number> {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Errors'));
  const rows = new Map<string, number>();
  for (const match of section.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm))
    rows.set(match[1] as string, Number(match[2]));
  return rows;
}

describe('error catalogue', () => {
  it('is documented in the README with the same statuses, and the README lists no other code', () => {
    const documented = documentedCodes();
    const catalogue = new Map(Object.entries(ERROR_CATALOGUE).map(([code, { status }]) => [code, status]));
    expect(documented.size).toBeGreaterThan(10);
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(catalogue));
  });

  it('is used by the error handler for the codes it produces itself', () => {
    const handler = readFileSync(new URL('../src/server/error-handler.ts', import.meta.url), 'utf8');
    for (const code of handler.matchAll(/'([A-Z_]{5,})'/g))
      expect(Object.keys(ERROR_CATALOGUE)).toContain(code[1]);
  });
});
