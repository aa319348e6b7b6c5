/**
 * Capping: absolute capping, and soft capping at a defined capacity or a capacity group's limit, which WLM applies
 * while the 4-hour rolling average of the MSU consumption (48 five-minute points) is at or above the limit.
 *
 * The 4-hour average that decides capping is taken over the consumption the LPARs would have without soft capping
 * (so deciding never needs the capping history before it: a bounded look-back of 48 points); the 4-hour average the
 * reports show is taken over the actual consumption. Both are memoised per five-minute point (a pure cache, bounded,
 * the same whichever instants were asked first) and dropped when the scenario changes.
 * @module
 */
import type { CTopology } from './compile.js';
import type { Ctx } from './stages/context.js';
import { shareByWeight } from './stages/cpu.js';

const POINT_MS = 300_000;
const POINTS = 48;
const MAX_MEMO = 4096;

/** MSU/h of every LPAR at the interval ending at `endMs`, with soft capping (`actual`) or without. */
export type MsuAt = (endMs: number, actual: boolean) => Float64Array;

export class CapModel {
  private readonly memo = [new Map<number, Float64Array>(), new Map<number, Float64Array>()];
  /** Whether soft capping can apply at all (a defined capacity, a capacity group or a softCapping incident). */
  private readonly soft: boolean;
  private readonly groupLpars: Int32Array[];

  constructor(
    topo: CTopology,
    private readonly msuAt: MsuAt,
    /** Whether the scenario has softCapping incidents (which impose a defined capacity). */
    private readonly hasIncidents: () => boolean,
  ) {
    this.groupLpars = topo.capacityGroups.map((_, g) => Int32Array.from(topo.lpars.filter((l) => l.group === g), (l) => l.i));
    this.soft = topo.lpars.some((l) => l.definedCapacityMsu > 0) || this.groupLpars.some((g) => g.length > 0);
  }

  invalidate(): void {
    for (const m of this.memo) m.clear();
  }

  private point(index: number, actual: boolean): Float64Array {
    const memo = this.memo[actual ? 1 : 0]!;
    let v = memo.get(index);
    if (!v) {
      v = this.msuAt(index * POINT_MS, actual);
      memo.set(index, v);
      if (memo.size > MAX_MEMO) memo.delete(memo.keys().next().value!);
    }
    return v;
  }

  /** 4-hour rolling average MSU/h of each LPAR at instant `t` (the 48 five-minute points at or before it), into `out`. */
  r4ha(t: number, actual: boolean, out: Float64Array): void {
    const last = Math.floor(t / POINT_MS);
    out.fill(0);
    for (let p = 0; p < POINTS; p++) {
      const v = this.point(last - p, actual);
      for (let l = 0; l < out.length; l++) out[l] = out[l]! + v[l]! / POINTS;
    }
  }

  /**
   * The most GP busy (CPs) each LPAR may have at the context's instant: its logical GPs, its absolute capping, and
   * its soft-capping limit while it (or its group) is capped. With `c.uncapped` set, soft capping is left out.
   */
  limits(c: Ctx, out: Float64Array): void {
    const { topo, k, s, fx } = c;
    for (let l = 0; l < k.L; l++) {
      const lp = topo.lpars[l]!;
      out[l] = lp.absoluteCapping > 0 ? Math.min(lp.gp, lp.absoluteCapping) : lp.gp;
    }
    s.definedCapacity.fill(0);
    if (c.uncapped || !(this.soft || this.hasIncidents())) return;
    const perCp = topo.cpc.msuPerCp;
    this.r4ha(c.endMs, false, s.r4haUncapped);
    for (let l = 0; l < k.L; l++) {
      const dc = topo.lpars[l]!.definedCapacityMsu > 0 ? topo.lpars[l]!.definedCapacityMsu * fx.definedCapacity[l]! : fx.definedCapacity[l]! < 1 ? fx.definedCapacity[l]! * s.r4haUncapped[l]! : 0;
      s.definedCapacity[l] = dc;
      if (dc > 0 && s.r4haUncapped[l]! >= dc) out[l] = Math.min(out[l]!, dc / perCp);
    }
    // a capped group's limit is shared by weight; what a member does not want goes to the others
    // (s.poolWant and s.grant serve as scratch: the PR/SM step rewrites both)
    this.groupLpars.forEach((members, g) => {
      if (members.length === 0) return;
      let sum = 0;
      for (const l of members) sum += s.r4haUncapped[l]!;
      const limit = topo.capacityGroups[g]!.limitMsu;
      if (sum < limit) return;
      for (const l of members) s.poolWant[l] = Math.min(s.lparWant[l]!, out[l]!);
      shareByWeight(limit / perCp, s.poolWant, k.gpWeight, members, members.length, s.grant);
      for (const l of members) out[l] = Math.min(out[l]!, s.grant[l]!);
    });
  }
}
