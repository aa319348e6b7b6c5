import { recordKey, writeFastNumber, type MetricRecord } from '@rmf-sim/core';
import { gunzip, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * zlib level of every object the store writes. 3, not zlib's default 6: on a window of the default topology it gzips
 * 2.4 times faster for objects about 11 % larger (measured in docs/decisions.md). Any level reads back; the bytes stay
 * a function of the records for one level and zlib version.
 */
export const GZIP_LEVEL = 3;

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

/** The JSON text of a series between `"metric":` and the value: `"<metric>","labels":{…},"value":`, as UTF-8. */
export function seriesText(metric: string, labels: Readonly<Record<string, string>>): Buffer {
  return Buffer.from(`${JSON.stringify(metric)},"labels":${labelsJson(labels)},"value":`, 'utf8');
}

/** `{"timestamp":…,"time":"…","metric":` of a timestamp, as bytes. */
function headText(timestamp: number): Buffer {
  return Buffer.from(`{"timestamp":${timestamp},"time":"${new Date(timestamp).toISOString()}","metric":`, 'latin1');
}

/** A series of a window being written: its key ({@link seriesKey}) and its {@link seriesText}. */
export interface WindowSeries {
  readonly key: string;
  readonly text: Buffer;
}

/** Longest `numberText` of a finite double (`-2.2250738585072014e-308`) plus `}` and a newline. */
const MAX_VALUE_TAIL = 26;

/**
 * The NDJSON bytes of one new window from parallel arrays (timestamp, series, value of each incoming record, in
 * arrival order): the same bytes as {@link encodeNdjson} of the records after {@link mergeRecords} into nothing
 * (the last of a key wins), without building a record or a key per line. `duplicates` counts the records whose key
 * came earlier in the arrays or is in `alsoStored`.
 */
export function encodeWindow(timestamps: readonly number[], series: readonly WindowSeries[], values: readonly number[], alsoStored?: ReadonlySet<string>): { bytes: Buffer; records: number; duplicates: number } {
  const n = timestamps.length;
  const order = windowOrder(timestamps, series);
  const heads = new Map<number, Buffer>();
  let size = 0;
  let kept = 0;
  let duplicates = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    const next = j + 1 < n ? order[j + 1]! : -1;
    if (next >= 0 && timestamps[next] === timestamps[i] && series[next]!.key === series[i]!.key) {
      duplicates++; // a later record of the same key replaces this one
      order[j] = -1;
      continue;
    }
    const t = timestamps[i]!;
    let head = heads.get(t);
    if (head === undefined) heads.set(t, (head = headText(t)));
    if (alsoStored?.size && alsoStored.has(`${series[i]!.key}@${t}`)) duplicates++;
    size += head.length + series[i]!.text.length + MAX_VALUE_TAIL;
    kept++;
  }
  const out = Buffer.allocUnsafe(size);
  let p = 0;
  for (let j = 0; j < n; j++) {
    const i = order[j]!;
    if (i < 0) continue;
    const head = heads.get(timestamps[i]!)!;
    out.set(head, p);
    p += head.length;
    const text = series[i]!.text;
    out.set(text, p);
    p += text.length;
    const v = values[i]!;
    // core's writer gives String(v)'s bytes for most values without a string; -0 (JSON "-0") and the rest: numberText
    const q = v === 0 && 1 / v < 0 ? -1 : writeFastNumber(out, p, v);
    p = q >= 0 ? q : p + out.write(numberText(v), p, 'latin1');
    out[p++] = 0x7d; // }
    out[p++] = 0x0a; // \n
  }
  return { bytes: out.subarray(0, p), records: kept, duplicates };
}

/**
 * The indices of a window's records by timestamp, then series key (the order of compareRecords: keys of one
 * timestamp differ only in the series); equal pairs keep arrival order, so the last of a key comes last. Each
 * distinct series is ranked once by its key, and the (timestamp, rank, index) triples are sorted as numbers in a
 * Float64Array: no string comparison per pair of records. Windows too large for exact triples sort by comparator.
 */
function windowOrder(timestamps: readonly number[], series: readonly WindowSeries[]): Int32Array {
  const n = timestamps.length;
  const rank = new Map<WindowSeries, number>();
  for (let i = 0; i < n; i++) rank.set(series[i]!, 0);
  const distinct = [...rank.keys()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let r = -1;
  let previous: string | undefined;
  for (const s of distinct) {
    if (s.key !== previous) {
      r++;
      previous = s.key;
    }
    rank.set(s, r); // equal keys, equal rank
  }
  const times = [...new Set(timestamps)].sort((a, b) => a - b);
  const order = new Int32Array(n);
  if (times.length * (r + 1) * n >= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => timestamps[a]! - timestamps[b]! || rank.get(series[a]!)! - rank.get(series[b]!)! || a - b);
  }
  const timeIndex = new Map<number, number>();
  for (let k = 0; k < times.length; k++) timeIndex.set(times[k]!, k);
  const ranks = r + 1;
  const triples = new Float64Array(n);
  for (let i = 0; i < n; i++) triples[i] = (timeIndex.get(timestamps[i]!)! * ranks + rank.get(series[i]!)!) * n + i;
  triples.sort();
  for (let j = 0; j < n; j++) order[j] = triples[j]! % n;
  return order;
}

/** Gzipped bytes (on libuv's threadpool, so the event loop keeps sending requests meanwhile). */
export function gzipBytes(bytes: Uint8Array | string): Promise<Buffer> {
  return gzipAsync(bytes, { level: GZIP_LEVEL });
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
  return gzipBytes(encodeNdjson(records));
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
