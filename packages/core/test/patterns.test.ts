import { describe, expect, it } from 'vitest';
import { createSimulator, PatternEngine, simulatorOptionsSchema, type LoadContext } from '@rmf-sim/core';

const patterns = (p: object = {}) => simulatorOptionsSchema.parse({ seed: 1, patterns: { annualGrowthPercent: 0, ...p } }).patterns;
const prod = { name: 'PROD01', workload: 'online' as const, peakHours: [[8, 10], [14, 16]] as [number, number][] };
const batch = { name: 'BATCH01', workload: 'batch' as const, peakHours: [[22, 5]] as [number, number][] };
const at = (iso: string) => Date.parse(iso);

describe('workload pattern engine', () => {
  const e = new PatternEngine(patterns());
  it('online peaks in its windows and is quiet at night; batch the other way round', () => {
    expect(e.factor(at('2026-01-06T09:00:00Z'), prod)).toBeCloseTo(1, 5); // a Tuesday, in the peak window
    expect(e.factor(at('2026-01-07T03:00:00Z'), prod)).toBeLessThan(0.55); // a Wednesday night (Tuesday's business day)
    expect(e.factor(at('2026-01-07T02:00:00Z'), batch)).toBeCloseTo(1, 5); // Tuesday night's batch
    expect(e.factor(at('2026-01-06T12:00:00Z'), batch)).toBeLessThan(0.35);
  });
  it('applies weekend, Monday, month-end and holiday effects', () => {
    const tue = e.factor(at('2026-01-13T09:00:00Z'), prod);
    expect(e.factor(at('2026-01-17T09:00:00Z'), prod) / tue).toBeCloseTo(0.7, 5); // Saturday
    expect(e.factor(at('2026-01-12T09:00:00Z'), prod) / tue).toBeCloseTo(1.1, 5); // Monday
    expect(e.factor(at('2026-01-29T09:00:00Z'), prod) / tue).toBeCloseTo(1.12, 5); // Thursday, month end
    // a night's batch belongs to the business date it started on: Thursday the 29th's (month end), Tuesday the 13th's
    expect(e.factor(at('2026-01-30T02:00:00Z'), batch) / e.factor(at('2026-01-14T02:00:00Z'), batch)).toBeCloseTo(1.3, 5);
    expect(e.factor(at('2026-01-13T02:00:00Z'), batch) / e.factor(at('2026-01-14T02:00:00Z'), batch)).toBeCloseTo(1.1, 5); // Monday night
    const withHoliday = new PatternEngine(patterns({ holidays: ['2026-01-13'] }));
    expect(withHoliday.factor(at('2026-01-13T09:00:00Z'), prod) / tue).toBeCloseTo(0.7, 5);
  });
  it('shifts peaks with utcOffsetMinutes and takes custom profiles and effects', () => {
    const ny = new PatternEngine(patterns({ utcOffsetMinutes: -300 }));
    expect(ny.factor(at('2026-01-06T14:00:00Z'), prod)).toBeCloseTo(1, 5); // 09:00 local
    const flat = new PatternEngine(patterns({ profiles: { online: new Array(24).fill(0.5) } }));
    expect(flat.factor(at('2026-01-07T03:00:00Z'), prod)).toBeCloseTo(0.5, 5);
    const doubled = new PatternEngine(patterns({ effects: [(ctx: LoadContext) => (ctx.lpar.name === 'PROD01' ? 2 : 1)] }));
    expect(doubled.factor(at('2026-01-06T03:00:00Z'), prod) / e.factor(at('2026-01-06T03:00:00Z'), prod)).toBeCloseTo(2, 9);
  });
  it('calendar effects ramp with the business day instead of stepping at midnight', () => {
    const mixed = { name: 'TEST01', workload: 'mixed' as const, peakHours: [[9, 11], [15, 17]] as [number, number][] };
    const monthEnd = new PatternEngine(patterns({ monthEnd: { days: 3, factor: { online: 1.3, batch: 1.6, mixed: 1.4 } }, holidays: ['2026-02-04'] }));
    // a fortnight over weekends, a holiday and a month end, every 15 s: no change between intervals beyond 1 %
    for (const lp of [prod, batch, mixed]) {
      let worst = 0;
      for (let t = at('2026-01-24T00:00:00Z'); t < at('2026-02-07T00:00:00Z'); t += 15_000) {
        const a = monthEnd.factor(t, lp);
        const b = monthEnd.factor(t + 15_000, lp);
        worst = Math.max(worst, Math.abs(b / a - 1));
      }
      expect(worst, lp.name).toBeLessThan(0.01);
    }
    // midnight is nothing special: Sunday 23:59:45 and Monday 00:00:15 differ by the profile alone
    const sun = at('2026-01-11T23:59:45Z');
    expect(e.factor(sun + 30_000, mixed) / e.factor(sun, mixed)).toBeCloseTo(1, 2);
    // the Monday factor is in force once Monday's business day has begun, and only then
    const vsWednesday = (iso: string) => e.factor(at(iso), batch) / e.factor(at(iso).valueOf() + (at('2026-01-14T00:00:00Z') - at('2026-01-12T00:00:00Z')), batch);
    expect(vsWednesday('2026-01-12T12:00:00Z')).toBeCloseTo(0.85, 5); // Monday noon: still Sunday's batch day
    expect(vsWednesday('2026-01-12T20:00:00Z')).toBeCloseTo(1.1, 5); // Monday evening: Monday's
    expect(vsWednesday('2026-01-13T02:00:00Z')).toBeCloseTo(1.1, 5); // Monday night's batch, after midnight
  });
  it('compounds organic growth from 2026-01-01', () => {
    const g = new PatternEngine(patterns({ annualGrowthPercent: 10 }));
    expect(g.factor(at('2026-01-06T09:00:00Z'), prod)).toBeCloseTo(e.factor(at('2026-01-06T09:00:00Z'), prod), 2);
    // the same weekday and hour a year (52 weeks) later: about 10 % more
    expect(g.factor(at('2027-01-05T09:00:00Z'), prod) / g.factor(at('2026-01-06T09:00:00Z'), prod)).toBeCloseTo(1.1 ** (364 / 365.25), 4);
  });
  it('a broken custom effect is a typed error naming it', () => {
    const sim = createSimulator({ seed: 1, patterns: { effects: [() => Number.NaN] } });
    expect(() => sim.samples('2026-01-06T03:00:00Z')).toThrow(/patterns\.effects\[0\] returned NaN for PROD01/);
    // an effect's value is bounded (effects multiply: unbounded ones overflowed to Infinity)
    expect(() => createSimulator({ seed: 1, patterns: { effects: [() => 1e300] } }).samples('2026-01-06T03:00:00Z')).toThrow(/patterns\.effects\[0\] returned 1e\+300 for PROD01 .*a finite number from 0 to 100/);
    expect(() => createSimulator({ seed: 1, patterns: { effects: Array.from({ length: 17 }, () => () => 1) } })).toThrow(/patterns\.effects: Too big/);
  });
  it('an effect that throws is wrapped in a typed error naming the effect, the LPAR and the instant, with the cause', () => {
    const boom = new TypeError("Cannot read properties of undefined (reading 'x')");
    function seasonal(ctx: LoadContext): number {
      if (ctx.lpar.name === 'BATCH01') throw boom;
      return 1;
    }
    const sim = createSimulator({ seed: 1, patterns: { effects: [() => 1, seasonal] } });
    let e: { code?: string; message: string; cause?: unknown } | undefined;
    try {
      sim.samples('2026-01-06T03:00:00Z');
    } catch (error) {
      e = error as typeof e;
    }
    expect(e?.code).toBe('ERR_RMF_CONFIG');
    expect(e?.message).toBe("patterns.effects[1] (seasonal) threw for BATCH01 at 2026-01-06T02:59:52.500Z: TypeError: Cannot read properties of undefined (reading 'x')");
    expect(e?.cause).toBe(boom);
  });
  it('drives the simulated data: PROD01 is busier at 09:00 than at 03:00, BATCH01 the reverse', () => {
    const sim = createSimulator({ seed: 42 });
    const gp = (iso: string, lpar: string) => sim.snapshot(iso).lpars.find((l) => l.name === lpar)!.cpu.generalPurposePercent;
    expect(gp('2026-01-06T09:00:00Z', 'PROD01')).toBeGreaterThan(1.5 * gp('2026-01-06T03:00:00Z', 'PROD01'));
    expect(gp('2026-01-06T03:00:00Z', 'BATCH01')).toBeGreaterThan(2 * gp('2026-01-06T13:00:00Z', 'BATCH01'));
  });
});
