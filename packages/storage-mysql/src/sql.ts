/**
 * SQL text helpers. INSERTs are built as text (the fastest way to send multi-row statements with mysql2), so every
 * value they carry goes through one of these; reads use prepared statements with parameters instead.
 * @module
 */
import { MAX_TIMESTAMP } from '@rmf-sim/core';

const BACKSLASH_ESCAPES: Record<string, string> = { '\0': '\\0', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\x1a': '\\Z', "'": "\\'", '"': '\\"', '\\': '\\\\' };
// eslint-disable-next-line no-control-regex -- these control characters are exactly what must be escaped
const SPECIAL = /[\0\b\t\n\r\x1a'"\\]/g;
const NEEDS_ESCAPE = new RegExp(SPECIAL.source);

/**
 * A string literal. With the server's `NO_BACKSLASH_ESCAPES` mode, backslashes are literal and only quotes are doubled.
 */
export function quote(s: string, noBackslashEscapes: boolean): string {
  if (!NEEDS_ESCAPE.test(s)) return `'${s}'`;
  if (noBackslashEscapes) return `'${s.replace(/'/g, "''")}'`;
  return `'${s.replace(SPECIAL, (c) => BACKSLASH_ESCAPES[c]!)}'`;
}

/** Earliest instant a `DATETIME` literal of this module stands for (1000-01-01T00:00:00Z). */
const MIN_DATETIME_MS = -30_610_224_000_000;

/** The `DATETIME(3)` text of an epoch-ms instant in UTC, clamped to the type's range: `2026-01-05 09:00:00.000`. */
export function datetimeParam(ms: number): string {
  const iso = new Date(Math.min(MAX_TIMESTAMP, Math.max(MIN_DATETIME_MS, ms))).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** The same as a quoted literal: `'2026-01-05 09:00:00.000'`. */
export const datetime = (ms: number) => `'${datetimeParam(ms)}'`;

/** Epoch milliseconds of a `DATETIME(3)` column, independent of the session time zone. */
export const epochMsOf = (column: string) => `(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ${column}) DIV 1000)`;

/** Midnight (UTC) of the day that holds `ms`, as epoch ms. */
export const DAY_MS = 86_400_000;
export const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** `Records: 12  Duplicates: 3  Warnings: 0` of an INSERT's OK packet. */
export function parseInsertInfo(info: string | undefined): { records: number; duplicates: number; warnings: number } | null {
  const m = /Records:\s*(\d+)\s+Duplicates:\s*(\d+)\s+Warnings:\s*(\d+)/.exec(info ?? '');
  return m ? { records: Number(m[1]), duplicates: Number(m[2]), warnings: Number(m[3]) } : null;
}
