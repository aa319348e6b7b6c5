/**
 * What every stage of the model reads and writes: the compiled topology, its layout, the interval, the incident
 * effects, the frame (outputs) and a scratch area (intermediate values), both allocated once per simulator.
 * @module
 */
import type { IncidentEffects } from '../../incidents.js';
import type { PatternEngine } from '../../patterns.js';
import type { CTopology } from '../compile.js';
import type { Frame } from '../frame.js';
import type { Layout } from '../layout.js';

/** Intermediate values of one evaluation, passed between stages (each stage rewrites what it owns). */
export interface Scratch {
  /** CP-equivalents of work demanded per LPAR (before zIIP offload), incl. runaway batch */
  work: Float64Array;
  /** GP busy fraction per LPAR */
  gpBusy: Float64Array;
  /** GP demand beyond capacity per LPAR, in fractions of the LPAR's GPs */
  unmet: Float64Array;
  /** CP-equivalents of work per serviceClass member */
  classCp: Float64Array;
  /** I/O demand per LPAR from online and batch work, SSCH/s */
  ioOnline: Float64Array;
  ioBatch: Float64Array;
  ioRate: Float64Array;
  /** I/O weight of each volume within its group, and the groups' sums */
  volumeWeight: Float64Array;
  groupWeight: Float64Array;
  /** per-group rate scale of one LPAR (reused per LPAR) */
  groupScale: Float64Array;
  /** MB/s per LPAR */
  lparMBps: Float64Array;
  /** read-hit fraction per volume */
  hit: Float64Array;
  /** busy of the channel paths / host ports an LPAR's I/O uses, fractions */
  chanBusy: Float64Array;
  portBusy: Float64Array;
  clprReadMB: Float64Array;
  clprReads: Float64Array;
  clprHits: Float64Array;
  /** MP time per blade, µs per second */
  mpbWork: Float64Array;
  /** average response time of each LPAR's I/O, ms */
  avgRespMs: Float64Array;
  typeN: Float64Array;
  typeS: Float64Array;
  cfReqs: Float64Array;
  /** local hour of the interval's middle (every LPAR shares one local clock) */
  hour: number;
}

export function allocateScratch(k: Layout): Scratch {
  const f = (n: number) => new Float64Array(n);
  const { L, V, LC, C, B, T, G } = k;
  return {
    work: f(L), gpBusy: f(L), unmet: f(L), classCp: f(LC), ioOnline: f(L), ioBatch: f(L), ioRate: f(L),
    volumeWeight: f(V), groupWeight: f(G), groupScale: f(G), lparMBps: f(L), hit: f(V), chanBusy: f(L), portBusy: f(L),
    clprReadMB: f(C), clprReads: f(C), clprHits: f(C), mpbWork: f(B), avgRespMs: f(L), typeN: f(T), typeS: f(T), cfReqs: f(L),
    hour: 0,
  };
}

/** One evaluation's inputs and outputs. */
export interface Ctx {
  readonly topo: CTopology;
  readonly k: Layout;
  readonly engine: PatternEngine;
  readonly fx: IncidentEffects;
  readonly f: Frame;
  readonly s: Scratch;
  /** end of the interval, its middle, its length (ms) and its grid counter */
  endMs: number;
  mid: number;
  intervalMs: number;
  counter: number;
}
