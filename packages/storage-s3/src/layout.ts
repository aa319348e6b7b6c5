import { ENTITY_LABEL, entityOf, getMetric, metricCatalog, type EntityKind, type MetricFamily, type NormalizedQuery } from '@rmf-sim/core';

/**
 * The object layout of a bucket (pure): where a record's window object lives, and the prefixes a query lists.
 *
 * ```
 * <prefix>metrics/<family>/<SYSPLEX>/<entity>/YYYY/MM/DD/HH/YYYYMMDD_HHMMSS.json.gz   one object per window
 * <prefix>archive/monthly/YYYY/MM/archive_YYYYMMDD_YYYYMMDD.json.gz                  one object per month
 * <prefix>exports/csv/<family>_metrics_YYYYMMDD.csv                                  one file per family and day
 * <prefix>exports/parquet/family=<family>/date=YYYY-MM-DD/<family>_YYYYMMDD.parquet  Hive partitions
 * <prefix>exports/<format>/_manifests/manifest_YYYYMMDD_YYYYMMDD.json                one manifest per export
 * <prefix>_rmf-sim/layout.json                                                       the layout marker (migrate())
 * ```
 */
export interface Layout {
  /** Key prefix of everything the store writes ('' or ending in `/`). */
  readonly prefix: string;
  /** Window of one object, ms (divides an hour). */
  readonly windowMs: number;
}

const DAY = 86_400_000;
/** The segment of a missing sysplex or entity label. */
export const NO_VALUE = '_';

/** Every metric family of the catalogue, in catalogue order. */
export const FAMILIES: readonly MetricFamily[] = [...new Set(metricCatalog.map((m) => m.family))];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDD` of a UTC instant. */
export function ymd(t: number): string {
  const d = new Date(t);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** `YYYY-MM-DD` of a UTC instant. */
export function isoDate(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * A label value as one key segment: `encodeURIComponent` (so `/` and `%` cannot break the layout), `_` for a missing
 * or empty value, and `%5F` for a value that is `_` itself (so the two never meet).
 */
export function segment(value: string | undefined): string {
  if (value === undefined || value === '') return NO_VALUE;
  return value === NO_VALUE ? '%5F' : encodeURIComponent(value).replace(/\*/g, '%2A');
}

/** The label value of a key segment (the inverse of {@link segment}; `''` for a missing value). */
export function segmentValue(seg: string): string {
  return seg === NO_VALUE ? '' : decodeURIComponent(seg);
}

/** Start of the window holding `timestamp`. */
export function windowStart(layout: Layout, timestamp: number): number {
  return Math.floor(timestamp / layout.windowMs) * layout.windowMs;
}

/** `YYYY/MM/DD/HH/YYYYMMDD_HHMMSS.json.gz` of the window starting at `start`. */
export function windowName(start: number): string {
  const d = new Date(start);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCHours())}/${ymd(start)}_${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}.json.gz`;
}

const WINDOW_NAME = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\/(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})\.json\.gz$/;

/** Start of the window a `YYYY/MM/DD/HH/YYYYMMDD_HHMMSS.json.gz` name stands for, or undefined for another name. */
export function parseWindowName(name: string): number | undefined {
  const m = WINDOW_NAME.exec(name);
  if (!m || m[1] !== m[5] || m[2] !== m[6] || m[3] !== m[7] || m[4] !== m[8]) return undefined;
  const t = Date.UTC(Number(m[5]), Number(m[6]) - 1, Number(m[7]), Number(m[8]), Number(m[9]), Number(m[10]));
  return Number.isFinite(t) && windowName(t) === name ? t : undefined;
}

/** `<prefix>metrics/<family>/`. */
export function familyPrefix(layout: Layout, family: string): string {
  return `${layout.prefix}metrics/${family}/`;
}

/** The series part of a window key: `<prefix>metrics/<family>/<SYSPLEX>/<entity>/`. */
export function entityPrefix(layout: Layout, family: string, sysplex: string | undefined, entity: string | undefined): string {
  return `${familyPrefix(layout, family)}${segment(sysplex)}/${segment(entity)}/`;
}

/** Key of the window object that holds a record. */
export function objectKey(layout: Layout, record: { metric: string; labels: Readonly<Record<string, string>>; timestamp: number }): string {
  const def = getMetric(record.metric)!;
  return entityPrefix(layout, def.family, record.labels.sysplex, entityOf(record.metric, record.labels)?.name) + windowName(windowStart(layout, record.timestamp));
}

/** Start of the UTC month holding `t`, and of the next. */
export function monthOf(t: number): { start: number; end: number } {
  const d = new Date(t);
  return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** `<prefix>archive/monthly/YYYY/MM/`. */
export function archivePrefix(layout: Layout, monthStart: number): string {
  const d = new Date(monthStart);
  return `${layout.prefix}archive/monthly/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/`;
}

/** Key of a month's archive: `…/archive_YYYYMMDD_YYYYMMDD.json.gz`, first and last day of the calendar month (one per month). */
export function archiveKey(layout: Layout, monthStart: number): string {
  const { start, end } = monthOf(monthStart);
  return `${archivePrefix(layout, start)}archive_${ymd(start)}_${ymd(end - DAY)}.json.gz`;
}

/** The months (their starts) that intersect the range (fromMs, toMs]. */
export function monthsOf(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let m = monthOf(fromMs + 1).start; m <= toMs; m = monthOf(m).end) out.push(m);
  return out;
}

/** Key of an export file of one family and UTC day. */
export function exportKey(layout: Layout, format: 'csv' | 'parquet', family: string, dayStart: number): string {
  if (format === 'csv') return `${layout.prefix}exports/csv/${family}_metrics_${ymd(dayStart)}.csv`;
  return `${layout.prefix}exports/parquet/family=${family}/date=${isoDate(dayStart)}/${family}_${ymd(dayStart)}.parquet`;
}

/** Key of the manifest of an export of the days [firstDay, lastDay]. */
export function manifestKey(layout: Layout, format: 'csv' | 'parquet', firstDay: number, lastDay: number): string {
  return `${layout.prefix}exports/${format}/_manifests/manifest_${ymd(firstDay)}_${ymd(lastDay)}.json`;
}

/** Key of the layout marker. */
export function markerKey(layout: Layout): string {
  return `${layout.prefix}_rmf-sim/layout.json`;
}

/** What a query can touch: the families of its metrics, and per family the entity label values it accepts (if it narrows them). */
export interface QueryScope {
  families: MetricFamily[];
  /** Accepted `sysplex` segments, or undefined for any. */
  sysplexes: ReadonlySet<string> | undefined;
  /** Per family: accepted entity segments, or undefined for any. */
  entities: ReadonlyMap<string, ReadonlySet<string> | undefined>;
}

/**
 * The parts of the key space a normalized query can match: only the families of its metrics; only the sysplexes it
 * names; only the entities it names where every metric of the family it can match has the same entity label.
 */
export function queryScope(q: NormalizedQuery): QueryScope {
  const byFamily = new Map<MetricFamily, Set<string>>();
  for (const name of q.metrics) {
    const def = getMetric(name)!;
    let kinds = byFamily.get(def.family);
    if (!kinds) byFamily.set(def.family, (kinds = new Set()));
    kinds.add(def.entity);
  }
  const segments = (values: ReadonlySet<string> | undefined) => (values ? new Set([...values].map((v) => segment(v))) : undefined);
  const entities = new Map<string, ReadonlySet<string> | undefined>();
  for (const [family, kinds] of byFamily) {
    const [kind] = kinds;
    const label = kinds.size === 1 ? ENTITY_LABEL[kind as EntityKind] : undefined;
    entities.set(family, label ? segments(q.labels.get(label)) : undefined);
  }
  return { families: FAMILIES.filter((f) => byFamily.has(f)), sysplexes: segments(q.labels.get('sysplex')), entities };
}
