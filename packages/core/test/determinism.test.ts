import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { DAY, JAN5 } from './helpers.js';

const instant = fc.integer({ min: 0, max: 400 * 96 }).map((q) => JAN5 - 30 * DAY + q * 900_000 + 15_000 * (q % 7));

describe('determinism and random access in time', () => {
  it('gives byte-identical samples for the same seed in any call order, on any instance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), instant, fc.array(instant, { maxLength: 4 }), (seed, t, others) => {
        const a = createSimulator({ seed });
        const b = createSimulator({ seed });
        for (const o of others) b.samples(o); // b has seen other instants first
        const first = JSON.stringify(a.samples(t));
        for (const o of others) a.samples(o);
        expect(JSON.stringify(b.samples(t))).toBe(first);
        expect(JSON.stringify(a.samples(t))).toBe(first); // asking again changes nothing
      }),
      { numRuns: 25 },
    );
  });

  it('snapshot(t) does not depend on earlier calls either', () => {
    const a = createSimulator({ seed: 'abc' });
    const b = createSimulator({ seed: 'abc' });
    b.snapshot(JAN5 + 3 * DAY);
    b.samples(JAN5 - 7 * DAY);
    expect(JSON.stringify(b.snapshot(JAN5 + 9 * 3600_000))).toBe(JSON.stringify(a.snapshot(JAN5 + 9 * 3600_000)));
  });

  it('different seeds give different data, and string and number seeds are distinct inputs', () => {
    const t = JAN5 + 10 * 3600_000;
    const v = (seed: number | string) => createSimulator({ seed }).samples(t).map((s) => s.value);
    expect(v(1)).not.toEqual(v(2));
    expect(v(7)).toEqual(v('7')); // documented: a seed is used through its string form
  });

  it('snaps t down to the interval grid: every instant inside an interval gives the same samples', () => {
    const sim = createSimulator({ seed: 5 });
    const end = JAN5 + 36 * 15_000;
    const ref = JSON.stringify(sim.samples(end));
    expect(JSON.stringify(sim.samples(end + 14_999))).toBe(ref);
    expect(JSON.stringify(sim.samples(new Date(end + 1)))).toBe(ref);
    expect(JSON.stringify(sim.samples(new Date(end).toISOString()))).toBe(ref);
    expect(JSON.stringify(sim.samples(end - 1))).not.toBe(ref);
    expect(sim.samples(end + 7000)[0]!.timestamp).toBe(end);
  });

  it('values vary in time with autocorrelation, not as independent draws', () => {
    const sim = createSimulator({ seed: 9 });
    const gp = (t: number) => sim.snapshot(t).lpars[0]!.cpu.generalPurposePercent;
    const steps: number[] = [];
    for (let i = 0; i < 40; i++) steps.push(Math.abs(gp(JAN5 + 9 * 3600_000 + (i + 1) * 15_000) - gp(JAN5 + 9 * 3600_000 + i * 15_000)));
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThan(3); // 15-second steps move a few tenths of a percent, not tens
  });
});
