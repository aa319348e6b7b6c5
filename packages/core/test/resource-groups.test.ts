import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classServiceUnitsPerSecond, createSimulator, defaultTopology, parseTopology, resourceGroupActual, resourceGroupOf, serviceUnitsPerCpuSecond, type ConfigError, type ResourceGroup } from '@rmf-sim/core';
import { JAN5 } from './helpers.js';

function issues(input: unknown): { path: (string | number)[]; message: string }[] {
  try {
    parseTopology(input);
  } catch (e) {
    return (e as ConfigError).issues.map((i) => ({ path: [...i.path], message: i.message }));
  }
  throw new Error('expected a ConfigError');
}
const withGroups = (resourceGroups: unknown[]) => ({ ...defaultTopology, resourceGroups });
const group = (g: Partial<ResourceGroup> & { name: string; serviceClasses: string[] }): ResourceGroup => ({ type: 1, includeSpecialtyProcessors: false, ...g });

describe('WLM resource groups in the topology', () => {
  it('the default policy caps the discretionary test work in one type 1 group', () => {
    expect(defaultTopology.resourceGroups).toEqual([{ name: 'TESTCAP', description: 'Cap test work', type: 1, maxServiceUnits: 20000, includeSpecialtyProcessors: false, serviceClasses: ['TESTLO'] }]);
    expect(resourceGroupOf(defaultTopology, 'TESTLO')?.name).toBe('TESTCAP');
    expect(resourceGroupOf(defaultTopology, 'CICSHI')).toBeUndefined();
    // a topology without the field has no group
    const { resourceGroups: _, ...rest } = defaultTopology;
    expect(parseTopology(rest).resourceGroups).toEqual([]);
  });

  it('names the path of each problem', () => {
    expect(issues(withGroups([{ name: 'TOOLONGNAME', maxServiceUnits: 10, serviceClasses: ['TESTLO'] }]))[0]!.path).toEqual(['resourceGroups', 0, 'name']);
    expect(issues(withGroups([{ name: 'RG1', type: 2, maxServiceUnits: 10, serviceClasses: ['TESTLO'] }]))[0]!.path).toEqual(['resourceGroups', 0, 'type']);
    expect(issues(withGroups([{ name: 'RG1', serviceClasses: ['TESTLO'] }]))).toEqual([{ path: ['resourceGroups', 0, 'maxServiceUnits'], message: 'a resource group needs a minimum or a maximum' }]);
    expect(issues(withGroups([{ name: 'RG1', minServiceUnits: 500, maxServiceUnits: 100, serviceClasses: ['TESTLO'] }]))).toEqual([{ path: ['resourceGroups', 0, 'minServiceUnits'], message: 'the minimum 500 exceeds the maximum 100' }]);
    expect(issues(withGroups([{ name: 'RG1', maxServiceUnits: 10, serviceClasses: [] }]))[0]!.path).toEqual(['resourceGroups', 0, 'serviceClasses']);
    expect(issues(withGroups([{ name: 'RG1', maxServiceUnits: 10, serviceClasses: ['TESTLO'] }, { name: 'RG1', maxServiceUnits: 10, serviceClasses: ['BATCHLO'] }]))).toEqual([{ path: ['resourceGroups', 1, 'name'], message: 'duplicate resource group name RG1 (also resourceGroups[0].name)' }]);
    expect(issues(withGroups([{ name: 'RG1', maxServiceUnits: 10, serviceClasses: ['TESTLO'] }, { name: 'RG2', minServiceUnits: 10, serviceClasses: ['BATCHLO', 'TESTLO'] }]))).toEqual([{ path: ['resourceGroups', 1, 'serviceClasses', 1], message: 'service class TESTLO is already in resource group RG1' }]);
    // unknown classes are ignored, as for report classes (a topology that drops classes stays valid)
    expect(parseTopology(withGroups([{ name: 'RG1', maxServiceUnits: 10, serviceClasses: ['NOSUCH'] }])).resourceGroups[0]!.serviceClasses).toEqual(['NOSUCH']);
  });
});

describe('a resource group’s capacity actual', () => {
  it('a CP delivers capacityMsu / gp million service units an hour', () => {
    expect(serviceUnitsPerCpuSecond(defaultTopology.cpc)).toBeCloseTo((2550 / 30) * 1e6 / 3600, 9);
    expect(serviceUnitsPerCpuSecond({ capacityMsu: 3600, gp: 1 })).toBe(1e6);
  });

  it('is Σ of its member classes’ service units per second (fast-check): other classes do not count, disjoint groups add up', () => {
    const period = fc.record({ serviceClass: fc.constantFrom('A', 'B', 'C', 'D'), cpu: fc.record({ applCpPercent: fc.double({ min: 0, max: 3000, noNaN: true }), applZiipPercent: fc.double({ min: 0, max: 800, noNaN: true }) }) });
    fc.assert(
      fc.property(fc.array(period, { maxLength: 30 }), fc.double({ min: 1000, max: 100_000, noNaN: true }), fc.boolean(), (classes, su, spec) => {
        const ab = group({ name: 'AB', maxServiceUnits: 1, includeSpecialtyProcessors: spec, serviceClasses: ['A', 'B'] });
        const a = group({ ...ab, serviceClasses: ['A'] });
        const b = group({ ...ab, serviceClasses: ['B'] });
        const members = classes.filter((c) => c.serviceClass === 'A' || c.serviceClass === 'B');
        const expected = members.reduce((n, c) => n + ((c.cpu.applCpPercent + (spec ? c.cpu.applZiipPercent : 0)) / 100) * su, 0);
        const actual = resourceGroupActual(ab, classes, su);
        expect(actual).toBeCloseTo(expected, 6);
        expect(actual).toBeCloseTo(resourceGroupActual(a, classes, su) + resourceGroupActual(b, classes, su), 6);
        expect(actual).toBeCloseTo(members.reduce((n, c) => n + classServiceUnitsPerSecond(c, su, spec), 0), 6);
        expect(actual).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('of the default TESTCAP: the TESTLO periods of every system, at most its maximum on a normal day', () => {
    const sim = createSimulator({ seed: 7 });
    const su = serviceUnitsPerCpuSecond(defaultTopology.cpc);
    const g = defaultTopology.resourceGroups[0]!;
    for (let h = 0; h < 24; h += 3) {
      const snap = sim.snapshot(JAN5 + h * 3_600_000);
      const all = snap.lpars.flatMap((l) => l.wlm);
      const testlo = all.filter((c) => c.serviceClass === 'TESTLO');
      expect(testlo.length).toBeGreaterThan(0);
      const actual = resourceGroupActual(g, all, su);
      expect(actual).toBeCloseTo(testlo.reduce((n, c) => n + (c.cpu.applCpPercent / 100) * su, 0), 6);
      expect(actual).toBeGreaterThan(0);
      expect(actual).toBeLessThanOrEqual(g.maxServiceUnits!);
    }
  });
});

describe('a resource group’s maximum caps its members', () => {
  const su = serviceUnitsPerCpuSecond(defaultTopology.cpc);
  const capped = (max: number) => ({ ...defaultTopology, resourceGroups: [{ name: 'TESTCAP', maxServiceUnits: max, serviceClasses: ['TESTLO'] }] });
  const testlo = (snap: ReturnType<ReturnType<typeof createSimulator>['snapshot']>) => snap.lpars.flatMap((l) => l.wlm).filter((c) => c.serviceClass === 'TESTLO');

  it('a tight maximum holds TESTLO at or under it on every system, shows as capping delay, and leaves the others at least what they had', () => {
    const max = 2_000; // TESTLO uses 3,000–13,000 SU/s over the day
    const free = createSimulator({ seed: 7 });
    const held = createSimulator({ seed: 7, topology: capped(max) });
    const g = held.topology.resourceGroups[0]!;
    let bound = 0;
    for (let h = 0; h < 24; h += 2) {
      const t = JAN5 + h * 3_600_000;
      const [a, b] = [free.snapshot(t), held.snapshot(t)];
      const before = resourceGroupActual(g, a.lpars.flatMap((l) => l.wlm), su);
      const after = resourceGroupActual(g, b.lpars.flatMap((l) => l.wlm), su);
      expect(after, `${h}:00`).toBeLessThanOrEqual(max * (1 + 1e-9));
      if (before <= max) {
        expect(after, `${h}:00 under the maximum: nothing changes`).toBeCloseTo(before, 6);
        continue;
      }
      bound++;
      for (const c of testlo(b)) expect(c.delayPercent.capping, `${h}:00 TESTLO/${c.period} waits for its group`).toBeGreaterThan(testlo(a).find((x) => x.period === c.period)!.delayPercent.capping);
      // the capacity it leaves goes to the other work of its system (or stays idle): nobody else gets less
      const others = (s: typeof a) => s.lpars.find((l) => l.name === 'TEST01')!.wlm.filter((c) => c.serviceClass !== 'TESTLO').reduce((n, c) => n + c.cpu.applCpPercent, 0);
      expect(others(b), `${h}:00 others on TEST01`).toBeGreaterThanOrEqual(others(a) * (1 - 1e-9));
    }
    expect(bound, 'the maximum binds for part of the day').toBeGreaterThan(3);
  });

  it('for any maximum, seed and instant the group runs at most at its maximum (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 30_000 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 7 * 24 * 4 }), (max, seed, q) => {
        const snap = createSimulator({ seed, topology: capped(max) }).snapshot(JAN5 + q * 900_000, { addressSpaces: false });
        const actual = resourceGroupActual({ name: 'TESTCAP', type: 1, maxServiceUnits: max, includeSpecialtyProcessors: false, serviceClasses: ['TESTLO'] }, snap.lpars.flatMap((l) => l.wlm), su);
        expect(actual).toBeLessThanOrEqual(max * (1 + 1e-9));
      }),
      { numRuns: 25 },
    );
  });

  it('a discretionary hog on the capped group’s system is charged outside the group, so the group stays under its maximum', () => {
    const max = 2_000;
    const t = JAN5 + 10 * 3_600_000;
    const sim = createSimulator({ seed: 7, topology: capped(max), scenario: [{ type: 'discretionaryHog', lpar: 'TEST01', start: t - 3_600_000, durationMinutes: 120 }] });
    const calm = createSimulator({ seed: 7, topology: capped(max) });
    const snap = sim.snapshot(t);
    const g = sim.topology.resourceGroups[0]!;
    expect(resourceGroupActual(g, snap.lpars.flatMap((l) => l.wlm), su)).toBeLessThanOrEqual(max * (1 + 1e-9));
    const busy = (s: typeof snap) => s.lpars.find((l) => l.name === 'TEST01')!.cpu.generalPurposePercent;
    expect(busy(snap), 'the hog still makes TEST01 busier').toBeGreaterThan(busy(calm.snapshot(t)) + 10);
  });
});
