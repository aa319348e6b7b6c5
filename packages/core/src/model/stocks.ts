/**
 * Stocks: levels that fill and drain with a rate instead of jumping. Random access in time is kept by deriving the
 * level at t from a bounded look-back.
 *
 * Write pending of a CLPR: the array destages pending data faster as more of it is pending, so with writes arriving
 * at a share r of the destage capacity the level settles at an equilibrium (about 2 % + 30 % · r³) within seconds to
 * minutes — that equilibrium is the level outside incidents. When a cacheWritePending incident cuts the destage
 * capacity, the pending data is a real stock: it is integrated from the start of the episode (on 5-second steps, with
 * the host write demand evaluated each minute) through the incident and its aftermath, until it is back at its
 * equilibrium; inflow control holds host writes back as it nears the partition's limit, so it plateaus there.
 *
 * Trajectories are memoised per CLPR (a pure cache: they are the same whichever instants were asked for first) and
 * dropped when the scenario changes.
 * @module
 */
import { activity, DESTAGE_CUT, type CIncident } from '../incidents.js';
import type { PatternEngine } from '../patterns.js';
import { valueNoise } from '../noise.js';
import type { CTopology } from './compile.js';
import type { Layout } from './layout.js';

const GRID_MS = 60_000;
const SUBSTEPS = 12;
const HOUR = 3_600_000;
/** Write pending (% of the CLPR) from which host writes are throttled, and the level inflow control holds. */
export const WP_THROTTLE_FROM = 50;
export const WP_LIMIT = 72;
/** An episode is over once the level is back within this many % of its equilibrium. */
const SETTLED_WITHIN = 0.5;
/** The longest an episode's aftermath is followed. */
const MAX_DRAIN_MS = 86_400_000;

/** Write-pending equilibrium (% of the CLPR) when writes arrive at `ratio` of the destage capacity. */
export function wpEquilibrium(ratio: number): number {
  const r = ratio < 0 ? 0 : ratio > 0.98 ? 0.98 : ratio;
  return 2 + 30 * r * r * r;
}

/** Share of the destage capacity the array uses at write-pending level `wp` (%): the inverse of the equilibrium. */
export function destageShare(wp: number): number {
  if (wp <= 2) return 0;
  const x = (wp - 2) / 30;
  return x >= 1 ? 1 : Math.cbrt(x);
}

/** Share of host write demand the array accepts at write-pending level `wp` (%), with demand `inMBps` and destage rate `outMBps`. */
export function acceptedShare(wp: number, inMBps: number, outMBps: number): number {
  if (wp <= WP_THROTTLE_FROM || inMBps <= outMBps) return 1;
  const hold = outMBps / inMBps; // at the limit, writes are let in at the destage rate
  const x = Math.min(1, (wp - WP_THROTTLE_FROM) / (WP_LIMIT - WP_THROTTLE_FROM));
  return 1 - (1 - hold) * x;
}

interface Trajectory {
  /** first grid instant */
  startMs: number;
  /** write pending (% of the CLPR) at each grid instant */
  level: Float64Array;
}

/** The write-pending state of one CLPR at one instant of an episode. */
export interface WriteState {
  /** Write pending, % of the partition (before measurement noise). */
  level: number;
  /** Share of host write demand accepted (inflow control). */
  accepted: number;
}

export class StockModel {
  private cache = new Map<number, Trajectory[]>();

  constructor(
    private readonly topo: CTopology,
    private readonly k: Layout,
    private readonly engine: PatternEngine,
    private readonly scenario: readonly CIncident[],
  ) {}

  /** Forgets every trajectory (the scenario changed). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Host write demand into CLPR `c` at instant `m`, MB/s: the LPARs' demand at its slow pace, without bursts. */
  writeDemand(c: number, m: number, demandFactor: number): number {
    const { topo, k, engine } = this;
    let mb = 0;
    for (let l = 0; l < k.L; l++) {
      const lp = topo.lpars[l]!;
      const f = engine.factorOf(engine.context(m, lp), lp);
      const w = lp.gp * lp.peakBusy * f * demandFactor * (1 + 0.1 * valueNoise(lp.key, m, 3 * HOUR));
      mb += w * lp.ioPerCp * k.writeKbShare[l * k.C + c]!;
    }
    return mb / 1024;
  }

  /** Destage capacity of CLPR `c` at `m` (MB/s), and the demand multiplier of month-end surges, from the scenario. */
  private conditions(c: number, m: number): { cap: number; demand: number } {
    let cut = 1;
    let demand = 1;
    for (const inc of this.scenario) {
      if (inc.type === 'cacheWritePending' && inc.index === c) cut *= 1 - DESTAGE_CUT * inc.severity * activity(inc, m);
      else if (inc.type === 'monthEndSurge') demand *= 1 + 0.5 * inc.severity * activity(inc, m);
    }
    return { cap: this.topo.clprs[c]!.destageMBps * cut, demand };
  }

  /** The episodes of CLPR `c`: integrated once, from the start of the first cut until the level is back at equilibrium. */
  private trajectories(c: number): Trajectory[] {
    let list = this.cache.get(c);
    if (list) return list;
    list = [];
    const cuts = this.scenario.filter((i) => i.type === 'cacheWritePending' && i.index === c).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    const full = this.topo.clprs[c]!.destageMBps;
    const dt = GRID_MS / SUBSTEPS / 1000;
    const perPercent = (this.topo.clprs[c]!.cacheGb * 1024) / 100; // MB per % of the partition
    let i = 0;
    while (i < cuts.length) {
      const startMs = Math.floor(cuts[i]!.startMs / GRID_MS) * GRID_MS;
      let lastEnd = cuts[i]!.endMs;
      let wp = wpEquilibrium(this.writeDemand(c, startMs, this.conditions(c, startMs).demand) / full);
      const values: number[] = [wp];
      for (let t = startMs; ; t += GRID_MS) {
        while (i < cuts.length && cuts[i]!.startMs <= t + GRID_MS) lastEnd = Math.max(lastEnd, cuts[i++]!.endMs);
        const { cap, demand } = this.conditions(c, t + GRID_MS / 2);
        const inflow = this.writeDemand(c, t + GRID_MS / 2, demand);
        // over once back at equilibrium; writes beyond even the full destage capacity never drain: stop a day later
        if (t >= lastEnd && (Math.abs(wp - wpEquilibrium(inflow / full)) < SETTLED_WITHIN || t >= lastEnd + MAX_DRAIN_MS)) break;
        for (let j = 0; j < SUBSTEPS; j++) {
          const out = cap * destageShare(wp);
          const accepted = inflow * acceptedShare(wp, inflow, out);
          wp = Math.min(99.5, Math.max(0, wp + ((accepted - out) * dt) / perPercent));
        }
        values.push(wp);
      }
      list.push({ startMs, level: Float64Array.from(values) });
    }
    this.cache.set(c, list);
    return list;
  }

  /** When the episode that `inc` belongs to is back at equilibrium (its after-effects are over), epoch ms. */
  settledMs(inc: CIncident): number {
    if (inc.type !== 'cacheWritePending') return inc.endMs;
    for (const t of this.trajectories(inc.index)) {
      const end = t.startMs + (t.level.length - 1) * GRID_MS;
      if (inc.startMs >= t.startMs && inc.startMs <= end) return Math.max(inc.endMs, end);
    }
    return inc.endMs;
  }

  /** The write-pending state of CLPR `c` at instant `m`, or `null` outside its episodes (level at equilibrium, no throttling). */
  write(c: number, m: number): WriteState | null {
    for (const t of this.trajectories(c)) {
      const x = (m - t.startMs) / GRID_MS;
      if (x < 0 || x >= t.level.length - 1) continue;
      const j = Math.floor(x);
      const f = x - j;
      const level = t.level[j]! * (1 - f) + t.level[j + 1]! * f;
      const { cap, demand } = this.conditions(c, m);
      const inflow = this.writeDemand(c, m, demand);
      return { level, accepted: acceptedShare(level, inflow, cap * destageShare(level)) };
    }
    return null;
  }
}
