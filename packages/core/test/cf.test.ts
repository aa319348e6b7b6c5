import { describe, expect, it } from 'vitest';
import { ConfigError, createSimulator, defaultTopology, fixtureTopology, parseTopology, type CfSnapshot, type TopologyInput } from '@rmf-sim/core';

const NOON = Date.parse('2026-01-06T10:00:00Z'); // a Tuesday morning peak
const cfOf = (snap: { couplingFacilities: CfSnapshot[] }, name: string) => snap.couplingFacilities.find((c) => c.name === name)!;
const structureOf = (cf: CfSnapshot, name: string) => cf.structures.find((s) => s.name === name)!;
/** The default topology with CF01 changed (and CF02 left out). */
const withCf = (cf: object): TopologyInput => ({ ...defaultTopology, couplingFacilities: [{ ...defaultTopology.couplingFacilities[0]!, ...cf }] }) as TopologyInput;

describe('coupling facility structures', () => {
  it('the default sysplex has two CFs with the structures of a data-sharing sysplex, and realistic numbers', () => {
    const snap = createSimulator({ seed: 42 }).snapshot(NOON);
    expect(snap.couplingFacilities.map((c) => [c.name, c.structures.length, c.linkType])).toEqual([
      ['CF01', 14, 'ICP'],
      ['CF02', 14, 'CS5'],
    ]);
    const cf01 = cfOf(snap, 'CF01');
    expect(cf01).toMatchObject({ model: '8561', version: 'T01', cfLevel: 24, processors: 2, dedicated: true, effectiveProcessors: 2, paths: ['F0', 'F1', 'F2', 'F3'] });
    expect(cfOf(snap, 'CF02').paths).toEqual(['F4', 'F5']);
    const types = new Set(snap.couplingFacilities.flatMap((c) => c.structures.map((s) => s.use)));
    for (const use of ['xcf', 'grs', 'db2Lock', 'db2Gbp', 'db2Sca', 'imsLock', 'imsCache', 'cics', 'mq', 'logger', 'jes', 'racf']) expect(types, use).toContain(use);
    for (const cf of snap.couplingFacilities) {
      expect(cf.processorUtilizationPercent).toBeGreaterThan(0.5);
      expect(cf.processorUtilizationPercent).toBeLessThan(50);
      expect(cf.storage.utilizedPercent).toBeGreaterThan(10);
      for (const y of cf.systems) {
        // DOMAIN.md: sync 5–30 µs; the sample CFSYS: ICP sync 2–6 µs, async 17–45 µs; nothing converted in normal running
        expect(y.syncServiceSeconds * 1e6).toBeGreaterThan(2);
        expect(y.syncServiceSeconds * 1e6).toBeLessThan(15);
        expect(y.asyncServiceSeconds * 1e6).toBeGreaterThan(15);
        expect(y.asyncServiceSeconds * 1e6).toBeLessThan(120);
        expect(y.convertedRate).toBeLessThan(0.01 * (y.syncRate + y.asyncRate));
        expect(y.subchannelBusyPercent).toBeLessThan(10);
      }
    }
    // lock structures are almost all sync, XCF signalling almost all async
    const isg = structureOf(cf01, 'ISGLOCK');
    expect(isg.syncRate / isg.requestRate).toBeGreaterThan(0.95);
    expect(isg.contentionPercent).toBeGreaterThan(0);
    expect(isg.readRate).toBeUndefined();
    const xcf = structureOf(cf01, 'IXC_DEFAULT_1');
    expect(xcf.asyncRate / xcf.requestRate).toBeGreaterThan(0.9);
    const gbp = structureOf(cf01, 'DSNDB0G_GBP1');
    expect(gbp.readRate! + gbp.writeRate!).toBeLessThanOrEqual(gbp.requestRate);
    expect(gbp.contentionPercent).toBeUndefined();
  });

  it('a structure gets requests only from the systems that run the work it serves', () => {
    const cf02 = cfOf(createSimulator({ seed: 42 }).snapshot(NOON), 'CF02');
    // MQ runs on PROD01, PROD02 and BATCH01 only; IMS on the two PROD systems
    const rate = (name: string, lpar: string) => structureOf(cf02, name).systems.find((y) => y.lpar === lpar)!;
    expect(rate('QSG1APPL1', 'TEST01')).toMatchObject({ syncRate: 0, asyncRate: 0 });
    expect(rate('QSG1APPL1', 'BATCH01').syncRate).toBeGreaterThan(0);
    expect(rate('IMS_VSAM1', 'BATCH01')).toMatchObject({ syncRate: 0, asyncRate: 0 });
    expect(rate('IMS_VSAM1', 'PROD01').syncRate).toBeGreaterThan(0);
  });

  it('connectors are the systems that run the work a structure serves; IRLM lock structures allow 7 (MAXUSRS)', () => {
    const snap = createSimulator({ seed: 42 }).snapshot(NOON);
    const s = (cf: string, name: string) => structureOf(cfOf(snap, cf), name);
    const connected = (cf: string, name: string) => s(cf, name).systems.filter((y) => y.connected).map((y) => y.lpar);
    // MQ on PROD01, PROD02 and BATCH01; IMS on the two PROD systems; signalling, GRS and logger on every system
    expect(connected('CF02', 'QSG1APPL1')).toEqual(['PROD01', 'PROD02', 'BATCH01']);
    expect(connected('CF02', 'IMS_VSAM1')).toEqual(['PROD01', 'PROD02']);
    for (const [cf, name] of [['CF01', 'IXC_DEFAULT_1'], ['CF01', 'ISGLOCK'], ['CF01', 'SYSTEM_OPERLOG']] as const) expect(s(cf, name).connectors).toBe(4);
    expect(s('CF02', 'QSG1APPL1')).toMatchObject({ connectors: 3, maxConnectors: 32 });
    expect(s('CF01', 'DSNDB0G_LOCK1')).toMatchObject({ connectors: 4, maxConnectors: 7 });
    // connections are static: the same at night, when a structure may see no requests at all
    const night = createSimulator({ seed: 42 }).snapshot(Date.parse('2026-01-06T03:00:00Z'));
    expect(night.couplingFacilities.map((c) => c.structures.map((x) => x.connectors))).toEqual(snap.couplingFacilities.map((c) => c.structures.map((x) => x.connectors)));
  });

  it('the CFRM policy: MINSIZE ≤ INITSIZE ≤ SIZE in whole MiB, REBUILDPERCENT 1, the own CF first in the preference list; fixed per seed', () => {
    const snap = createSimulator({ seed: 42 }).snapshot(NOON);
    for (const cf of snap.couplingFacilities) {
      for (const s of cf.structures) {
        const { minSizeBytes: min, maxSizeBytes: max } = s.policy;
        expect(min % 1_048_576).toBe(0);
        expect(max % 1_048_576).toBe(0);
        // 75–95 % and 1.5 or 2 × (IBM's APPC_STR1: 19, 20 and 30 MiB)
        expect(min / s.sizeBytes).toBeGreaterThanOrEqual(0.74);
        expect(min / s.sizeBytes).toBeLessThanOrEqual(0.95);
        expect([1.5, 2]).toContain(max / s.sizeBytes);
        expect(s.policy.rebuildPercent).toBe(1);
        expect(s.policy.preferenceList).toEqual(cf.name === 'CF01' ? ['CF01', 'CF02'] : ['CF02', 'CF01']);
      }
    }
    const later = createSimulator({ seed: 42 }).snapshot(NOON + 86_400_000);
    expect(later.couplingFacilities.map((c) => c.structures.map((s) => s.policy))).toEqual(snap.couplingFacilities.map((c) => c.structures.map((s) => s.policy)));
    const other = createSimulator({ seed: 43 }).snapshot(NOON);
    expect(other.couplingFacilities.map((c) => c.structures.map((s) => s.policy.minSizeBytes))).not.toEqual(snap.couplingFacilities.map((c) => c.structures.map((s) => s.policy.minSizeBytes)));
  });

  it('changed entries of a group buffer pool move with its writes; store-through caches (IMS, RACF) have none', () => {
    const sim = createSimulator({ seed: 42 });
    const day = Array.from({ length: 96 }, (_, q) => sim.snapshot(Date.parse('2026-01-06T00:00:00Z') + q * 900_000));
    const gbp = day.map((snap) => structureOf(cfOf(snap, 'CF01'), 'DSNDB0G_GBP1'));
    const w = gbp.map((s) => s.writeRate!);
    const c = gbp.map((s) => s.changedEntries!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [mw, mc] = [mean(w), mean(c)];
    const cov = mean(w.map((x, i) => (x - mw) * (c[i]! - mc)));
    const sd = (xs: number[], m: number) => Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
    // the day's writes swing by about ±25 %, the time a page stays changed by ±33 %: clearly correlated
    expect(cov / (sd(w, mw) * sd(c, mc))).toBeGreaterThan(0.6);
    // Little's law: changed entries = writes × the 60–120 s a page stays changed (whole entries; no full structure here)
    for (const s of gbp) {
      expect(s.changedEntries! / s.writeRate!).toBeGreaterThan(59);
      expect(s.changedEntries! / s.writeRate!).toBeLessThanOrEqual(120);
    }
    for (const snap of day.slice(40, 44)) {
      expect(structureOf(cfOf(snap, 'CF02'), 'IMS_VSAM1')).toMatchObject({ changedEntries: 0, changedElements: 0 });
      expect(structureOf(cfOf(snap, 'CF01'), 'IRRXCF00_B001').changedEntries).toBe(0);
      expect(structureOf(cfOf(snap, 'CF01'), 'DSNDB0G_GBP1').changedElements).toBeGreaterThan(0);
    }
  });

  it('a distant CF: long-distance links add 10 µs per km, and z/OS converts the sync requests to async', () => {
    const near = cfOf(createSimulator({ seed: 7, topology: withCf({ linkType: 'CL5', distanceKm: 0.5 }) }).snapshot(NOON), 'CF01');
    const far = cfOf(createSimulator({ seed: 7, topology: withCf({ linkType: 'CL5', distanceKm: 40 }) }).snapshot(NOON), 'CF01');
    const conv = (cf: CfSnapshot) => cf.systems.reduce((a, y) => a + y.convertedRate, 0) / cf.requestRate;
    expect(conv(near)).toBeLessThan(0.01);
    expect(conv(far)).toBeGreaterThan(0.5);
    const lock = (cf: CfSnapshot) => structureOf(cf, 'ISGLOCK').systems[0]!;
    expect(lock(far).syncServiceSeconds - lock(near).syncServiceSeconds).toBeGreaterThan(350e-6);
    expect(near.subchannelsPerLink).toBe(32);
  });

  it('a shared CF processor: effective processors follow its busy, and its requests wait for it to be dispatched', () => {
    const shared = cfOf(createSimulator({ seed: 7, topology: withCf({ dedicated: false, weight: 50 }) }).snapshot(NOON), 'CF01');
    const dedicated = cfOf(createSimulator({ seed: 7 }).snapshot(NOON), 'CF01');
    expect(shared).toMatchObject({ dedicated: false, weight: 50 });
    expect(shared.effectiveProcessors).toBeLessThan(shared.processors);
    expect(shared.systems[0]!.syncServiceSeconds).toBeGreaterThan(dedicated.systems[0]!.syncServiceSeconds + 4e-6);
  });

  it('cfStructureFull: the structure fills over its onset, requests convert to async and take longer; afterwards it recovers', () => {
    const start = Date.parse('2026-01-06T09:00:00Z');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'cfStructureFull', cf: 'CF01', structure: 'DSNDB0G_GBP1', start, durationMinutes: 60 }] });
    const base = createSimulator({ seed: 42 });
    const at = (s: typeof sim, m: number) => structureOf(cfOf(s.snapshot(start + m * 60_000), 'CF01'), 'DSNDB0G_GBP1');
    const fill = [0, 2, 5, 8, 12, 30].map((m) => at(sim, m).utilizedPercent);
    for (let i = 1; i < fill.length; i++) expect(fill[i]!).toBeGreaterThanOrEqual(fill[i - 1]! - 1e-9);
    expect(fill[5]).toBeGreaterThan(99);
    const hit = at(sim, 30);
    const calm = at(base, 30);
    const p01 = (x: typeof hit) => x.systems.find((y) => y.lpar === 'PROD01')!;
    expect(p01(hit).convertedRate).toBeGreaterThan(0.2 * p01(calm).syncRate);
    expect(p01(hit).syncServiceSeconds).toBeGreaterThan(3 * p01(calm).syncServiceSeconds);
    expect(hit.directoryReclaimRate!).toBeGreaterThan(10 * (calm.directoryReclaimRate! + 1));
    expect(hit.processorUtilizationPercent).toBeGreaterThan(2 * calm.processorUtilizationPercent);
    // the other structures keep their storage use; 10 minutes after the end it is back to normal
    const other = (s: typeof sim) => structureOf(cfOf(s.snapshot(start + 30 * 60_000), 'CF01'), 'ISGLOCK').utilizedPercent;
    expect(other(sim)).toBe(other(base));
    expect(at(sim, 70)).toEqual(at(base, 70));
    const [truth] = sim.incidents();
    expect(truth).toMatchObject({ type: 'cfStructureFull', target: { cf: 'CF01', structure: 'DSNDB0G_GBP1' }, onsetMs: 10 * 60_000, settledMs: truth!.endMs });
  });

  it('rejects a structure-full incident on an unknown CF or structure, naming the path', () => {
    expect(() => createSimulator({ seed: 1, scenario: [{ type: 'cfStructureFull', cf: 'CF09', structure: 'ISGLOCK', start: NOON, durationMinutes: 5 }] })).toThrow(/scenario\[0\]\.cf: unknown coupling facility CF09 \(have CF01, CF02\)/);
    expect(() => createSimulator({ seed: 1, scenario: [{ type: 'cfStructureFull', cf: 'CF02', structure: 'ISGLOCK', start: NOON, durationMinutes: 5 }] })).toThrow(/scenario\[0\]\.structure: coupling facility CF02 has no structure ISGLOCK/);
  });

  it('rejects CF definitions a real CFRM policy could not have, with paths', () => {
    const errorOf = (t: TopologyInput) => {
      try {
        parseTopology(t);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).message;
      }
      throw new Error('accepted');
    };
    expect(errorOf(withCf({ structures: [{ name: 'ISGLOCK', type: 'list', use: 'grs' }] }))).toContain('couplingFacilities[0].structures[0].type: a grs structure is a lock structure, not list');
    expect(errorOf(withCf({ storageGb: 2 }))).toMatch(/couplingFacilities\[0\]\.storageGb: the structures \(4880 MiB\) and the dump space do not fit 2 GiB/);
    expect(errorOf(withCf({ distanceKm: 5 }))).toContain('couplingFacilities[0].distanceKm: internal coupling (ICP) links have no distance');
    expect(errorOf(withCf({ linkType: 'CS5', distanceKm: 1 }))).toContain('couplingFacilities[0].distanceKm: ICA SR (CS5) links reach at most 0.15 km');
    expect(errorOf(withCf({ weight: 20 }))).toContain('couplingFacilities[0].weight: dedicated CF processors have no weight');
    expect(errorOf(withCf({ structures: [{ name: 'bad name', type: 'lock' }] }))).toContain('couplingFacilities[0].structures[0].name: structure names are 1–16 characters');
  });

  it('fixtureTopology stays small: one CF with one structure', () => {
    const snap = createSimulator({ seed: 1, topology: fixtureTopology }).snapshot(NOON);
    expect(snap.couplingFacilities.map((c) => c.structures.map((s) => [s.name, s.type, s.use]))).toEqual([[['IRLMLOCK1', 'lock', 'db2Lock']]]);
  });
});
