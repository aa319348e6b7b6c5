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

  it('shards are dealt by series weight: within 20 % of the fair share for up to seven shards of the default topology, and never more than the largest entity above it', () => {
    const whole = createSimulator({ seed: 3 });
    const total = whole.series.length;
    const perEntity = new Map<string, number>();
    for (const s of whole.series) perEntity.set(s.owner, (perEntity.get(s.owner) ?? 0) + 1);
    const largest = Math.max(...perEntity.values());
    for (let count = 2; count <= 8; count++) {
      const sizes = Array.from({ length: count }, (_, index) => createSimulator({ seed: 3, shard: { index, count } }).series.length);
      const fair = total / count;
      const what = `${count} shards: ${sizes.join(', ')} (fair share ${fair.toFixed(0)}, largest entity ${largest})`;
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
      // an entity is never split: with more shards than the largest entity allows (8 here), it bounds the largest shard
      if (largest <= 1.2 * fair) {
        for (const n of sizes) expect(Math.abs(n - fair), what).toBeLessThanOrEqual(0.2 * fair);
      } else expect(Math.max(...sizes), what).toBe(largest);
    }
  });

  it('the deal is the same in every process and for every seed (it depends on the topology alone)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 8 }), (seed, count) => {
        const owners = (s: number) => Array.from({ length: count }, (_, index) => [...new Set(createSimulator({ seed: s, shard: { index, count } }).series.map((x) => x.owner))]);
        expect(owners(seed)).toEqual(owners(seed + 1));
      }),
      { numRuns: 5 },
    );
  });
});
