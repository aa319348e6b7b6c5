import type { LoadContext, Patterns, WorkloadKind } from './config.js';
import { RmfSimError } from './errors.js';
import { calendarOf, type CalendarFields } from './time.js';

/**
 * Built-in hourly levels (local hour 0 … 23; 1 = the kind's peak) of each workload kind.
 * Online: mid-morning and mid-afternoon peaks with a lunch dip, and the production batch that runs at night on
 * online LPARs too; batch: the overnight window; mixed: in between.
 */
export const builtinProfiles: Readonly<Record<WorkloadKind, readonly number[]>> = Object.freeze({
  online: [0.5, 0.52, 0.52, 0.5, 0.45, 0.42, 0.48, 0.64, 0.84, 0.9, 0.86, 0.8, 0.72, 0.78, 0.86, 0.88, 0.8, 0.66, 0.56, 0.52, 0.5, 0.48, 0.48, 0.5],
  batch: [0.92, 0.95, 0.96, 0.94, 0.88, 0.72, 0.48, 0.34, 0.3, 0.28, 0.28, 0.28, 0.3, 0.3, 0.3, 0.32, 0.34, 0.38, 0.44, 0.55, 0.68, 0.8, 0.9, 0.92],
  mixed: [0.3, 0.28, 0.28, 0.28, 0.3, 0.34, 0.42, 0.56, 0.72, 0.82, 0.8, 0.72, 0.64, 0.68, 0.78, 0.82, 0.78, 0.6, 0.48, 0.42, 0.38, 0.35, 0.33, 0.31],
});

const YEAR_MS = 365.25 * 86_400_000;
const DAY_MS = 86_400_000;

/**
 * Local hour at which each workload kind's business date begins: calendar effects (weekend, holiday, Monday,
 * month-end) switch there, in the quiet part of the kind's day, not at midnight. A night's batch window belongs to
 * the business date on which it started.
 */
export const BUSINESS_DAY_START: Readonly<Record<WorkloadKind, number>> = Object.freeze({ online: 5, batch: 14, mixed: 5 });
/** Hours over which one business date's calendar factor blends into the next one's. */
export const CALENDAR_RAMP_HOURS = 3;
/** Largest multiplier one custom effect may return (effects multiply; see `patterns.effects`). */
const MAX_EFFECT = 100;
/** Growth is compounded from this instant (2026-01-01T00:00:00Z): demand there is the profile's own. */
const GROWTH_EPOCH = 1_767_225_600_000;

function smoothstep(x: number): number {
  const c = x < 0 ? 0 : x > 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}

/** Level of an hourly profile at a fractional hour, cosine-blended between hour midpoints (continuous, 24 h periodic). */
export function profileLevel(levels: readonly number[], hour: number): number {
  const x = hour - 0.5;
  const i = Math.floor(x);
  const f = x - i;
  const a = levels[((i % 24) + 24) % 24]!;
  const b = levels[(((i + 1) % 24) + 24) % 24]!;
  return a + (b - a) * smoothstep(f);
}

/** 1 inside the peak windows, 0 well outside, with one-hour ramps (windows may wrap midnight). */
export function peakMembership(windows: readonly (readonly [number, number])[], hour: number): number {
  let m = 0;
  for (const [from, to] of windows) {
    const len = (to - from + 24) % 24;
    const into = (hour - from + 24) % 24; // hours since the window opened
    let v: number;
    if (into <= len) v = 1;
    else {
      const after = into - len; // hours since it closed
      const before = 24 - into; // hours until it opens
      v = Math.max(smoothstep(1 - after), smoothstep(1 - before));
    }
    if (v > m) m = v;
  }
  return m;
}

/** Per-LPAR inputs the pattern engine needs. */
export interface PatternLpar {
  name: string;
  workload: WorkloadKind;
  peakHours: readonly (readonly [number, number])[];
}

/**
 * The workload pattern engine: a pure function from (LPAR, instant) to a load multiplier, 1 = a weekday peak.
 * Daily profile × growth × calendar (weekend/holiday, Monday, month-end, by business date with ramps) × custom effects.
 */
export class PatternEngine {
  private readonly holidays: Set<string>;
  private readonly growthPerMs: number;

  constructor(private readonly patterns: Patterns) {
    this.holidays = new Set(patterns.holidays);
    this.growthPerMs = Math.log(1 + patterns.annualGrowthPercent / 100) / YEAR_MS;
  }

  /** The last two local days looked up (a pure cache: calendar fields of a day never change). */
  private days: { day: number; fields: CalendarFields; holiday: boolean }[] = [];

  /** Local calendar fields of an instant, and whether its local date is a holiday. */
  private calendar(epochMs: number): { local: CalendarFields; holiday: boolean } {
    const localMs = epochMs + this.patterns.utcOffsetMinutes * 60_000;
    const day = Math.floor(localMs / DAY_MS);
    let hit = this.days[0]?.day === day ? this.days[0] : this.days[1]?.day === day ? this.days[1] : undefined;
    if (!hit) {
      const fields = calendarOf(epochMs, this.patterns.utcOffsetMinutes);
      hit = { day, fields, holiday: this.holidays.has(fields.date) };
      this.days = [hit, ...this.days.slice(0, 1)];
    }
    return { local: { ...hit.fields, hour: (localMs - day * DAY_MS) / 3_600_000 }, holiday: hit.holiday };
  }

  /** Calendar context of an instant for one LPAR. */
  context(epochMs: number, lpar: PatternLpar): LoadContext {
    const { local, holiday } = this.calendar(epochMs);
    return { epochMs, local, holiday, lpar: { name: lpar.name, workload: lpar.workload } };
  }

  /** Daily-profile level (before calendar effects) at a local hour. */
  dailyLevel(lpar: PatternLpar, hour: number): number {
    const levels = this.patterns.profiles[lpar.workload] ?? builtinProfiles[lpar.workload];
    const base = profileLevel(levels, hour);
    const peak = peakMembership(lpar.peakHours, hour);
    return base + (Math.max(base, 1) - base) * peak;
  }

  /** Load multiplier for an LPAR at an instant (the interval's midpoint). */
  factor(epochMs: number, lpar: PatternLpar): number {
    const ctx = this.context(epochMs, lpar);
    return this.factorOf(ctx, lpar);
  }

  /** Calendar multiplier of one business date: weekend or holiday, Monday, month-end. */
  private dayFactor(local: { weekday: number; day: number; daysInMonth: number; date: string }, kind: WorkloadKind): number {
    const p = this.patterns;
    let f = 1;
    if (local.weekday === 0 || local.weekday === 6 || this.holidays.has(local.date)) f *= p.weekendFactor[kind];
    else if (local.weekday === 1) f *= p.mondayFactor;
    if (p.monthEnd.days > 0 && (local.day > local.daysInMonth - p.monthEnd.days || local.day === 1)) f *= p.monthEnd.factor[kind];
    return f;
  }

  /**
   * Calendar multiplier at an instant: the factor of the business date, which begins at the kind's
   * {@link BUSINESS_DAY_START} hour (batch: the afternoon, so a night's batch belongs to the day it started; online
   * and mixed: early morning), blended from the previous date's factor over {@link CALENDAR_RAMP_HOURS} around that
   * hour — never a step at midnight.
   */
  calendarFactor(ctx: LoadContext, kind: WorkloadKind): number {
    const x = ctx.local.hour - BUSINESS_DAY_START[kind];
    const half = CALENDAR_RAMP_HOURS / 2;
    if (x >= half) return this.dayFactor(ctx.local, kind);
    const prev = this.calendar(ctx.epochMs - DAY_MS).local;
    if (x <= -half) return this.dayFactor(prev, kind);
    const w = smoothstep((x + half) / CALENDAR_RAMP_HOURS);
    return this.dayFactor(prev, kind) * (1 - w) + this.dayFactor(ctx.local, kind) * w;
  }

  /** Same as {@link factor} for a context already computed. */
  factorOf(ctx: LoadContext, lpar: PatternLpar): number {
    const p = this.patterns;
    const { local } = ctx;
    let f = this.dailyLevel(lpar, local.hour) * Math.exp(this.growthPerMs * (ctx.epochMs - GROWTH_EPOCH)) * this.calendarFactor(ctx, lpar.workload);
    for (let i = 0; i < p.effects.length; i++) {
      const effect = p.effects[i]!;
      let m: unknown;
      try {
        m = effect(ctx);
      } catch (e) {
        const name = effect.name ? ` (${effect.name})` : '';
        throw new RmfSimError('ERR_RMF_CONFIG', `patterns.effects[${i}]${name} threw for ${lpar.name} at ${new Date(ctx.epochMs).toISOString()}: ${String(e)}`, { cause: e });
      }
      if (typeof m !== 'number' || !(m >= 0 && m <= MAX_EFFECT)) {
        throw new RmfSimError('ERR_RMF_CONFIG', `patterns.effects[${i}] returned ${String(m)} for ${lpar.name} at ${new Date(ctx.epochMs).toISOString()}: an effect must return a finite number from 0 to ${MAX_EFFECT}`);
      }
      f *= m;
    }
    return f;
  }
}
