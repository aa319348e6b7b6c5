import { recordKey, type MetricRecord } from '@rmf-sim/core';
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A number as JSON text that parses back to the same double (including `-0`). */
export function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Labels as JSON with the names in sorted order (so the same record always gives the same bytes). */
function labelsJson(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  let out = '{';
  for (const n of names) {
    const v = labels[n];
    if (v === undefined || v === '') continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(n)}:${JSON.stringify(v)}`;
  }
  return `${out}}`;
}

/** Orders records by timestamp, then key: the order of every object's lines. */
export function compareRecords(a: MetricRecord, b: MetricRecord): number {
  return a.timestamp - b.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * NDJSON of records, one `{"timestamp":…,"time":"…","metric":"…","labels":{…},"value":…}` per line, ordered by
 * timestamp and key: the same records always give the same text, whatever order they came in.
 *
 * @example
 * ```ts
 * encodeNdjson(records).split('\n')[0]; // {"timestamp":1767603615000,"time":"2026-01-05T09:00:15.000Z","metric":"rmf_cpc_msu_actual",…}
 * ```
 */
export function encodeNdjson(records: Iterable<MetricRecord>): string {
  const sorted = [...records].sort(compareRecords);
  // a window holds few timestamps and each series many times: format each once
  const times = new Map<number, string>();
  const series = new Map<string, string>();
  let out = '';
  for (const r of sorted) {
    let head = times.get(r.timestamp);
    if (head === undefined) times.set(r.timestamp, (head = `{"timestamp":${r.timestamp},"time":"${new Date(r.timestamp).toISOString()}","metric":`));
    const id = r.key.slice(0, r.key.lastIndexOf('@'));
    let body = series.get(id);
    if (body === undefined) series.set(id, (body = `${JSON.stringify(r.metric)},"labels":${labelsJson(r.labels)},"value":`));
    out += `${head}${body}${numberText(r.value)}}\n`;
  }
  return out;
}

/** Thrown by {@link decodeNdjson} for a line that is not a record; `line` is 1-based. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'DecodeError';
  }
}

/** Records of NDJSON text written by {@link encodeNdjson} (keys recomputed; empty lines skipped). */
export function decodeNdjson(text: string): MetricRecord[] {
  const out: MetricRecord[] = [];
  const series = new Map<string, { metric: string; labels: Readonly<Record<string, string>>; series: string }>();
  let line = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const s = text.slice(start, end);
    start = end + 1;
    if (s.trim() === '') continue;
    let o: { timestamp?: unknown; metric?: unknown; labels?: unknown; value?: unknown };
    try {
      o = JSON.parse(s) as typeof o;
    } catch (e) {
      throw new DecodeError(`line ${line}: ${(e as Error).message}`, line);
    }
    const { timestamp, metric, labels, value } = o ?? {};
    if (typeof timestamp !== 'number' || typeof metric !== 'string' || typeof value !== 'number' || !labels || typeof labels !== 'object' || Array.isArray(labels)) {
      throw new DecodeError(`line ${line}: not a record (needs timestamp, metric, labels and value)`, line);
    }
    // the series part of a line (metric and labels) repeats once per interval: key and freeze it once
    const a = s.indexOf('"metric":');
    const b = s.lastIndexOf(',"value":');
    const seriesText = a > 0 && b > a ? s.slice(a, b) : undefined; // the layout encodeNdjson writes; else no reuse
    let known = seriesText === undefined ? undefined : series.get(seriesText);
    if (!known || known.metric !== metric) {
      const l = Object.freeze({ ...(labels as Record<string, string>) });
      const key = recordKey({ timestamp: 0, metric, labels: l });
      known = { metric, labels: l, series: key.slice(0, key.lastIndexOf('@')) };
      if (seriesText !== undefined) series.set(seriesText, known);
    }
    out.push({ key: `${known.series}@${timestamp}`, timestamp, metric, labels: known.labels, value });
  }
  return out;
}

/** Gzipped NDJSON (deterministic bytes: zlib writes no file name and a zero time). */
export async function encodeObject(records: Iterable<MetricRecord>): Promise<Uint8Array> {
  return gzipAsync(encodeNdjson(records), { level: 6 });
}

/** Records of a gzipped NDJSON object. */
export async function decodeObject(bytes: Uint8Array): Promise<MetricRecord[]> {
  return decodeNdjson((await gunzipAsync(bytes)).toString('utf8'));
}

/**
 * Merges records into what an object held: a key in `incoming` replaces the same key in `existing` (the last of a
 * key wins within `incoming`); `duplicates` counts the incoming records whose key was there before (in `existing`
 * or in `alsoStored`, e.g. the month's archive, or earlier in the same batch).
 */
export function mergeRecords(existing: Iterable<MetricRecord>, incoming: readonly MetricRecord[], alsoStored?: ReadonlySet<string>): { records: MetricRecord[]; duplicates: number } {
  const byKey = new Map<string, MetricRecord>();
  for (const r of existing) byKey.set(r.key, r);
  let duplicates = 0;
  for (const r of incoming) {
    if (byKey.has(r.key) || alsoStored?.has(r.key)) duplicates++;
    byKey.set(r.key, r);
  }
  return { records: [...byKey.values()], duplicates };
}
