/**
 * A read-only, `MetricStore`-shaped view over a simulator: range reads, counts and bucketed aggregates answered by
 * generating the intervals of the range (random access in time), without storing anything. Pure: no I/O, no clock.
 * What the server answers range queries from when no store is configured (or when `source=simulator` is asked).
 * @module
 */
import {
  normalizeAggregate,
  normalizeQuery,
  RmfSimError,
  seriesKey,
  type AggregatePoint,
  type AggregateQuery,
  type Labels,
  type MetricRecord,
  type MetricStore,
  type NormalizedQuery,
  type RecordQuery,
  type Simulator,
} from '@rmf-sim/core';

/**
 * Options of {@link createSimulatorView}.
 *
 * @example
 * ```ts
 * const view = createSimulatorView({ simulator: createSimulator({ seed: 42 }), maxIntervals: 240 });
 * ```
 */
export interface SimulatorViewOptions {
  /** The simulator whose intervals the view generates. */
  simulator: Pick<Simulator, 'intervalMs' | 'samples' | 'series'>;
  /**
   * Most intervals one query may span (each costs one evaluation of the model, about 0.2 ms with the default
   * topology); a longer range is refused with `ERR_RMF_ARGUMENT`.
   * @default 5760 (one day of 15 s intervals)
   */
  maxIntervals?: number;
}

/** The read side of a {@link MetricStore}: what {@link createSimulatorView} returns. */
export type ReadOnlyMetricStore = Pick<MetricStore, 'read' | 'count' | 'aggregate'>;

/** A simulator view; `intervalsOf` tells how many intervals a query would generate. */
export interface SimulatorView extends ReadOnlyMetricStore {
  /** Interval ends in (fromMs, toMs] on the simulator's grid. */
  intervalsOf(fromMs: number, toMs: number): { first: number; count: number };
  /**
   * The positions, in the simulator's series order (that of `samples()`), of the series a query's filters select
   * (sysplex, LPAR, family, metric, labels; the range is ignored): the same meaning as a store's query.
   */
  select(filters: Omit<RecordQuery, 'from' | 'to'>): Int32Array;
}

interface SeriesRef {
  index: number;
  metric: string;
  labels: Labels;
  key: string;
}

/**
 * Creates a read-only view that answers {@link MetricStore.read}, `count` and `aggregate` by generating the
 * simulator's intervals in the query's range: the same records (keys, order, values) a store filled with those
 * intervals returns, and the same aggregates (buckets named by their end, nearest-rank percentiles).
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { createSimulatorView } from '@rmf-sim/server';
 * const view = createSimulatorView({ simulator: createSimulator({ seed: 42 }) });
 * const p95 = await view.aggregate({ from: '2026-01-05T08:00:00Z', to: '2026-01-05T09:00:00Z', metric: 'rmf_cpu_utilization_percent', stepMs: 900_000, fn: 'p95', by: ['lpar'] });
 * ```
 */
export function createSimulatorView(options: SimulatorViewOptions): SimulatorView {
  const { simulator: sim, maxIntervals = 5760 } = options;
  const iv = sim.intervalMs;
  const series: SeriesRef[] = sim.series.map((s, index) => ({ index, metric: s.metric, labels: s.labels, key: seriesKey(s.metric, s.labels) }));

  const intervalsOf = (fromMs: number, toMs: number) => {
    const first = Math.floor(fromMs / iv) * iv + iv;
    return { first, count: toMs < first ? 0 : Math.floor((toMs - first) / iv) + 1 };
  };

  const matching = (q: NormalizedQuery): SeriesRef[] =>
    series.filter((s) => {
      if (!q.metrics.has(s.metric)) return false;
      for (const [name, values] of q.labels) if (!values.has(s.labels[name] ?? '')) return false;
      return true;
    });

  /** Calls `each(t, samples)` for every interval of the range, after checking its length. */
  const scan = (q: NormalizedQuery, picked: readonly SeriesRef[], each: (t: number, values: Float64Array) => void) => {
    const { first, count } = intervalsOf(q.fromMs, q.toMs);
    if (count > maxIntervals) {
      throw new RmfSimError('ERR_RMF_ARGUMENT', `the range holds ${count} intervals of ${iv / 1000} s; the simulator answers at most ${maxIntervals} per query: narrow from/to, or query a store`);
    }
    if (picked.length === 0) return;
    const values = new Float64Array(picked.length);
    for (let k = 0, t = first; k < count; k++, t += iv) {
      const samples = sim.samples(t);
      for (let i = 0; i < picked.length; i++) values[i] = samples[picked[i]!.index]!.value;
      each(t, values);
    }
  };

  return {
    intervalsOf,
    select: (filters) => Int32Array.from(matching(normalizeQuery({ ...filters, from: 0, to: 0 })), (s) => s.index),
    async read(query: RecordQuery): Promise<MetricRecord[]> {
      const q = normalizeQuery(query);
      const picked = matching(q);
      const out: MetricRecord[] = [];
      scan(q, picked, (t, values) => {
        for (let i = 0; i < picked.length; i++) {
          const s = picked[i]!;
          out.push({ key: `${s.key}@${t}`, timestamp: t, metric: s.metric, labels: s.labels, value: values[i]! });
        }
      });
      return out;
    },
    async count(query: RecordQuery): Promise<number> {
      const q = normalizeQuery(query);
      const { count } = intervalsOf(q.fromMs, q.toMs);
      if (count > maxIntervals) scan(q, [], () => {}); // the same refusal as read()
      return count * matching(q).length;
    },
    async aggregate(query: AggregateQuery): Promise<AggregatePoint[]> {
      const q = normalizeAggregate(query);
      const picked = matching(q);
      // the group of each series: its `by` labels (non-empty ones) and their key
      const groupOf = picked.map((s) => {
        const labels: Record<string, string> = {};
        for (const l of q.by) {
          const v = s.labels[l];
          if (v !== undefined && v !== '') labels[l] = v;
        }
        return { labels: Object.freeze(labels), key: seriesKey(q.metric, labels) };
      });
      const groups = new Map<string, { timestamp: number; labels: Labels; key: string; values: number[] }>();
      scan(q, picked, (t, values) => {
        const bucket = Math.ceil(t / q.stepMs) * q.stepMs;
        for (let i = 0; i < picked.length; i++) {
          const g = groupOf[i]!;
          const id = `${bucket}|${g.key}`;
          let entry = groups.get(id);
          if (!entry) groups.set(id, (entry = { timestamp: bucket, labels: g.labels, key: g.key, values: [] }));
          entry.values.push(values[i]!);
        }
      });
      const points = [...groups.values()].map((g) => ({ point: { timestamp: g.timestamp, metric: q.metric, labels: g.labels, value: aggregateValues(q.fn, g.values), count: g.values.length }, key: g.key }));
      points.sort((a, b) => a.point.timestamp - b.point.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return points.map((p) => p.point);
    },
  };
}

/** `avg` (the plain mean, summed in order), `min`, `max` or the nearest-rank percentile `pNN` of the values. */
function aggregateValues(fn: AggregateQuery['fn'], values: number[]): number {
  const n = values.length;
  if (fn === 'avg') {
    let sum = 0;
    for (const v of values) sum += v;
    return sum / n;
  }
  const sorted = values.sort((a, b) => a - b);
  if (fn === 'min') return sorted[0]!;
  if (fn === 'max') return sorted[n - 1]!;
  const p = Number(fn.slice(1));
  return sorted[Math.max(1, Math.ceil((p * n) / 100)) - 1]!;
}
