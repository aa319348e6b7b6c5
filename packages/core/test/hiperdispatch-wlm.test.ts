import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combinePeriods, createSimulator, defaultTopology, parseTopology, partitions, performanceIndexOf, polarise, reportClassOf, type IncidentInput, type Snapshot } from '@rmf-sim/core';
import { JAN5 } from './helpers.js';

const seedArb = fc.integer({ min: 0, max: 2 ** 31 });
const tArb = fc.integer({ min: 0, max: 365 * 96 }).map((q) => JAN5 + q * 900_000);
const total = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);

describe('HiperDispatch vertical polarisation', () => {
  it('reproduces the counts of IBM’s CPC report (entitlement = weight / total weight × shared pool)', () => {
    // rows of the real CPC report in shared/dds-samples (30 shared CPs, total weight 1234; 16 zIIPs, 1109)
    const cp = (w: number) => (30 * w) / 1234;
    const iip = (w: number) => (16 * w) / 1109;
    const h = (e: number, lps: number) => {
      const p = polarise(e, lps);
      return [p.high, p.medium, p.low, Math.floor(p.mediumSharePercent * 10 + 1e-9) / 10] // the report truncates to one decimal;
    };
    expect(h(cp(160), 7)).toEqual([3, 1, 3, 88.9]); // SY24
    expect(h(cp(60), 5)).toEqual([0, 2, 3, 72.9]); // SY22
    expect(h(cp(63), 4)).toEqual([1, 1, 2, 53.1]); // RSI5
    expect(h(cp(24), 3)).toEqual([0, 1, 2, 58.3]); // AR01
    expect(h(cp(30), 1)).toEqual([0, 1, 0, 72.9]); // RS34
    expect(h(iip(143), 6)).toEqual([1, 2, 3, 53.1]); // SY22 zIIPs
    expect(h(iip(89), 4)).toEqual([0, 2, 2, 64.2]); // SY24 zIIPs
    expect(h(iip(35), 2)).toEqual([0, 1, 1, 50.4]); // RSI5 zIIPs
    expect(polarise(3, 8, true)).toEqual({ high: 8, medium: 0, low: 0, mediumSharePercent: 0 });
    expect(polarise(4, 4)).toEqual({ high: 4, medium: 0, low: 0, mediumSharePercent: 0 });
    expect(polarise(0, 3)).toEqual({ high: 0, medium: 0, low: 3, mediumSharePercent: 0 });
  });

  it('highs and mediums carry exactly the entitlement over all the logical processors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (lps, f) => {
        const e = lps * f;
        const p = polarise(e, lps);
        expect(p.high + p.medium + p.low).toBe(lps);
        expect(Math.min(p.high, p.medium, p.low)).toBeGreaterThanOrEqual(0);
        expect(p.high + (p.medium * p.mediumSharePercent) / 100).toBeCloseTo(Math.min(e, lps), 9);
        expect(p.mediumSharePercent).toBeLessThanOrEqual(100 + 1e-9);
        // a medium carries at least half a processor unless the whole entitlement is smaller
        if (p.medium > 0 && e >= 0.5) expect(p.mediumSharePercent).toBeGreaterThanOrEqual(50 - 1e-9);
        expect(p.medium).toBeLessThanOrEqual(2);
      }),
    );
  });

  it('the default topology’s LPARs: PR/SM’s polarisation in the snapshot; lows parked unless the LPAR runs beyond its entitlement', () => {
    const parts = partitions(defaultTopology);
    expect(parts.map((p) => [p.name, p.vertical.gp.high, p.vertical.gp.medium, p.vertical.gp.low])).toEqual([
      ['PROD01', 13, 1, 2],
      ['PROD02', 9, 1, 2],
      ['BATCH01', 4, 1, 3],
      ['TEST01', 1, 2, 1],
    ]);
    fc.assert(
      fc.property(seedArb, tArb, (seed, t) => {
        const sim = createSimulator({ seed });
        const snap = sim.snapshot(t, { addressSpaces: false });
        snap.lpars.forEach((l, i) => {
          const p = parts[i]!;
          const lpar = defaultTopology.lpars[i]!;
          for (const [type, v, logical, entitled, busy] of [
            ['gp', p.vertical.gp, lpar.gp, p.entitledGp, (l.cpu.generalPurposePercent * lpar.gp) / 100],
            ['ziip', p.vertical.ziip, lpar.ziip, p.entitledZiip, (l.cpu.ziipPercent * lpar.ziip) / 100],
          ] as const) {
            const s = l.hiperDispatch[type];
            expect([s.high, s.medium, s.low]).toEqual([v.high, v.medium, v.low]);
            expect(s.high + s.medium + s.low).toBe(logical);
            expect(s.parked).toBeGreaterThanOrEqual(0);
            expect(s.parked).toBeLessThanOrEqual(s.low);
            if (busy <= entitled) expect(s.parked).toBe(s.low);
            // what it runs beyond its entitlement needs unparked lows
            if (busy > entitled + s.low) expect(s.parked).toBe(0);
          }
        });
      }),
      { numRuns: 25 },
    );
  });
});

/** XCF: every message sent is received; a system's messages are its requests to the XCF signalling structures. */
function xcfIdentities(snap: Snapshot, xcfStructures: ReadonlySet<string>): void {
  expect(total(snap.lpars, (l) => l.xcf.sentRate)).toBeCloseTo(total(snap.lpars, (l) => l.xcf.receivedRate), 6);
  for (const l of snap.lpars) {
    const viaCf = total(snap.couplingFacilities, (cf) => total(cf.structures.filter((s) => xcfStructures.has(s.name)), (s) => total(s.systems.filter((y) => y.lpar === l.name), (y) => y.syncRate + y.asyncRate)));
    expect(l.xcf.sentRate + l.xcf.receivedRate).toBeCloseTo(viaCf, 6);
  }
  const structures = total(snap.couplingFacilities, (cf) => total(cf.structures.filter((s) => xcfStructures.has(s.name)), (s) => s.requestRate));
  expect(total(snap.lpars, (l) => l.xcf.sentRate + l.xcf.receivedRate)).toBeCloseTo(structures, 6);
}

describe('WLM sample counts, report classes and XCF signalling', () => {
  const xcf = new Set(defaultTopology.couplingFacilities.flatMap((cf) => cf.structures.filter((s) => s.use === 'xcf').map((s) => s.name)));
  const reportOf = reportClassOf(defaultTopology);

  it('a report class is the combination of its periods; a period combined alone is itself; XCF messages add up', () => {
    fc.assert(
      fc.property(seedArb, tArb, fc.constantFrom('cpuLoop', 'softCapping', 'enqContention', 'monthEndSurge'), (seed, t, type) => {
        const when = { start: t - 1_800_000, durationMinutes: 60, severity: 0.8 };
        const scenario: IncidentInput[] = [type === 'monthEndSurge' ? { type, ...when } : { type, lpar: 'PROD02', ...when }];
        const snap = createSimulator({ seed, scenario }).snapshot(t, { addressSpaces: false });
        for (const l of snap.lpars) {
          const names = new Set(l.wlm.map((c) => reportOf[defaultTopology.serviceClasses.findIndex((s) => s.name === c.serviceClass)]).filter((r) => r));
          expect(l.reportClasses.map((r) => r.name)).toEqual(defaultTopology.reportClasses.map((r) => r.name).filter((n) => names.has(n)));
          for (const c of l.wlm) {
            expect(c.samples).toBeGreaterThan(0);
            // the processor-using samples are its CPU seconds
            expect((c.samples * c.usingBy.processor) / 100).toBeCloseTo(((c.cpu.applCpPercent + c.cpu.applZiipPercent) / 100) * snap.intervalSeconds, 6);
            const alone = combinePeriods([c]);
            expect(alone.velocityPercent).toBeCloseTo(c.velocityPercent, 9);
            if (c.performanceIndex !== undefined) expect(performanceIndexOf(c.goal, alone)).toBeCloseTo(c.performanceIndex, 9);
          }
          for (const r of l.reportClasses) {
            const members = l.wlm.filter((c) => r.serviceClasses.includes(c.serviceClass));
            expect(members.length).toBeGreaterThan(0);
            for (const c of members) expect(reportOf[defaultTopology.serviceClasses.findIndex((s) => s.name === c.serviceClass)]).toBe(r.name);
            const want = combinePeriods(members);
            expect(r.samples).toBeCloseTo(total(members, (c) => c.samples), 9);
            expect(r.transactionRate).toBeCloseTo(total(members, (c) => c.transactionRate), 9);
            expect(r.cpu.applCpPercent).toBeCloseTo(total(members, (c) => c.cpu.applCpPercent), 9);
            expect(r.cpu.applZiipPercent).toBeCloseTo(total(members, (c) => c.cpu.applZiipPercent), 9);
            expect(r.velocityPercent).toBeCloseTo(want.velocityPercent, 9);
            expect(r.usingPercent).toBeCloseTo(want.usingPercent, 9);
            expect(r.usingBy.processor).toBeCloseTo(want.usingBy.processor, 9);
            for (const d of Object.keys(r.delayPercent) as (keyof typeof r.delayPercent)[]) expect(r.delayPercent[d]).toBeCloseTo(want.delayPercent[d], 9);
            expect(r.responseTimeSeconds).toBeCloseTo(want.responseTimeSeconds ?? 0, 9);
          }
        }
        xcfIdentities(snap, xcf);
      }),
      { numRuns: 25 },
    );
  });

  it('sysplex-wide velocity is the summed using over the summed using and delay samples of the systems', () => {
    const snap = createSimulator({ seed: 7 }).snapshot(Date.parse('2026-01-05T10:00:00Z'), { addressSpaces: false });
    const cics = snap.lpars.flatMap((l) => l.wlm.filter((c) => c.serviceClass === 'CICSHI'));
    expect(cics.length).toBe(3);
    const plex = combinePeriods(cics);
    const using = total(cics, (c) => c.samples * c.usingPercent);
    const delay = total(cics, (c) => c.samples * (c.delayPercent.cpu + c.delayPercent.capping + c.delayPercent.io + c.delayPercent.storage));
    expect(plex.velocityPercent).toBeCloseTo((100 * using) / (using + delay), 9);
    expect(plex.velocityPercent).toBeGreaterThan(Math.min(...cics.map((c) => c.velocityPercent)));
    expect(plex.velocityPercent).toBeLessThan(Math.max(...cics.map((c) => c.velocityPercent)));
  });

  it('report classes are checked: a class in two report classes, a class whose own report class differs; absent classes select nothing', () => {
    const base = { ...defaultTopology };
    const issues = (reportClasses: unknown) => {
      try {
        parseTopology({ ...base, reportClasses });
        return [];
      } catch (e) {
        return (e as { issues: { path: (string | number)[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      }
    };
    expect(issues([{ name: 'RX', serviceClasses: ['NOPE'] }])).toEqual([]);
    // the default topology without some of its classes (its report classes still name them)
    const fewer = parseTopology({ ...base, serviceClasses: base.serviceClasses.filter((c) => c.name === 'CICSHI') });
    expect(reportClassOf(fewer)).toEqual(['RCICSPRD']);
    expect(issues([{ name: 'RA', serviceClasses: ['CICSHI'] }, { name: 'RB', serviceClasses: ['CICSHI'] }])).toEqual(['reportClasses.1.serviceClasses.0: service class CICSHI is already in report class RA']);
    expect(issues([{ name: 'RA' }, { name: 'RA' }])).toEqual(['reportClasses.1.name: duplicate report class name RA (also reportClasses[0].name)']);
    const own = parseTopology({ ...base, serviceClasses: base.serviceClasses.map((c) => (c.name === 'CICSHI' ? { ...c, reportClass: 'RMINE' } : c)) });
    expect(reportClassOf(own)[own.serviceClasses.findIndex((c) => c.name === 'CICSHI')]).toBe('RMINE');
    expect(() => parseTopology({ ...own, reportClasses: [{ name: 'RCICS2', serviceClasses: ['CICSHI'] }] })).toThrow(/already reports in RMINE/);
    expect(reportOf).toEqual(['RSYSTEM', 'RCICSPRD', 'RIMSPRD', 'RDB2DDF', 'RMQPRD', 'RTSO', 'RBATPROD', 'RBATPROD', 'RTEST']);
  });
});
