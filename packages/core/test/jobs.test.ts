import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, createSimulator, defaultTopology, jobMetrics, jobSamples, type AddressSpaceSnapshot, type LparSnapshot, type Snapshot } from '@rmf-sim/core';
import { JAN5 } from './helpers.js';

const HOUR = 3_600_000;
const close = (a: number, b: number, what: string) => {
  if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) throw new Error(`${what}: ${a} ≠ ${b}`);
};
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const STATE_PATHS = ['usingBy.processor', 'usingBy.device', 'delayPercent.cpu', 'delayPercent.ziip', 'delayPercent.capping', 'delayPercent.io', 'delayPercent.storage', 'delayPercent.enqueue', 'delayPercent.jes', 'delayPercent.hsm', 'delayPercent.xcf', 'delayPercent.operator', 'delayPercent.subsystem'] as const;
/** How long a page stays on auxiliary storage, s (the model's 10 minutes: `storage.auxSlots`' help text). */
const AUX_RESIDENCE_S = 600;
const read = (o: object, path: string) => path.split('.').reduce((x: unknown, k) => (x as Record<string, unknown>)[k], o) as number;

/** The address spaces a class period's numbers are the sum (or sample-weighted average) of. */
const inPeriod = (l: LparSnapshot, serviceClass: string, period: number) => l.addressSpaces.filter((a) => a.active && a.serviceClass === serviceClass && a.period === period);
const isEnclaveClass = (topoClass: string) => defaultTopology.serviceClasses.find((c) => c.name === topoClass)?.subsystem === 'DB2';

function checkIdentities(snap: Snapshot): void {
  for (const l of snap.lpars) {
    const as = l.addressSpaces;
    // the system = Σ its address spaces (CPU with the enclaves their owners carry, I/O, page-ins, frames, CSA)
    close(sum(as.map((a) => a.cpu.eapplCpPercent)), sum(l.wlm.map((c) => c.cpu.applCpPercent)), `${l.name} EAppl% CP`);
    close(sum(as.map((a) => a.cpu.eapplZiipPercent)), sum(l.wlm.map((c) => c.cpu.applZiipPercent)), `${l.name} EAppl% IIP`);
    close(sum(as.map((a) => a.ioRate)), sum(l.volumes.map((v) => v.ioRate)), `${l.name} I/O rate`);
    close(sum(as.map((a) => a.storage.pageInRate)), l.memory.pageInRate, `${l.name} page-ins`);
    close(sum(as.map((a) => a.storage.csaBytes)), l.memory.csaBytes, `${l.name} CSA`);
    close(sum(as.map((a) => a.storage.workingSetFrames)) + l.memory.csaBytes / 4096, l.memory.realStorageBytes / 4096, `${l.name} frames`);
    // the pages on the page data sets: page-outs × their 10-minute residence (the help text of storage.auxSlots), plus
    // the stolen pages still to come back after a shortage (their page-in rate is part of the system's): none without paging
    const onAux = sum(as.map((a) => a.storage.auxSlots));
    expect(onAux, `${l.name} aux slots ≥ page-outs × residence`).toBeGreaterThanOrEqual(AUX_RESIDENCE_S * l.memory.pageOutRate * (1 - 1e-9));
    expect(onAux, `${l.name} aux slots ≤ (page-outs + page-ins) × residence`).toBeLessThanOrEqual(AUX_RESIDENCE_S * (l.memory.pageOutRate + l.memory.pageInRate) * (1 + 1e-9) + 1e-9);
    if (l.memory.pageOutRate === 0 && l.memory.pageInRate === 0) expect(as.filter((a) => a.storage.auxSlots !== 0), `${l.name} pages nothing`).toEqual([]);
    for (const a of as) {
      // DIV frames are pageable frames of its working set; valid shared pages are some of its shared pages
      const m = a.storage;
      for (const x of [m.divFrames, m.auxSlots, m.sharedPages, m.sharedPagesValid]) if (!(x >= 0)) throw new Error(`${a.jobName}: storage count ${x}`);
      if (m.fixedFrames + m.divFrames > m.workingSetFrames * (1 + 1e-12)) throw new Error(`${a.jobName}: fixed ${m.fixedFrames} + DIV ${m.divFrames} > working set ${m.workingSetFrames}`);
      if (m.sharedPagesValid > m.sharedPages * (1 + 1e-12)) throw new Error(`${a.jobName}: ${m.sharedPagesValid} valid of ${m.sharedPages} shared pages`);
      const states = sum(STATE_PATHS.filter((p) => p !== 'delayPercent.ziip').map((p) => read(a, p))) + a.idlePercent + a.unknownPercent;
      close(states, 100, `${l.name} ${a.jobName} states`);
      // the operator delay = mounts + messages + quiesce; idle and unknown are parts of what is neither using nor delayed
      const d = a.delayPercent;
      close(d.operatorMount + d.operatorMessage + d.operatorQuiesce, d.operator, `${l.name} ${a.jobName} operator parts`);
      for (const x of [d.operatorMount, d.operatorMessage, d.operatorQuiesce, a.idlePercent, a.unknownPercent]) if (x < 0 || x > 100 + 1e-9) throw new Error(`${a.jobName}: a part is ${x}`);
      // quiesce is of swappable work only; an address space without work is idle, not unknown
      if ((a.type === 'SYS' || a.type === 'STC') && d.operatorQuiesce !== 0) throw new Error(`${a.jobName}: quiesced ${a.type}`);
      if (!a.active && a.unknownPercent !== 0) throw new Error(`${a.jobName}: inactive with unknown samples`);
      close(a.usingPercent, a.usingBy.processor + a.usingBy.device, `${l.name} ${a.jobName} using`);
      for (const p of STATE_PATHS) if (read(a, p) < -1e-9 || read(a, p) > 100 + 1e-9) throw new Error(`${a.jobName} ${p} = ${read(a, p)}`);
      if (a.delayPercent.ziip > a.delayPercent.cpu + 1e-9) throw new Error(`${a.jobName}: zIIP delay above processor delay`);
      // its own time = TCB + SRB; its enclaves' time = EAppl% less APPL%
      close(a.cpu.tcbPercent + a.cpu.srbPercent, a.cpu.applCpPercent + a.cpu.applZiipPercent, `${l.name} ${a.jobName} TCB + SRB`);
      close(a.cpu.enclaveSrbPercent, a.cpu.eapplCpPercent + a.cpu.eapplZiipPercent - a.cpu.applCpPercent - a.cpu.applZiipPercent, `${l.name} ${a.jobName} enclave SRB`);
      if (a.cpu.tcbPercent < 0 || a.cpu.srbPercent < 0 || a.cpu.srbPercent > 0.9 * (a.cpu.tcbPercent + a.cpu.srbPercent) + 1e-12) throw new Error(`${a.jobName}: TCB ${a.cpu.tcbPercent}, SRB ${a.cpu.srbPercent}`);
    }
    // I/O by volume: on every volume the address spaces' parts add up to at most the system's I/O to it; a job's
    // using of its main volume is the connect time of its I/O there, so the jobs on a volume add up to at most the
    // volume's connect time from this system
    const conn = new Map(snap.volumes.map((v) => [v.volser, v.responseTime.conn]));
    const onVolume = new Map<string, number>();
    const usingOn = new Map<string, number>();
    for (const a of as) {
      const d = a.device;
      for (const x of [d.connectPercent, d.topVolumeIoRate, d.topVolumeUsingPercent, d.topVolumeDelayPercent]) if (!(x >= 0)) throw new Error(`${a.jobName}: device part ${x}`);
      if (!a.active) {
        expect([d.connectPercent, d.topVolumeIoRate, d.topVolumeUsingPercent, d.topVolumeDelayPercent]).toEqual([0, 0, 0, 0]);
        continue;
      }
      if (a.ioRate > 0) expect(a.topVolume, `${a.jobName} does I/O to a volume`).not.toBe('');
      if (!a.topVolume) continue;
      expect(d.topVolumeIoRate).toBeLessThanOrEqual(a.ioRate * (1 + 1e-12));
      expect(d.topVolumeDelayPercent).toBeLessThanOrEqual(a.delayPercent.io * (1 + 1e-12));
      close(d.topVolumeUsingPercent, 100 * d.topVolumeIoRate * conn.get(a.topVolume)!, `${a.jobName} using ${a.topVolume} = its connect time there`);
      usingOn.set(a.topVolume, (usingOn.get(a.topVolume) ?? 0) + d.topVolumeUsingPercent);
      // its connect time includes its main volume's part
      expect(d.connectPercent).toBeGreaterThanOrEqual(d.topVolumeUsingPercent * (1 - 1e-9));
      expect(d.connectPercent).toBeLessThanOrEqual(100 * a.ioRate * Math.max(...conn.values()) * (1 + 1e-9));
      onVolume.set(a.topVolume, (onVolume.get(a.topVolume) ?? 0) + d.topVolumeIoRate);
    }
    for (const v of l.volumes) expect(onVolume.get(v.volser) ?? 0, `${l.name} ${v.volser}: jobs' I/O ≤ the system's`).toBeLessThanOrEqual(v.ioRate * (1 + 1e-9) + 1e-12);
    for (const v of l.volumes) expect(usingOn.get(v.volser) ?? 0, `${l.name} ${v.volser}: jobs' using ≤ its connect time`).toBeLessThanOrEqual(100 * v.ioRate * conn.get(v.volser)! * (1 + 1e-9) + 1e-12);
    // each class period = Σ its address spaces: CPU, and the using and delay samples (counts; a period's samples are
    // its work's, an address space's every second of the interval); an address space uses the processor for its
    // CPU time (at most 100 %: a multitasking one can use more than a processor; where its delays would not fit
    // beside its using they are scaled to the rest, and its period's delay samples are then more than its own)
    for (const c of l.wlm) {
      const mine = inPeriod(l, c.serviceClass, c.period);
      if (isEnclaveClass(c.serviceClass)) {
        expect(mine).toHaveLength(0);
        continue;
      }
      close(sum(mine.map((a) => a.cpu.applCpPercent)), c.cpu.applCpPercent, `${l.name} ${c.serviceClass}/${c.period} APPL% CP`);
      close(sum(mine.map((a) => a.cpu.applZiipPercent)), c.cpu.applZiipPercent, `${l.name} ${c.serviceClass}/${c.period} APPL% IIP`);
      const samples = sum(mine.map((a) => a.samples));
      if (c.cpu.applCpPercent > 0) expect(samples, `${l.name} ${c.serviceClass}/${c.period} has address spaces`).toBeGreaterThan(0);
      if (samples === 0) continue;
      const full = mine.filter((a) => a.idlePercent + a.unknownPercent < 1e-9);
      for (const a of mine) {
        expect(a.samples, `${a.jobName} is sampled every second`).toBe(snap.intervalSeconds);
        close(a.usingBy.processor, Math.min(100, a.cpu.applCpPercent + a.cpu.applZiipPercent), `${l.name} ${a.jobName} using processor = its CPU time`);
      }
      for (const p of STATE_PATHS) {
        const ours = sum(mine.map((a) => (a.samples * read(a, p)) / 100));
        const theirs = (c.samples * read(c, p)) / 100;
        if (full.length === 0) close(ours, theirs, `${l.name} ${c.serviceClass}/${c.period} ${p} samples`);
        else expect(ours, `${l.name} ${c.serviceClass}/${c.period} ${p} samples`).toBeLessThanOrEqual(theirs * (1 + 1e-9) + 1e-12);
      }
    }
  }
}

describe('address spaces and jobs', () => {
  const sim = createSimulator({ seed: 42 });

  it('the default images have about 750 address spaces, of which 190–260 are active on the production systems', () => {
    for (const h of [3, 10, 15]) {
      const snap = sim.snapshot(JAN5 + h * HOUR);
      for (const l of snap.lpars) {
        const cap = defaultTopology.lpars.find((x) => x.name === l.name)!.workload === 'online' ? 750 : 600;
        expect(l.addressSpaces.length, l.name).toBeLessThanOrEqual(cap);
        expect(l.addressSpaces.length, l.name).toBeGreaterThan(cap * 0.55);
        const asids = l.addressSpaces.map((a) => a.asid);
        expect(new Set(asids).size).toBe(asids.length);
        if (l.name.startsWith('PROD')) {
          const active = l.addressSpaces.filter((a) => a.active).length;
          expect(active, `${l.name} at ${h}:00`).toBeGreaterThanOrEqual(190);
          expect(active, `${l.name} at ${h}:00`).toBeLessThanOrEqual(260);
        }
      }
    }
  });

  it('has the system tasks and subsystem regions a real image has, in their classes', () => {
    const l = sim.snapshot(JAN5 + 10 * HOUR).lpars.find((x) => x.name === 'PROD01')!;
    const by = new Map(l.addressSpaces.map((a) => [a.jobName, a]));
    for (const name of ['*MASTER*', 'XCFAS', 'GRS', 'SMSPDSE', 'JES2', 'RMF', 'RMFGAT', 'TCPIP', 'VTAM', 'DBA1MSTR', 'DBA1DBM1', 'DBA1DIST', 'DBA1IRLM', 'MQA1MSTR', 'CICSAT01', 'IMSACTL']) expect(by.has(name), name).toBe(true);
    expect(by.get('*MASTER*')!.asid).toBe(1);
    expect(by.get('*MASTER*')!.type).toBe('SYS');
    expect(by.get('CICSAT01')!.serviceClass).toBe('CICSHI');
    expect(by.get('JES2')!.jobId).toMatch(/^STC\d{5}$/);
    // DB2 DIST owns the DDF enclaves: their CPU is in its EAppl%, not its APPL%
    const dist = by.get('DBA1DIST')!;
    const ddf = l.wlm.filter((c) => c.serviceClass === 'DDFHI');
    expect(dist.cpu.eapplCpPercent - dist.cpu.applCpPercent).toBeCloseTo(sum(ddf.map((c) => c.cpu.applCpPercent)), 9);
    // TSO users and batch jobs carry their JES ids; initiators without a job show as INIT
    for (const a of l.addressSpaces.filter((x) => x.type === 'TSO')) expect(a.jobId).toMatch(/^TSU\d{5}$/);
    for (const a of l.addressSpaces.filter((x) => x.type === 'BATCH')) expect(a.jobId).toMatch(/^JOB\d{5}$/);
    for (const a of l.addressSpaces.filter((x) => x.type === 'INIT')) expect([a.jobName, a.active]).toEqual(['INIT', false]);
  });

  it('identities hold exactly for random seeds, instants and incidents (system and class = Σ address spaces)', () => {
    const lpar = fc.constantFrom('PROD01', 'PROD02', 'BATCH01', 'TEST01');
    const incident = fc.oneof(
      fc.record({ type: fc.constant('cpuLoop' as const), lpar }),
      fc.record({ type: fc.constant('runawayBatch' as const), lpar: fc.constantFrom('PROD01', 'BATCH01', 'TEST01') }),
      fc.record({ type: fc.constant('storageShortage' as const), lpar }),
      fc.record({ type: fc.constant('softCapping' as const), lpar }),
      fc.record({ type: fc.constant('discretionaryHog' as const), lpar }),
      fc.record({ type: fc.constant('enqContention' as const), lpar: fc.constantFrom('PROD02', 'BATCH01', 'TEST01') }),
    );
    const caseArb = fc.tuple(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 30 * 96 }).map((q) => JAN5 + q * 900_000)).chain(([seed, t]) =>
      fc.tuple(
        fc.constant(seed),
        fc.constant(t),
        fc.uniqueArray(fc.tuple(incident, fc.integer({ min: -120, max: 10 }), fc.integer({ min: 1, max: 240 })), { maxLength: 4, selector: ([i]) => JSON.stringify(i) }).map((xs) => xs.map(([i, m, d]) => ({ ...i, start: t + m * 60_000, durationMinutes: d }))),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([seed, t, scenario]) => checkIdentities(createSimulator({ seed, scenario }).snapshot(t))),
      { numRuns: 25 },
    );
  });

  it('an instant’s address spaces do not depend on the instants asked before (random access in time)', () => {
    const t = JAN5 + 26 * HOUR + 15 * 60_000;
    const fresh = createSimulator({ seed: 7 }).snapshot(t);
    const used = createSimulator({ seed: 7 });
    for (const h of [40, 1, 300, 26]) used.snapshot(JAN5 + h * HOUR);
    expect(used.snapshot(t).lpars.map((l) => [l.addressSpaces, l.enqueues])).toEqual(fresh.lpars.map((l) => [l.addressSpaces, l.enqueues]));
  });

  it('batch jobs start and end on a schedule shaped by the batch window; a running job ages with the clock', () => {
    const batch = (h: number) => sim.snapshot(JAN5 + h * HOUR).lpars.find((l) => l.name === 'BATCH01')!.addressSpaces.filter((a) => a.type === 'BATCH');
    expect(batch(2).length).toBeGreaterThan(1.5 * batch(11).length);
    // over an hour of the night, jobs end and others start in the same initiators
    const t0 = JAN5 + 1 * HOUR;
    const ids = (t: number) => new Set(sim.snapshot(t).lpars.find((l) => l.name === 'BATCH01')!.addressSpaces.filter((a) => a.type === 'BATCH').map((a) => `${a.asid}/${a.jobId}`));
    const a = ids(t0);
    const b = ids(t0 + HOUR);
    const kept = [...a].filter((x) => b.has(x)).length;
    expect(kept).toBeLessThan(a.size / 2);
    expect(b.size - kept).toBeGreaterThan(10);
    // the same job one interval later is 15 s older
    const one = (t: number) => sim.snapshot(t).lpars.find((l) => l.name === 'BATCH01')!.addressSpaces.filter((x) => x.type === 'BATCH');
    const now = one(t0);
    const next = new Map(one(t0 + sim.intervalMs).map((x) => [`${x.asid}/${x.jobId}`, x]));
    const same = now.filter((x) => next.has(`${x.asid}/${x.jobId}`));
    expect(same.length).toBeGreaterThan(0);
    for (const x of same) expect(next.get(`${x.asid}/${x.jobId}`)!.elapsedSeconds - x.elapsedSeconds).toBeCloseTo(sim.intervalMs / 1000, 6);
  });

  it('TSO users log on with the online day', () => {
    const tso = (h: number) => sim.snapshot(JAN5 + h * HOUR).lpars.find((l) => l.name === 'TEST01')!.addressSpaces.filter((a) => a.type === 'TSO').length;
    expect(tso(10)).toBeGreaterThan(tso(4));
  });

  it('idle vs unknown and the operator delay’s parts follow the kind of work (real DELAY: *TSO 93 % idle / 7 % unknown, *BATCH 9 / 91, *STC 11 / 89)', () => {
    const as = sim.snapshot(JAN5 + 10 * HOUR).lpars.flatMap((l) => l.addressSpaces.filter((a) => a.active));
    const weighted = (type: readonly string[], get: (a: AddressSpaceSnapshot) => number) => {
      const mine = as.filter((a) => type.includes(a.type));
      return sum(mine.map((a) => a.samples * get(a))) / sum(mine.map((a) => a.samples));
    };
    const unknownShare = (type: readonly string[]) => weighted(type, (a) => a.unknownPercent) / weighted(type, (a) => a.unknownPercent + a.idlePercent);
    expect(unknownShare(['TSO'])).toBeGreaterThan(0.03);
    expect(unknownShare(['TSO'])).toBeLessThan(0.15);
    for (const t of [['BATCH'], ['STC', 'SYS']]) {
      expect(unknownShare(t), t[0]).toBeGreaterThan(0.8);
      expect(unknownShare(t), t[0]).toBeLessThan(0.97);
    }
    // batch waits mostly for tape mounts, started tasks for replies; only swappable work is quiesced
    const mountShare = (type: readonly string[]) => weighted(type, (a) => a.delayPercent.operatorMount) / weighted(type, (a) => a.delayPercent.operator);
    expect(mountShare(['BATCH'])).toBeGreaterThan(0.45);
    expect(mountShare(['STC', 'SYS'])).toBeLessThan(0.3);
    expect(weighted(['BATCH', 'TSO'], (a) => a.delayPercent.operatorQuiesce)).toBeGreaterThan(0);
    expect(weighted(['STC', 'SYS'], (a) => a.delayPercent.operatorQuiesce)).toBe(0);
  });

  it('a CPU loop runs in the job it names, and ground truth names it', () => {
    const start = JAN5 + 10 * HOUR;
    const s = createSimulator({ seed: 42, scenario: [{ type: 'cpuLoop', lpar: 'PROD02', job: 'TCPIP', start, durationMinutes: 30 }] });
    const [inc] = s.incidents();
    expect(inc!.jobs).toEqual([{ role: 'looping', jobName: 'TCPIP', asid: expect.any(Number) }]);
    const before = sim.snapshot(start + 15 * 60_000).lpars.find((l) => l.name === 'PROD02')!;
    const during = s.snapshot(start + 15 * 60_000).lpars.find((l) => l.name === 'PROD02')!;
    const tcpip = (l: LparSnapshot) => l.addressSpaces.find((a) => a.jobName === 'TCPIP')!;
    expect(tcpip(during).asid).toBe(inc!.jobs![0]!.asid);
    // the loop burns min(3, GPs / 2) CPs, all of it charged to TCPIP; it is the system's top CPU user
    expect(tcpip(during).cpu.applCpPercent - tcpip(before).cpu.applCpPercent).toBeGreaterThan(250);
    const top = [...during.addressSpaces].sort((a, b) => b.cpu.eapplCpPercent - a.cpu.eapplCpPercent)[0]!;
    expect(top.jobName).toBe('TCPIP');
    checkIdentities(s.snapshot(start + 15 * 60_000));
    // the default loops in RMFGAT; an unknown job is a ConfigError on its path
    expect(createSimulator({ seed: 1, scenario: [{ type: 'cpuLoop', lpar: 'PROD01', start, durationMinutes: 5 }] }).incidents()[0]!.jobs![0]!.jobName).toBe('RMFGAT');
    try {
      createSimulator({ seed: 1, scenario: [{ type: 'cpuLoop', lpar: 'PROD01', job: 'NOSUCH', start, durationMinutes: 5 }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).issues[0]!.path).toEqual(['scenario', 0, 'job']);
    }
  });

  it('a runaway job is one job that never ends: the same JES id through the incident, charged its CPU and scratch I/O', () => {
    const start = JAN5 + 11 * HOUR;
    const s = createSimulator({ seed: 42, scenario: [{ type: 'runawayBatch', lpar: 'BATCH01', start, durationMinutes: 180 }] });
    const job = s.incidents()[0]!.jobs![0]!;
    expect(job.role).toBe('runaway');
    const seen = [30, 90, 170].map((m) => s.snapshot(start + m * 60_000).lpars.find((l) => l.name === 'BATCH01')!.addressSpaces.find((a) => a.asid === job.asid)!);
    for (const a of seen) expect([a.jobName, a.type]).toEqual([job.jobName, 'BATCH']);
    expect(new Set(seen.map((a) => a.jobId)).size).toBe(1);
    expect(seen[2]!.elapsedSeconds).toBe(170 * 60);
    for (const a of seen) expect(a.cpu.applCpPercent).toBeGreaterThan(80);
    // its scratch I/O is its own: it drives more I/O than any other job of the system
    const l = s.snapshot(start + 90 * 60_000).lpars.find((x) => x.name === 'BATCH01')!;
    const top = [...l.addressSpaces].filter((a) => a.type === 'BATCH').sort((a, b) => b.ioRate - a.ioRate)[0]!;
    expect(top.asid).toBe(job.asid);
  });

  it('ENQ contention: the holder named by ground truth holds the data set, batch and TSO work waits for it', () => {
    const start = JAN5 + 10 * HOUR;
    const s = createSimulator({ seed: 42, scenario: [{ type: 'enqContention', lpar: 'BATCH01', start, durationMinutes: 60 }] });
    const inc = s.incidents()[0]!;
    expect(inc.resource).toEqual({ major: 'SYSDSN', minor: expect.stringMatching(/^PROD\.[A-Z]+\.[A-Z]+$/), scope: 'SYSTEMS' });
    const l = s.snapshot(start + 20 * 60_000).lpars.find((x) => x.name === 'BATCH01')!;
    const e = l.enqueues.find((x) => x.minor === inc.resource!.minor)!;
    expect(e.holder).toEqual({ jobName: inc.jobs![0]!.jobName, asid: inc.jobs![0]!.asid, status: 'EO' });
    expect(e.waiters.length).toBeGreaterThan(3);
    const byAsid = new Map(l.addressSpaces.map((a) => [a.asid, a]));
    for (const w of e.waiters) {
      const a: AddressSpaceSnapshot = byAsid.get(w.asid)!;
      expect(a.jobName).toBe(w.jobName);
      expect(a.delayPercent.enqueue).toBeGreaterThan(1);
      expect(['BATCH', 'TSO']).toContain(a.type);
    }
    expect(byAsid.get(e.holder.asid)!.delayPercent.enqueue).toBeLessThan(1);
    // after it, the data set is free
    const after = s.snapshot(start + 90 * 60_000).lpars.find((x) => x.name === 'BATCH01')!;
    expect(after.enqueues.some((x) => x.minor === inc.resource!.minor)).toBe(false);
  });

  it('jobSamples: the active jobs of each system (or the top N by CPU), one sample per job metric, values from the snapshot', () => {
    const snap = sim.snapshot(JAN5 + 10 * HOUR);
    const all = jobSamples(snap);
    const active = sum(snap.lpars.map((l) => l.addressSpaces.filter((a) => a.active).length));
    expect(all).toHaveLength(active * jobMetrics.length);
    const prod = snap.lpars[0]!;
    const dist = prod.addressSpaces.find((a) => a.jobName === 'DBA1DIST')!;
    const eappl = all.find((x) => x.metric === 'rmf_job_eappl_percent' && x.labels.lpar === prod.name && x.labels.asid === String(dist.asid))!;
    expect(eappl.value).toBe(dist.cpu.eapplCpPercent + dist.cpu.eapplZiipPercent);
    expect(eappl.labels.job_name).toBe('DBA1DIST');
    const csa = all.filter((x) => x.metric === 'rmf_job_csa_percent' && x.labels.lpar === prod.name);
    close(sum(csa.map((x) => x.value)), (100 * sum(prod.addressSpaces.filter((a) => a.active).map((a) => a.storage.csaBytes))) / prod.memory.csaBytes, 'CSA shares');
    const top = jobSamples(snap, { top: 5 }).filter((x) => x.metric === 'rmf_job_eappl_percent' && x.labels.lpar === prod.name);
    expect(top.map((x) => x.labels.job_name)).toEqual([...prod.addressSpaces].filter((a) => a.active).sort((a, b) => b.cpu.eapplCpPercent + b.cpu.eapplZiipPercent - a.cpu.eapplCpPercent - a.cpu.eapplZiipPercent).slice(0, 5).map((a) => a.jobName));
  });

  it('each address space does its I/O to a static set of its system’s volumes: DB2 to DB2 volumes, batch to work volumes, paging to page volumes', () => {
    const a = sim.snapshot(JAN5 + 10 * HOUR);
    const b = sim.snapshot(JAN5 + 31 * HOUR);
    for (const [la, lb] of a.lpars.map((l, i) => [l, b.lpars[i]!] as const)) {
      const byAsid = new Map(lb.addressSpaces.map((x) => [x.asid, x]));
      let compared = 0;
      for (const x of la.addressSpaces) {
        const y = byAsid.get(x.asid);
        if (!y || !x.topVolume || !y.topVolume) continue;
        expect(y.topVolume, `${la.name} ASID ${x.asid}`).toBe(x.topVolume);
        compared++;
      }
      expect(compared).toBeGreaterThan(50);
      const master = la.addressSpaces.find((x) => x.asid === 1)!;
      expect(master.jobName).toBe('*MASTER*');
      expect(la.volumes.find((v) => v.volser === master.topVolume)?.volumeType).toBe('PAGE');
      const dbm1 = la.addressSpaces.find((x) => x.jobName.endsWith('DBM1'));
      if (dbm1) expect(la.volumes.find((v) => v.volser === dbm1.topVolume)?.volumeType).toMatch(/^DB2(DATA|LOG)$/);
      for (const x of la.addressSpaces.filter((x) => x.type === 'BATCH' && x.topVolume)) expect(la.volumes.find((v) => v.volser === x.topVolume)!.volumeType).toMatch(/WORK|TEMP|USR|USER|DB2/);
    }
  });

  it('DIV frames are DB2’s and MQ’s; aux slots are the system’s paged-out pages; shared pages are a few, hundreds for z/OS UNIX work (STORF)', () => {
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const divUsers = /^(DB.1DBM1|DB.1MSTR|MQ.1MSTR)$/;
    const unix = /^(OMVS|BPX|SSHD|FTPD|SYSLOGD|IZU|WEBSRV|HTTPD)/;
    for (const h of [2, 9, 14, 21]) {
      for (const l of sim.snapshot(JAN5 + h * HOUR).lpars) {
        const as = l.addressSpaces;
        // only DB2 and MQ map linear data sets with DIV, each of them some (most rows 0, as in the real sample)
        for (const a of as) expect(a.storage.divFrames > 0, `${l.name} ${a.jobName} DIV`).toBe(divUsers.test(a.jobName) && a.storage.workingSetFrames > 0);
        expect(as.filter((a) => a.storage.divFrames > 0).length).toBeLessThan(0.02 * as.length);
        // without incidents the pages on auxiliary storage are the page-outs × their residence, split over the address spaces
        close(sum(as.map((a) => a.storage.auxSlots)), AUX_RESIDENCE_S * l.memory.pageOutRate, `${l.name} at ${h}:00 aux slots`);
        // every address space views a few shared pages, z/OS UNIX work hundreds
        const shared = (f: (a: AddressSpaceSnapshot) => boolean) => median(as.filter(f).map((a) => a.storage.sharedPages));
        expect(shared((a) => unix.test(a.jobName))).toBeGreaterThan(100);
        expect(shared((a) => !unix.test(a.jobName))).toBeLessThan(50);
        expect(Math.min(...as.map((a) => a.storage.sharedPages))).toBeGreaterThan(0);
      }
    }
  });

  it('a storage shortage fills the page data sets, the jobs delayed for storage most, and they drain after it; shared pages lose validity meanwhile', () => {
    const t0 = JAN5 + 10 * HOUR;
    const shortage = createSimulator({ seed: 42, scenario: [{ type: 'storageShortage', lpar: 'PROD01', start: t0, durationMinutes: 60 }] });
    const at = (m: number) => shortage.snapshot(t0 + m * 60_000).lpars.find((l) => l.name === 'PROD01')!;
    const onAux = (l: LparSnapshot) => sum(l.addressSpaces.map((a) => a.storage.auxSlots));
    const validShare = (l: LparSnapshot) => sum(l.addressSpaces.map((a) => a.storage.sharedPagesValid)) / sum(l.addressSpaces.map((a) => a.storage.sharedPages));
    const before = at(-15);
    const during = at(40);
    expect(during.memory.pageOutRate).toBeGreaterThan(0);
    expect(onAux(during)).toBeGreaterThan(onAux(before) + AUX_RESIDENCE_S * 10);
    expect(validShare(during)).toBeLessThan(validShare(before));
    // per pageable frame, the address spaces delayed for storage hold more slots than those that are not
    const perFrame = (a: AddressSpaceSnapshot) => a.storage.auxSlots / Math.max(1, a.storage.workingSetFrames - a.storage.fixedFrames - a.storage.divFrames);
    const delayed = during.addressSpaces.filter((a) => a.delayPercent.storage > 1);
    const calm = during.addressSpaces.filter((a) => a.delayPercent.storage === 0);
    expect(delayed.length).toBeGreaterThan(0);
    expect(Math.min(...delayed.map(perFrame))).toBeGreaterThan(Math.max(...calm.map(perFrame)));
    // after it, the stolen pages come back: fewer on the page data sets each time, more than the page-outs alone explain
    const after = [65, 80, 100].map(at);
    for (const l of after) expect(onAux(l)).toBeGreaterThanOrEqual(AUX_RESIDENCE_S * l.memory.pageOutRate);
    expect(onAux(after[0]!)).toBeGreaterThan(AUX_RESIDENCE_S * after[0]!.memory.pageOutRate);
    expect(onAux(after[0]!)).toBeGreaterThan(onAux(after[1]!));
    expect(onAux(after[1]!)).toBeGreaterThan(onAux(after[2]!));
    checkIdentities(shortage.snapshot(t0 + 40 * 60_000));
  });

  it('snapshot(t, { addressSpaces: false }) leaves the jobs out and nothing else', () => {
    const t = JAN5 + 13 * HOUR;
    const full = sim.snapshot(t);
    const lean = sim.snapshot(t, { addressSpaces: false });
    for (const l of lean.lpars) expect([l.addressSpaces, l.enqueues]).toEqual([[], []]);
    const strip = (snap: Snapshot) => ({ ...snap, lpars: snap.lpars.map((l) => ({ ...l, addressSpaces: [], enqueues: [] })) });
    expect(lean).toEqual(strip(full));
    // and the samples are those of either
    expect(sim.samples(t)).toEqual(createSimulator({ seed: 42 }).samples(t));
  });
});
