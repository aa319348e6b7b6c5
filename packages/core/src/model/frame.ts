import type { CTopology } from './compile.js';

export const CF_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000];
export const IO_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** A histogram occupies buckets.length cumulative counts, then the count (+Inf), then the sum. */
export const histWidth = (buckets: readonly number[]) => buckets.length + 2;
export const QUEUE_TYPES = ['CICS', 'IMS', 'MQ', 'BATCH'] as const;

/**
 * The values of one interval as a struct of typed arrays: the model writes here, samples and snapshots read here.
 * One frame is allocated per simulator and fully rewritten by every evaluation (nothing carries over).
 */
export interface Frame {
  // per LPAR
  gp: Float64Array; ziip: Float64Array; zaap: Float64Array; spill: Float64Array; capture: Float64Array; msu: Float64Array; demand: Float64Array;
  realUsed: Float64Array; realCap: Float64Array; virt: Float64Array; csa: Float64Array; framesAvail: Float64Array; pageIn: Float64Array;
  // CPC
  cpc: Float64Array; // [capacityMsu, actualMsu, utilizationPercent]
  // WLM, per (LPAR, class on it): index lcOffset[l] + j
  pi: Float64Array; velocity: Float64Array; using: Float64Array; delayCpu: Float64Array; delayIo: Float64Array; delayStor: Float64Array;
  tps: Float64Array; rt: Float64Array; depth: Float64Array;
  // predecessor queues, L x QUEUE_TYPES
  qRate: Float64Array; qDepth: Float64Array;
  // CF links, L x NL (all links of all CFs); histograms L x NL x width
  linkSync: Float64Array; linkAsync: Float64Array; linkHist: Float64Array;
  // per CF, and CF x L
  cfUtil: Float64Array; cfSync: Float64Array; cfAsync: Float64Array; cfSyncSvc: Float64Array; cfAsyncSvc: Float64Array;
  // channel paths, L x paths
  chanUtil: Float64Array; chanRate: Float64Array; chanMB: Float64Array;
  // OSA + HiperSockets, L x NN
  netUtil: Float64Array; netMB: Float64Array;
  // each system's view of each volume, L x V
  lvRate: Float64Array; lvUtil: Float64Array; lvLdev: Float64Array;
  // I/O response histograms, L x device types x width
  ioHist: Float64Array;
  // volumes, V
  vRate: Float64Array; vRead: Float64Array; vMB: Float64Array; vHit: Float64Array; vUtil: Float64Array;
  rTotal: Float64Array; rIosq: Float64Array; rPend: Float64Array; rDisc: Float64Array; rConn: Float64Array;
  vCap: Float64Array; vUsed: Float64Array;
  // array
  wp: Float64Array; clprHit: Float64Array; clprUsage: Float64Array; clprWriteMB: Float64Array;
  mpbUtil: Float64Array;
  portMB: Float64Array; portIops: Float64Array; portUtil: Float64Array;
}

/** Sizes and offsets of a topology's frame. */
export interface FrameLayout {
  L: number; V: number; LC: number; NL: number; NN: number; paths: number; T: number; C: number; B: number; P: number; CF: number;
  /** first WLM slot of each LPAR */
  lcOffset: Int32Array;
  /** device-type index of each volume */
  typeOf: Int32Array;
  /** volume group of each volume, and its transfer size in KiB */
  volGroup: Int32Array;
  volKb: Float64Array;
  /** normalised I/O affinity of each LPAR's workload to each volume group, L x G */
  affinity: Float64Array;
  /** normalised I/O affinity of batch work to each volume group */
  batchAffinity: Float64Array;
  /** weight-averaged I/O sensitivity of each LPAR's service classes (1 without classes) */
  meanIoSensitivity: Float64Array;
}

export function frameLayout(topo: CTopology): FrameLayout {
  const L = topo.lpars.length;
  const lcOffset = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) lcOffset[l + 1] = lcOffset[l]! + topo.lpars[l]!.classes.length;
  return {
    L,
    V: topo.volumes.length,
    LC: lcOffset[L]!,
    NL: topo.cfs.reduce((s, c) => s + c.links.length, 0),
    NN: (topo.lpars[0]?.osa.length ?? 0) + (topo.lpars[0]?.hipersockets.length ?? 0),
    paths: topo.lpars[0]?.chpids.length ?? 0,
    T: topo.deviceTypes.length,
    C: topo.clprs.length,
    B: topo.array.mpbNames.length,
    P: topo.array.portNames.length,
    CF: topo.cfs.length,
    lcOffset,
    typeOf: Int32Array.from(topo.volumes, (v) => topo.deviceTypes.indexOf(v.model)),
    volGroup: Int32Array.from(topo.volumes, (v) => v.group),
    volKb: Float64Array.from(topo.volumes, (v) => v.transferKb),
    affinity: Float64Array.from(topo.lpars.flatMap((l) => topo.groups.map((g) => g.affinity[l.workload]))),
    batchAffinity: Float64Array.from(topo.groups.map((g) => g.affinity.batch)),
    meanIoSensitivity: Float64Array.from(topo.lpars, (l) => {
      const w = l.classes.reduce((s, c) => s + c.weight, 0);
      return w > 0 ? l.classes.reduce((s, c) => s + c.weight * topo.serviceClasses[c.sc]!.ioSensitivity, 0) / w : 1;
    }),
  };
}

export function allocateFrame(k: FrameLayout): Frame {
  const f = (n: number) => new Float64Array(n);
  const { L, V, LC, NL, NN, paths, T, C, B, P, CF } = k;
  const cfw = histWidth(CF_BUCKETS);
  const iow = histWidth(IO_BUCKETS);
  return {
    gp: f(L), ziip: f(L), zaap: f(L), spill: f(L), capture: f(L), msu: f(L), demand: f(L),
    realUsed: f(L), realCap: f(L), virt: f(L), csa: f(L), framesAvail: f(L), pageIn: f(L),
    cpc: f(3),
    pi: f(LC), velocity: f(LC), using: f(LC), delayCpu: f(LC), delayIo: f(LC), delayStor: f(LC), tps: f(LC), rt: f(LC), depth: f(LC),
    qRate: f(L * QUEUE_TYPES.length), qDepth: f(L * QUEUE_TYPES.length),
    linkSync: f(L * NL), linkAsync: f(L * NL), linkHist: f(L * NL * cfw),
    cfUtil: f(CF), cfSync: f(CF * L), cfAsync: f(CF * L), cfSyncSvc: f(CF * L), cfAsyncSvc: f(CF * L),
    chanUtil: f(L * paths), chanRate: f(L * paths), chanMB: f(L * paths),
    netUtil: f(L * NN), netMB: f(L * NN),
    lvRate: f(L * V), lvUtil: f(L * V), lvLdev: f(L * V),
    ioHist: f(L * T * iow),
    vRate: f(V), vRead: f(V), vMB: f(V), vHit: f(V), vUtil: f(V),
    rTotal: f(V), rIosq: f(V), rPend: f(V), rDisc: f(V), rConn: f(V), vCap: f(V), vUsed: f(V),
    wp: f(C), clprHit: f(C), clprUsage: f(C), clprWriteMB: f(C),
    mpbUtil: f(B),
    portMB: f(P), portIops: f(P), portUtil: f(P),
  };
}

/** Zeroes every array of the frame. */
export function clearFrame(frame: Frame): void {
  for (const a of Object.values(frame) as Float64Array[]) a.fill(0);
}
