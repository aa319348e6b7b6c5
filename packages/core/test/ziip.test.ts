import { describe, expect, it } from 'vitest';
import { createSimulator, defaultTopology } from '@rmf-sim/core';

const withZiips = (ziip: number) => ({
  ...defaultTopology,
  lpars: defaultTopology.lpars.map((l) => (l.name === 'PROD01' ? { ...l, ziip, ziipEligiblePercent: 45, peakBusyPercent: 60 } : l)),
});

describe('zIIP-eligible work spills to the GPs when the zIIPs are full', () => {
  it('the spill is exactly the GP busy that more zIIPs would have saved', () => {
    const t = '2026-01-06T09:00:00Z';
    const small = createSimulator({ seed: 5, topology: withZiips(1) }).snapshot(t).lpars[0]!.cpu;
    const big = createSimulator({ seed: 5, topology: withZiips(12) }).snapshot(t).lpars[0]!.cpu;
    expect(small.ziipPercent).toBeCloseTo(97, 9); // full (97 % is the dispatch ceiling used)
    expect(small.ziipEligibleOnCpPercent).toBeGreaterThan(5);
    expect(big.ziipEligibleOnCpPercent).toBe(0);
    expect(big.ziipPercent).toBeLessThan(97);
    expect(small.generalPurposePercent - big.generalPurposePercent).toBeCloseTo(small.ziipEligibleOnCpPercent, 9);
    // the work is the same: zIIP + GP capacity used (in CPs) is equal either way
    const used = (c: typeof small, ziips: number) => (c.generalPurposePercent * 16 + c.ziipPercent * ziips) / 100;
    expect(used(small, 1)).toBeCloseTo(used(big, 12), 9);
  });
});
