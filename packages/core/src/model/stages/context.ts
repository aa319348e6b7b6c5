/**
 * What every stage of the model reads and writes: the compiled topology, its layout, the interval, the incident
 * effects, the stocks, the frame (outputs) and a scratch area (intermediate values), allocated once per simulator.
 * @module
 */
import type { IncidentEffects } from '../../incidents.js';
import type { PatternEngine } from '../../patterns.js';
import type { CTopology } from '../compile.js';
import type { Frame } from '../frame.js';
import type { Layout } from '../layout.js';
import type { CapModel } from '../capping.js';
import type { StockModel } from '../stocks.js';
import { LEVELS } from './cpu.js';
import type { JobState } from './jobs.js';

/** Intermediate values of one evaluation, passed between stages (each stage rewrites what it owns). */
export interface Scratch {
  // ---- per LPAR ----
  /** transactional work demanded, CP-equivalents (GP + zIIP), before waits and capacity */
  work: Float64Array;
  /** GP busy fraction (executed, captured and uncaptured) */
  gpBusy: Float64Array;
  /** executed transactional work (GP + zIIP), CP-equivalents, and executed CPU of runaway jobs, CPs */
  executed: Float64Array;
  runaway: Float64Array;
  /** response time of the LPAR's I/O under the current array conditions over the nominal (1: nominal) */
  ioSlowdown: Float64Array;
  /** I/O demand of online, batch and runaway work, and of paging, SSCH/s */
  ioOnline: Float64Array;
  ioBatch: Float64Array;
  ioScratch: Float64Array;
  ioPage: Float64Array;
  /** executed I/O rate and MB/s */
  ioRate: Float64Array;
  lparMBps: Float64Array;
  /** of lparMBps: the data read */
  lparReadMBps: Float64Array;
  /** busy of the channel paths / host ports the LPAR's I/O uses, fractions */
  chanBusy: Float64Array;
  portBusy: Float64Array;
  /** average response time of the LPAR's I/O, ms */
  avgRespMs: Float64Array;
  /** of the executed I/O rate: that to page volumes (paging), and the runaway job's scratch I/O, SSCH/s */
  pageIo: Float64Array;
  scratchIo: Float64Array;
  /** average connect time of the LPAR's non-paging I/Os, seconds (what WLM's device-using samples measure) */
  connPerIo: Float64Array;
  cfReqs: Float64Array;
  // ---- per serviceClass member ----
  /** transactional work demanded, CP-equivalents */
  classDemand: Float64Array;
  /** executed transactional work on GPs and on zIIPs, and executed incident work (loops, runaway jobs), CP-equivalents */
  classGp: Float64Array;
  classZiip: Float64Array;
  classStuck: Float64Array;
  /** executed over demanded GP work (1: every demand met) */
  classServed: Float64Array;
  /** incident CPU asked for by a loop and by a runaway job in the class, CPs */
  classLoop: Float64Array;
  classRunaway: Float64Array;
  /** the share of its demand a period's WLM resource group lets it run (1: not capped by its group) */
  classRgServed: Float64Array;
  /** the class period's part of its system's executed non-paging I/O (without the runaway job's scratch I/O), SSCH/s */
  classIo: Float64Array;
  // ---- per volume ----
  volumeWeight: Float64Array;
  hit: Float64Array;
  /** average transfer size of the interval's I/Os, KiB */
  kb: Float64Array;
  /** I/Os in the interval */
  ioCount: Float64Array;
  // ---- per group / CLPR / blade / device type ----
  groupWeight: Float64Array;
  /** weight of the page volumes each LPAR owns in each group, L x G */
  ownerWeight: Float64Array;
  /** share of host write demand each CLPR accepts (inflow control), and its write pending in an episode (-1: at equilibrium) */
  accepted: Float64Array;
  stockLevel: Float64Array;
  /** write-pending waits of an average I/O to each CLPR, ms */
  clprWaitMs: Float64Array;
  clprReadMB: Float64Array;
  clprReads: Float64Array;
  clprHits: Float64Array;
  mpbWork: Float64Array;
  typeN: Float64Array;
  typeS: Float64Array;
  // ---- per channel path of each LPAR (L x paths) and per physical CHPID ----
  /** the path's busy before the knee, as a fraction of the channel (what the LPAR's I/O alone would keep it busy) */
  pathRaw: Float64Array;
  chpidRaw: Float64Array;
  chpidReadMB: Float64Array;
  chpidWriteMB: Float64Array;
  // ---- PR/SM and capping, per LPAR (levelDemand: L x LEVELS) ----
  lparRunnable: Float64Array;
  lparRaw: Float64Array;
  lparStuck: Float64Array;
  lparGpDemand: Float64Array;
  eligible: Float64Array;
  ziipWant: Float64Array;
  ziipGrant: Float64Array;
  zShare: Float64Array;
  capture: Float64Array;
  lparWant: Float64Array;
  capLimit: Float64Array;
  poolWant: Float64Array;
  grant: Float64Array;
  capped: Float64Array;
  levelDemand: Float64Array;
  levelServed: Float64Array;
  r4haUncapped: Float64Array;
  r4haActual: Float64Array;
  definedCapacity: Float64Array;
  /** per LPAR: incident CPU (loops, runaway jobs, hogs) its resource groups' maximums held back, CPs (still its demand) */
  lparRgCut: Float64Array;
  /** per WLM resource group: the GP (and with specialty processors zIIP) demand of its members, CPs */
  rgDemand: Float64Array;
  /** transactions of each report class of a system that have a response time (the weights of its average) */
  rcRtWeight: Float64Array;
  /** local hour of the interval's middle (every LPAR shares one local clock) */
  hour: number;
}

export function allocateScratch(k: Layout): Scratch {
  const f = (n: number) => new Float64Array(n);
  const { L, V, LC, C, B, T, G, paths, NCH } = k;
  return {
    work: f(L), gpBusy: f(L), executed: f(L), runaway: f(L), ioSlowdown: f(L), ioOnline: f(L), ioBatch: f(L), ioScratch: f(L), ioPage: f(L), ioRate: f(L), lparMBps: f(L), lparReadMBps: f(L),
    chanBusy: f(L), portBusy: f(L), avgRespMs: f(L), cfReqs: f(L), pageIo: f(L), scratchIo: f(L), connPerIo: f(L),
    classDemand: f(LC), classGp: f(LC), classZiip: f(LC), classStuck: f(LC), classServed: f(LC), classLoop: f(LC), classRunaway: f(LC), classIo: f(LC), classRgServed: f(LC),
    volumeWeight: f(V), hit: f(V), kb: f(V), ioCount: f(V),
    groupWeight: f(G), ownerWeight: f(L * G), accepted: f(C), stockLevel: f(C), clprWaitMs: f(C), clprReadMB: f(C), clprReads: f(C), clprHits: f(C), mpbWork: f(B), typeN: f(T), typeS: f(T),
    pathRaw: f(L * paths), chpidRaw: f(NCH), chpidReadMB: f(NCH), chpidWriteMB: f(NCH),
    lparRunnable: f(L), lparRaw: f(L), lparStuck: f(L), lparGpDemand: f(L), eligible: f(L), ziipWant: f(L), ziipGrant: f(L), zShare: f(L), capture: f(L),
    lparWant: f(L), capLimit: f(L), poolWant: f(L), grant: f(L), capped: f(L), levelDemand: f(L * LEVELS), levelServed: f(LEVELS), r4haUncapped: f(L), r4haActual: f(L), definedCapacity: f(L),
    rcRtWeight: f(Math.max(1, k.rcOffset[L]!)),
    rgDemand: f(Math.max(1, ...Array.from(k.rgOf, (g) => g + 1))),
    lparRgCut: f(L),
    hour: 0,
  };
}

/** One evaluation's inputs and outputs. */
export interface Ctx {
  readonly topo: CTopology;
  readonly k: Layout;
  readonly engine: PatternEngine;
  readonly fx: IncidentEffects;
  readonly stocks: StockModel;
  readonly caps: CapModel;
  /** Leave soft capping out (the consumption the 4-hour average that decides capping is taken over). */
  readonly uncapped: boolean;
  /** An evaluation for the 4-hour averages: it does not compute them itself. */
  readonly history: boolean;
  readonly f: Frame;
  readonly s: Scratch;
  /** end of the interval, its middle, its length (ms) and its grid counter */
  endMs: number;
  mid: number;
  intervalMs: number;
  counter: number;
  /** Who is in each address space (stages/jobs.ts), allocated on the first evaluation that needs it. */
  jobs?: JobState;
}
