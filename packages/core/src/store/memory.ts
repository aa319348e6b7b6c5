import type { Labels } from '../series.js';
import { toEpochMs, type Instant } from '../time.js';
import { StorageError } from './errors.js';
import { seriesKey, toRecords } from './keys.js';
import { aggregationRank, bucketEnd, matchesQuery, normalizeAggregate, normalizeQuery, type NormalizedAggregate, type NormalizedQuery } from './query.js';
import type { AggregatePoint, AggregateQuery, MetricRecord, MetricStore, RecordQuery, WriteResult } from './types.js';

/**
 * The in-memory store: a {@link MetricStore} that keeps everything in a `Map`, for tests, fixtures and small
 * data sets. It implements the same contract as the database adapters (and passes the same contract suite).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const pipeline = createWritePipeline({ sinks: { memory: store }, clock: systemClock });
 * await pipeline.write(sim.samples('2026-01-05T09:00:00Z'));
 * await pipeline.close();
 * console.log(store.size === sim.series.length); // true: one record per series
 * ```
 */
export interface MemoryStore extends MetricStore {
  /** Records held. */
  readonly size: number;
}

interface Entry {
  record: MetricRecord;
  /** `seriesKey(metric, labels)`. */
  series: string;
}

class MemoryStoreImpl implements MemoryStore {
  /** timestamp → series key → entry */
  private readonly byTime = new Map<number, Map<string, Entry>>();
  /** Sorted timestamps; rebuilt lazily after a new timestamp arrives. */
  private times: number[] | null = [];
  private total = 0;
  private closed = false;

  get size(): number {
    return this.total;
  }

  private check(): void {
    if (this.closed) throw new StorageError('ERR_RMF_CLOSED', 'the memory store is closed');
  }

  async write(records: readonly MetricRecord[]): Promise<WriteResult> {
    this.check();
    // validate (and key) the whole batch first: a bad record writes nothing; keys are recomputed, never trusted
    const checked = toRecords(records.map((r) => (Object.isFrozen(r.labels) ? r : { ...r, labels: Object.freeze({ ...r.labels }) })));
    let duplicates = 0;
    for (const record of checked) {
      const series = record.key.slice(0, record.key.lastIndexOf('@'));
      let slot = this.byTime.get(record.timestamp);
      if (!slot) {
        this.byTime.set(record.timestamp, (slot = new Map()));
        this.times = null;
      }
      if (slot.has(series)) duplicates++;
      else this.total++;
      slot.set(series, { record, series });
    }
    return { written: records.length, duplicates };
  }

  private sortedTimes(): number[] {
    this.times ??= [...this.byTime.keys()].sort((a, b) => a - b);
    return this.times;
  }

  /** Entries in (from, to] matching the query, in timestamp order. */
  private *scan(q: NormalizedQuery): Generator<Entry> {
    const times = this.sortedTimes();
    // first timestamp > fromMs
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= q.fromMs) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < times.length && times[i]! <= q.toMs; i++) {
      for (const e of this.byTime.get(times[i]!)!.values()) {
        if (matchesQuery(q, e.record.metric, e.record.labels, e.record.timestamp)) yield e;
      }
    }
  }

  async read(query: RecordQuery): Promise<MetricRecord[]> {
    this.check();
    return Array.from(this.scan(normalizeQuery(query)), (e) => e.record);
  }

  async count(query: RecordQuery): Promise<number> {
    this.check();
    let n = 0;
    for (const _ of this.scan(normalizeQuery(query))) n++;
    return n;
  }

  async aggregate(query: AggregateQuery): Promise<AggregatePoint[]> {
    this.check();
    const q = normalizeAggregate(query);
    return aggregateRecords(Array.from(this.scan(q), (e) => e.record), q);
  }

  async deleteBefore(before: Instant): Promise<void> {
    this.check();
    const cutoff = toEpochMs(before, 'before');
    for (const [t, slot] of this.byTime) {
      if (t < cutoff) {
        this.total -= slot.size;
        this.byTime.delete(t);
        this.times = null;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.byTime.clear();
    this.times = [];
    this.total = 0;
  }
}

/**
 * The records of `records` that a normalized query selects (time range, metrics, labels), in their order: the memory
 * store's filter, for stores that evaluate queries on records they fetched (object stores).
 *
 * @example
 * ```ts
 * const q = normalizeQuery({ from: '2026-01-05T08:00:00Z', to: '2026-01-05T09:00:00Z', lpar: 'PROD01' });
 * const prod01 = selectRecords(fetched, q);
 * ```
 */
export function selectRecords(records: Iterable<MetricRecord>, q: NormalizedQuery): MetricRecord[] {
  const out: MetricRecord[] = [];
  for (const r of records) if (matchesQuery(q, r.metric, r.labels, r.timestamp)) out.push(r);
  return out;
}

/**
 * Aggregates records into the buckets and groups of a normalized aggregate query, exactly as the memory store does
 * (buckets named by their end, nearest-rank percentiles, groups of the `by` labels with a non-empty value), ordered by
 * bucket, then group. Records outside the query are skipped.
 *
 * @example
 * ```ts
 * const q = normalizeAggregate({ from, to, metric: 'rmf_cpu_utilization_percent', stepMs: 60_000, fn: 'p95', by: ['lpar'] });
 * const points = aggregateRecords(fetched, q);
 * ```
 */
export function aggregateRecords(records: Iterable<MetricRecord>, q: NormalizedAggregate): AggregatePoint[] {
  const groups = new Map<string, { timestamp: number; labels: Labels; key: string; values: number[] }>();
  for (const record of records) {
    if (record.metric !== q.metric || !matchesQuery(q, record.metric, record.labels, record.timestamp)) continue;
    const labels: Record<string, string> = {};
    for (const l of q.by) {
      const v = record.labels[l];
      if (v !== undefined && v !== '') labels[l] = v;
    }
    const timestamp = bucketEnd(record.timestamp, q.stepMs);
    const key = seriesKey(q.metric, labels);
    const id = `${timestamp}|${key}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { timestamp, labels: Object.freeze(labels), key, values: [] }));
    g.values.push(record.value);
  }
  const points: (AggregatePoint & { key: string })[] = [];
  for (const g of groups.values()) {
    const n = g.values.length;
    const rank = aggregationRank(q.fn, n);
    let value: number;
    if (rank === undefined) {
      let sum = 0;
      for (const v of g.values) sum += v;
      value = sum / n;
    } else {
      value = g.values.sort((a, b) => a - b)[rank - 1]!;
    }
    points.push({ timestamp: g.timestamp, metric: q.metric, labels: g.labels, value, count: n, key: g.key });
  }
  points.sort((a, b) => a.timestamp - b.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return points.map(({ key: _key, ...p }) => p);
}

/**
 * Creates an empty {@link MemoryStore}.
 *
 * @example
 * ```ts
 * import { createMemoryStore, createSimulator, toRecords } from '@rmf-sim/core';
 * const store = createMemoryStore();
 * await store.write(toRecords(createSimulator({ seed: 42 }).samples('2026-01-05T09:00:00Z')));
 * console.log(await store.count({ from: '2026-01-05T08:00:00Z', to: '2026-01-05T09:00:00Z', lpar: 'PROD01' }));
 * ```
 */
export function createMemoryStore(): MemoryStore {
  return new MemoryStoreImpl();
}
