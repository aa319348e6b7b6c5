/**
 * Line formats of `rmf-sim generate` and the one-line interval summary of `rmf-sim live`.
 * @module
 */
import type { Labels, Sample, Snapshot } from '@rmf-sim/core';

/**
 * One NDJSON line (with the trailing `\n`) for a sample.
 *
 * The library's `Sample.timestamp` is epoch milliseconds; the file form is an ISO-8601 UTC string
 * (`2026-01-05T00:00:15.000Z`). Values are written at full precision (JavaScript's shortest
 * round-trip form), so parsing the line gives back exactly the same number.
 *
 * @example
 * ```ts
 * formatNdjsonLine({ timestamp: 1767571215000, metric: 'rmf_cpu_utilization_percent', labels: { lpar: 'PROD01' }, value: 12.5 });
 * // '{"timestamp":"2026-01-05T00:00:15.000Z","metric":"rmf_cpu_utilization_percent","labels":{"lpar":"PROD01"},"value":12.5}\n'
 * ```
 */
export function formatNdjsonLine(sample: Sample): string {
  return `${JSON.stringify({ timestamp: new Date(sample.timestamp).toISOString(), metric: sample.metric, labels: sample.labels, value: sample.value })}\n`;
}

/** The header line of the CSV format (with the trailing `\n`). */
export const CSV_HEADER = 'timestamp,metric,labels,value\n';

/** Quotes one CSV field per RFC 4180 when it contains a comma, a double quote, CR or LF (quotes are doubled). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function escapeLabelPart(text: string): string {
  return text.replace(/[\\;=]/g, (c) => `\\${c}`);
}

/**
 * Labels as `k=v;k=v`, in the order of the object (the simulator's series order). A `\`, `;` or `=`
 * inside a name or value is escaped with a backslash, so the text can always be split back.
 */
export function formatCsvLabels(labels: Labels): string {
  let out = '';
  for (const key in labels) {
    if (out) out += ';';
    out += `${escapeLabelPart(key)}=${escapeLabelPart(labels[key] ?? '')}`;
  }
  return out;
}

/**
 * One CSV line (with the trailing `\n`) in the column order of {@link CSV_HEADER}:
 * ISO-8601 UTC timestamp, metric, labels (see {@link formatCsvLabels}), full-precision value.
 *
 * @example
 * ```ts
 * formatCsvLine({ timestamp: 1767571215000, metric: 'm', labels: { a: 'x,y', b: '1' }, value: 0.5 });
 * // '2026-01-05T00:00:15.000Z,m,"a=x,y;b=1",0.5\n'
 * ```
 */
export function formatCsvLine(sample: Sample): string {
  return `${new Date(sample.timestamp).toISOString()},${csvField(sample.metric)},${csvField(formatCsvLabels(sample.labels))},${String(sample.value)}\n`;
}

/** An ISO-8601 UTC instant without milliseconds when they are zero: `2026-01-05T00:00:15Z`. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.000Z$/, 'Z');
}

const pct = (n: number) => `${Math.round(n)}%`;

/**
 * The one-line summary `rmf-sim live` prints for an interval:
 * time, sysplex, CPC MSU and busy, GP and zIIP busy of each LPAR, the volume with the highest
 * I/O rate (with its response time) and the cache partition (CLPR) with the highest write pending.
 * Parts a shard does not own are left out.
 *
 * @example
 * ```text
 * 2026-11-27T23:10:15Z  SYSPLEX01  CPC 721 MSU 28%  PROD01 GP 14% zIIP 12%  PROD02 GP 16% zIIP 14%  hottest USR062 1558 io/s 0.14 ms  CLPR1 WP 5%
 * ```
 */
export function formatSummaryLine(snap: Snapshot): string {
  const parts: string[] = [isoSeconds(snap.epochMs), snap.sysplex];
  if (snap.cpc) parts.push(`CPC ${Math.round(snap.cpc.actualMsu)} MSU ${pct(snap.cpc.utilizationPercent)}`);
  for (const l of snap.lpars) parts.push(`${l.name} GP ${pct(l.cpu.generalPurposePercent)} zIIP ${pct(l.cpu.ziipPercent)}`);
  let hottest: Snapshot['volumes'][number] | undefined;
  for (const v of snap.volumes) if (!hottest || v.ioRate > hottest.ioRate) hottest = v;
  if (hottest) parts.push(`hottest ${hottest.volser} ${Math.round(hottest.ioRate)} io/s ${(hottest.responseTime.total * 1000).toFixed(2)} ms`);
  let clpr: Snapshot['storageArray']['clprs'][number] | undefined;
  for (const c of snap.storageArray.clprs) if (!clpr || c.writePendingPercent > clpr.writePendingPercent) clpr = c;
  if (clpr) parts.push(`${clpr.name} WP ${pct(clpr.writePendingPercent)}`);
  return parts.join('  ');
}
