import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { JAN5, seriesId } from './helpers.js';

describe('sharding', () => {
  it('shards are disjoint and their union equals the unsharded output, values included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 5000 }), (seed, count, q) => {
        const t = JAN5 + q * 60_000;
        const whole = createSimulator({ seed }).samples(t);
        const seen = new Map<string, number>();
        for (let index = 0; index < count; index++) {
          for (const s of createSimulator({ seed, shard: { index, count } }).samples(t)) {
            const id = seriesId(s);
            expect(seen.has(id)).toBe(false);
            seen.set(id, s.value);
          }
        }
        expect(seen.size).toBe(whole.length);
        for (const s of whole) expect(seen.get(seriesId(s))).toBe(s.value);
      }),
      { numRuns: 12 },
    );
  });

  it('a shard snapshot holds exactly the entities of that shard, with the unsharded values', () => {
    const whole = createSimulator({ seed: 3 }).snapshot(JAN5 + 3600_000);
    const parts = [0, 1, 2].map((index) => createSimulator({ seed: 3, shard: { index, count: 3 } }).snapshot(JAN5 + 3600_000));
    expect(parts.flatMap((p) => p.lpars.map((l) => l.name)).sort()).toEqual(whole.lpars.map((l) => l.name).sort());
    expect(parts.flatMap((p) => p.volumes).length).toBe(whole.volumes.length);
    expect(parts.filter((p) => p.cpc !== null)).toHaveLength(1);
    for (const p of parts) for (const l of p.lpars) expect(l).toEqual(whole.lpars.find((w) => w.name === l.name));
  });

  it('up to four shards share the series evenly enough: each holds between half and one and a half of its fair share', () => {
    const total = createSimulator({ seed: 3 }).series.length;
    for (const count of [2, 3, 4]) {
      const sizes = Array.from({ length: count }, (_, index) => createSimulator({ seed: 3, shard: { index, count } }).series.length);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
      for (const n of sizes) {
        expect(n, `${count} shards: ${sizes.join(', ')}`).toBeGreaterThanOrEqual((0.5 * total) / count);
        expect(n, `${count} shards: ${sizes.join(', ')}`).toBeLessThanOrEqual((1.5 * total) / count);
      }
    }
  });
});
