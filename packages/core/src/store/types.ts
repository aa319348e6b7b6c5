import type { MetricFamily } from '../catalog/index.js';
import type { Labels } from '../series.js';
import type { Instant } from '../time.js';

/**
 * One stored measurement: a {@link Sample} plus its deterministic {@link MetricRecord.key | key}.
 *
 * @example
 * ```ts
 * const [record] = toRecords(createSimulator({ seed: 1 }).samples('2026-01-05T09:00:00Z'));
 * console.log(record.key); // rmf_cpu_utilization_percent{cpu_type="general_purpose",lpar="PROD01",sysplex="SYSPLEX01"}@1767603600000
 * ```
 */
export interface MetricRecord {
  /**
   * Identity of the record: `seriesKey(metric, labels) + '@' + timestamp` (see {@link seriesKey}). The same
   * measurement always gets the same key, so writing it again replaces it instead of adding a second row.
   */
  readonly key: string;
  /** End of the interval, epoch milliseconds (UTC), an integer ≥ 0. */
  readonly timestamp: number;
  /** Sample name from the metric catalogue (histograms: `…_bucket`, `…_sum`, `…_count`). */
  readonly metric: string;
  /** Label name → value. A label with an empty value is the same as no label (as in Prometheus). */
  readonly labels: Labels;
  /** A finite number. */
  readonly value: number;
}

/**
 * What a sink reports about one successful write.
 *
 * @example
 * ```ts
 * const { written, duplicates } = await store.write(records);
 * console.log(`${written - duplicates} new, ${duplicates} replaced`);
 * ```
 */
export interface WriteResult {
  /** Records in the batch. */
  written: number;
  /** Of those, records whose key was already stored (replaced, not added). */
  duplicates: number;
}

/** Options of {@link MetricSink.write}. */
export interface WriteOptions {
  /** Stops the write early; the sink rejects and may have written part of the batch (a retry is safe). */
  signal?: AbortSignal;
}

/**
 * The sink contract: where the {@link WritePipeline} writes. A sink
 * - upserts by {@link MetricRecord.key}: writing a record whose key is stored replaces it (so a retried or
 *   duplicated write never adds a row, and a batch that failed half-way can simply be written again);
 * - resolves only once the whole batch is durable, and rejects otherwise (possibly after writing part of it);
 * - rejects records it cannot hold with a `StorageError` of code `ERR_RMF_STORE_RECORD`, writing none of the batch;
 * - reports connection trouble as code `ERR_RMF_STORE_UNAVAILABLE` (the pipeline retries those).
 *
 * @example
 * ```ts
 * const consoleSink: MetricSink = {
 *   async write(records) {
 *     for (const r of records) console.log(r.key, r.value);
 *     return { written: records.length, duplicates: 0 };
 *   },
 * };
 * ```
 */
export interface MetricSink {
  /** Writes (upserts) a batch. The array is shared with other sinks: do not modify it. */
  write(records: readonly MetricRecord[], options?: WriteOptions): Promise<WriteResult>;
  /**
   * The time window, in ms, this sink writes cheapest in whole multiples of (optional). A batch that covers whole
   * windows, aligned to multiples of it since the epoch, writes each of the sink's objects once; a batch that ends
   * inside a window makes the next one read and merge what it wrote. The S3 store's object window; absent: any
   * batching is as good. A writer that batches (`rmf-sim backfill`) cuts its batches at these boundaries.
   */
  readonly batchWindowMs?: number;
}

/**
 * Which records to read, count or aggregate. Every filter narrows the result; list values mean "any of".
 * Labels compare exactly; a label that a record does not have counts as the empty string.
 *
 * @example
 * ```ts
 * // PROD01's CPU and memory metrics of one hour: intervals ending after 09:00 up to 10:00 inclusive
 * const q: RecordQuery = { from: '2026-01-05T09:00:00Z', to: '2026-01-05T10:00:00Z', lpar: 'PROD01', family: ['cpu', 'memory'] };
 * ```
 */
export interface RecordQuery {
  /** Start of the range, exclusive (like `Simulator.snapshots`: the first interval ends after it). */
  from: Instant;
  /** End of the range, inclusive. */
  to: Instant;
  /** Metric families (`cpu`, `memory`, `wlm`, …). */
  family?: MetricFamily | readonly MetricFamily[];
  /** Sample names; a histogram's base name selects its `_bucket`, `_sum` and `_count` samples. */
  metric?: string | readonly string[];
  /** Value(s) of the `sysplex` label. */
  sysplex?: string | readonly string[];
  /** Value(s) of the `lpar` label. */
  lpar?: string | readonly string[];
  /** Any other label values, e.g. `{ cpu_type: 'ziip' }`. */
  labels?: Readonly<Record<string, string | readonly string[]>>;
}

/** An aggregation function of {@link AggregateQuery}: mean, extremes, or a nearest-rank percentile. */
export type Aggregation = 'avg' | 'min' | 'max' | 'p50' | 'p90' | 'p95' | 'p99';

/**
 * Aggregates one metric into time buckets.
 *
 * @example
 * ```ts
 * // hourly p95 of GP busy per LPAR over one day
 * const q: AggregateQuery = {
 *   from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z', metric: 'rmf_cpu_utilization_percent',
 *   labels: { cpu_type: 'general_purpose' }, stepMs: 3_600_000, fn: 'p95', by: ['lpar'],
 * };
 * ```
 */
export interface AggregateQuery extends Omit<RecordQuery, 'metric' | 'family'> {
  /** One sample name (a gauge, or a histogram's `_bucket`, `_sum` or `_count`). */
  metric: string;
  /**
   * Bucket width in ms (a positive integer). Buckets are aligned to the epoch and named by their end, like
   * intervals: a record at `t` belongs to the bucket ending at `ceil(t / stepMs) * stepMs`.
   */
  stepMs: number;
  /** `avg`, `min`, `max`, or `pNN`: the nearest-rank percentile (the value at rank `ceil(NN/100 · n)` in ascending order). */
  fn: Aggregation;
  /**
   * Labels to group by; the metric's other labels are aggregated over. Every name must be a label of the metric.
   * @default all labels of the metric (one series per group)
   */
  by?: readonly string[];
}

/**
 * One bucket of one group of an {@link AggregateQuery}.
 *
 * @example
 * ```ts
 * for (const p of await store.aggregate(q)) console.log(new Date(p.timestamp).toISOString(), p.labels.lpar, p.value, p.count);
 * ```
 */
export interface AggregatePoint {
  /** End of the bucket, epoch ms. */
  timestamp: number;
  metric: string;
  /** The group: the `by` labels (only those with a non-empty value). */
  labels: Labels;
  /** The aggregate. */
  value: number;
  /** Records in the bucket and group. */
  count: number;
}

/**
 * A sink you can also read back from: what every storage adapter (and {@link createMemoryStore}) implements,
 * and what the shared contract suite checks.
 *
 * Reads return records ordered by timestamp (the order within one timestamp is unspecified); aggregates are
 * ordered by bucket, then by group (as `seriesKey(metric, labels)` strings compare).
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * await store.write(toRecords(sim.samples('2026-01-05T09:00:00Z')));
 * const prod01 = await store.read({ from: '2026-01-05T08:59:00Z', to: '2026-01-05T09:00:00Z', lpar: 'PROD01', family: 'cpu' });
 * ```
 */
export interface MetricStore extends MetricSink {
  /** Records matching the query, ordered by timestamp. */
  read(query: RecordQuery): Promise<MetricRecord[]>;
  /** Number of records matching the query. */
  count(query: RecordQuery): Promise<number>;
  /** One metric aggregated into time buckets. */
  aggregate(query: AggregateQuery): Promise<AggregatePoint[]>;
  /** Retention: removes every record with a timestamp before `before` (exclusive); keeps the rest. */
  deleteBefore(before: Instant): Promise<void>;
  /** Releases what the store holds (connections it opened). Idempotent. */
  close(): Promise<void>;
}
