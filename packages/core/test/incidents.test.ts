import { describe, expect, it } from 'vitest';
import { createSimulator, type IncidentInput, type Sample } from '@rmf-sim/core';
import { seriesId } from './helpers.js';

const START = '2026-01-06T02:00:00Z'; // a Tuesday night: batch busy, online quiet
const AT = Date.parse('2026-01-06T02:40:00Z'); // well inside every incident below (after the onset)

const matches = (s: Sample, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => s.labels[k] === v);
const sum = (xs: Sample[], metric: string, labels: Record<string, string>) => {
  const hit = xs.filter((s) => s.metric === metric && matches(s, labels));
  if (hit.length === 0) throw new Error(`no series ${metric} ${JSON.stringify(labels)}`);
  return hit.reduce((a, s) => a + s.value, 0);
};
const is = (prefixes: string[]) => (s: Sample) => prefixes.some((p) => s.metric.startsWith(p));

/**
 * For each incident type: the incident, and the series that must stay exactly as they were without it. Executed work
 * drives I/O and CF requests, so whatever slows work (paging, array pressure) reaches everything downstream; what a
 * cause cannot reach stays bit for bit the same.
 */
/** The busy of a shared CHPID over every LPAR: any LPAR's I/O on the path moves it in every LPAR's view. */
const SHARED_TOTAL = 'rmf_channel_total_utilization_percent';
const CASES: { incident: IncidentInput; unaffected: (s: Sample) => boolean }[] = [
  {
    incident: { type: 'cpuLoop', lpar: 'PROD01', start: START, durationMinutes: 60 },
    // at night PROD01 has room: the loop burns GP without starving anyone, so no work, I/O or CF request changes
    unaffected: (s) => !(s.labels.lpar === 'PROD01' && is(['rmf_cpu_', 'rmf_lpar_', 'rmf_wlm_', 'rmf_mpb_queue_depth'])(s)) && !is(['rmf_cpc_'])(s),
  },
  {
    incident: { type: 'runawayBatch', lpar: 'BATCH01', start: START, durationMinutes: 60 },
    // (the total busy of a CHPID the LPARs share includes BATCH01's part: every system's view of it moves)
    unaffected: (s) => s.labels.lpar !== undefined && s.labels.lpar !== 'BATCH01' && is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_lpar_', 'rmf_channel_', 'rmf_volumes_iops'])(s) && s.metric !== SHARED_TOTAL,
  },
  {
    incident: { type: 'storageShortage', lpar: 'PROD02', start: START, durationMinutes: 60 },
    // paging slows PROD02's work (and so its I/O and CF requests); the other systems' CPU and storage are their own
    unaffected: (s) => s.labels.lpar !== undefined && s.labels.lpar !== 'PROD02' && is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_'])(s),
  },
  {
    incident: { type: 'cacheWritePending', clpr: 'CLPR1', start: START, durationMinutes: 60 },
    // write pending slows I/O-bound work everywhere; storage demand and capacities do not move
    unaffected: is(['rmf_memory_', 'rmf_storage_', 'rmf_volume_capacity', 'rmf_cpc_msu_capacity']),
  },
  {
    incident: { type: 'channelPathFailure', lpar: 'BATCH01', chpid: '41', start: START, durationMinutes: 60 },
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_volume_io_rate', 'rmf_volumes_iops', 'rmf_clpr_', 'rmf_mpb_utilization'])(s) || (s.metric.startsWith('rmf_channel_') && s.labels.lpar !== 'BATCH01' && s.metric !== SHARED_TOTAL),
  },
  {
    incident: { type: 'hostPortFailure', port: 'CL1-B', start: START, durationMinutes: 60 },
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_volume_io_rate', 'rmf_volumes_iops', 'rmf_mpb_utilization'])(s),
  },
  {
    incident: { type: 'mpbHotSpot', mpb: 'MPB2', start: START, durationMinutes: 60 },
    // cache misses wait on the hot blade: I/O-bound work slows; storage demand and the other blades' internal work do not move
    unaffected: (s) => is(['rmf_memory_', 'rmf_storage_', 'rmf_volume_capacity'])(s),
  },
  {
    incident: { type: 'hotVolume', volser: 'WRK007', start: START, durationMinutes: 60 },
    // the hot volume's I/O comes on top: the other volumes keep theirs, and the work is the same
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_cf_', 'rmf_wlm_transaction_rate'])(s) || (s.metric === 'rmf_volume_io_rate' && s.labels.volser !== 'WRK007'),
  },
  {
    incident: { type: 'monthEndSurge', start: '2026-01-06T00:00:00Z', durationMinutes: 240 },
    unaffected: is(['rmf_memory_real_capacity', 'rmf_volume_capacity', 'rmf_cpc_msu_capacity']),
  },
  {
    incident: { type: 'cfStructureFull', cf: 'CF01', structure: 'DSNDB0G_GBP1', start: START, durationMinutes: 60 },
    // the structure's trouble stays in its CF: the work, the I/O, the other CF and every structure's size are as they were
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_wlm_', 'rmf_lpar_', 'rmf_cpc_', 'rmf_volume', 'rmf_channel_', 'rmf_cf_structure_size_bytes', 'rmf_cf_storage_'])(s) || (s.labels.cf === 'CF02') || (s.metric === 'rmf_cf_structure_utilized_percent' && s.labels.structure !== 'DSNDB0G_GBP1'),
  },
];

describe('incidents flow through the causal model, with ground truth', () => {
  it.each(CASES.map((c) => [c.incident.type, c] as const))('%s: the expected metrics move that way, the unrelated ones do not move at all', (_type, c) => {
    const base = createSimulator({ seed: 42 }).samples(AT);
    const sim = createSimulator({ seed: 42, scenario: [c.incident] });
    const hit = sim.samples(AT);
    const [truth] = sim.incidents();
    expect(truth!.expected.length).toBeGreaterThan(0);
    for (const e of truth!.expected) {
      const before = sum(base, e.metric, e.labels);
      const after = sum(hit, e.metric, e.labels);
      if (e.direction === 'up') expect(after, `${e.metric} ${JSON.stringify(e.labels)} should rise from ${before}`).toBeGreaterThan(before * 1.02 + 1e-12);
      else expect(after, `${e.metric} ${JSON.stringify(e.labels)} should fall from ${before}`).toBeLessThan(before * 0.98);
    }
    const baseById = new Map(base.map((s) => [seriesId(s), s.value]));
    let checked = 0;
    for (const s of hit.filter(c.unaffected)) {
      expect(s.value, seriesId(s)).toBe(baseById.get(seriesId(s)));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    // outside the incident window the data is untouched
    const before = Date.parse(String(c.incident.start)) - 15_000;
    expect(JSON.stringify(sim.samples(before))).toBe(JSON.stringify(createSimulator({ seed: 42 }).samples(before)));
  });

  it('reaches the documented thresholds: the failed path idle, paging on the short LPAR', () => {
    const sim = createSimulator({
      seed: 42,
      scenario: [
        { type: 'channelPathFailure', lpar: 'BATCH01', chpid: '41', start: START, durationMinutes: 60 },
        { type: 'storageShortage', lpar: 'BATCH01', start: START, durationMinutes: 60 },
      ],
    });
    const batch = sim.snapshot(AT).lpars.find((l) => l.name === 'BATCH01')!;
    expect(batch.channels.find((c) => c.chpid === '41')).toMatchObject({ ioRate: 0, utilizationPercent: 0, throughputMBps: 0 });
    expect(batch.memory.framesAvailablePercent).toBeLessThan(5);
    expect(batch.memory.pageInRate).toBeGreaterThan(10);
  });

  it('write pending is a stock: it fills at the excess write rate, plateaus under inflow control, and drains afterwards', () => {
    const start = Date.parse('2026-01-06T00:00:00Z');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'cacheWritePending', clpr: 'CLPR1', start, durationMinutes: 180 }] });
    const base = createSimulator({ seed: 42 });
    const clpr = (s: typeof sim, m: number) => s.snapshot(start + m * 60_000).storageArray.clprs.find((c) => c.name === 'CLPR1')!;
    const size = 256 * 1024; // MB
    let prev = clpr(sim, 0).writePendingPercent;
    for (let m = 1; m <= 240; m++) {
      const c = clpr(sim, m);
      // never faster than the partition can fill (every write held) or drain (full destage) in a minute
      expect(Math.abs(c.writePendingPercent - prev)).toBeLessThanOrEqual((100 * 60 * (c.writeMBps + 700)) / size + 1);
      prev = c.writePendingPercent;
    }
    expect(clpr(sim, 2).writePendingPercent).toBeLessThan(10); // no jump at the onset
    expect(clpr(sim, 30).writePendingPercent).toBeGreaterThan(clpr(sim, 10).writePendingPercent + 5);
    const late = clpr(sim, 170);
    expect(late.writePendingPercent).toBeGreaterThan(60); // near the limit …
    expect(late.writePendingPercent).toBeLessThan(76); // … held there by inflow control
    expect(late.writeThrottlePercent).toBeGreaterThan(5);
    expect(late.writeMBps).toBeLessThan(clpr(base, 170).writeMBps);
    // the backlog drains within minutes of the end, and the ground truth says when
    const [truth] = sim.incidents();
    expect(truth!.settledMs).toBeGreaterThanOrEqual(truth!.endMs + 4 * 3_600_000); // the 4-hour average remembers the slower work
    expect(clpr(sim, 181).writePendingPercent).toBeGreaterThan(clpr(base, 181).writePendingPercent + 10);
    // back at its equilibrium once drained (the work done still differs a little: the 4-hour average remembers)
    const drained = (truth!.endMs - start) / 60_000 + 30;
    expect(Math.abs(clpr(sim, drained).writePendingPercent - clpr(base, drained).writePendingPercent)).toBeLessThan(1);
  });

  it('work slows when I/O is slow or pages are short: transactions, CPU and I/O follow what ran, not the demand', () => {
    const start = Date.parse('2026-01-06T00:00:00Z');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'cacheWritePending', clpr: 'CLPR1', start, durationMinutes: 180 }, { type: 'storageShortage', lpar: 'PROD02', start, durationMinutes: 180 }] });
    const base = createSimulator({ seed: 42 });
    const t = start + 170 * 60_000;
    const [a, b] = [sim.snapshot(t), base.snapshot(t)];
    const lpar = (s: typeof a, n: string) => s.lpars.find((l) => l.name === n)!;
    const batchTps = (s: typeof a) => lpar(s, 'BATCH01').wlm.filter((w) => w.workload === 'BATCH').reduce((x, w) => x + w.transactionRate, 0);
    expect(batchTps(a)).toBeLessThan(batchTps(b) * 0.97); // I/O-bound batch waits for its writes
    expect(lpar(a, 'BATCH01').cpu.generalPurposePercent).toBeLessThan(lpar(b, 'BATCH01').cpu.generalPurposePercent);
    expect(lpar(a, 'PROD02').memory.pageInRate).toBeGreaterThan(100);
    const io = (s: typeof a, n: string) => lpar(s, n).volumes.reduce((x, v) => x + v.ioRate, 0);
    const nonPage = (s: typeof a, n: string) => lpar(s, n).volumes.filter((v) => v.volumeType !== 'PAGE').reduce((x, v) => x + v.ioRate, 0);
    expect(nonPage(a, 'PROD02')).toBeLessThan(nonPage(b, 'PROD02') * 0.8); // paging work does less I/O …
    expect(io(a, 'PROD02') - nonPage(a, 'PROD02')).toBeGreaterThan(io(b, 'PROD02') - nonPage(b, 'PROD02') + 5); // … except to its page data sets
    // ended transactions follow executed CPU exactly
    for (const w of lpar(a, 'PROD02').wlm) expect(w.transactionRate * w.cpuPerTransactionSeconds).toBeCloseTo((w.cpu.applCpPercent + w.cpu.applZiipPercent) / 100, 9);
  });

  it('a storage shortage leaves its aftermath: the stolen pages come back, decaying', () => {
    const start = Date.parse('2026-01-06T10:00:00Z');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'storageShortage', lpar: 'PROD02', start, durationMinutes: 60 }] });
    const base = createSimulator({ seed: 42 });
    const [truth] = sim.incidents();
    // the page-back lasts 50 minutes; the 4-hour MSU average remembers the slower work longer
    expect(truth!.settledMs).toBe(truth!.endMs + 4 * 3_600_000);
    const extra = (m: number) => sim.snapshot(start + m * 60_000).lpars[1]!.memory.pageInRate - base.snapshot(start + m * 60_000).lpars[1]!.memory.pageInRate;
    expect(extra(62)).toBeGreaterThan(20);
    expect(extra(62)).toBeGreaterThan(extra(75));
    expect(extra(75)).toBeGreaterThan(extra(95));
    expect(extra(112)).toBe(0);
  });

  it('a runaway job is one job step that never ends: at most one CP, heavy scratch I/O, no more jobs ending', () => {
    const start = Date.parse('2026-01-06T12:00:00Z');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'runawayBatch', lpar: 'BATCH01', start, durationMinutes: 60 }] });
    const base = createSimulator({ seed: 42 });
    const t = start + 30 * 60_000;
    const [a, b] = [sim.snapshot(t).lpars[2]!, base.snapshot(t).lpars[2]!];
    const cps = (l: typeof a) => (l.cpu.generalPurposePercent * 8) / 100;
    expect(cps(a) - cps(b)).toBeGreaterThan(0.8);
    expect(cps(a) - cps(b)).toBeLessThanOrEqual(1.1); // one CP of captured work, plus its uncaptured share
    const ended = (l: typeof a) => l.wlm.reduce((x, w) => x + w.transactionRate, 0);
    expect(ended(a)).toBeLessThanOrEqual(ended(b) * 1.0001);
    const scratch = (l: typeof a) => l.volumes.filter((v) => v.volumeType === 'WORK' || v.volumeType === 'TEMP').reduce((x, v) => x + v.ioRate, 0);
    expect(scratch(a)).toBeGreaterThan(scratch(b) + 500);
  });

  it('a hot volume adds I/O on top of its group instead of taking it from its peers', () => {
    const start = Date.parse('2026-01-06T10:00:00Z');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'hotVolume', volser: 'USR007', start, durationMinutes: 30 }] });
    const base = createSimulator({ seed: 42 });
    const t = start + 15 * 60_000;
    const group = (s: typeof sim) => s.snapshot(t).volumes.filter((v) => v.volumeType === 'USER');
    const [a, b] = [group(sim), group(base)];
    const hot = (g: typeof a) => g.find((v) => v.volser === 'USR007')!.ioRate;
    const others = (g: typeof a) => g.filter((v) => v.volser !== 'USR007').reduce((x, v) => x + v.ioRate, 0);
    expect(others(a)).toBe(others(b));
    expect(hot(a) - hot(b)).toBeGreaterThan((20 * (others(b) + hot(b))) / b.length);
  });

  it('incidents ramp in over their onset instead of switching on', () => {
    const start = Date.parse('2026-01-06T09:00:00Z');
    const surge = createSimulator({ seed: 42, scenario: [{ type: 'monthEndSurge', start, durationMinutes: 600 }] });
    const [truth] = surge.incidents();
    expect(truth!.onsetMs).toBe(120 * 60_000);
    const base = createSimulator({ seed: 42 });
    const gain = (m: number) => surge.snapshot(start + m * 60_000).lpars[0]!.cpu.demandPercent / base.snapshot(start + m * 60_000).lpars[0]!.cpu.demandPercent;
    expect(gain(10)).toBeLessThan(1.05);
    expect(gain(60)).toBeGreaterThan(gain(10));
    expect(gain(180)).toBeGreaterThan(1.45); // +50 % of work (a little more GP: the zIIPs take a smaller share)
    expect(gain(180)).toBeLessThan(1.6);
  });

  it('returns ground truth by time range, with ids, targets and ISO times', () => {
    const sim = createSimulator({
      seed: 1,
      scenario: [
        { id: 'loop-a', type: 'cpuLoop', lpar: 'TEST01', start: '2026-02-01T10:00:00Z', durationMinutes: 30, severity: 0.5 },
        { type: 'hotVolume', volser: 'USR001', start: '2026-02-01T12:00:00Z', durationMinutes: 10 },
      ],
    });
    expect(sim.incidents({ from: '2026-02-01T10:29:00Z', to: '2026-02-01T11:00:00Z' }).map((i) => i.id)).toEqual(['loop-a']);
    expect(sim.incidents({ from: '2026-02-01T10:30:00Z', to: '2026-02-01T11:59:59Z' })).toEqual([]);
    const [loop, hot] = sim.incidents();
    expect(loop).toMatchObject({ id: 'loop-a', type: 'cpuLoop', severity: 0.5, target: { lpar: 'TEST01' }, start: '2026-02-01T10:00:00.000Z', end: '2026-02-01T10:30:00.000Z' });
    expect(hot!.id).toBe('hotVolume-2');
    expect(hot!.expected.map((e) => e.metric)).toContain('rmf_volume_io_rate');
    // the ground truth is a copy: mutating it changes nothing
    loop!.expected.length = 0;
    expect(sim.incidents()[0]!.expected.length).toBeGreaterThan(0);
  });

  it('takes incidents at run time; the scenario is an input, so only the incident window changes', () => {
    const sim = createSimulator({ seed: 3 });
    const inside = Date.parse('2026-03-03T09:30:00Z');
    const outside = Date.parse('2026-03-03T14:15:00Z'); // after the end and the 4 hours the rolling MSU average remembers it
    const before = { inside: JSON.stringify(sim.samples(inside)), outside: JSON.stringify(sim.samples(outside)) };
    const truth = sim.addIncident({ type: 'monthEndSurge', start: '2026-03-03T09:00:00Z', durationMinutes: 60 });
    expect(truth.id).toBe('monthEndSurge-1');
    expect(JSON.stringify(sim.samples(inside))).not.toBe(before.inside);
    expect(JSON.stringify(sim.samples(outside))).toBe(before.outside);
    expect(JSON.stringify(sim.samples(inside))).toBe(JSON.stringify(createSimulator({ seed: 3, scenario: [{ type: 'monthEndSurge', start: '2026-03-03T09:00:00Z', durationMinutes: 60 }] }).samples(inside)));
  });

  it('rejects incidents that name unknown entities, with paths', () => {
    expect(() => createSimulator({ seed: 1, scenario: [{ type: 'cpuLoop', lpar: 'NOPE', start: START, durationMinutes: 5 }] })).toThrow(/scenario\[0\]\.lpar: unknown LPAR NOPE/);
    expect(() => createSimulator({ seed: 1, scenario: [{ type: 'channelPathFailure', lpar: 'PROD01', chpid: '99', start: START, durationMinutes: 5 }] })).toThrow(/scenario\[0\]\.chpid: LPAR PROD01 has no channel path 99/);
    expect(() => createSimulator({ seed: 1, scenario: [{ type: 'cpuLoop', lpar: 'PROD01', start: 'soon', durationMinutes: 5 }] })).toThrow(/scenario\[0\]\.start/);
    expect(() => createSimulator({ seed: 1, scenario: [{ type: 'meteor', start: START, durationMinutes: 5 } as never] })).toThrow(/scenario\[0\]\.type/);
    const sim = createSimulator({ seed: 1 });
    expect(() => sim.addIncident({ type: 'cpuLoop', lpar: 'PROD01', start: START, durationMinutes: -1 })).toThrow(/incident\.durationMinutes/);
    sim.addIncident({ id: 'x', type: 'cpuLoop', lpar: 'PROD01', start: START, durationMinutes: 1 });
    expect(() => sim.addIncident({ id: 'x', type: 'cpuLoop', lpar: 'PROD01', start: START, durationMinutes: 1 })).toThrow(/duplicate incident id x/);
  });
});
