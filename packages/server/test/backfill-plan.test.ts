import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchPlan } from '../src/backfill.js';

const MIN5 = 300_000;
describe('how a backfill batches', () => {
  it('without a windowed store: whole intervals of about 20,000 records, batching by time after a second', () => {
    expect(batchPlan({ series: 6153, intervalMs: 15_000, windowsMs: [undefined, undefined] })).toEqual({ batchSize: 6153 * 3, alignMs: 0, maxBatchDelayMs: 1000, maxQueuedBatches: 4 });
    expect(batchPlan({ series: 50_000, intervalMs: 15_000, windowsMs: [] }).batchSize).toBe(50_000);
    expect(batchPlan({ series: 10, intervalMs: 15_000, batchIntervals: 7, windowsMs: [] }).batchSize).toBe(70);
  });

  it('with an S3 store of 5-minute windows: one window per batch, cut at its boundaries', () => {
    expect(batchPlan({ series: 6153, intervalMs: 15_000, windowsMs: [undefined, MIN5] })).toEqual({ batchSize: 6153 * 20, alignMs: MIN5, maxBatchDelayMs: 60_000, maxQueuedBatches: 2 });
    // two windowed stores: their least common multiple; a window that is not a multiple of the interval is ignored
    expect(batchPlan({ series: 100, intervalMs: 15_000, windowsMs: [MIN5, 3 * 60_000] }).alignMs).toBe(15 * 60_000);
    expect(batchPlan({ series: 100, intervalMs: 60_000, windowsMs: [90_000] }).alignMs).toBe(0);
  });

  it('for any topology size and window, a batch is a whole divisor of the window, at most 500,000 records where it can be (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom(15_000, 30_000, 60_000), fc.constantFrom(60_000, MIN5, 15 * 60_000, 3_600_000), (series, intervalMs, windowMs) => {
        const p = batchPlan({ series, intervalMs, windowsMs: [windowMs] });
        // (a window of one interval: every batch of whole intervals writes each window once already)
        if (windowMs === intervalMs) {
          expect(p.alignMs).toBe(0);
          return;
        }
        const perBatch = p.batchSize / series;
        expect(Number.isInteger(perBatch)).toBe(true);
        expect(p.alignMs).toBe(windowMs);
        expect((windowMs / intervalMs) % perBatch).toBe(0);
        if (perBatch > 1) expect(p.batchSize).toBeLessThanOrEqual(500_000);
        // and the largest such: one interval more per batch would not divide the window or would be too big
        for (let k = perBatch + 1; k <= windowMs / intervalMs; k++) if ((windowMs / intervalMs) % k === 0) expect(series * k).toBeGreaterThan(500_000);
      }),
    );
  });
});
