// The exact bytes of `rmf-sim generate` at fixed seeds. Written before the fast writer replaced the per-sample
// formatter, so that it provably writes what the old one wrote. The model's output is part of them: when core's
// MODEL_VERSION changes, renew deliberately with UPDATE_GOLDEN=1 npx vitest run packages/server/test/generate-golden.test.ts
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_VERSION } from '@rmf-sim/core';
import { run } from './helpers.js';
import { useSourceWorker } from './generate-worker-build.js';

const FILE = new URL('./golden/generate.json', import.meta.url);

const CASES: Record<string, string[]> = {
  'ndjson seed 42, ten minutes': ['--seed', '42', '--from', '2026-01-05T08:00:00Z', '--to', '2026-01-05T08:10:00Z'],
  'csv seed 42, ten minutes': ['--seed', '42', '--from', '2026-01-05T08:00:00Z', '--to', '2026-01-05T08:10:00Z', '--format', 'csv'],
  'ndjson string seed, 60 s intervals, unaligned from': ['--seed', 'plex-a', '--interval', '60', '--from', '2026-03-31T23:40:07Z', '--to', '2026-04-01T00:10:00Z'],
  'csv seed 7, month-end night': ['--seed', '7', '--from', '2026-01-31T23:58:00Z', '--to', '2026-02-01T00:01:30Z', '-f', 'csv'],
};

interface Golden {
  lines: number;
  sha256: string;
  head: string[];
}

describe('generate: golden bytes at fixed seeds', async () => {
  const now: Record<string, Golden | number> = { modelVersion: MODEL_VERSION };
  // the same cases rendered by three worker threads, joined in order (generate --workers 3)
  const parallel: Record<string, string> = {};
  await useSourceWorker();
  for (const [name, args] of Object.entries(CASES)) {
    const r = await run(['generate', ...args, '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    const all = r.stdout.split('\n');
    now[name] = { lines: all.length - 1, sha256: createHash('sha256').update(r.stdout).digest('hex'), head: all.slice(0, 3) };
    const p = await run(['generate', ...args, '--workers', '3']);
    expect(p.code, p.stderr).toBe(0);
    parallel[name] = createHash('sha256').update(p.stdout).digest('hex');
  }
  if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(FILE) && !process.env.CI)) writeFileSync(FILE, `${JSON.stringify(now, null, 1)}\n`);
  const golden = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, Golden | number>;

  it('was recorded with the model version of core', () => {
    expect(golden.modelVersion, 'core changed its model: renew with UPDATE_GOLDEN=1').toBe(MODEL_VERSION);
  });
  for (const name of Object.keys(CASES)) {
    it(name, () => {
      const g = golden[name] as Golden;
      const n = now[name] as Golden;
      expect(n.head).toEqual(g.head);
      expect(n.lines).toBe(g.lines);
      expect(n.sha256).toBe(g.sha256);
    });
    it(`${name}, with --workers 3`, () => {
      expect(parallel[name]).toBe((golden[name] as Golden).sha256);
    });
  }
});
