import { getMetric, metricCatalog, type MetricDefinition, type MetricFamily } from '../catalog/index.js';
import { RmfSimError } from '../errors.js';
import type { Labels } from '../series.js';
import { toEpochMs } from '../time.js';
import { allowedLabels } from './keys.js';
import type { AggregateQuery, Aggregation, RecordQuery } from './types.js';

/** A {@link RecordQuery} checked and resolved: what every store evaluates, so they all agree on its meaning. */
export interface NormalizedQuery {
  /** Exclusive start, epoch ms. */
  fromMs: number;
  /** Inclusive end, epoch ms. */
  toMs: number;
  /** Sample names the query can match (the catalogue's, narrowed by `metric` and `family`). */
  metrics: ReadonlySet<string>;
  /** Label name → accepted values (`sysplex`, `lpar` and `labels` together). A missing label is `''`. */
  labels: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A checked {@link AggregateQuery}. */
export interface NormalizedAggregate extends NormalizedQuery {
  metric: string;
  definition: MetricDefinition;
  stepMs: number;
  fn: Aggregation;
  /** Group labels. */
  by: readonly string[];
}

const FAMILIES = new Set<string>(metricCatalog.map((m) => m.family));
const AGGREGATIONS: readonly Aggregation[] = ['avg', 'min', 'max', 'p50', 'p90', 'p95', 'p99'];

const argError = (message: string) => new RmfSimError('ERR_RMF_ARGUMENT', message);

/** The sample names of a catalogue entry: its name, or a histogram's `_bucket`, `_sum` and `_count`. */
export function sampleNames(d: MetricDefinition): string[] {
  return d.type === 'histogram' ? [`${d.name}_bucket`, `${d.name}_sum`, `${d.name}_count`] : [d.name];
}

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]);

/** Checks a query and resolves its filters; throws `ERR_RMF_ARGUMENT` for bad instants, unknown families or metrics. */
export function normalizeQuery(q: RecordQuery): NormalizedQuery {
  if (q === null || typeof q !== 'object') throw argError('a query needs at least { from, to }');
  const fromMs = toEpochMs(q.from, 'from');
  const toMs = toEpochMs(q.to, 'to');
  if (toMs < fromMs) throw argError(`to (${new Date(toMs).toISOString()}) is before from (${new Date(fromMs).toISOString()})`);

  const families = list(q.family);
  for (const f of families ?? []) if (!FAMILIES.has(f)) throw argError(`unknown metric family ${JSON.stringify(f)} (have ${[...FAMILIES].join(', ')})`);
  let names: string[];
  const metricFilter = list(q.metric);
  if (metricFilter) {
    names = [];
    for (const m of metricFilter) {
      const d = typeof m === 'string' ? getMetric(m) : undefined;
      if (!d) throw argError(`unknown metric ${JSON.stringify(m)}`);
      if (m === d.name) names.push(...sampleNames(d));
      else if (sampleNames(d).includes(m)) names.push(m);
      else throw argError(`unknown metric ${JSON.stringify(m)}`);
    }
  } else {
    names = metricCatalog.flatMap(sampleNames);
  }
  if (families) names = names.filter((n) => families.includes(getMetric(n)!.family as MetricFamily));

  const labels = new Map<string, Set<string>>();
  const addLabel = (name: string, v: string | readonly string[] | undefined) => {
    const values = list(v);
    if (values === undefined) return;
    for (const x of values) if (typeof x !== 'string') throw argError(`label ${name}: values must be strings`);
    const prev = labels.get(name);
    // the same label given twice (e.g. `lpar` and `labels.lpar`) must match both
    labels.set(name, prev ? new Set(values.filter((x) => prev.has(x))) : new Set(values));
  };
  addLabel('sysplex', q.sysplex);
  addLabel('lpar', q.lpar);
  for (const [name, v] of Object.entries(q.labels ?? {})) addLabel(name, v);
  return { fromMs, toMs, metrics: new Set(names), labels };
}

/** Checks an aggregate query; throws `ERR_RMF_ARGUMENT` naming the problem. */
export function normalizeAggregate(q: AggregateQuery): NormalizedAggregate {
  if (q === null || typeof q !== 'object') throw argError('an aggregate query needs { from, to, metric, stepMs, fn }');
  const definition = typeof q.metric === 'string' ? getMetric(q.metric) : undefined;
  if (!definition || !sampleNames(definition).includes(q.metric)) {
    throw argError(`aggregate: metric must be one sample name of the catalogue${definition?.type === 'histogram' ? ` (${sampleNames(definition).join(', ')})` : ''}, got ${JSON.stringify(q.metric)}`);
  }
  if (!(Number.isSafeInteger(q.stepMs) && q.stepMs > 0)) throw argError(`aggregate: stepMs must be a positive integer (ms), got ${String(q.stepMs)}`);
  if (!AGGREGATIONS.includes(q.fn)) throw argError(`aggregate: fn must be one of ${AGGREGATIONS.join(', ')}, got ${JSON.stringify(q.fn)}`);
  const allowed = allowedLabels(q.metric, definition);
  const by = q.by === undefined ? allowed : [...q.by];
  for (const l of by) if (!allowed.includes(l)) throw argError(`aggregate: cannot group ${q.metric} by ${JSON.stringify(l)} (its labels are ${allowed.join(', ')})`);
  if (new Set(by).size !== by.length) throw argError('aggregate: by lists a label twice');
  const base = normalizeQuery({ ...q, family: undefined, metric: q.metric });
  return { ...base, metric: q.metric, definition, stepMs: q.stepMs, fn: q.fn, by };
}

/** Whether a record with this metric, labels and timestamp matches the query. */
export function matchesQuery(q: NormalizedQuery, metric: string, labels: Labels, timestamp: number): boolean {
  if (!(timestamp > q.fromMs && timestamp <= q.toMs) || !q.metrics.has(metric)) return false;
  for (const [name, values] of q.labels) if (!values.has(labels[name] ?? '')) return false;
  return true;
}

/** End of the bucket of width `stepMs` that holds `timestamp` (buckets aligned to the epoch, named by their end). */
export function bucketEnd(timestamp: number, stepMs: number): number {
  return Math.ceil(timestamp / stepMs) * stepMs;
}

/**
 * The 1-based rank, in ascending order, of the value an aggregation picks from `n` values: 1 for `min`, `n` for
 * `max`, `ceil(p · n / 100)` for a percentile `pNN` (nearest rank, computed in integers); undefined for `avg`.
 */
export function aggregationRank(fn: Aggregation, n: number): number | undefined {
  if (fn === 'avg') return undefined;
  if (fn === 'min') return 1;
  if (fn === 'max') return n;
  const p = Number(fn.slice(1));
  return Math.max(1, Math.ceil((p * n) / 100));
}
