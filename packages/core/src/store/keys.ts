import { getMetric, type MetricDefinition } from '../catalog/index.js';
import type { Labels } from '../series.js';
import type { Sample } from '../simulator.js';
import { StorageError } from './errors.js';
import type { MetricRecord } from './types.js';

/** Latest instant a store must hold: 9999-12-31T23:59:59.999Z (the end of SQL `DATETIME`). */
export const MAX_TIMESTAMP = 253_402_300_799_999;

const NEEDS_ESCAPE = /[\\"\n]/;
const escapeValue = (v: string) => (NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v);

/**
 * Canonical identity of a series: the metric name and its non-empty labels sorted by name, in the Prometheus
 * text form (values escaped as there): `metric{a="x",b="y"}`. Independent of the labels' property order.
 *
 * @example
 * ```ts
 * seriesKey('rmf_cpu_utilization_percent', { sysplex: 'SYSPLEX01', lpar: 'PROD01', cpu_type: 'ziip' });
 * // 'rmf_cpu_utilization_percent{cpu_type="ziip",lpar="PROD01",sysplex="SYSPLEX01"}'
 * ```
 */
export function seriesKey(metric: string, labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = `${metric}{`;
  let first = true;
  for (const n of names) {
    const v = labels[n];
    if (v === undefined || v === '') continue;
    out += `${first ? '' : ','}${n}="${escapeValue(v)}"`;
    first = false;
  }
  return `${out}}`;
}

/**
 * The deterministic key of a measurement: `seriesKey(metric, labels) + '@' + timestamp` (epoch ms).
 *
 * @example
 * ```ts
 * recordKey({ timestamp: 1767603600000, metric: 'rmf_cpc_msu_actual', labels: { sysplex: 'SYSPLEX01', cpc: 'CPC1' } });
 * // 'rmf_cpc_msu_actual{cpc="CPC1",sysplex="SYSPLEX01"}@1767603600000'
 * ```
 */
export function recordKey(sample: Pick<Sample, 'timestamp' | 'metric' | 'labels'>): string {
  return `${seriesKey(sample.metric, sample.labels)}@${sample.timestamp}`;
}

/** A validated series: its catalogue entry, the label names a record of it may carry, and its key. */
export interface SeriesInfo {
  readonly metric: string;
  readonly definition: MetricDefinition;
  /** `seriesKey(metric, labels)`. */
  readonly key: string;
}

/**
 * The simulator's label objects are frozen and shared by every sample of a series, so the validation and the key of
 * a series are computed once per labels object. Unfrozen objects, and a labels object used with another metric,
 * are described again each time.
 */
const seriesCache = new WeakMap<object, SeriesInfo>();

/** The label names a sample of `metric` may carry: the catalogue's, plus `le` for a histogram's `_bucket`. */
export function allowedLabels(metric: string, definition: MetricDefinition): readonly string[] {
  return definition.type === 'histogram' && metric.endsWith('_bucket') ? [...definition.labels, 'le'] : definition.labels;
}

function isSampleName(metric: string, d: MetricDefinition): boolean {
  if (d.type === 'gauge') return metric === d.name;
  return metric === `${d.name}_bucket` || metric === `${d.name}_sum` || metric === `${d.name}_count`;
}

/**
 * Validates a series (metric in the catalogue, labels among the metric's, string values) and returns its
 * {@link SeriesInfo}; throws `StorageError` `ERR_RMF_STORE_RECORD` naming the problem.
 */
export function describeSeries(metric: string, labels: Labels): SeriesInfo {
  const cached = seriesCache.get(labels);
  if (cached !== undefined && cached.metric === metric) return cached;
  const definition = typeof metric === 'string' ? getMetric(metric) : undefined;
  if (!definition || !isSampleName(metric, definition)) {
    throw new StorageError('ERR_RMF_STORE_RECORD', `unknown metric ${JSON.stringify(metric)}: records must be samples of the metric catalogue`);
  }
  if (labels === null || typeof labels !== 'object') throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: labels must be an object`);
  const allowed = allowedLabels(metric, definition);
  for (const [name, value] of Object.entries(labels)) {
    if (!allowed.includes(name)) {
      throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: unknown label ${JSON.stringify(name)} (the metric has ${allowed.join(', ')})`);
    }
    if (typeof value !== 'string') throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: label ${name} must be a string, got ${typeof value}`);
  }
  const info: SeriesInfo = { metric, definition, key: seriesKey(metric, labels) };
  // only frozen labels can be cached: a mutable object could change after its key was computed
  if (cached === undefined && Object.isFrozen(labels)) seriesCache.set(labels, info);
  return info;
}

/** Throws `ERR_RMF_STORE_RECORD` unless `timestamp` is an integer epoch ms in [1970, 9999] and `value` is finite. */
export function checkMeasurement(metric: string, timestamp: number, value: number): void {
  if (!(Number.isInteger(timestamp) && timestamp >= 0 && timestamp <= MAX_TIMESTAMP)) {
    throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: timestamp must be integer epoch milliseconds from 1970 to 9999, got ${String(timestamp)}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}@${timestamp}: value must be a finite number, got ${String(value)}`);
  }
}

/**
 * Turns samples into records: validates each (catalogue metric, its labels, integer timestamp, finite value) and
 * adds its deterministic {@link MetricRecord.key | key}. Throws `StorageError` `ERR_RMF_STORE_RECORD` on the first bad one.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ seed: 42 });
 * const records = toRecords(sim.samples('2026-01-05T09:00:00Z'));
 * await createMemoryStore().write(records);
 * ```
 */
export function toRecords(samples: Iterable<Pick<Sample, 'timestamp' | 'metric' | 'labels' | 'value'>>): MetricRecord[] {
  const out: MetricRecord[] = [];
  for (const s of samples) {
    const info = describeSeries(s.metric, s.labels);
    checkMeasurement(s.metric, s.timestamp, s.value);
    out.push({ key: `${info.key}@${s.timestamp}`, timestamp: s.timestamp, metric: s.metric, labels: s.labels, value: s.value });
  }
  return out;
}
