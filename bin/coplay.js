#!/usr/bin/env node
// The package's command. It runs the compiled server (dist/, from `npm run build:server`, which `npm start`
// and the image run) when that is at least as new as every TypeScript source, or when there are no sources
// (the image); else the sources through tsx's loader, so an edit is never shadowed by a stale build. The
// compiled form spares tsx's loader, ~40 MB in the main thread and again in every worker thread.
import { existsSync, readdirSync, statSync } from 'node:fs';

const src = new URL('../src/', import.meta.url);
const compiled = new URL('../dist/cli/main.js', import.meta.url);

/** The newest modification time of the .ts files under dir (a URL ending in /). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(new URL(`${entry.name}/`, dir)));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json'))
      newest = Math.max(newest, statSync(new URL(entry.name, dir)).mtimeMs);
  }
  return newest;
}

const haveSources = existsSync(src);
if (existsSync(compiled) && (!haveSources || statSync(compiled).mtimeMs >= newestSource(src))) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
