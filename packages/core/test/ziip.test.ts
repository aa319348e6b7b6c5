import { describe, expect, it } from 'vitest';
import { createSimulator, defaultTopology } from '@rmf-sim/core';

const withZiips = (ziip: number, eligible = 45) => ({
  ...defaultTopology,
  cpc: { ...defaultTopology.cpc, ziip: Math.max(defaultTopology.cpc.ziip, ziip) },
  lpars: defaultTopology.lpars.map((l) => (l.name === 'PROD01' ? { ...l, ziip, ziipEligiblePercent: eligible, peakBusyPercent: 60 } : l)),
});
const t = '2026-01-06T09:00:00Z';
const prod01 = (ziip: number, eligible?: number) => createSimulator({ seed: 5, topology: withZiips(ziip, eligible) }).snapshot(t).lpars[0]!;

describe('zIIP-eligible work and zIIP help', () => {
  it('runs on the zIIPs, with GP help rising smoothly from about 60 % zIIP busy', () => {
    const points = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60].map((e) => prod01(4, e).cpu);
    let previous = -1;
    for (const c of points) {
      if (c.ziipPercent < 55) expect(c.ziipEligibleOnCpPercent, `zIIP ${c.ziipPercent}`).toBe(0);
      expect(c.ziipEligibleOnCpPercent).toBeGreaterThanOrEqual(previous); // more eligible work, more help
      previous = c.ziipEligibleOnCpPercent;
      expect(c.ziipPercent).toBeLessThanOrEqual(98.5 + 1e-9); // dispatch ceiling
    }
    // help is seen well before the zIIPs are full
    const helped = points.find((c) => c.ziipEligibleOnCpPercent > 0)!;
    expect(helped.ziipPercent).toBeLessThan(90);
    // and everything beyond their capacity goes to the GPs
    expect(points[points.length - 1]!.ziipEligibleOnCpPercent).toBeGreaterThan(2);
  });

  it('the work is the same either way: what the zIIPs cannot take runs on the GPs', () => {
    const small = prod01(1);
    const big = prod01(12);
    expect(small.cpu.ziipPercent).toBeGreaterThan(95);
    expect(big.cpu.ziipEligibleOnCpPercent).toBe(0);
    expect(small.cpu.ziipEligibleOnCpPercent).toBeGreaterThan(5);
    // executed work (the classes' GP + zIIP time) is equal when the GPs have room
    const work = (l: typeof small) => l.wlm.reduce((s, c) => s + c.cpu.applCpPercent + c.cpu.applZiipPercent, 0);
    expect(work(small)).toBeCloseTo(work(big), 6);
    // the zIIP time of the classes is the zIIP busy
    for (const [l, n] of [[small, 1], [big, 12]] as const) expect(l.wlm.reduce((s, c) => s + c.cpu.applZiipPercent, 0)).toBeCloseTo(l.cpu.ziipPercent * n, 6);
  });
});
