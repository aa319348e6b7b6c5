/**
 * Processors: what each class's demand can get. Work that waits for I/O or for paging cannot use a processor
 * meanwhile, so its demand shrinks first; zIIP-eligible work runs on the zIIPs, with zIIP help from the GPs rising
 * smoothly from about 60 % zIIP busy (and everything beyond their capacity); the GPs are then shared by WLM
 * importance — system work first, discretionary last — up to the LPAR's capacity, with uncaptured time on top of
 * the classes' (captured) time. Executed work, not demand, drives everything downstream.
 */
import type { Ctx } from './context.js';
import { smoothstep, softcap } from './shared.js';

/** Highest zIIP busy reached (dispatch ceiling). */
const ZIIP_MAX = 0.985;
const LEVELS = 6; // 0 (system) … 5
/** Page-ins per second at which work of storage sensitivity 1 runs at half speed (it waits for its pages). */
const PAGING_SCALE = 300;
// reused by every call (stages run to completion, one at a time)
const levelDemand = new Float64Array(LEVELS);
const levelServed = new Float64Array(LEVELS);

/** The share of an unclassified LPAR's demand that can use a processor, after I/O and paging waits. */
function implicitShare(slow: number, pageIn: number): number {
  return 1 / (1 + 0.3 * (slow - 1)) / (1 + (0.5 * pageIn) / PAGING_SCALE);
}

export function cpuStage(c: Ctx): void {
  const { topo, k, s } = c;
  const cpu = c.f.lpar.cpu;
  const pageIn = c.f.lpar.memory.pageInRate;
  const sc = c.f.serviceClass;
  let cpcBusyCp = 0;
  let cpcMsu = 0;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const K = lp.gp;
    const e = lp.ziipElig;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    const n = classes.length;
    const slow = s.ioSlowdown[l]!;
    const pin = pageIn[l]!;
    // work that can use a processor, after I/O and paging waits; without classes the LPAR is one implicit class
    let E = 0;
    let raw = 0;
    if (n === 0) {
      E = s.work[l]! * implicitShare(slow, pin) * e;
      raw = s.work[l]!;
    }
    for (let j = 0; j < n; j++) {
      const cl = topo.serviceClasses[classes[j]!.sc]!;
      const m = 1 / (1 + cl.ioBound * (slow - 1)) / (1 + (storageSensitivity(cl.level) * pin) / PAGING_SCALE);
      s.classServed[at + j] = m; // effective share of the demand, for now
      E += s.classDemand[at + j]! * m * e;
      raw += s.classDemand[at + j]!;
    }
    const loopRaw = fxSum(s.classLoop, at, n) + (n === 0 ? c.fx.loopCp[l]! : 0);
    const runRaw = fxSum(s.classRunaway, at, n) + (n === 0 ? c.fx.runawayCp[l]! : 0);
    // zIIPs: help from the GPs rises from ~62 % offered zIIP load; beyond capacity everything spills
    let zShare = 0;
    if (lp.ziip > 0 && E > 0) {
      const u = E / lp.ziip;
      const help = 0.3 * smoothstep((u - 0.62) / 0.45);
      zShare = Math.min(E * (1 - help), lp.ziip * ZIIP_MAX) / E;
    }
    // GP demand by level
    levelDemand.fill(0);
    let G = 0;
    if (n === 0) {
      G = s.work[l]! * implicitShare(slow, pin) * (1 - e * zShare) + loopRaw + runRaw;
      levelDemand[3] = G;
    }
    for (let j = 0; j < n; j++) {
      const cl = topo.serviceClasses[classes[j]!.sc]!;
      const g = s.classDemand[at + j]! * s.classServed[at + j]! * (1 - e * zShare) + s.classLoop[at + j]! + s.classRunaway[at + j]!;
      s.classGp[at + j] = g; // GP demand, for now
      levelDemand[cl.level] = levelDemand[cl.level]! + g;
      G += g;
    }
    // captured capacity: uncaptured time (system overhead) grows at low utilization and with paging
    const rho = Math.min(1, G / K);
    const cr = 0.95 - 0.07 * Math.exp((-100 * rho) / 30) - Math.min(0.05, pin / 2000);
    const ratio = G / (K * cr);
    // below the knee every demand is met (exactly: no rounding may starve anyone)
    const X = ratio <= 0.9 ? G : K * cr * softcap(ratio, 0.9);
    // share X by level, in order; within a level in proportion to demand
    let remaining = X;
    for (let v = 0; v < LEVELS; v++) {
      const d = levelDemand[v]!;
      if (X >= G) {
        levelServed[v] = 1;
        continue;
      }
      const give = d < remaining ? d : remaining;
      levelServed[v] = d > 0 ? give / d : 1;
      remaining -= give;
    }
    let zRun = 0;
    let spill = 0;
    let executed = 0;
    let runaway = 0;
    if (n === 0) {
      runaway = levelServed[3]! * runRaw;
      const phi = levelServed[3]!;
      const m = implicitShare(slow, pin);
      zRun = phi * s.work[l]! * m * e * zShare;
      spill = phi * s.work[l]! * m * e * (1 - zShare);
      executed = phi * (G - loopRaw - runRaw) + zRun;
    }
    for (let j = 0; j < n; j++) {
      const i = at + j;
      const cl = topo.serviceClasses[classes[j]!.sc]!;
      const phi = levelServed[cl.level]!;
      const eff = s.classDemand[i]! * s.classServed[i]!;
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
    s.executed[l] = executed;
    s.runaway[l] = runaway;
    const busy = X / cr / K;
    s.gpBusy[l] = busy;
    const gpPct = 100 * busy;
    const ziipPct = lp.ziip > 0 ? (100 * zRun) / lp.ziip : 0;
    const msu = busy * K * topo.cpc.msuPerCp;
    cpcBusyCp += busy * K;
    cpcMsu += msu;
    cpu.generalPurposePercent[l] = gpPct;
    cpu.ziipPercent[l] = ziipPct;
    cpu.zaapPercent[l] = ziipPct * lp.javaShare;
    cpu.ziipEligibleOnCpPercent[l] = Math.min(gpPct, (100 * spill) / K);
    cpu.captureRatioPercent[l] = 100 * cr;
    cpu.actualMsu[l] = msu;
    cpu.demandPercent[l] = (100 * (raw * (1 - e * zShare) + loopRaw + runRaw)) / K;
  }
  const cpc = c.f.cpc;
  cpc.capacityMsu[0] = topo.cpc.capacityMsu;
  cpc.actualMsu[0] = cpcMsu;
  cpc.utilizationPercent[0] = 100 * Math.min(1, cpcBusyCp / topo.cpc.gp);
}

/** How much paging slows a class of this dispatch level (important work's pages are stolen last). */
export function storageSensitivity(level: number): number {
  return level === 0 ? 0.1 : level >= 3 ? 1 : 0.3;
}

function fxSum(a: Float64Array, at: number, n: number): number {
  let x = 0;
  for (let j = 0; j < n; j++) x += a[at + j]!;
  return x;
}
