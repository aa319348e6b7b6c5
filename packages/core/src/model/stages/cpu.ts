/**
 * Processors: what each class period's demand can get. Work that waits for I/O or for paging cannot use a processor
 * meanwhile, so its demand shrinks first; zIIP-eligible work runs on the zIIPs (the physical zIIP pool shared by
 * zIIP weights), with zIIP help from the GPs rising smoothly from about 60 % zIIP load (and everything beyond their
 * share); each LPAR's GP demand is capped by its logical processors and its caps (absolute capping, soft capping at
 * its defined capacity or its capacity group's limit while the 4-hour rolling average is at or above it); PR/SM then
 * shares the physical GP pool by weight (an LPAR gets its entitlement when it asks for it; what others leave is
 * shared by weight); within its share each LPAR's GPs go by WLM dispatch level — system work first, discretionary
 * last — with uncaptured time on top of the classes' (captured) time. LPAR management time comes on top of the
 * LPARs' busy. Executed work, not demand, drives everything downstream.
 */
import type { Ctx } from './context.js';
import { PHYSICAL_MGMT } from '../layout.js';
import { smoothstep, softcap } from './shared.js';

/** Highest zIIP busy reached (dispatch ceiling). */
const ZIIP_MAX = 0.985;
/** Dispatch levels: 0 system, 1 … 5 importance, 6 discretionary. */
export const LEVELS = 7;
/** Share of its demand each dispatch level keeps when the LPAR's GPs fall short (system work is served first anyway). */
const LEVEL_FLOOR = [1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.05];
/** Page-ins per second at which work of storage sensitivity 1 runs at half speed (it waits for its pages). */
const PAGING_SCALE = 300;

/** How much paging slows a class of this dispatch level (important work's pages are stolen last). */
export function storageSensitivity(level: number): number {
  return level === 0 ? 0.1 : level >= 3 ? 1 : 0.3;
}

/** The share of a demand that can use a processor, after I/O and paging waits. */
function runnable(ioBound: number, slow: number, sensitivity: number, pageIn: number): number {
  return 1 / (1 + ioBound * (slow - 1)) / (1 + (sensitivity * pageIn) / PAGING_SCALE);
}

/**
 * Water-filling by weight: every `want[i] ≥ 0` is met while the pool lasts; when it does not, each gets at least its
 * weighted share and what the satisfied ones leave is shared by weight among the rest. Writes `grant`.
 */
export function shareByWeight(pool: number, want: Float64Array, weight: Float64Array, members: Int32Array, count: number, grant: Float64Array): void {
  let remaining = pool;
  let open = count;
  for (let k = 0; k < count; k++) grant[members[k]!] = -1;
  for (;;) {
    let sumW = 0;
    for (let k = 0; k < count; k++) if (grant[members[k]!]! < 0) sumW += weight[members[k]!]!;
    if (open === 0) return;
    let satisfied = false;
    for (let k = 0; k < count; k++) {
      const i = members[k]!;
      if (grant[i]! >= 0) continue;
      const share = sumW > 0 ? (remaining * weight[i]!) / sumW : remaining / open;
      if (want[i]! <= share) {
        grant[i] = want[i]!;
        remaining -= want[i]!;
        open--;
        satisfied = true;
      }
    }
    if (!satisfied) {
      for (let k = 0; k < count; k++) {
        const i = members[k]!;
        if (grant[i]! < 0) grant[i] = sumW > 0 ? (remaining * weight[i]!) / sumW : remaining / open;
      }
      return;
    }
  }
}

/**
 * WLM resource group capping: each group's members' demand on every system (GP, and zIIP when the group counts
 * specialty processors; a hog charged to a member counts too), in CPs, against its maximum; over it, every member
 * period's runnable demand, loop and runaway CPU are cut by the same factor (WLM makes the group's work
 * non-dispatchable for part of the time, on every system, in proportion), recorded as `classRgServed` (the WLM stage
 * shows the cut as capping delay). Demand, not consumption, is capped, so on a constrained system a group may run
 * under its maximum. Sets `zShare`.
 */
function resourceGroupCaps(c: Ctx): void {
  const { topo, k, s } = c;
  const groups = topo.resourceGroups;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const E = s.eligible[l]!;
    s.zShare[l] = E > 0 && lp.ziip > 0 ? s.ziipGrant[l]! / E : 0;
  }
  s.classRgServed.fill(1);
  s.lparRgCut.fill(0);
  if (groups.length === 0) return;
  s.rgDemand.fill(0);
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const at = k.lcOffset[l]!;
    const e = lp.ziipElig;
    const zShare = s.zShare[l]!;
    for (let j = 0; j < lp.classes.length; j++) {
      const i = at + j;
      const rg = k.rgOf[i]!;
      if (rg < 0) continue;
      const eff = s.classServed[i]!;
      const gp = eff * (1 - e * zShare) + s.classLoop[i]! + s.classRunaway[i]!;
      // (a discretionary hog is charged to a period outside a capped group where there is one: model/layout.ts)
      const hog = j === k.hogClass[l] ? c.fx.hogCp[l]! : 0;
      s.rgDemand[rg] = s.rgDemand[rg]! + gp + hog + (groups[rg]!.specialty ? eff * e * zShare : 0);
    }
  }
  for (let l = 0; l < k.L; l++) {
    for (let j = 0; j < topo.lpars[l]!.classes.length; j++) {
      const i = k.lcOffset[l]! + j;
      const rg = k.rgOf[i]!;
      if (rg < 0) continue;
      const want = s.rgDemand[rg]!;
      const f = want > groups[rg]!.maxCp ? groups[rg]!.maxCp / want : 1;
      if (f === 1) continue;
      s.classRgServed[i] = f;
      // (the incident work it holds back still counts in the system's demand)
      s.lparRgCut[l] = s.lparRgCut[l]! + (1 - f) * (s.classLoop[i]! + s.classRunaway[i]! + (j === k.hogClass[l] ? c.fx.hogCp[l]! : 0));
      s.classServed[i] = s.classServed[i]! * f;
      s.classLoop[i] = s.classLoop[i]! * f;
      s.classRunaway[i] = s.classRunaway[i]! * f;
    }
  }
}

export function cpuStage(c: Ctx): void {
  const { topo, k, s, fx } = c;
  const cpu = c.f.lpar.cpu;
  const pageIn = c.f.lpar.memory.pageInRate;
  const sc = c.f.serviceClass;
  const L = k.L;
  const msuPerCp = topo.cpc.msuPerCp;

  // ---- per LPAR: runnable demand by period; zIIP offered load ----
  for (let l = 0; l < L; l++) {
    const lp = topo.lpars[l]!;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    const slow = s.ioSlowdown[l]!;
    const pin = pageIn[l]!;
    let E = 0;
    let raw = 0;
    for (let j = 0; j < classes.length; j++) {
      const m = classes[j]!;
      const cl = topo.serviceClasses[m.sc]!;
      // work waiting for an ENQ cannot run either
      const eff = (s.classDemand[at + j]! * runnable(cl.ioBound, slow, storageSensitivity(m.level), pin)) / (1 + 2 * fx.enqueue[at + j]!);
      s.classServed[at + j] = eff; // runnable demand, for now
      E += eff * lp.ziipElig;
      raw += s.classDemand[at + j]!;
    }
    if (classes.length === 0) {
      const eff = s.work[l]! * runnable(0.3, slow, 0.5, pin);
      s.lparRunnable[l] = eff;
      E = eff * lp.ziipElig;
      raw = s.work[l]!;
    }
    s.lparRaw[l] = raw;
    // what the zIIPs of the LPAR would run: help from the GPs rises from ~62 % offered load
    let want = 0;
    if (lp.ziip > 0 && E > 0) {
      const u = E / (lp.ziip * k.ziipCapacity);
      want = Math.min(E * (1 - 0.3 * smoothstep((u - 0.62) / 0.45)), lp.ziip * k.ziipCapacity * ZIIP_MAX);
    }
    s.ziipWant[l] = want;
    s.eligible[l] = E;
  }
  // ---- the physical zIIP pool, by zIIP weight ----
  shareByWeight(topo.cpc.ziip * k.ziipCapacity, s.ziipWant, k.ziipWeight, k.ziipSharers, k.ziipSharers.length, s.ziipGrant);

  // ---- WLM resource groups: a group's maximum caps its members' demand on every system, in proportion ----
  resourceGroupCaps(c);

  // ---- per LPAR: GP demand by level, captured capacity, what it wants of the pool ----
  for (let l = 0; l < L; l++) {
    const lp = topo.lpars[l]!;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    const zShare = s.zShare[l]!;
    const e = lp.ziipElig;
    const base = l * LEVELS;
    for (let v = 0; v < LEVELS; v++) s.levelDemand[base + v] = 0;
    let G = 0;
    let stuck = 0;
    for (let j = 0; j < classes.length; j++) {
      const i = at + j;
      stuck += s.classLoop[i]! + s.classRunaway[i]!;
      const g = s.classServed[i]! * (1 - e * zShare) + s.classLoop[i]! + s.classRunaway[i]!;
      s.classGp[i] = g; // GP demand, for now
      s.levelDemand[base + classes[j]!.level] = s.levelDemand[base + classes[j]!.level]! + g;
      G += g;
    }
    if (classes.length === 0) {
      stuck = fx.loopCp[l]! + fx.runawayCp[l]!;
      G = s.lparRunnable[l]! * (1 - e * zShare) + stuck;
      s.levelDemand[base + 3] = G;
    }
    // a discretionary hog asks for what is left over
    const hog = fx.hogCp[l]! * (classes.length > 0 ? s.classRgServed[at + k.hogClass[l]!]! : 1);
    if (hog > 0) {
      s.levelDemand[base + LEVELS - 1] = s.levelDemand[base + LEVELS - 1]! + hog;
      G += hog;
      stuck += hog;
    }
    s.lparGpDemand[l] = G;
    s.lparStuck[l] = stuck;
    // captured capacity: uncaptured time (system overhead) grows at low utilization and with paging
    const rho = Math.min(1, G / lp.gp);
    const cr = 0.95 - 0.07 * Math.exp((-100 * rho) / 30) - Math.min(0.05, pageIn[l]! / 2000);
    s.capture[l] = cr;
    const ratio = G / (lp.gp * cr);
    // what its logical GPs can run (below the knee every demand is met, exactly)
    const X = ratio <= 0.9 ? G : lp.gp * cr * softcap(ratio, 0.9);
    s.lparWant[l] = X / cr; // GP busy wanted, CPs (captured and uncaptured)
  }
  // ---- caps: absolute, soft (defined capacity, capacity group) while the 4-hour average is at or above the limit ----
  c.caps.limits(c, s.capLimit);
  // (what an LPAR takes of its pool: its busy, PR/SM's time for it and, shared, the PHYSICAL line's)
  for (let l = 0; l < L; l++) s.poolWant[l] = Math.min(s.lparWant[l]!, s.capLimit[l]!) * k.overhead[l]!;
  // ---- PR/SM: dedicated LPARs run on their own processors; the shared pool by weight ----
  shareByWeight(k.sharedPool, s.poolWant, k.gpWeight, k.gpSharers, k.gpSharers.length, s.grant);
  for (let d = 0; d < k.gpDedicated.length; d++) {
    const l = k.gpDedicated[d]!;
    s.grant[l] = Math.min(s.poolWant[l]!, topo.lpars[l]!.gp);
  }

  // ---- per LPAR: its share of the pool by dispatch level ----
  let cpcMsu = 0;
  let sharedMgmtCp = 0;
  let sharedBusyCp = 0;
  for (let l = 0; l < L; l++) {
    const lp = topo.lpars[l]!;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    const e = lp.ziipElig;
    const zShare = s.zShare[l]!;
    const cr = s.capture[l]!;
    const G = s.lparGpDemand[l]!;
    const busyCp = s.grant[l]! / k.overhead[l]!;
    const X = Math.min(G, busyCp * cr);
    // the binding limit: a cap (the work waits for capping) or the pool
    s.capped[l] = s.capLimit[l]! < s.lparWant[l]! ? 1 : 0;
    const base = l * LEVELS;
    if (X >= G) {
      for (let v = 0; v < LEVELS; v++) s.levelServed[v] = 1;
    } else {
      // every level keeps a floor of its demand (WLM helps work that misses its goal; time slicing lets the lower
      // levels trickle on), scaled down if even the floors do not fit; the rest goes by dispatch level
      let floors = 0;
      for (let v = 0; v < LEVELS; v++) floors += LEVEL_FLOOR[v]! * s.levelDemand[base + v]!;
      const scale = floors > X ? X / floors : 1;
      let remaining = X;
      for (let v = 0; v < LEVELS; v++) {
        const give = LEVEL_FLOOR[v]! * s.levelDemand[base + v]! * scale;
        s.levelServed[v] = give;
        remaining -= give;
      }
      for (let v = 0; v < LEVELS; v++) {
        const d = s.levelDemand[base + v]!;
        const more = Math.min(d - s.levelServed[v]!, Math.max(0, remaining));
        remaining -= more;
        s.levelServed[v] = d > 0 ? (s.levelServed[v]! + more) / d : 1;
      }
    }
    let zRun = 0;
    let spill = 0;
    let executed = 0;
    let runaway = 0;
    if (classes.length === 0) {
      const phi = s.levelServed[3]!;
      const eff = s.lparRunnable[l]!;
      zRun = phi * eff * e * zShare;
      spill = phi * eff * e * (1 - zShare);
      executed = phi * (G - fx.loopCp[l]! - fx.runawayCp[l]!) + zRun;
      runaway = phi * fx.runawayCp[l]!;
    }
    for (let j = 0; j < classes.length; j++) {
      const i = at + j;
      const phi = s.levelServed[classes[j]!.level]!;
      const eff = s.classServed[i]!;
      const stuck = s.classLoop[i]! + s.classRunaway[i]!;
      const gpTrans = phi * (s.classGp[i]! - stuck);
      const z = phi * eff * e * zShare;
      s.classGp[i] = gpTrans;
      s.classZiip[i] = z;
      s.classStuck[i] = phi * stuck;
      s.classServed[i] = phi;
      runaway += phi * s.classRunaway[i]!;
      zRun += z;
      spill += phi * eff * e * (1 - zShare);
      executed += gpTrans + z;
      sc.cpu.applCpPercent[i] = 100 * (gpTrans + phi * stuck);
      sc.cpu.applZiipPercent[i] = 100 * z;
    }
    // the hog's CPU is charged to the LPAR's least important period (it never ends a transaction)
    const hog = fx.hogCp[l]! * (classes.length > 0 ? s.classRgServed[at + k.hogClass[l]!]! : 1) * s.levelServed[LEVELS - 1]!;
    if (hog > 0 && classes.length > 0) {
      const i = at + k.hogClass[l]!;
      s.classStuck[i] = s.classStuck[i]! + hog;
      sc.cpu.applCpPercent[i] = sc.cpu.applCpPercent[i]! + 100 * hog;
    }
    s.executed[l] = executed;
    s.runaway[l] = runaway;
    const busy = X / cr; // the LPAR's dispatch time on its logical GPs, CPs
    s.gpBusy[l] = busy / lp.gp;
    const K = lp.gp;
    const mgmt = busy * k.mgmtRate[l]!;
    if (!lp.dedicated) {
      sharedBusyCp += busy;
      sharedMgmtCp += mgmt;
    }
    const gpPct = (100 * busy) / K;
    // (with SMT a zIIP core runs up to the capacity factor's worth of work: busy is of that capacity)
    const ziipPct = lp.ziip > 0 ? (100 * zRun) / (lp.ziip * k.ziipCapacity) : 0;
    const msu = busy * msuPerCp;
    cpcMsu += msu;
    cpu.generalPurposePercent[l] = gpPct;
    cpu.logicalTotalPercent[l] = (100 * (busy + mgmt)) / K;
    cpu.physicalEffectivePercent[l] = (100 * busy) / topo.cpc.gp;
    cpu.physicalTotalPercent[l] = (100 * (busy + mgmt)) / topo.cpc.gp;
    cpu.lparManagementPercent[l] = (100 * mgmt) / topo.cpc.gp;
    cpu.ziipPercent[l] = ziipPct;
    cpu.ziipPhysicalEffectivePercent[l] = topo.cpc.ziip > 0 ? (100 * zRun) / (topo.cpc.ziip * k.ziipCapacity) : 0;
    cpu.zaapPercent[l] = ziipPct * lp.javaShare;
    cpu.ziipEligibleOnCpPercent[l] = Math.min(gpPct, (100 * spill) / K);
    cpu.captureRatioPercent[l] = 100 * cr;
    cpu.actualMsu[l] = msu;
    // (in GP busy terms: the work's captured time and the uncaptured time that comes with it)
    cpu.demandPercent[l] = (100 * (s.lparRaw[l]! * (1 - e * zShare) + s.lparStuck[l]! + s.lparRgCut[l]!)) / cr / K;
    cpu.cappedPercent[l] = 100 * s.capped[l]!;
    cpu.definedCapacityMsu[l] = s.definedCapacity[l]!;
    // HiperDispatch: the polarisation is PR/SM's (from the entitlement); the lows unpark for what the LPAR runs
    // beyond its entitlement, which it only gets from the pool's white space
    const hd = c.f.lpar.hiperDispatch;
    const v = lp.vertical;
    hd.gp.high[l] = v.gp.high;
    hd.gp.medium[l] = v.gp.medium;
    hd.gp.low[l] = v.gp.low;
    hd.gp.parked[l] = parkedLows(v.gp.low, busy - lp.entitled);
    hd.ziip.high[l] = v.ziip.high;
    hd.ziip.medium[l] = v.ziip.medium;
    hd.ziip.low[l] = v.ziip.low;
    hd.ziip.parked[l] = parkedLows(v.ziip.low, zRun / k.ziipCapacity - lp.entitledZiip);
  }
  if (!c.history) {
    c.caps.r4ha(c.endMs, true, s.r4haActual);
    for (let l = 0; l < L; l++) cpu.r4haMsu[l] = s.r4haActual[l]!;
  }
  // PR/SM time not attributable to any LPAR (the CPC report's PHYSICAL line)
  const physicalMgmt = PHYSICAL_MGMT * sharedBusyCp;
  const cpc = c.f.cpc;
  cpc.capacityMsu[0] = topo.cpc.capacityMsu;
  cpc.actualMsu[0] = cpcMsu;
  // the shared pool's physical total (LPARs' busy, their management time and the PHYSICAL line's), at most 100 (rounding)
  cpc.utilizationPercent[0] = k.sharedPool > 0 ? Math.min(100, (100 * (sharedBusyCp + sharedMgmtCp + physicalMgmt)) / k.sharedPool) : 0;
  cpc.managementPercent[0] = (100 * physicalMgmt) / topo.cpc.gp;
}

/** How busy an unparked vertical low runs before z/OS unparks the next one (the lows share the work beyond the entitlement). */
export const UNPARKED_LOW_BUSY = 0.8;

/**
 * Vertical lows parked on average over the interval: all of them while the LPAR runs within its entitlement; beyond
 * it, one unparked per {@link UNPARKED_LOW_BUSY} processors of the excess, up to all of them.
 */
export function parkedLows(lows: number, beyondEntitlement: number): number {
  return lows - Math.min(lows, Math.max(0, beyondEntitlement) / UNPARKED_LOW_BUSY);
}
