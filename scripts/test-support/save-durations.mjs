#!/usr/bin/env node
// Writes scripts/test-support/durations.json from vitest's cache of the last full run (node_modules/.vite): how long
// each test file took, in ms. The sequencer (sequencer.ts) plans a fresh clone's first run with it, where vitest has
// no cache yet. Run after a full `npx vitest run` on a quiet machine: `node scripts/test-support/save-durations.mjs`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const cacheRoot = new URL('../../node_modules/.vite/vitest/', import.meta.url).pathname;
const out = new URL('./durations.json', import.meta.url).pathname;
const files = readdirSync(cacheRoot)
  .map((d) => join(cacheRoot, d, 'results.json'))
  .filter((f) => { try { return statSync(f).isFile(); } catch { return false; } })
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
if (files.length === 0) {
  console.error(`save-durations: no vitest cache under ${cacheRoot}; run the suite first`);
  process.exit(1);
}
const { results } = JSON.parse(readFileSync(files[0], 'utf8'));
const durations = Object.fromEntries(
  results
    .map(([key, r]) => [key.replace(/^[^:]*:/, ''), Math.round((r.duration ?? 0) / 100) * 100])
    .filter(([, ms]) => ms > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1)),
);
writeFileSync(out, `${JSON.stringify(durations, null, 2)}\n`);
console.log(`save-durations: ${Object.keys(durations).length} files into ${out}`);
