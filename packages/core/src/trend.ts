import { RmfSimError } from './errors.js';
import type { Simulator } from './simulator.js';
import { toEpochMs, type Instant } from './time.js';

const MIN = 60_000;
const DAY = 86_400_000;

/**
 * Trailing moving average: element i is the mean of `values[i - window + 1 … i]` (fewer at the start).
 *
 * @example
 * ```ts
 * movingAverage([1, 2, 3, 4], 2); // [1, 1.5, 2.5, 3.5]
 * ```
 */
export function movingAverage(values: readonly number[], window: number): number[] {
  if (!Number.isInteger(window) || window < 1) throw new RmfSimError('ERR_RMF_ARGUMENT', `window must be an integer >= 1, got ${window}`);
  const out = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= window) sum -= values[i - window]!;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

/** Least-squares line through the points, with its coefficient of determination. */
export interface LinearTrend {
  slope: number;
  intercept: number;
  /** R²: 1 = a perfect line, 0 = no linear relation. */
  r2: number;
}

/**
 * Ordinary least squares fit of `y = slope * x + intercept`.
 *
 * @example
 * ```ts
 * linearTrend([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]); // { slope: 2, intercept: 1, r2: 1 }
 * ```
 */
export function linearTrend(points: readonly { x: number; y: number }[]): LinearTrend {
  const n = points.length;
  if (n < 2) throw new RmfSimError('ERR_RMF_ARGUMENT', `a trend needs at least 2 points, got ${n}`);
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.x - mx) * (p.x - mx);
    sxy += (p.x - mx) * (p.y - my);
    syy += (p.y - my) * (p.y - my);
  }
  if (sxx === 0) throw new RmfSimError('ERR_RMF_ARGUMENT', 'a trend needs at least two distinct x values');
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** One point of an MSU history. */
export interface MsuPoint {
  epochMs: number;
  cpc: number;
  lpars: Record<string, number>;
}

/**
 * Actual MSU/h of the CPC and each LPAR at every `stepMinutes` from `from` (exclusive) to `to` (inclusive),
 * from the processor part of the model only.
 */
export function msuHistory(sim: Simulator, { from, to, stepMinutes = 5 }: { from: Instant; to: Instant; stepMinutes?: number }): MsuPoint[] {
  const step = stepOf(sim, stepMinutes);
  const a = sim.alignMs(from);
  const b = toEpochMs(to, 'to');
  if (b < a) throw new RmfSimError('ERR_RMF_ARGUMENT', 'to is before from');
  const out: MsuPoint[] = [];
  for (let t = a + step; t <= b; t += step) {
    const m = sim.msu(t);
    out.push({ epochMs: m.epochMs, cpc: m.cpc, lpars: m.lpars });
  }
  return out;
}

function stepOf(sim: Simulator, stepMinutes: number): number {
  const step = stepMinutes * MIN;
  if (!(step > 0) || step % sim.intervalMs !== 0) {
    throw new RmfSimError('ERR_RMF_ARGUMENT', `stepMinutes must be a positive multiple of the ${sim.intervalMs / 1000} s interval, got ${stepMinutes}`);
  }
  return step;
}

/**
 * The rolling 4-hour average of actual MSU/h (R4HA) at `at`, the figure software pricing is based on: the mean of
 * the 48 five-minute points in the four hours ending at `at`, for one LPAR or (without `lpar`) the CPC.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ seed: 42 });
 * r4ha(sim, '2026-01-05T11:00:00Z', { lpar: 'PROD01' }); // MSU/h averaged over 07:00–11:00
 * ```
 */
export function r4ha(sim: Simulator, at: Instant, { lpar, stepMinutes = 5 }: { lpar?: string; stepMinutes?: number } = {}): number {
  const end = sim.alignMs(at);
  if (lpar !== undefined && !sim.topology.lpars.some((l) => l.name === lpar)) throw new RmfSimError('ERR_RMF_ARGUMENT', `unknown LPAR ${lpar}`);
  const points = msuHistory(sim, { from: end - 4 * 60 * MIN, to: end, stepMinutes });
  return points.reduce((s, p) => s + (lpar === undefined ? p.cpc : p.lpars[lpar]!), 0) / points.length;
}

/** Result of {@link capacityForecast}. */
export interface CapacityForecast {
  /** Daily statistic of GP busy (%) per day of the history, oldest first. */
  daily: { date: string; value: number }[];
  trend: LinearTrend;
  /** Growth of the daily statistic in percentage points per day. */
  slopePerDay: number;
  /** The fitted value at the end of the history. */
  current: number;
  /** Days from the end of the history until the fitted line reaches the threshold; 0 if already there; null if never. */
  daysUntil: number | null;
  /** The day the threshold is reached (ISO date), or null. */
  crossing: string | null;
}

/**
 * Linear-trend capacity forecast: fits a line through the daily peak (or average) GP busy of an LPAR (or the CPC)
 * over the whole days of `[from, to)` (weekdays by default) and tells how many days remain until it exceeds `thresholdPercent`.
 * Without `lpar` it forecasts the CPC's busy as actual MSU over capacity MSU.
 *
 * @example
 * ```ts
 * const sim = createSimulator({ seed: 42, patterns: { annualGrowthPercent: 25 } });
 * const f = capacityForecast(sim, { lpar: 'PROD01', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', thresholdPercent: 90 });
 * console.log(f.daysUntil, f.crossing);
 * ```
 */
export function capacityForecast(
  sim: Simulator,
  {
    lpar,
    from,
    to,
    thresholdPercent,
    statistic = 'peak',
    stepMinutes = 60,
    weekdaysOnly = true,
  }: {
    lpar?: string;
    from: Instant;
    to: Instant;
    thresholdPercent: number;
    /** Daily peak or daily average. @default 'peak' */
    statistic?: 'peak' | 'average';
    /** Resolution within a day. @default 60 */
    stepMinutes?: number;
    /** Fit Monday–Friday only (UTC days), as capacity planners do. @default true */
    weekdaysOnly?: boolean;
  },
): CapacityForecast {
  if (!(thresholdPercent > 0 && thresholdPercent <= 100)) throw new RmfSimError('ERR_RMF_ARGUMENT', `thresholdPercent must be in (0, 100], got ${thresholdPercent}`);
  const l = lpar === undefined ? undefined : sim.topology.lpars.find((x) => x.name === lpar);
  if (lpar !== undefined && !l) throw new RmfSimError('ERR_RMF_ARGUMENT', `unknown LPAR ${lpar}`);
  const step = stepOf(sim, stepMinutes);
  const start = Math.floor(toEpochMs(from, 'from') / DAY) * DAY;
  const end = Math.floor(toEpochMs(to, 'to') / DAY) * DAY;
  if (end - start < 2 * DAY) throw new RmfSimError('ERR_RMF_ARGUMENT', 'a forecast needs at least two whole days of history');
  const daily: { date: string; value: number }[] = [];
  for (let day = start; day < end; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekdaysOnly && (weekday === 0 || weekday === 6)) continue;
    let peak = 0;
    let sum = 0;
    let n = 0;
    for (let t = day + step; t <= day + DAY; t += step) {
      const m = sim.msu(t);
      const v = l ? m.gpPercent[l.name]! : (100 * m.cpc) / sim.topology.cpc.capacityMsu;
      if (v > peak) peak = v;
      sum += v;
      n++;
    }
    daily.push({ date: new Date(day).toISOString().slice(0, 10), value: statistic === 'peak' ? peak : sum / n });
  }
  // x in days since the start, so weekends left out do not bend the time axis
  const trend = linearTrend(daily.map((d) => ({ x: (Date.parse(d.date) - start) / DAY, y: d.value })));
  const lastX = (end - DAY - start) / DAY;
  const current = trend.slope * lastX + trend.intercept;
  let daysUntil: number | null;
  if (current >= thresholdPercent) daysUntil = 0;
  else if (trend.slope <= 0) daysUntil = null;
  else daysUntil = (thresholdPercent - current) / trend.slope;
  return {
    daily,
    trend,
    slopePerDay: trend.slope,
    current,
    daysUntil,
    crossing: daysUntil === null ? null : new Date(end + Math.ceil(daysUntil) * DAY - DAY).toISOString().slice(0, 10),
  };
}
