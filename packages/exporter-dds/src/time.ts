/**
 * DDS time: the local time zone (an IANA name through Intl, DST-aware, or a fixed offset), MINTIME windows on the
 * UTC grid, the `YYYYMMDDhhmmss` local strings of `range` and `time-data`.
 * @module
 */
import { RmfSimError } from '@rmf-sim/core';

/** A time zone: an IANA name (`'Europe/Berlin'`, DST-aware), `'UTC'`, a `'+hh:mm'`/`'-hh:mm'` offset, or minutes east of UTC. */
export type TimeZoneInput = string | number;

/** A resolved zone: the offset from UTC (minutes) of any instant, and its name for messages. */
export interface Zone {
  readonly name: string;
  /** Minutes to add to UTC to get local time, at the instant `epochMs`. */
  offsetMinutes(epochMs: number): number;
}

function fixed(minutes: number, name: string): Zone {
  return { name, offsetMinutes: () => minutes };
}

/** Resolves a {@link TimeZoneInput}; throws `ERR_RMF_ARGUMENT` for an unknown zone or an offset beyond ±14 h. */
export function resolveZone(tz: TimeZoneInput): Zone {
  if (typeof tz === 'number') {
    if (!(Number.isInteger(tz) && Math.abs(tz) <= 14 * 60)) throw new RmfSimError('ERR_RMF_ARGUMENT', `timeZone offset must be whole minutes within ±840, got ${tz}`);
    return fixed(tz, `UTC${tz < 0 ? '-' : '+'}${String(Math.floor(Math.abs(tz) / 60)).padStart(2, '0')}:${String(Math.abs(tz) % 60).padStart(2, '0')}`);
  }
  if (typeof tz !== 'string' || tz === '') throw new RmfSimError('ERR_RMF_ARGUMENT', `timeZone must be an IANA name, '+hh:mm' or minutes, got ${JSON.stringify(tz)}`);
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz);
  if (m) return resolveZone((m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])));
  if (tz === 'UTC' || tz === 'Z') return fixed(0, 'UTC');
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  } catch (e) {
    throw new RmfSimError('ERR_RMF_ARGUMENT', `timeZone ${JSON.stringify(tz)} is not a time zone this Node.js knows (an IANA name such as 'America/New_York', or '+hh:mm')`, { cause: e });
  }
  const cache = new Map<number, number>();
  return {
    name: tz,
    offsetMinutes(epochMs: number): number {
      // offsets change on whole minutes: cache per minute
      const key = Math.floor(epochMs / 60_000);
      let off = cache.get(key);
      if (off === undefined) {
        const p: Record<string, number> = {};
        for (const part of format.formatToParts(key * 60_000)) if (part.type !== 'literal') p[part.type] = Number(part.value);
        const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
        off = Math.round((local - key * 60_000) / 60_000);
        if (cache.size > 10_000) cache.clear();
        cache.set(key, off);
      }
      return off;
    },
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local wall time of an instant as epoch-ms-like "local ms" (the UTC fields of the result are the local fields). */
export function localMs(zone: Zone, epochMs: number): number {
  return epochMs + zone.offsetMinutes(epochMs) * 60_000;
}

/** `YYYYMMDDhhmmss` of the UTC fields of `ms`. */
export function stamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** `MM/DD/YYYY hh:mm:ss` of the UTC fields of `ms` (the DDS display form, locale en-us). */
export function display(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${pad(d.getUTCFullYear(), 4)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Parses `YYYYMMDDhhmmss` (a real calendar date and time) into "local ms", or `undefined`. */
export function parseStamp(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const c = new Date(ms);
  if (c.getUTCFullYear() !== y || c.getUTCMonth() !== mo - 1 || c.getUTCDate() !== d || c.getUTCHours() !== h || c.getUTCMinutes() !== mi || c.getUTCSeconds() !== se) return undefined;
  return ms;
}

/**
 * The UTC instant of a local wall time. A time that occurs twice (when clocks go back) is its first occurrence;
 * one that does not exist (when clocks go forward) is taken with the offset in force before the change.
 */
export function utcOfLocal(zone: Zone, local: number): number {
  const before = local - zone.offsetMinutes(local - 86_400_000) * 60_000;
  const after = local - zone.offsetMinutes(local + 86_400_000) * 60_000;
  // the first candidate whose local time is the asked one; else the one with the offset before the change
  for (const c of [Math.min(before, after), Math.max(before, after)]) if (localMs(zone, c) === local) return c;
  return before;
}

/** A MINTIME window: the intervals of the simulator that end in (startMs, endMs]. */
export interface Window {
  readonly startMs: number;
  readonly endMs: number;
}
