import { RmfSimError } from './errors.js';

/** An instant: a `Date`, epoch milliseconds, or an ISO-8601 string with a time zone. */
export type Instant = Date | number | string;

/** The largest epoch-ms magnitude a `Date` holds (±100,000,000 days around 1970). */
const DATE_LIMIT_MS = 8.64e15;

/**
 * The instants rmf-sim simulates: from 1970-01-01T00:00:00.000Z to 2199-12-31T23:59:59.999Z, as epoch ms. Every
 * simulator method rejects an instant outside it with `ERR_RMF_ARGUMENT`. Within it, every valid configuration
 * gives finite values (organic growth of up to 200 % a year compounds to about 10^82 by 2199, far from overflowing).
 * Stores hold a wider range (1970–9999, SQL `DATETIME`).
 *
 * @example
 * ```ts
 * new Date(INSTANT_RANGE.toMs).toISOString(); // '2199-12-31T23:59:59.999Z'
 * ```
 */
export const INSTANT_RANGE: Readonly<{ fromMs: number; toMs: number }> = Object.freeze({ fromMs: 0, toMs: 7_258_118_399_999 });

const argument = (message: string) => new RmfSimError('ERR_RMF_ARGUMENT', message);

/** Epoch ms of a calendar date-time in UTC for any year 0–9999 (`Date.UTC` reads years 0–99 as 1900–1999). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/**
 * Converts an {@link Instant} to epoch milliseconds, with a typed error (`ERR_RMF_ARGUMENT`, the message starting with
 * `what`) for anything unreadable: a string that is not ISO 8601 with a zone (or a date alone, read as UTC midnight),
 * a date that does not exist (`2026-02-30`, `24:00`), a number or `Date` that no `Date` can hold.
 *
 * @example
 * ```ts
 * toEpochMs('2026-01-05T01:00:00+01:00'); // 1767571200000
 * toEpochMs('0000-02-29');                // -62162121600000 (year 0 is a leap year in ISO 8601)
 * ```
 */
export function toEpochMs(t: Instant, what = 'instant'): number {
  const ms = parse(t, what);
  if (Math.abs(ms) > DATE_LIMIT_MS) throw argument(`${what}: not a valid instant (${String(t)})`);
  return ms;
}

/** Epoch ms of an instant, any finite number (not yet checked against a range). */
function parse(t: Instant, what: string): number {
  let ms: number;
  if (t instanceof Date) ms = t.getTime();
  else if (typeof t === 'number') ms = t;
  else if (typeof t === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(t);
    if (!m) {
      throw argument(`${what}: expected an ISO-8601 date-time with a zone (e.g. 2026-01-05T00:00:00Z) or a date (UTC midnight), got ${JSON.stringify(t)}`);
    }
    const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
    const check = new Date(utcMs(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)));
    if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi) || check.getUTCSeconds() !== Number(sec)) {
      throw argument(`${what}: ${JSON.stringify(t)} is not a real calendar date and time`);
    }
    ms = Date.parse(t);
  } else {
    throw argument(`${what}: expected a Date, epoch milliseconds or an ISO-8601 string, got ${typeof t}`);
  }
  if (!Number.isFinite(ms)) throw argument(`${what}: not a valid instant (${String(t)})`);
  return ms;
}

/**
 * {@link toEpochMs}, and the instant must lie in {@link INSTANT_RANGE}; throws `ERR_RMF_ARGUMENT` naming the range.
 * Every simulator method reads its instants with it.
 *
 * @example
 * ```ts
 * toSimulatedMs('2026-01-05T00:00:00Z'); // 1767571200000
 * toSimulatedMs('1969-12-31T23:59:59Z'); // throws: … is outside the simulated range 1970-01-01T00:00:00.000Z … 2199-12-31T23:59:59.999Z
 * ```
 */
export function toSimulatedMs(t: Instant, what = 'instant'): number {
  const ms = parse(t, what);
  if (ms < INSTANT_RANGE.fromMs || ms > INSTANT_RANGE.toMs) {
    const shown = typeof t === 'string' ? t : Math.abs(ms) <= DATE_LIMIT_MS ? new Date(ms).toISOString() : String(ms);
    throw argument(`${what}: ${shown} is outside the simulated range ${new Date(INSTANT_RANGE.fromMs).toISOString()} … ${new Date(INSTANT_RANGE.toMs).toISOString()}`);
  }
  return ms;
}

/** Calendar fields of a local instant, as the workload pattern engine sees them. */
export interface CalendarFields {
  year: number;
  /** 1–12 */
  month: number;
  /** Day of month, 1–31. */
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Fractional hour of day, 0 ≤ hour < 24. */
  hour: number;
  /** Days in this month (28–31). */
  daysInMonth: number;
  /** `YYYY-MM-DD` of the local day. */
  date: string;
}

const DAY_MS = 86_400_000;

/** Calendar fields of `epochMs` shifted by `utcOffsetMinutes` (pure: no time-zone database). */
export function calendarOf(epochMs: number, utcOffsetMinutes: number): CalendarFields {
  const local = epochMs + utcOffsetMinutes * 60_000;
  const d = new Date(local);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const msOfDay = local - Math.floor(local / DAY_MS) * DAY_MS;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return {
    year,
    month,
    day,
    weekday: d.getUTCDay(),
    hour: msOfDay / 3_600_000,
    daysInMonth,
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}
