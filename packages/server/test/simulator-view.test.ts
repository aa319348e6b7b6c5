/**
 * The simulator view answers range reads, counts and aggregates like core's memory store filled with the same
 * intervals (property test over random queries), and refuses ranges that are too long.
 */
import { contractTopology } from '@rmf-sim/storage-contract';
import { createMemoryStore, createSimulator, metricCatalog, sampleNames, toRecords, type AggregateQuery, type RecordQuery } from '@rmf-sim/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulatorView } from '../src/index.js';

const sim = createSimulator({ seed: 11, topology: contractTopology('PLEXV') });
const T0 = Date.parse('2026-01-05T08:00:00Z');
const N = 12; // intervals in the store: (T0, T0 + 180 s]
const store = createMemoryStore();
const view = createSimulatorView({ simulator: sim, maxIntervals: 1000 });
const families = [...new Set(metricCatalog.map((m) => m.family))];
const names = metricCatalog.flatMap((m) => [m.name, ...(m.type === 'histogram' ? sampleNames(m) : [])]);
const lpars = sim.topology.lpars.map((l) => l.name);

beforeAll(async () => {
  for (let k = 1; k <= N; k++) await store.write(toRecords(sim.samples(T0 + k * 15_000)));
});

// ranges inside the stored window, with ends off the grid too
const range = fc.tuple(fc.integer({ min: 0, max: N * 15_000 }), fc.integer({ min: 0, max: N * 15_000 })).map(([a, b]) => ({ from: T0 + Math.min(a, b), to: T0 + Math.max(a, b) }));
const filters = fc.record(
  {
    family: fc.subarray(families, { minLength: 1, maxLength: 3 }),
    metric: fc.subarray(names, { minLength: 1, maxLength: 4 }),
    lpar: fc.subarray([...lpars, ''], { minLength: 1 }),
    sysplex: fc.constantFrom(['PLEXV'], ['OTHER']),
    labels: fc.constantFrom({ cpu_type: ['ziip'] }, { component: ['total', 'disc'] }, { le: ['+Inf'] }),
  },
  { requiredKeys: [] },
);
const key = (r: { key: string }) => r.key;

describe('simulator view', () => {
  it('reads and counts exactly what a store filled with the same intervals holds, in timestamp order', async () => {
    await fc.assert(
      fc.asyncProperty(range, filters, async (r, f) => {
        const q = { ...r, ...f } as RecordQuery;
        const got = await view.read(q);
        const want = await store.read(q);
        expect(got.map(key).sort()).toEqual(want.map(key).sort());
        const values = new Map(want.map((x) => [x.key, x.value]));
        for (const x of got) expect(x.value).toBe(values.get(x.key));
        for (let i = 1; i < got.length; i++) expect(got[i]!.timestamp).toBeGreaterThanOrEqual(got[i - 1]!.timestamp);
        expect(await view.count(q)).toBe(want.length);
      }),
      { numRuns: 60 },
    );
  });

  it('aggregates like the store: the same buckets, groups, counts and values (avg to the last bit)', async () => {
    const gauges = metricCatalog.filter((m) => m.type === 'gauge').map((m) => m.name);
    const query = fc.record({
      metric: fc.constantFrom(...gauges, 'rmf_ldev_response_time_seconds_sum', 'rmf_clpr_service_time_microseconds_bucket'),
      stepMs: fc.constantFrom(15_000, 45_000, 60_000, 100_000),
      fn: fc.constantFrom('avg', 'min', 'max', 'p50', 'p95', 'p99'),
      by: fc.constantFrom(undefined, [], ['lpar'], ['sysplex']),
      lpar: fc.constantFrom(undefined, ['PROD01']),
    });
    await fc.assert(
      fc.asyncProperty(range, query, async (r, a) => {
        const by = a.by?.filter((l) => metricCatalog.find((m) => a.metric.startsWith(m.name))!.labels.includes(l));
        const q = { ...r, metric: a.metric, stepMs: a.stepMs, fn: a.fn, ...(by ? { by } : {}), ...(a.lpar ? { lpar: a.lpar } : {}) } as AggregateQuery;
        expect(await view.aggregate(q)).toEqual(await store.aggregate(q));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a range of more intervals than maxIntervals with ERR_RMF_ARGUMENT, and rejects bad queries like a store', async () => {
    const small = createSimulatorView({ simulator: sim, maxIntervals: 4 });
    await expect(small.read({ from: T0, to: T0 + 5 * 15_000, lpar: 'PROD01' })).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT', message: expect.stringMatching(/5 intervals.*at most 4/) });
    await expect(small.count({ from: T0, to: T0 + 5 * 15_000 })).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
    expect(await small.count({ from: T0, to: T0 + 4 * 15_000, metric: 'rmf_cpc_msu_actual' })).toBe(4);
    await expect(view.read({ from: T0, to: T0 + 1, family: 'disk' as never })).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
    await expect(view.aggregate({ from: T0, to: T0 + 1, metric: 'rmf_ldev_response_time_seconds', stepMs: 60_000, fn: 'avg' })).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
  });
});
