import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, createSimulator, defaultTopology, fixtureTopology, parseTopology, type Snapshot, type TopologyInput } from '@rmf-sim/core';
import { JAN5 } from './helpers.js';

function issues(input: unknown): { path: string; message: string }[] {
  try {
    parseTopology(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).code).toBe('ERR_RMF_CONFIG');
    return (e as ConfigError).issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  }
  throw new Error('expected a ConfigError');
}

const withArray = (controlUnits: Record<string, unknown>): TopologyInput => ({ ...defaultTopology, storageArray: { ...defaultTopology.storageArray, controlUnits: { ...defaultTopology.storageArray.controlUnits, ...controlUnits } } });

describe('DASD identity: LCUs, SSIDs, device numbers, device types, storage groups, CHPIDs', () => {
  it('the default topology gets control units, PAV, storage groups and shared FICON paths by default', () => {
    const cu = defaultTopology.storageArray.controlUnits;
    expect(cu).toEqual({ type: '2107-996', devicesPerLcu: 64, firstSsid: '5000', firstLcu: '0080', firstDevice: '8000' });
    expect(defaultTopology.channels).toEqual({ pathsPerLpar: 4, speedGbps: 16, firstChpid: '40', pathType: 'FC_S', shared: true, zhpfPercent: 75 });
    expect(defaultTopology.volumeGroups.map((g) => g.pav)).toEqual(Array(9).fill('hyper'));
    // a topology written before the control units existed parses unchanged, with the defaults
    const { controlUnits: _, ...arrayWithout } = defaultTopology.storageArray;
    expect(parseTopology({ ...defaultTopology, storageArray: arrayWithout }).storageArray.controlUnits).toEqual(cu);
  });

  it('160 volumes fill three LCUs of 64 in topology order, with SSIDs, LCU numbers and device numbers to match', () => {
    const snap = createSimulator({ seed: 7 }).snapshot(JAN5 + 9 * 3_600_000);
    expect(snap.storageArray.lcus.map((u) => [u.ssid, u.lcu, u.cuId, u.typeModel])).toEqual([
      ['5000', '0080', '8000', '2107-996'],
      ['5100', '0081', '8100', '2107-996'],
      ['5200', '0082', '8200', '2107-996'],
    ]);
    const v = snap.volumes;
    expect(v.length).toBe(160);
    expect([v[0]!.volser, v[0]!.devnum, v[0]!.ssid, v[0]!.deviceType, v[0]!.storageGroup, v[0]!.pav]).toEqual(['SYSR01', '8000', '5000', '33909', 'SGSYSRES', 'hyper']);
    expect([v[63]!.devnum, v[63]!.ssid, v[64]!.devnum, v[64]!.ssid, v[159]!.devnum, v[159]!.ssid]).toEqual(['803F', '5000', '8100', '5100', '821F', '5200']);
    // RMF device types per model, the storage group from the group type (cut to 8 characters)
    expect(new Set(v.map((x) => x.deviceType))).toEqual(new Set(['33909', '339027']));
    expect(v.find((x) => x.volser === 'CAT001')!.storageGroup).toBe('SGCATALO');
    expect(new Set(v.map((x) => x.devnum)).size).toBe(160);
  });

  it('every LPAR of the CPC shares the same CHPIDs by default; unshared ones are each LPAR’s own', () => {
    const shared = createSimulator({ seed: 1 }).snapshot(JAN5);
    for (const l of shared.lpars) expect(l.channels.map((c) => [c.chpid, c.pathType, c.shared])).toEqual(['40', '41', '42', '43'].map((x) => [x, 'FC_S', true]));
    const own = createSimulator({ seed: 1, topology: { ...fixtureTopology, channels: { ...fixtureTopology.channels, shared: false, pathType: 'FC' } } }).snapshot(JAN5);
    expect(own.lpars.map((l) => l.channels.map((c) => `${c.chpid}:${c.pathType}:${c.shared}`))).toEqual([
      ['40:FC:false', '41:FC:false'],
      ['42:FC:false', '43:FC:false'],
    ]);
    // alone on its CHPID, an LPAR's part is the whole path
    for (const l of own.lpars) for (const c of l.channels) expect(c.utilizationPercent).toBe(c.totalUtilizationPercent);
  });

  it('a group may name its storage group, sequential share and static PAV', () => {
    const topo = parseTopology({ ...fixtureTopology, volumeGroups: fixtureTopology.volumeGroups.map((g, i) => (i === 0 ? { ...g, storageGroup: 'SGPROD', sequentialPercent: 0, pav: 'static' } : g)) });
    const snap = createSimulator({ seed: 3, topology: topo }).snapshot(JAN5 + 10 * 3_600_000);
    const usr = snap.volumes.filter((v) => v.volser.startsWith('USR'));
    expect(usr.map((v) => [v.storageGroup, v.pav])).toEqual(Array(4).fill(['SGPROD', 'static']));
    expect(snap.volumes.find((v) => v.volser === 'WRK001')!.storageGroup).toBe('SGWORK');
    // one LCU for the fixture's six volumes; without sequential USR I/O only the WORK volumes are sequential
    expect(snap.storageArray.lcus.length).toBe(1);
    expect(snap.storageArray.lcus[0]!.sequentialReadRate).toBeLessThan(snap.storageArray.lcus[0]!.readRate);
  });

  it('the SSIDs step by 1 where 256 would run past FFFF; past FFFF device numbers start again', () => {
    const wide = { ...withArray({ devicesPerLcu: 1, firstDevice: 'FFFE' }), volumeGroups: defaultTopology.volumeGroups.map((g) => (g.prefix === 'USR' ? { ...g, count: 260 } : g)) };
    const snap = createSimulator({ seed: 1, topology: parseTopology(wide) }).snapshot(JAN5);
    expect(snap.storageArray.lcus.length).toBe(360);
    expect(snap.storageArray.lcus.slice(0, 3).map((u) => u.ssid)).toEqual(['5000', '5001', '5002']);
    expect(snap.volumes.slice(0, 3).map((v) => v.devnum)).toEqual(['FFFE', '00FE', '01FE']);
  });

  it('rejects control units and channels that do not fit, naming the path', () => {
    expect(issues(withArray({ firstSsid: 'FF00', ssidStep: 256 }))).toEqual([{ path: 'storageArray.controlUnits.firstSsid', message: 'the SSIDs of 3 LCUs from FF00 in steps of 256 run past FFFF' }]);
    expect(issues(withArray({ firstLcu: 'FFFF' }))).toEqual([{ path: 'storageArray.controlUnits.firstLcu', message: 'the LCU numbers of 3 LCUs from FFFF run past FFFF' }]);
    expect(issues(withArray({ firstSsid: '50G0' }))).toEqual([{ path: 'storageArray.controlUnits.firstSsid', message: 'SSID is four hex digits' }]);
    expect(issues(withArray({ type: '2107' }))).toEqual([{ path: 'storageArray.controlUnits.type', message: 'control-unit type is tttt-mmm, e.g. 2107-996' }]);
    expect(issues(withArray({ devicesPerLcu: 257 }))[0]!.path).toBe('storageArray.controlUnits.devicesPerLcu');
    const badGroup = { ...defaultTopology, volumeGroups: defaultTopology.volumeGroups.map((g, i) => (i === 2 ? { ...g, storageGroup: 'sg-spool', pav: 'dynamic' } : g)) };
    expect(issues(badGroup).map((i) => i.path)).toEqual(['volumeGroups.2.pav', 'volumeGroups.2.storageGroup']);
    const unshared = { ...defaultTopology, channels: { ...defaultTopology.channels, shared: false, firstChpid: 'F4' } };
    expect(issues(unshared)).toEqual([{ path: 'channels.pathsPerLpar', message: 'CHPIDs would run past FF (16 unshared CHPIDs for 4 LPARs from F4)' }]);
    expect(issues({ ...defaultTopology, channels: { ...defaultTopology.channels, pathType: 'CNC' } })[0]!.path).toBe('channels.pathType');
  });

  it('for random seeds, instants and channel set-ups: a CHPID’s total busy is the sum of its LPARs’ parts, SSID I/O the sum of its volumes’', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 30 * 96 }), fc.boolean(), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 6 }), (seed, q, shared, zhpfPercent, devicesPerLcu) => {
        const topology = { ...fixtureTopology, storageArray: { ...fixtureTopology.storageArray, controlUnits: { ...fixtureTopology.storageArray.controlUnits, devicesPerLcu } }, channels: { ...fixtureTopology.channels, shared, zhpfPercent } };
        const snap: Snapshot = createSimulator({ seed, topology }).snapshot(JAN5 + q * 900_000);
        const parts = new Map<string, number[]>();
        for (const l of snap.lpars) for (const c of l.channels) parts.set(c.chpid, [...(parts.get(c.chpid) ?? []), c.utilizationPercent]);
        expect(parts.size).toBe(shared ? 2 : 4);
        for (const l of snap.lpars) {
          for (const c of l.channels) {
            const sum = parts.get(c.chpid)!.reduce((a, b) => a + b, 0);
            expect(c.totalUtilizationPercent).toBeCloseTo(sum, 9);
            expect(c.totalUtilizationPercent).toBeLessThanOrEqual(100);
            expect(c.zhpfRate).toBeCloseTo((c.ioRate * zhpfPercent) / 100, 9);
          }
        }
        expect(snap.storageArray.lcus.length).toBe(Math.ceil(6 / devicesPerLcu));
        for (const u of snap.storageArray.lcus) {
          const vols = snap.volumes.filter((v) => v.ssid === u.ssid);
          expect(vols.length).toBeLessThanOrEqual(devicesPerLcu);
          expect(u.ioRate).toBeCloseTo(vols.reduce((a, v) => a + v.ioRate, 0), 9);
          expect(u.readHitRate + u.writeHitRate).toBeLessThanOrEqual(u.ioRate + 1e-9);
        }
        expect(snap.storageArray.lcus.reduce((a, u) => a + u.ioRate, 0)).toBeCloseTo(snap.volumes.reduce((a, v) => a + v.ioRate, 0), 9);
      }),
      { numRuns: 30 },
    );
  });
});
