import { RmfSimError } from './errors.js';

/** An instant: a `Date`, epoch milliseconds, or an ISO-8601 string with a time zone. */
export type Instant = Date | number | string;

/** Converts an {@link Instant} to epoch milliseconds, with a typed error for anything unreadable. */
export function toEpochMs(t: Instant, what = 'instant'): number {
  let ms: number;
  if (t instanceof Date) ms = t.getTime();
  else if (typeof t === 'number') ms = t;
  else if (typeof t === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(t);
    if (!m) {
      throw new RmfSimError('ERR_RMF_ARGUMENT', `${what}: expected an ISO-8601 date-time with a zone (e.g. 2026-01-05T00:00:00Z) or a date (UTC midnight), got ${JSON.stringify(t)}`);
    }
    const [, y, mo, d, h = '0', mi = '0', sec = '0'] = m;
    const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)));
    if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi) || check.getUTCSeconds() !== Number(sec)) {
      throw new RmfSimError('ERR_RMF_ARGUMENT', `${what}: ${JSON.stringify(t)} is not a real calendar date and time`);
    }
    ms = Date.parse(t);
  } else {
    throw new RmfSimError('ERR_RMF_ARGUMENT', `${what}: expected a Date, epoch milliseconds or an ISO-8601 string, got ${typeof t}`);
  }
  if (!Number.isFinite(ms)) throw new RmfSimError('ERR_RMF_ARGUMENT', `${what}: not a valid instant (${String(t)})`);
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
