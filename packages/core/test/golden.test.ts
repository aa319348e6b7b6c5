import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createSimulator, MODEL_VERSION } from '@rmf-sim/core';

// Golden outputs at fixed seeds. A change here is a change of the generation algorithm: bump MODEL_VERSION,
// add a changeset, and regenerate with UPDATE_GOLDEN=1 npx vitest run packages/core/test/golden.test.ts
const FILE = new URL('./golden/golden.json', import.meta.url);
const CASES = [
  { seed: 42, t: '2026-01-05T09:00:00Z' },
  { seed: 42, t: '2026-01-31T23:59:45Z' },
  { seed: 7, t: '2026-07-04T03:30:00Z' },
  { seed: 'fixture', t: '2025-12-24T14:15:00Z', shard: { index: 1, count: 3 } },
];

/** Digest of a whole simulated day at 15-minute steps: catches rare platform differences in any model state. */
function dayDigest(seed: number, day: string): string {
  const sim = createSimulator({ seed });
  const h = createHash('sha256');
  for (let q = 1; q <= 96; q++) h.update(JSON.stringify(sim.samples(Date.parse(day) + q * 900_000)));
  return h.digest('hex');
}

function render() {
  return {
    modelVersion: MODEL_VERSION,
    days: { seed42_2026_01_05: dayDigest(42, '2026-01-05T00:00:00Z'), seed99_2026_03_31: dayDigest(99, '2026-03-31T00:00:00Z') },
    cases: CASES.map((c) => {
      const sim = createSimulator({ seed: c.seed, ...(c.shard ? { shard: c.shard } : {}) });
      const samples = sim.samples(c.t);
      const json = JSON.stringify(samples);
      return {
        ...c,
        count: samples.length,
        sha256: createHash('sha256').update(json).digest('hex'),
        head: samples.slice(0, 12),
        prod01: sim.snapshot(c.t).lpars.find((l) => l.name === 'PROD01')?.cpu ?? null,
      };
    }),
  };
}

describe('golden outputs', () => {
  it('match the recorded samples byte for byte', () => {
    const now = render();
    if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(FILE) && !process.env.CI)) writeFileSync(FILE, `${JSON.stringify(now, null, 1)}\n`);
    const recorded = JSON.parse(readFileSync(FILE, 'utf8'));
    expect(now).toEqual(recorded);
  });
});
