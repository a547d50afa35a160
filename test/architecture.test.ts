import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Keeps the layering honest: every import in src/ is mapped to a layer and checked against the table
 * below (the same table as the README's). `core` must stay pure: no node:, no npm packages.
 */
const SRC = resolve(import.meta.dirname, '../src');

type Layer =
  | 'core'
  | 'model'
  | 'group'
  | 'catalog'
  | 'steam'
  | 'datasets'
  | 'store'
  | 'contract'
  | 'evaluation'
  | 'pipeline'
  | 'server'
  | 'cli'
  | 'errors'
  | 'config';

const ALLOWED: Record<Layer, Layer[]> = {
  core: [],
  catalog: ['errors'],
  model: ['core', 'errors'],
  group: ['model', 'core', 'catalog', 'errors'],
  steam: ['errors', 'contract'],
  datasets: ['catalog', 'errors'],
  store: ['catalog', 'errors'],
  contract: ['catalog'],
  evaluation: ['model', 'group', 'core', 'catalog', 'errors'],
  pipeline: [
    'evaluation',
    'store',
    'steam',
    'datasets',
    'catalog',
    'model',
    'group',
    'core',
    'errors',
    'config',
  ],
  server: [
    'evaluation',
    'store',
    'model',
    'group',
    'catalog',
    'steam',
    'contract',
    'errors',
    'config',
    'pipeline',
  ],
  cli: [
    'evaluation',
    'core',
    'model',
    'group',
    'catalog',
    'steam',
    'datasets',
    'store',
    'contract',
    'pipeline',
    'server',
    'errors',
    'config',
  ],
  errors: [],
  config: ['errors'],
};

/** npm packages a layer may use; anything else is an error. `*` = any. */
const ALLOWED_PACKAGES: Record<Layer, string[] | '*'> = {
  core: [],
  catalog: [],
  // worker_threads for parallel training, crypto for artifact checksums: still no file or network I/O.
  model: ['node:worker_threads', 'node:crypto', 'node:os', 'node:url'],
  group: [],
  evaluation: [],
  contract: ['zod'],
  errors: [],
  config: ['zod'],
  steam: ['undici', 'p-retry', 'p-limit', 'zod', 'node:'],
  datasets: ['csv-parse', 'node:'],
  store: ['kysely', 'better-sqlite3', 'pg', 'node:'],
  pipeline: '*',
  server: '*',
  cli: '*',
};

function layerOf(file: string): Layer {
  const rel = relative(SRC, file).split(sep);
  const head = rel[0] ?? '';
  if (rel.length === 1) return head.replace(/\.ts$/, '') as Layer;
  return head as Layer;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' ? [] : walk(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) found.push((match[1] ?? match[2]) as string);
  return found;
}

const files = walk(SRC);

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    const from = layerOf(file);
    it(`${relative(SRC, file)} imports only what ${from} may`, () => {
      expect(Object.keys(ALLOWED), `unknown layer ${from}`).toContain(from);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const to = layerOf(resolve(dirname(file), spec));
          if (to === from) continue;
          expect(ALLOWED[from], `${relative(SRC, file)} imports ${spec} (${to})`).toContain(to);
        } else {
          const allowed = ALLOWED_PACKAGES[from];
          if (allowed === '*') continue;
          const ok = allowed.some((p) =>
            p === 'node:' ? spec.startsWith('node:') : spec === p || spec.startsWith(`${p}/`),
          );
          expect(ok, `${relative(SRC, file)} imports package ${spec}`).toBe(true);
        }
      }
    });
  }
});
