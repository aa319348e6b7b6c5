import { describe, expect, it } from 'vitest';
import { createSimulator, type IncidentInput, type Sample } from '@rmf-sim/core';
import { seriesId } from './helpers.js';

const START = '2026-01-06T02:00:00Z'; // a Tuesday night: batch busy, online quiet
const AT = Date.parse('2026-01-06T02:20:00Z'); // well inside every incident below (after the ramp)

const matches = (s: Sample, labels: Record<string, string>) => Object.entries(labels).every(([k, v]) => s.labels[k] === v);
const sum = (xs: Sample[], metric: string, labels: Record<string, string>) => {
  const hit = xs.filter((s) => s.metric === metric && matches(s, labels));
  if (hit.length === 0) throw new Error(`no series ${metric} ${JSON.stringify(labels)}`);
  return hit.reduce((a, s) => a + s.value, 0);
};
const is = (prefixes: string[]) => (s: Sample) => prefixes.some((p) => s.metric.startsWith(p));

/** For each incident type: the incident, and the series that must stay exactly as they were without it. */
const CASES: { incident: IncidentInput; unaffected: (s: Sample) => boolean }[] = [
  {
    incident: { type: 'cpuLoop', lpar: 'PROD01', start: START, durationMinutes: 60 },
    // a loop burns GP only: no I/O, no transactions, nothing outside PROD01's CPU and WLM and the CPC totals
    unaffected: (s) => !(s.labels.lpar === 'PROD01' && is(['rmf_cpu_', 'rmf_lpar_msu', 'rmf_wlm_', 'rmf_mpb_queue_depth'])(s)) && !is(['rmf_cpc_'])(s),
  },
  {
    incident: { type: 'runawayBatch', lpar: 'BATCH01', start: START, durationMinutes: 60 },
    unaffected: (s) => s.labels.lpar !== undefined && s.labels.lpar !== 'BATCH01' && is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_lpar_msu', 'rmf_channel_', 'rmf_volumes_iops'])(s),
  },
  {
    incident: { type: 'storageShortage', lpar: 'PROD02', start: START, durationMinutes: 60 },
    unaffected: (s) => !(s.labels.lpar === 'PROD02' && is(['rmf_memory_usage', 'rmf_storage_', 'rmf_cpu_capture', 'rmf_wlm_', 'rmf_mpb_queue_depth'])(s)),
  },
  {
    incident: { type: 'cacheWritePending', clpr: 'CLPR1', start: START, durationMinutes: 60 },
    unaffected: (s) =>
      is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_channel_', 'rmf_port_', 'rmf_mpb_utilization', 'rmf_volume_io_rate', 'rmf_volumes_iops', 'rmf_cf_'])(s) || s.labels.clpr === 'CLPR0',
  },
  {
    incident: { type: 'channelPathFailure', lpar: 'BATCH01', chpid: '41', start: START, durationMinutes: 60 },
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_volume_io_rate', 'rmf_volumes_iops', 'rmf_clpr_', 'rmf_mpb_utilization'])(s) || (s.metric.startsWith('rmf_channel_') && s.labels.lpar !== 'BATCH01'),
  },
  {
    incident: { type: 'hostPortFailure', port: 'CL1-B', start: START, durationMinutes: 60 },
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_volume_io_rate', 'rmf_volumes_iops', 'rmf_mpb_utilization'])(s),
  },
  {
    incident: { type: 'mpbHotSpot', mpb: 'MPB2', start: START, durationMinutes: 60 },
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_channel_', 'rmf_port_', 'rmf_clpr_write', 'rmf_volume_io_rate'])(s) || (s.metric === 'rmf_mpb_utilization_percent' && s.labels.mpb !== 'MPB2'),
  },
  {
    incident: { type: 'hotVolume', volser: 'WRK007', start: START, durationMinutes: 60 },
    unaffected: (s) => is(['rmf_cpu_', 'rmf_memory_', 'rmf_storage_', 'rmf_cf_'])(s) || (s.metric === 'rmf_volume_io_rate' && !s.labels.volser!.startsWith('WRK')),
  },
  {
    incident: { type: 'monthEndSurge', start: START, durationMinutes: 60 },
    unaffected: is(['rmf_memory_real_capacity', 'rmf_volume_capacity', 'rmf_cpc_msu_capacity']),
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
    expect(JSON.stringify(sim.samples(Date.parse(START) - 15_000))).toBe(JSON.stringify(createSimulator({ seed: 42 }).samples(Date.parse(START) - 15_000)));
  });

  it('reaches the documented thresholds: write pending past 70 %, the failed path idle, paging on the short LPAR', () => {
    const sim = createSimulator({
      seed: 42,
      scenario: [
        { type: 'cacheWritePending', clpr: 'CLPR1', start: START, durationMinutes: 60 },
        { type: 'channelPathFailure', lpar: 'BATCH01', chpid: '41', start: START, durationMinutes: 60 },
        { type: 'storageShortage', lpar: 'BATCH01', start: START, durationMinutes: 60 },
      ],
    });
    const snap = sim.snapshot(AT);
    expect(snap.storageArray.clprs.find((c) => c.name === 'CLPR1')!.writePendingPercent).toBeGreaterThan(70);
    const batch = snap.lpars.find((l) => l.name === 'BATCH01')!;
    expect(batch.channels.find((c) => c.chpid === '41')).toMatchObject({ ioRate: 0, utilizationPercent: 0, throughputMBps: 0 });
    expect(batch.memory.framesAvailablePercent).toBeLessThan(5);
    expect(batch.memory.pageInRate).toBeGreaterThan(10);
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
    const outside = Date.parse('2026-03-03T11:00:00Z');
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
