/**
 * The shared contract suite of rmf-sim stores (private, not published). Every store runs it from its tests:
 * `describeStoreContract('memory', { create: async () => createMemoryStore() })`.
 *
 * The expectations are computed here, independently of core's query code: a reference filter, a reference
 * aggregation, and the simulator's own samples as the ground truth of every value.
 * @module
 */
import {
  createSimulator,
  createWritePipeline,
  defaultTopology,
  getMetric,
  recordKey,
  seriesKey,
  toRecords,
  type AggregatePoint,
  type Clock,
  type MetricRecord,
  type MetricStore,
  type TopologyInput,
} from '@rmf-sim/core';
import { describe, expect, it } from 'vitest';

/** How the suite gets a store: a fresh, empty one per test, and its disposal. */
export interface ContractHarness {
  /** A fresh, empty store. */
  create(): Promise<MetricStore>;
  /** Disposes of a store after its test (default: `store.close()`). */
  destroy?(store: MetricStore): Promise<void>;
}

/** Monday 2026-01-05 00:00 UTC. */
export const T0 = Date.parse('2026-01-05T00:00:00Z');
const DAY = 86_400_000;

/** A small topology (2 LPARs, 6 volumes) under the given sysplex name: the suite's data set, about 900 series. */
export function contractTopology(sysplex: string): TopologyInput {
  const lpars = defaultTopology.lpars.slice(0, 2);
  const names = new Set(lpars.map((l) => l.name));
  return {
    ...defaultTopology,
    sysplex,
    lpars,
    serviceClasses: defaultTopology.serviceClasses
      .map((sc) => ({ ...sc, systems: Object.fromEntries(Object.entries(sc.systems).filter(([s]) => names.has(s))) }))
      .filter((sc) => Object.keys(sc.systems).length > 0),
    volumeGroups: defaultTopology.volumeGroups.slice(0, 2).map((g) => ({ ...g, count: 3 })),
  };
}

const simA = createSimulator({ seed: 7, topology: contractTopology('PLEXA') });
const simB = createSimulator({ seed: 8, topology: contractTopology('PLEXB') });

/** Records of both sysplexes for the intervals ending at the given instants. */
export function recordsAt(times: readonly number[]): MetricRecord[] {
  return times.flatMap((t) => [...toRecords(simA.samples(t)), ...toRecords(simB.samples(t))]);
}

const intervals = (from: number, n: number, step = 15_000) => Array.from({ length: n }, (_, i) => from + (i + 1) * step);

/** A manual clock: `sleep` registers a timer that fires only when `advance()` moves time past it. */
export function manualClock(start = 0) {
  let now = start;
  let seq = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const t = { at: now + ms, seq: seq++, resolve };
        timers.push(t);
        signal?.addEventListener(
          'abort',
          () => {
            const i = timers.indexOf(t);
            if (i >= 0) timers.splice(i, 1);
            resolve();
          },
          { once: true },
        );
      }),
  };
  /** Moves time forward by `ms`, firing due timers in order and letting their continuations run. */
  async function advance(ms: number) {
    const end = now + ms;
    for (;;) {
      await settle();
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.resolve();
    }
    now = end;
    await settle();
  }
  return { clock, advance };
}

/** Lets queued promise continuations run (a few macrotask-free rounds). */
export async function settle(rounds = 50) {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}

/** key → value of records. */
const byKey = (records: readonly MetricRecord[]) => new Map(records.map((r) => [r.key, r.value]));

/** The reference filter: what a query must return, computed without core's query code. */
interface Filter {
  from: number;
  to: number;
  family?: string[];
  metric?: string[];
  labels?: Record<string, string[]>;
}
function referenceFilter(records: readonly MetricRecord[], f: Filter): MetricRecord[] {
  return records.filter((r) => {
    if (!(r.timestamp > f.from && r.timestamp <= f.to)) return false;
    const d = getMetric(r.metric)!;
    if (f.family && !f.family.includes(d.family)) return false;
    if (f.metric && !f.metric.some((m) => m === r.metric || (d.type === 'histogram' && m === d.name))) return false;
    for (const [l, values] of Object.entries(f.labels ?? {})) if (!values.includes(r.labels[l] ?? '')) return false;
    return true;
  });
}

/** The reference aggregation: buckets named by their end, nearest-rank percentiles, plain mean. */
function referenceAggregate(records: readonly MetricRecord[], metric: string, stepMs: number, fn: string, by: readonly string[]): AggregatePoint[] {
  const groups = new Map<string, { timestamp: number; labels: Record<string, string>; values: number[] }>();
  for (const r of records) {
    if (r.metric !== metric) continue;
    const timestamp = Math.ceil(r.timestamp / stepMs) * stepMs;
    const labels: Record<string, string> = {};
    for (const l of by) if (r.labels[l]) labels[l] = r.labels[l]!;
    const id = `${timestamp} ${JSON.stringify(Object.entries(labels).sort())}`;
    const g = groups.get(id) ?? { timestamp, labels, values: [] };
    g.values.push(r.value);
    groups.set(id, g);
  }
  const out = [...groups.values()].map((g) => {
    const sorted = [...g.values].sort((a, b) => a - b);
    const n = sorted.length;
    const pick = (rank: number) => sorted[rank - 1]!;
    const value = fn === 'avg' ? g.values.reduce((a, b) => a + b, 0) / n : fn === 'min' ? pick(1) : fn === 'max' ? pick(n) : pick(Math.max(1, Math.ceil((Number(fn.slice(1)) * n) / 100)));
    return { timestamp: g.timestamp, metric, labels: g.labels, value, count: n };
  });
  const key = (p: AggregatePoint) => seriesKey(p.metric, p.labels);
  return out.sort((a, b) => a.timestamp - b.timestamp || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Expects a promise to reject with an error carrying `code`. */
async function rejectsWithCode(p: Promise<unknown>, code: string, message?: RegExp) {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a rejection with ${code}`).toBeInstanceOf(Error);
  expect((error as { code?: string }).code).toBe(code);
  if (message) expect((error as Error).message).toMatch(message);
}

/**
 * Registers the store contract suite for one store implementation.
 *
 * @example
 * ```ts
 * describeStoreContract('memory', { create: async () => createMemoryStore() });
 * ```
 */
export function describeStoreContract(name: string, harness: ContractHarness, options: { timeout?: number } = {}) {
  const timeout = options.timeout ?? 60_000;
  const withStore = (title: string, body: (store: MetricStore) => Promise<void>) =>
    it(
      title,
      async () => {
        const store = await harness.create();
        try {
          await body(store);
        } finally {
          await (harness.destroy ? harness.destroy(store) : store.close());
        }
      },
      timeout,
    );

  describe(`store contract: ${name}`, () => {
    withStore('writes and reads back every record, with its key, labels and exact value', async (store) => {
      const records = recordsAt(intervals(T0, 4));
      expect(records.length).toBeGreaterThan(4 * 2 * 500);
      // in several batches, one of them large
      const r1 = await store.write(records.slice(0, 100));
      const r2 = await store.write(records.slice(100));
      expect(r1).toEqual({ written: 100, duplicates: 0 });
      expect(r2).toEqual({ written: records.length - 100, duplicates: 0 });

      const back = await store.read({ from: T0, to: T0 + DAY });
      expect(back).toHaveLength(records.length);
      expect(byKey(back)).toEqual(byKey(records));
      const expected = new Map(records.map((r) => [r.key, r]));
      for (const r of back) {
        const e = expected.get(r.key)!;
        expect(r.key).toBe(recordKey(r));
        expect({ timestamp: r.timestamp, metric: r.metric, labels: { ...r.labels }, value: r.value }).toEqual({ timestamp: e.timestamp, metric: e.metric, labels: { ...e.labels }, value: e.value });
      }
      for (let i = 1; i < back.length; i++) expect(back[i]!.timestamp).toBeGreaterThanOrEqual(back[i - 1]!.timestamp);
      expect(await store.count({ from: T0, to: T0 + DAY })).toBe(records.length);
    });

    withStore('rewriting is idempotent: the same keys replace (upsert) and never add, and are reported as duplicates', async (store) => {
      const times = intervals(T0, 3);
      const records = recordsAt(times);
      await store.write(records);
      expect(await store.write(records)).toEqual({ written: records.length, duplicates: records.length });
      expect(await store.count({ from: T0, to: T0 + DAY })).toBe(records.length);

      // overlapping: the last interval again plus a new one
      const last = recordsAt([times[2]!]);
      const next = recordsAt([times[2]! + 15_000]);
      expect(await store.write([...last, ...next])).toEqual({ written: last.length + next.length, duplicates: last.length });
      expect(await store.count({ from: T0, to: T0 + DAY })).toBe(records.length + next.length);

      // changed values replace the stored ones; a key twice in one batch keeps the last
      const changed = records.slice(0, 50).map((r) => ({ ...r, value: r.value + 1000.25 }));
      const twice = [{ ...records[60]!, value: -1 }, { ...records[60]!, value: 42.5 }];
      const res = await store.write([...changed, ...twice]);
      expect(res.duplicates).toBe(52);
      const back = byKey(await store.read({ from: T0, to: T0 + DAY }));
      expect(back.size).toBe(records.length + next.length);
      for (const r of changed) expect(back.get(r.key)).toBe(r.value);
      expect(back.get(records[60]!.key)).toBe(42.5);
      expect(back.get(records[51]!.key)).toBe(records[51]!.value);
    });

    withStore('reads a time range with an exclusive start and an inclusive end', async (store) => {
      const times = intervals(T0, 6);
      const records = recordsAt(times);
      await store.write(records);
      const cases: [number, number][] = [
        [times[1]!, times[3]!],
        [times[3]!, times[3]!],
        [times[3]! - 1, times[3]!],
        [T0 - DAY, T0],
        [times[5]!, times[5]! + DAY],
        [T0, times[5]!],
      ];
      for (const [from, to] of cases) {
        const want = referenceFilter(records, { from, to });
        const got = await store.read({ from: new Date(from), to: new Date(to).toISOString() });
        expect(byKey(got), `(${from}, ${to}]`).toEqual(byKey(want));
        expect(await store.count({ from, to })).toBe(want.length);
      }
      expect((await store.read({ from: times[1]!, to: times[3]! })).map((r) => r.timestamp).sort()).toEqual(
        referenceFilter(records, { from: times[1]!, to: times[3]! }).map((r) => r.timestamp).sort(),
      );
    });

    withStore('reads by sysplex, LPAR, metric family, metric and labels', async (store) => {
      const times = intervals(T0, 3);
      const records = recordsAt(times);
      await store.write(records);
      const from = T0;
      const to = T0 + DAY;
      const cases: { query: Parameters<MetricStore['read']>[0]; filter: Filter; min: number }[] = [
        { query: { from, to, sysplex: 'PLEXB' }, filter: { from, to, labels: { sysplex: ['PLEXB'] } }, min: 1000 },
        { query: { from, to, lpar: 'PROD01' }, filter: { from, to, labels: { lpar: ['PROD01'] } }, min: 500 },
        { query: { from, to, sysplex: 'PLEXA', lpar: ['PROD01', 'PROD02'], family: 'cpu' }, filter: { from, to, family: ['cpu'], labels: { sysplex: ['PLEXA'], lpar: ['PROD01', 'PROD02'] } }, min: 20 },
        { query: { from, to, family: ['memory', 'wlm'] }, filter: { from, to, family: ['memory', 'wlm'] }, min: 100 },
        { query: { from, to, family: 'array', sysplex: 'PLEXA' }, filter: { from, to, family: ['array'], labels: { sysplex: ['PLEXA'] } }, min: 20 },
        { query: { from, to, metric: 'rmf_ldev_response_time_seconds' }, filter: { from, to, metric: ['rmf_ldev_response_time_seconds'] }, min: 50 },
        { query: { from, to, metric: 'rmf_ldev_response_time_seconds_bucket', labels: { le: '+Inf' } }, filter: { from, to, metric: ['rmf_ldev_response_time_seconds_bucket'], labels: { le: ['+Inf'] } }, min: 4 },
        { query: { from, to, metric: ['rmf_cpu_utilization_percent', 'rmf_volume_io_rate'], lpar: 'PROD02' }, filter: { from, to, metric: ['rmf_cpu_utilization_percent', 'rmf_volume_io_rate'], labels: { lpar: ['PROD02'] } }, min: 6 },
        { query: { from, to, labels: { cpu_type: 'ziip' } }, filter: { from, to, labels: { cpu_type: ['ziip'] } }, min: 6 },
        // records without an lpar label (CPC, coupling facility, sysplex-wide volumes, array) match lpar ''
        { query: { from, to, lpar: '', family: ['volume', 'cpu'] }, filter: { from, to, family: ['volume', 'cpu'], labels: { lpar: [''] } }, min: 30 },
        { query: { from, to, lpar: 'NOSUCH' }, filter: { from, to, labels: { lpar: ['NOSUCH'] } }, min: 0 },
        { query: { from, to, lpar: [] }, filter: { from, to, labels: { lpar: [] } }, min: 0 },
      ];
      for (const { query, filter, min } of cases) {
        const want = referenceFilter(records, filter);
        expect(want.length, JSON.stringify(query)).toBeGreaterThanOrEqual(min);
        const got = await store.read(query);
        expect(byKey(got), JSON.stringify(query)).toEqual(byKey(want));
        expect(await store.count(query), JSON.stringify(query)).toBe(want.length);
      }
    });

    withStore('aggregates one metric into time buckets: avg, min, max and p95, per series or by labels', async (store) => {
      // 9 intervals: from T0+7.5 s, buckets of one minute end at T0+60 s, +120 s, +180 s (partly filled)
      const times = intervals(T0, 9);
      const records = recordsAt(times);
      await store.write(records);
      const from = T0 + 7_500;
      const to = times[8]!;
      const inRange = referenceFilter(records, { from, to });
      const cases = [
        { metric: 'rmf_cpu_utilization_percent', by: ['lpar'], labels: { cpu_type: 'general_purpose' } },
        { metric: 'rmf_volume_response_time_seconds', by: undefined, labels: undefined },
        { metric: 'rmf_ldev_response_time_seconds_sum', by: [], labels: undefined },
        { metric: 'rmf_wlm_performance_index', by: ['sysplex', 'service_class'], labels: undefined },
      ];
      for (const c of cases) {
        const def = getMetric(c.metric)!;
        const by = c.by ?? def.labels;
        const subset = c.labels ? inRange.filter((r) => Object.entries(c.labels).every(([l, v]) => r.labels[l] === v)) : inRange;
        for (const fn of ['avg', 'min', 'max', 'p95'] as const) {
          const want = referenceAggregate(subset, c.metric, 60_000, fn, by);
          expect(want.length).toBeGreaterThan(0);
          const got = await store.aggregate({ from, to, metric: c.metric, stepMs: 60_000, fn, ...(c.by ? { by: c.by } : {}), ...(c.labels ? { labels: c.labels } : {}) });
          const what = `${c.metric} ${fn} by ${by.join(',')}`;
          expect(got.map((p) => [p.timestamp, p.metric, { ...p.labels }, p.count]), what).toEqual(want.map((p) => [p.timestamp, p.metric, p.labels, p.count]));
          got.forEach((p, i) => {
            if (fn === 'avg') expect(p.value, what).toBeCloseTo(want[i]!.value, 9);
            else expect(p.value, what).toBe(want[i]!.value);
          });
        }
      }
      // buckets are named by their end: the first holds the intervals ending at 15, 30, 45 and 60 s
      const [first] = await store.aggregate({ from: T0, to, metric: 'rmf_cpc_msu_actual', stepMs: 60_000, fn: 'max', by: [] });
      expect(first).toMatchObject({ timestamp: T0 + 60_000, count: 8 });
    });

    withStore('retention removes exactly the records before the cutoff, across days', async (store) => {
      // one interval on each of four days, and the intervals around the cutoff on the third
      const days = [0, 1, 2, 3].map((d) => T0 + d * DAY + 15_000);
      const cutoff = T0 + 2 * DAY + 60_000;
      const around = intervals(cutoff - 45_000, 5); // -30 s … +30 s, 15 s apart
      const times = [...new Set([...days, ...around])].sort((a, b) => a - b);
      const records = recordsAt(times);
      await store.write(records);
      await store.deleteBefore(new Date(cutoff));
      const left = await store.read({ from: 0, to: T0 + 10 * DAY });
      expect(byKey(left)).toEqual(byKey(records.filter((r) => r.timestamp >= cutoff)));
      expect(left.some((r) => r.timestamp === cutoff)).toBe(true);
      // writing below the cutoff again works, and a second retention pass is exact too
      await store.write(recordsAt([days[0]!]));
      expect(await store.count({ from: 0, to: T0 + 10 * DAY })).toBe(left.length + recordsAt([days[0]!]).length);
      await store.deleteBefore(days[3]!);
      expect(byKey(await store.read({ from: 0, to: T0 + 10 * DAY }))).toEqual(byKey(records.filter((r) => r.timestamp >= days[3]!)));
      await store.deleteBefore(T0 + 10 * DAY);
      expect(await store.count({ from: 0, to: T0 + 10 * DAY })).toBe(0);
    });

    withStore('rejects records it cannot hold with ERR_RMF_STORE_RECORD and writes none of the batch', async (store) => {
      const good = recordsAt([T0 + 15_000]).slice(0, 20);
      const bad: [string, MetricRecord][] = [
        ['value', { ...good[0]!, value: Number.NaN }],
        ['value', { ...good[0]!, value: Infinity }],
        ['metric', { ...good[0]!, metric: 'rmf_no_such_metric' }],
        ['label', { ...good[0]!, labels: { ...good[0]!.labels, colour: 'red' } }],
        ['timestamp', { ...good[0]!, timestamp: -15_000 }],
        ['timestamp', { ...good[0]!, timestamp: T0 + 0.5 }],
      ];
      for (const [what, record] of bad) {
        await rejectsWithCode(store.write([...good.slice(1), record]), 'ERR_RMF_STORE_RECORD', new RegExp(what === 'label' ? 'colour' : what === 'metric' ? 'rmf_no_such_metric' : what));
      }
      expect(await store.count({ from: 0, to: T0 + DAY })).toBe(0);
      expect(await store.write(good)).toEqual({ written: 20, duplicates: 0 });
    });

    withStore('rejects bad queries with ERR_RMF_ARGUMENT', async (store) => {
      const base = { from: T0, to: T0 + DAY };
      await rejectsWithCode(store.read({ ...base, family: 'disk' as never }), 'ERR_RMF_ARGUMENT', /disk/);
      await rejectsWithCode(store.read({ ...base, metric: 'rmf_nope' }), 'ERR_RMF_ARGUMENT', /rmf_nope/);
      await rejectsWithCode(store.read({ from: T0 + DAY, to: T0 }), 'ERR_RMF_ARGUMENT', /before/);
      await rejectsWithCode(store.count({ from: 'yesterday', to: T0 }), 'ERR_RMF_ARGUMENT', /from/);
      const agg = { ...base, metric: 'rmf_cpu_utilization_percent', stepMs: 60_000, fn: 'avg' as const };
      await rejectsWithCode(store.aggregate({ ...agg, stepMs: 0 }), 'ERR_RMF_ARGUMENT', /stepMs/);
      await rejectsWithCode(store.aggregate({ ...agg, fn: 'median' as never }), 'ERR_RMF_ARGUMENT', /fn/);
      await rejectsWithCode(store.aggregate({ ...agg, by: ['volser'] }), 'ERR_RMF_ARGUMENT', /volser/);
      await rejectsWithCode(store.aggregate({ ...agg, metric: 'rmf_ldev_response_time_seconds' }), 'ERR_RMF_ARGUMENT', /_bucket/);
    });

    withStore('serves as a write-pipeline sink: everything written once, with nothing lost', async (store) => {
      const { clock } = manualClock(T0);
      const pipeline = createWritePipeline({ sinks: { store }, clock, batchSize: 700 });
      const times = intervals(T0, 5);
      for (const t of times) await pipeline.write([...simA.samples(t), ...simB.samples(t)]);
      const stats = await pipeline.close();
      const records = recordsAt(times);
      expect(stats.sinks.store).toMatchObject({ written: records.length, dropped: 0, pendingRecords: 0, duplicates: 0 });
      expect(byKey(await store.read({ from: T0, to: T0 + DAY }))).toEqual(byKey(records));
    });

    it(
      'is closed after close(): further use rejects with ERR_RMF_CLOSED, and close() may be called again',
      async () => {
        const store = await harness.create();
        try {
          await store.close();
          await store.close();
          await rejectsWithCode(store.write(recordsAt([T0 + 15_000]).slice(0, 1)), 'ERR_RMF_CLOSED');
          await rejectsWithCode(store.read({ from: T0, to: T0 + DAY }), 'ERR_RMF_CLOSED');
        } finally {
          await (harness.destroy ? harness.destroy(store) : store.close());
        }
      },
      timeout,
    );
  });
}
