import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types (it is also run by hand: node packages/core/scripts/realism.mjs)
import { midnightSteps, realismStats, writePendingFill } from '../scripts/realism.mjs';

type Row = { metric: string; p5: number; median: number; p95: number; max: number };

// The practitioners' bands of DOMAIN.md §4–5, as a regression guard on the calibration (docs/realism.md).
describe('realistic ranges of the default topology over a week', () => {
  const r = realismStats(42, { from: Date.parse('2026-02-02T00:00:00Z'), days: 7, stepMinutes: 30 }) as {
    rows: Row[];
    cpu: Record<string, { mean: number; p95: number; max: number }>;
    volumesUnder50: number;
    planner: {
      saturatedIntervals: number;
      impliedOverRan: { median: number; max: number } | null;
      hottestVolume: { share: number; distinct: number };
      idleVolumeIntervals: number;
      responseSpreadP95OverP5: { median: number };
      spillOnsetZiipPercent: number;
      pageInZeroShare: number;
      cfAsyncShare: { p5: number; p95: number };
    };
  };
  const row = (m: string) => r.rows.find((x) => x.metric === m)!;
  it.each([
    ['capture ratio %', 85, 96],
    ['DASD response ms', 0.08, 0.6],
    ['PEND ms', 0.02, 0.1],
    ['CF sync service µs', 5, 30],
    // internal (ICP) and short ICA SR links: a real DDS's CFSYS shows 17–45 µs (dds-samples), DOMAIN's 50–500 is for longer links
    ['CF async service µs', 15, 500],
    ['CLPR read hit %', 80, 99],
    ['CLPR write pending %', 0, 30],
    ['MP blade busy %', 0, 50],
    ['CF busy %', 0, 50],
    ['channel path busy %', 0, 50],
  ] as const)('%s stays within %d–%d (p5…p95)', (metric, lo, hi) => {
    expect(row(metric).p5).toBeGreaterThanOrEqual(lo);
    expect(row(metric).p95).toBeLessThanOrEqual(hi);
  });
  it('CPU, zIIP, paging, WLM and volume rates behave like a healthy shop', () => {
    expect(r.cpu.PROD01!.mean).toBeGreaterThan(35);
    expect(r.cpu.PROD01!.p95).toBeGreaterThan(70);
    expect(r.cpu.BATCH01!.max).toBeGreaterThan(90); // batch-heavy systems run near 100 %
    expect(row('zIIP busy %').median).toBeGreaterThan(10);
    expect(row('zIIP busy %').p95).toBeLessThan(80);
    expect(row('page-in rate /s').p95).toBeLessThan(10);
    expect(row('PI, importance 1-2').median).toBeGreaterThan(0.4);
    expect(row('PI, importance 1-2').p95).toBeLessThan(1.2);
    expect(r.volumesUnder50).toBeGreaterThan(0.5); // most volumes under 50 I/O/s …
    expect(row('volume I/O rate /s').max).toBeGreaterThan(500); // … and hot ones in the hundreds to thousands
  });
  it('passes the capacity planner’s checks: demand meets capacity, skew lives, volumes idle, noise where it belongs', () => {
    const p = r.planner;
    // a month-end night, when BATCH01's demand exceeds its GPs: ended work never exceeds the CPU that ran
    const monthEnd = realismStats(42, { from: Date.parse('2026-02-26T20:00:00Z'), days: 0.5, stepMinutes: 15 }) as typeof r;
    expect(monthEnd.planner.saturatedIntervals).toBeGreaterThan(5);
    expect(monthEnd.planner.impliedOverRan!.max).toBeCloseTo(1, 6);
    expect(p.hottestVolume.share).toBeLessThan(0.6); // no volume is the hottest all the time …
    expect(p.hottestVolume.distinct).toBeGreaterThan(5);
    expect(p.idleVolumeIntervals).toBeGreaterThan(0.05); // … and some have nothing to do
    expect(p.responseSpreadP95OverP5.median).toBeGreaterThan(1.15); // response times vary over the week
    expect(p.pageInZeroShare).toBeGreaterThan(0.5); // paging is zero-inflated
    expect(p.cfAsyncShare.p95 - p.cfAsyncShare.p5).toBeGreaterThan(0.04);
    expect(p.spillOnsetZiipPercent).toBeGreaterThan(35);
  });
  it('has no steps at midnight and fills write pending at a physical rate', () => {
    const m = midnightSteps(42, { from: Date.parse('2026-02-02T00:00:00Z'), days: 7 }) as { overP999: number };
    expect(m.overP999).toBeLessThan(0.1);
    const w = writePendingFill(42) as { minutesTo30: number; minutesTo50: number; after3h: number; drainMinutes: number };
    expect(w.minutesTo30).toBeGreaterThan(10);
    expect(w.minutesTo50).toBeGreaterThan(w.minutesTo30);
    expect(w.after3h).toBeGreaterThan(60);
    expect(w.after3h).toBeLessThan(76);
    // drains in minutes once destage is back, not at once and not for hours
    expect(w.drainMinutes).toBeGreaterThan(0);
    expect(w.drainMinutes).toBeLessThan(60);
  });
});
