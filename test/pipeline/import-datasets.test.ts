import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoplayError } from '../../src/errors.ts';
import {
  bundledDatasetPaths,
  importDatasets,
  type DatasetPaths,
} from '../../src/pipeline/import-datasets.ts';
import { collectingProgress } from '../../src/pipeline/progress-reporter.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestStore, TEST_DIALECTS } from '../store/test-stores.ts';

const BUNDLED = bundledDatasetPaths(join(import.meta.dirname, '../../data'));
let dir: string;

/** The first `n` data lines of a bundled file (plus its header for CSV), as a plain-text fixture. */
function head(path: string, n: number, header: boolean): string[] {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').split(/\r?\n/);
  return lines.slice(0, n + (header ? 1 : 0));
}

function write(name: string, lines: string[], gzip = false): string {
  const path = join(dir, name);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

let small: DatasetPaths;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coplay-import-'));
  small = {
    catalog: write('catalog.csv', head(BUNDLED.catalog, 200, true)),
    multiplayer: write('mp.jsonl', head(BUNDLED.multiplayer, 150, false)),
    interactions: write('inter.csv', head(BUNDLED.interactions, 400, true)),
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function counts(store: Store) {
  return {
    games: await store.games.count(),
    multiplayer: await store.games.countMultiplayer(),
    interactions: await store.interactions.countRows(),
    users: await store.interactions.countUsers(),
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: importDatasets`, () => {
    it('imports the bundled data with the documented counts, and a second import changes nothing', async () => {
      const store = await openTestStore(dialect);
      try {
        const first = await importDatasets(store, BUNDLED, collectingProgress());
        expect(first).toMatchObject({ games: 37_600, users: 9_915, interactions: 103_262, malformed: [] });
        expect(first.multiplayerGames).toBeGreaterThan(16_000);
        expect(first.unmatchedTitles).toBeGreaterThan(1_000);
        const l4d2 = await store.games.get(550);
        expect(l4d2?.name).toBe('Left 4 Dead 2');
        expect(l4d2?.multiplayer.modes).toContain('online_coop');
        expect(l4d2?.multiplayer.limits.online).toBe(4);
        const second = await importDatasets(store, BUNDLED, collectingProgress());
        expect(second).toEqual(first);
      } finally {
        await store.close();
      }
    }, 120_000);

    it('reports a malformed row with its file and line, skips it, and imports the rest', async () => {
      const store = await openTestStore(dialect);
      try {
        const lines = head(BUNDLED.catalog, 20, true);
        lines.splice(5, 0, '12345,Broken Game,not-a-date'); // wrong column count, at file line 6
        const catalog = write(`bad-catalog-${dialect}.csv`, lines);
        const progress = collectingProgress();
        const summary = await importDatasets(store, { ...small, catalog }, progress);
        expect(summary.malformed).toHaveLength(1);
        expect(summary.malformed[0]).toMatchObject({ file: catalog, line: 6 });
        expect(progress.lines.some((l) => l.startsWith(`${catalog}:6:`))).toBe(true);
        expect(await store.games.get(12345)).toBeUndefined();
        expect(summary.games).toBeGreaterThan(100);
      } finally {
        await store.close();
      }
    });

    it('leaves the database exactly as it was when an import fails', async () => {
      const store = await openTestStore(dialect);
      try {
        await importDatasets(store, small, collectingProgress());
        const before = await counts(store);
        // A gzip file cut in half: the reader fails partway, after the catalog was read.
        const whole = readFileSync(BUNDLED.interactions);
        const truncated = join(dir, `truncated-${dialect}.csv.gz`);
        writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
        await expect(
          importDatasets(store, { ...BUNDLED, interactions: truncated }, collectingProgress()),
        ).rejects.toThrow();
        expect(await counts(store)).toEqual(before);

        // Strict mode: one malformed row and nothing at all is written.
        const lines = head(BUNDLED.catalog, 30, true);
        lines.push('777777,Half a row');
        const catalog = write(`strict-${dialect}.csv`, lines);
        const error = await importDatasets(store, { ...BUNDLED, catalog }, collectingProgress(), {
          strict: true,
        }).catch((e) => e);
        expect(error).toBeInstanceOf(CoplayError);
        expect((error as CoplayError).code).toBe('DATASET_MALFORMED');
        expect((error as CoplayError).message).toContain(`${catalog}:32`);
        expect(await counts(store)).toEqual(before);
      } finally {
        await store.close();
      }
    });

    it('fails with DATASET_NOT_FOUND for a missing file and writes nothing', async () => {
      const store = await openTestStore(dialect);
      try {
        const error = await importDatasets(
          store,
          { ...small, multiplayer: join(dir, 'nope.jsonl') },
          collectingProgress(),
        ).catch((e) => e);
        expect((error as CoplayError).code).toBe('DATASET_NOT_FOUND');
        expect(await counts(store)).toEqual({ games: 0, multiplayer: 0, interactions: 0, users: 0 });
      } finally {
        await store.close();
      }
    });
  });
}
