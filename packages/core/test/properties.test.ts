import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSimulator, getMetric, structureGeometry, type LparSnapshot, type Snapshot } from '@rmf-sim/core';
import { DAY, JAN5, seriesId } from './helpers.js';

const seedArb = fc.integer({ min: 0, max: 2 ** 31 });
const tArb = fc.integer({ min: 0, max: 365 * 96 }).map((q) => JAN5 + q * 900_000);

/** Random incidents of every type, some of them active at the instant under test. */
function scenarioAt(t: number) {
  const when = fc.record({ start: fc.integer({ min: -120, max: 10 }).map((m) => t + m * 60_000), durationMinutes: fc.integer({ min: 1, max: 240 }), severity: fc.double({ min: 0, max: 1, noNaN: true }) });
  const lpar = fc.constantFrom('PROD01', 'PROD02', 'BATCH01', 'TEST01');
  const incident = fc.oneof(
    fc.record({ type: fc.constant('cpuLoop' as const), lpar }),
    fc.record({ type: fc.constant('runawayBatch' as const), lpar }),
    fc.record({ type: fc.constant('storageShortage' as const), lpar }),
    fc.record({ type: fc.constant('cacheWritePending' as const), clpr: fc.constantFrom('CLPR0', 'CLPR1') }),
    fc.record({ type: fc.constant('channelPathFailure' as const), lpar, chpid: fc.constantFrom('40', '41', '42', '43') }),
    fc.record({ type: fc.constant('hostPortFailure' as const), port: fc.constantFrom('CL1-A', 'CL3-A', 'CL1-B', 'CL8-B') }),
    fc.record({ type: fc.constant('mpbHotSpot' as const), mpb: fc.constantFrom('MPB0', 'MPB3') }),
    fc.record({ type: fc.constant('hotVolume' as const), volser: fc.constantFrom('SYSR01', 'WRK001', 'USR042', 'TMP018') }),
    fc.record({ type: fc.constant('monthEndSurge' as const) }),
    fc.record({ type: fc.constant('softCapping' as const), lpar }),
    fc.record({ type: fc.constant('discretionaryHog' as const), lpar }),
    fc.record({ type: fc.constant('enqContention' as const), lpar: fc.constantFrom('PROD02', 'BATCH01', 'TEST01') }),
    fc.constantFrom(['CF01', 'DSNDB0G_GBP1'], ['CF01', 'ISGLOCK'], ['CF01', 'SYSTEM_OPERLOG'], ['CF02', 'IXC_DEFAULT_2'], ['CF02', 'QSG1APPL1']).map(([cf, structure]) => ({ type: 'cfStructureFull' as const, cf: cf!, structure: structure! })),
  );
  // one incident of a type on a target at a time (overlapping ones are refused)
  return fc.uniqueArray(fc.tuple(incident, when), { maxLength: 6, selector: ([i]) => JSON.stringify(i) }).map((xs) => xs.map(([i, w]) => ({ ...i, ...w })));
}
const caseArb = fc.tuple(seedArb, tArb).chain(([seed, t]) => fc.tuple(fc.constant(seed), fc.constant(t), scenarioAt(t)));

const total = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);

/**
 * A coupling facility is the sum of its structures: its requests and its processor utilization; each system's
 * requests to it (sync, async, converted) are the sums over the structures of that system's requests, and what its
 * links carry; a structure's requests are its systems'; the storage is the structures, the dump space and the rest.
 */
function cfIdentities(snap: Snapshot): void {
  for (const cf of snap.couplingFacilities) {
    expect(cf.requestRate).toBeCloseTo(total(cf.structures, (s) => s.requestRate), 6);
    expect(cf.processorUtilizationPercent).toBeCloseTo(total(cf.structures, (s) => s.processorUtilizationPercent), 9);
    expect(cf.processorUtilizationPercent).toBeLessThanOrEqual(100);
    expect(cf.requestRate).toBeCloseTo(total(cf.systems, (y) => y.syncRate + y.asyncRate), 6);
    for (const s of cf.structures) {
      expect(s.requestRate).toBe(s.syncRate + s.asyncRate);
      expect(s.syncRate).toBeCloseTo(total(s.systems, (y) => y.syncRate), 6);
      expect(s.asyncRate).toBeCloseTo(total(s.systems, (y) => y.asyncRate), 6);
      for (const y of s.systems) {
        // converted requests are counted in async; lock requests are never changed (they wait for a subchannel)
        expect(y.convertedRate).toBeLessThanOrEqual(y.asyncRate + 1e-9);
        if (s.type === 'lock') expect(y.changedPercent).toBe(0);
      }
    }
    cf.systems.forEach((y, i) => {
      expect(y.syncRate).toBeCloseTo(total(cf.structures, (s) => s.systems[i]!.syncRate), 6);
      expect(y.asyncRate).toBeCloseTo(total(cf.structures, (s) => s.systems[i]!.asyncRate), 6);
      expect(y.convertedRate).toBeCloseTo(total(cf.structures, (s) => s.systems[i]!.convertedRate), 6);
      const links = snap.lpars.find((l) => l.name === y.lpar)!.cfLinks.filter((k) => k.cf === cf.name);
      expect(total(links, (k) => k.syncRate)).toBeCloseTo(y.syncRate, 6);
      expect(total(links, (k) => k.asyncRate)).toBeCloseTo(y.asyncRate, 6);
    });
    expect(cf.storage.availableBytes + total(cf.structures, (s) => s.sizeBytes) + 6 * 1_048_576).toBe(cf.storage.sizeBytes);
    for (const s of cf.structures) {
      // connectors: one per connected system, never more than the structure allows; a system that sends is connected
      expect(s.connectors).toBe(s.systems.filter((y) => y.connected).length);
      expect(s.connectors).toBeLessThanOrEqual(s.maxConnectors);
      for (const y of s.systems) if (y.syncRate + y.asyncRate > 0) expect(y.connected, `${s.name} ${y.lpar}`).toBe(true);
      // the CFRM policy: MINSIZE ≤ INITSIZE (the size) ≤ SIZE
      expect(s.policy.minSizeBytes).toBeLessThanOrEqual(s.sizeBytes);
      expect(s.policy.maxSizeBytes).toBeGreaterThanOrEqual(s.sizeBytes);
      expect(s.policy.preferenceList[0]).toBe(cf.name);
      // changed cache entries: whole, at most half the directory entries in use; elements at most the entries
      if (s.type === 'cache') {
        const g = structureGeometry(s);
        expect(Number.isInteger(s.changedEntries) && Number.isInteger(s.changedElements)).toBe(true);
        expect(s.changedEntries!).toBeGreaterThanOrEqual(0);
        expect(s.changedEntries!).toBeLessThanOrEqual((0.5 * g.dirEntries * s.utilizedPercent) / 100 + 1e-6);
        expect(s.changedElements!).toBeLessThanOrEqual(s.changedEntries!);
        expect(s.changedElements!).toBeLessThanOrEqual((g.elements * s.utilizedPercent) / 100 + 1e-6);
        if (s.use !== 'db2Gbp') expect(s.changedEntries).toBe(0);
      } else expect(s.changedEntries).toBeUndefined();
    }
  }
}

describe('invariants for random seeds and instants', () => {
  it('every value lies in its metric’s range: percentages in 0–100, quantities never negative', () => {
    fc.assert(
      fc.property(caseArb, ([seed, t, scenario]) => {
        for (const s of createSimulator({ seed, scenario }).samples(t)) {
          const def = getMetric(s.metric)!;
          expect(Number.isFinite(s.value), s.metric).toBe(true);
          if (s.value < def.range[0] || s.value > def.range[1]) throw new Error(`${seriesId(s)} = ${s.value} outside ${def.range}`);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('storage used never exceeds configured capacity (real storage and volume space)', () => {
    fc.assert(
      fc.property(caseArb, ([seed, t, scenario]) => {
        const snap = createSimulator({ seed, scenario }).snapshot(t);
        for (const l of snap.lpars) {
          expect(l.memory.realStorageBytes).toBeLessThanOrEqual(l.memory.realCapacityBytes);
          expect(l.memory.csaBytes).toBeLessThan(l.memory.realStorageBytes);
        }
        for (const v of snap.volumes) expect(v.usedBytes).toBeLessThanOrEqual(v.capacityBytes);
      }),
      { numRuns: 40 },
    );
  });

/**
 * DASD identity: an SSID's I/O, reads, writes and hits are its volumes' sums, hits never above their I/Os, the
 * sysplex's I/O is the SSIDs'; a shared CHPID's total busy (and read and write data) is the sum of the parts of the
 * LPARs that share it, never above 100; a path's data is its reads and writes, zHPF a part of its operations; PEND's
 * parts never exceed it; the PAV count lies between the base alone and base + aliases.
 */
function dasdIdentities(snap: Snapshot, topology: ReturnType<typeof createSimulator>['topology']): void {
  const lcus = snap.storageArray.lcus;
  expect(lcus.length).toBeGreaterThan(0);
  for (const u of lcus) {
    const vols = snap.volumes.filter((v) => v.ssid === u.ssid);
    expect(vols.length).toBeGreaterThan(0);
    expect(u.ioRate).toBeCloseTo(total(vols, (v) => v.ioRate), 6);
    expect(u.readRate).toBeCloseTo(total(vols, (v) => v.readRate), 6);
    expect(u.writeRate).toBeCloseTo(total(vols, (v) => v.writeRate), 6);
    expect(u.readHitRate).toBeCloseTo(total(vols, (v) => (v.readRate * v.readHitPercent) / 100), 6);
    expect(u.readRate + u.writeRate).toBeCloseTo(u.ioRate, 6);
    expect(u.readHitRate).toBeLessThanOrEqual(u.readRate + 1e-9);
    expect(u.writeHitRate).toBeLessThanOrEqual(u.writeRate + 1e-9);
    expect(u.sequentialReadRate).toBeLessThanOrEqual(u.readRate + 1e-9);
    expect(u.sequentialReadHitRate).toBeLessThanOrEqual(u.sequentialReadRate + 1e-9);
    expect(u.sequentialReadHitRate).toBeLessThanOrEqual(u.readHitRate + 1e-9);
    expect(u.sequentialWriteRate).toBeLessThanOrEqual(u.writeRate + 1e-9);
    // every read miss is staged, either normal (stagingRate) or sequential
    expect(u.stagingRate).toBeLessThanOrEqual(u.readRate - u.readHitRate + 1e-6);
    expect(u.readRate - u.sequentialReadRate - u.stagingRate).toBeCloseTo(u.readHitRate - u.sequentialReadHitRate, 6);
    expect(u.cacheAvailableBytes).toBeLessThanOrEqual(u.cacheBytes);
  }
  expect(new Set(lcus.map((u) => u.ssid)).size).toBe(lcus.length);
  expect(total(lcus, (u) => u.ioRate)).toBeCloseTo(total(snap.volumes, (v) => v.ioRate), 6);
  expect(total(lcus, (u) => u.ioRate)).toBeCloseTo(total(snap.lpars, (l) => total(l.volumes, (v) => v.ioRate)), 6);
  const byChpid = new Map<string, LparSnapshot['channels']>();
  for (const l of snap.lpars) for (const c of l.channels) byChpid.set(c.chpid, [...(byChpid.get(c.chpid) ?? []), c]);
  for (const [, parts] of byChpid) {
    expect(parts.length).toBe(topology.channels.shared ? snap.lpars.length : 1);
    const t = parts[0]!.totalUtilizationPercent;
    expect(t).toBeLessThanOrEqual(100);
    expect(total(parts, (c) => c.utilizationPercent)).toBeCloseTo(t, 9);
    for (const c of parts) {
      expect(c.totalUtilizationPercent).toBe(t);
      expect(c.shared).toBe(parts.length > 1);
      expect(c.totalReadMBps).toBeCloseTo(total(parts, (x) => x.readMBps), 9);
      expect(c.totalWriteMBps).toBeCloseTo(total(parts, (x) => x.writeMBps), 9);
      expect(c.readMBps + c.writeMBps).toBeCloseTo(c.throughputMBps, 9);
      expect(c.zhpfRate).toBeLessThanOrEqual(c.ioRate + 1e-9);
      // the adapter's bus: one value per physical channel, rising with its total MB/s, far below the link's busy
      expect(c.busUtilizationPercent).toBe(parts[0]!.busUtilizationPercent);
      expect(c.busUtilizationPercent).toBeGreaterThanOrEqual(0);
      expect(c.busUtilizationPercent).toBeLessThanOrEqual(0.04 + (c.totalReadMBps + c.totalWriteMBps) / 50);
    }
  }
  // the bus busy rises with the physical channel's data: ordered by MB/s, never lower for more
  const chans = [...byChpid.values()].map((p) => p[0]!).sort((a, b) => a.totalReadMBps + a.totalWriteMBps - (b.totalReadMBps + b.totalWriteMBps));
  for (let k = 1; k < chans.length; k++) expect(chans[k]!.busUtilizationPercent).toBeGreaterThanOrEqual(chans[k - 1]!.busUtilizationPercent);
  for (const v of snap.volumes) {
    const r = v.responseTime;
    expect(r.pendDeviceBusy + r.pendCmr).toBeLessThanOrEqual(r.pend * (1 + 1e-12) + 1e-18);
    const aliases = topology.volumeGroups.find((g) => v.volser.startsWith(g.prefix) && /^\d+$/.test(v.volser.slice(g.prefix.length)))!.aliases;
    expect(v.pavExposures).toBeGreaterThanOrEqual(1);
    expect(v.pavExposures).toBeLessThanOrEqual(1 + aliases);
  }
}

  it('identities hold exactly in every sample, with any scenario: RESP = IOSQ+PEND+DISC+CONN; zIIP spill; sums over views', () => {
    fc.assert(
      fc.property(caseArb, ([seed, t, scenario]) => {
        const sim = createSimulator({ seed, scenario });
        const snap: Snapshot = sim.snapshot(t);
        const topology = sim.topology;
        // systems where a loop, a runaway job or a discretionary hog (CPU that never ends a transaction) may be running
        const stuck = new Set(sim.incidents({ from: t - 900_000, to: t }).filter((i) => ['cpuLoop', 'runawayBatch', 'discretionaryHog'].includes(i.type)).map((i) => i.target.lpar!));
        for (const v of snap.volumes) {
          const r = v.responseTime;
          expect(r.total).toBe(r.iosq + r.pend + r.disc + r.conn);
          expect(v.readRate + v.writeRate).toBeCloseTo(v.ioRate, 9);
        }
        for (const l of snap.lpars) {
          expect(l.cpu.zaapPercent).toBeLessThanOrEqual(l.cpu.ziipPercent);
          // zIIP help (eligible work on GPs) only once the zIIPs are well loaded (or the LPAR has none); help follows
          // the zIIPs' offered load, so with the GPs short as well, the zIIP busy that executes may be a little lower
          const lpar = topology.lpars.find((x) => x.name === l.name)!;
          // — or once the CPC's zIIP pool is, and PR/SM shares it by zIIP weight
          const ziipPool = snap.lpars.reduce((s, x) => s + x.cpu.ziipPhysicalEffectivePercent, 0);
          // (when its GPs hold the work back — at its logical GPs, capped, or held to its share by PR/SM — its zIIP work
          // slows as much: the zIIPs' offered load is their busy scaled back up by the GP demand served)
          const offered = l.cpu.ziipPercent * Math.max(1, l.cpu.demandPercent / l.cpu.generalPurposePercent);
          if (l.cpu.ziipEligibleOnCpPercent > 0 && lpar.ziip > 0 && ziipPool < 85) expect(offered).toBeGreaterThan(l.cpu.generalPurposePercent > 97 ? 40 : 55);
          for (const c of l.wlm) {
            // execution velocity: using over using and the delays WLM manages (processor, capping, I/O, paging)
            const managed = c.delayPercent.cpu + c.delayPercent.capping + c.delayPercent.io + c.delayPercent.storage;
            expect(c.velocityPercent).toBeCloseTo((100 * c.usingPercent) / (c.usingPercent + managed), 9);
          }
          // executed CPU never exceeds capacity, and is the classes' CPU: their (captured) GP time is the LPAR's GP
          // busy times its capture ratio; their zIIP time is the zIIP busy
          expect(l.cpu.generalPurposePercent).toBeLessThanOrEqual(100);
          const classCp = l.wlm.reduce((s, c) => s + c.cpu.applCpPercent, 0) / 100;
          expect(classCp).toBeCloseTo((l.cpu.generalPurposePercent * lpar.gp * l.cpu.captureRatioPercent) / 100 / 100, 6);
          expect(l.wlm.reduce((s, c) => s + c.cpu.applZiipPercent, 0)).toBeCloseTo(l.cpu.ziipPercent * lpar.ziip, 6);
          // ended transactions × CPU per transaction = the class's executed CPU (a loop or a runaway job never ends)
          if (!stuck.has(l.name)) {
            for (const c of l.wlm) {
              expect(c.transactionRate * c.cpuPerTransactionSeconds).toBeCloseTo((c.cpu.applCpPercent + c.cpu.applZiipPercent) / 100, 9);
            }
          }
        }
        snap.volumes.forEach((v, i) => {
          const sum = snap.lpars.reduce((s, l) => s + l.volumes[i]!.ioRate, 0);
          expect(sum).toBeCloseTo(v.ioRate, 6);
        });
        const chanTotal = snap.lpars.reduce((s, l) => s + l.channels.reduce((a, c) => a + c.ioRate, 0), 0);
        const portTotal = snap.storageArray.hostPorts.reduce((s, p) => s + p.iops, 0);
        expect(portTotal).toBeCloseTo(chanTotal, 6);
        expect(snap.cpc!.actualMsu).toBeCloseTo(snap.lpars.reduce((s, l) => s + l.cpu.actualMsu, 0), 9);
        cfIdentities(snap);
        dasdIdentities(snap, topology);
      }),
      { numRuns: 40 },
    );
  });

  it('write pending never moves faster than its fill and drain rates allow', () => {
    const incident = fc.record({ severity: fc.double({ min: 0.2, max: 1, noNaN: true }), durationMinutes: fc.integer({ min: 10, max: 300 }), clpr: fc.constantFrom('CLPR0', 'CLPR1') });
    fc.assert(
      fc.property(seedArb, tArb, incident, fc.integer({ min: -30, max: 330 }), (seed, t0, inc, offset) => {
        const sim = createSimulator({ seed, scenario: [{ type: 'cacheWritePending', start: t0, ...inc }] });
        const cacheGb = sim.topology.storageArray.clprs.find((c) => c.name === inc.clpr)!.cacheGb;
        const destage = sim.topology.storageArray.clprs.find((c) => c.name === inc.clpr)!.destageMBps;
        const wp = (t: number) => sim.snapshot(t).storageArray.clprs.find((c) => c.name === inc.clpr)!;
        let prev = wp(t0 + offset * 60_000);
        for (let k = 1; k <= 8; k++) {
          const now = wp(t0 + offset * 60_000 + k * 15_000);
          // in 15 s: at most every host write held (fill) or a full destage (drain), plus the measurement noise
          const bound = (100 * 15 * Math.max(now.writeMBps, prev.writeMBps, destage)) / (cacheGb * 1024) + 0.25;
          const eqMove = Math.abs(now.writeMBps - prev.writeMBps) > 0 ? 3 : 0; // outside an episode the level follows the write rate
          expect(Math.abs(now.writePendingPercent - prev.writePendingPercent)).toBeLessThanOrEqual(bound + eqMove);
          prev = now;
        }
      }),
      { numRuns: 30 },
    );
  });

  it('no calendar step at midnight beyond the day’s own interval-to-interval noise', () => {
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 0, max: 730 }), (seed, day) => {
        const sim = createSimulator({ seed });
        const midnight = JAN5 + day * DAY;
        const steps = new Map<string, number[]>();
        let prev = sim.msu(midnight - DAY).gpPercent;
        for (let t = midnight - DAY + 30_000; t <= midnight + 30_000; t += 30_000) {
          const now = sim.msu(t).gpPercent;
          for (const name of Object.keys(now)) (steps.get(name) ?? steps.set(name, []).get(name)!).push(Math.abs(now[name]! - prev[name]!));
          prev = now;
        }
        for (const [name, xs] of steps) {
          const atMidnight = xs[xs.length - 1]!; // 23:59:30 → 00:00:00 … 00:00:30
          const rest = xs.slice(0, -2).sort((a, b) => a - b);
          expect(atMidnight, `${name}, seed ${seed}, day ${day}`).toBeLessThanOrEqual(rest[rest.length - 1]!);
        }
      }),
      { numRuns: 8, seed: 20261201 },
    );
  });

  it('histograms are cumulative: buckets never decrease and never exceed the count', () => {
    fc.assert(
      fc.property(caseArb, ([seed, t, scenario]) => {
        const snap = createSimulator({ seed, scenario }).snapshot(t);
        const hs = snap.lpars.flatMap((l) => [...l.ioResponse.map((r) => r.histogram), ...l.cfLinks.map((c) => c.serviceTime)]);
        for (const h of hs) {
          for (let i = 1; i < h.counts.length; i++) expect(h.counts[i]!).toBeGreaterThanOrEqual(h.counts[i - 1]!);
          expect(h.counts[h.counts.length - 1]!).toBeLessThanOrEqual(h.count);
          expect(Number.isInteger(h.count)).toBe(true);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('samples and snapshot of the same instant carry the same numbers', () => {
    const sim = createSimulator({ seed: 11 });
    const t = JAN5 + 2 * DAY + 10 * 3600_000;
    const snap = sim.snapshot(t);
    const byId = new Map(sim.samples(t).map((s) => [seriesId(s), s.value]));
    const get = (metric: string, labels: Record<string, string>) => byId.get(seriesId({ metric, labels }));
    for (const l of snap.lpars) {
      expect(get('rmf_cpu_utilization_percent', { sysplex: 'SYSPLEX01', lpar: l.name, cpu_type: 'general_purpose' })).toBe(l.cpu.generalPurposePercent);
      expect(get('rmf_cpu_utilization_percent', { sysplex: 'SYSPLEX01', lpar: l.name, cpu_type: 'ziip' })).toBe(l.cpu.ziipPercent);
      expect(get('rmf_memory_usage_bytes', { sysplex: 'SYSPLEX01', lpar: l.name, memory_type: 'real_storage' })).toBe(l.memory.realStorageBytes);
      for (const c of l.wlm) {
        expect(get('rmf_wlm_performance_index', { sysplex: 'SYSPLEX01', lpar: l.name, workload: c.workload, service_class: c.serviceClass, period: String(c.period) })).toBe(c.performanceIndex);
      }
      for (const v of l.volumes) expect(get('rmf_volumes_iops', { sysplex: 'SYSPLEX01', lpar: l.name, volume_type: v.volumeType, volume_id: v.volser })).toBe(v.ioRate);
    }
    for (const v of snap.volumes) {
      for (const component of ['total', 'iosq', 'pend', 'disc', 'conn'] as const) {
        expect(get('rmf_volume_response_time_seconds', { sysplex: 'SYSPLEX01', volser: v.volser, component })).toBe(v.responseTime[component]);
      }
    }
    for (const c of snap.storageArray.clprs) expect(get('rmf_clpr_write_pending_percent', { sysplex: 'SYSPLEX01', array: 'VSP412345', clpr: c.name })).toBe(c.writePendingPercent);
  });
});
