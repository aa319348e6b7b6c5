import type { CTopology } from './compile.js';
import { loopClass, runawayClass } from './stages/demand.js';

/** Sizes, offsets and static per-entity arrays of a topology, as the model's stages index them. */
export interface Layout {
  L: number; V: number; LC: number; NL: number; NN: number; paths: number; T: number; C: number; B: number; P: number; CF: number; G: number;
  /** first `serviceClass` member of each LPAR (member `lcOffset[l] + j` is its j-th class) */
  lcOffset: Int32Array;
  /** device-type index of each volume */
  typeOf: Int32Array;
  /** volume group of each volume */
  volGroup: Int32Array;
  /** normalised I/O affinity of each LPAR's workload to each volume group, L x G */
  affinity: Float64Array;
  /** normalised I/O affinity of batch work to each volume group */
  batchAffinity: Float64Array;
  /** weight-averaged I/O sensitivity of each LPAR's service classes (1 without classes) */
  meanIoSensitivity: Float64Array;
  /** KiB written into each CLPR per SSCH of each LPAR's workload, L x C (the write share of its I/O, by affinity) */
  writeKbShare: Float64Array;
  /** share of each LPAR's I/O (by its workload's affinity) that goes to each CLPR, L x C */
  clprShare: Float64Array;
  /** read share of each CLPR's I/O (affinity-weighted over its groups) */
  clprReadFrac: Float64Array;
  /** the class (index within the LPAR) a loop and a runaway job run in, -1 without classes */
  loopClass: Int32Array;
  runawayClass: Int32Array;
  /** normalised affinity of runaway batch I/O (scratch groups only) to each group */
  scratchAffinity: Float64Array;
  /** volumes in each group */
  groupSize: Float64Array;
}

export function layoutOf(topo: CTopology): Layout {
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
    G: topo.groups.length,
    lcOffset,
    typeOf: Int32Array.from(topo.volumes, (v) => topo.deviceTypes.indexOf(v.model)),
    volGroup: Int32Array.from(topo.volumes, (v) => v.group),
    affinity: Float64Array.from(topo.lpars.flatMap((l) => topo.groups.map((g) => g.affinity[l.workload]))),
    batchAffinity: Float64Array.from(topo.groups.map((g) => g.affinity.batch)),
    meanIoSensitivity: Float64Array.from(topo.lpars, (l) => {
      const w = l.classes.reduce((s, c) => s + c.weight, 0);
      return w > 0 ? l.classes.reduce((s, c) => s + c.weight * topo.serviceClasses[c.sc]!.ioSensitivity, 0) / w : 1;
    }),
    writeKbShare: Float64Array.from(topo.lpars.flatMap((l) => topo.clprs.map((c) => topo.groups.reduce((s, g) => s + (g.clpr === c.i ? g.affinity[l.workload] * (1 - g.readFrac) * g.transferKb : 0), 0)))),
    clprShare: Float64Array.from(topo.lpars.flatMap((l) => topo.clprs.map((c) => topo.groups.reduce((s, g) => s + (g.clpr === c.i ? g.affinity[l.workload] : 0), 0)))),
    clprReadFrac: Float64Array.from(topo.clprs, (c) => {
      const gs = topo.groups.filter((g) => g.clpr === c.i && g.role !== 'page');
      const w = gs.reduce((s, g) => s + g.affinity.online + g.affinity.batch, 0);
      return w > 0 ? gs.reduce((s, g) => s + (g.affinity.online + g.affinity.batch) * g.readFrac, 0) / w : 0.5;
    }),
    loopClass: Int32Array.from(topo.lpars, (l) => loopClass(topo, l.i)),
    runawayClass: Int32Array.from(topo.lpars, (l) => runawayClass(topo, l.i)),
    scratchAffinity: (() => {
      const a = Float64Array.from(topo.groups, (g) => (g.role === 'work' || g.role === 'temp' ? g.volumes.length : 0));
      const sum = a.reduce((x, y) => x + y, 0);
      return sum > 0 ? a.map((x) => x / sum) : Float64Array.from(topo.groups, (g) => (g.role === 'page' ? 0 : 1 / topo.groups.length));
    })(),
    groupSize: Float64Array.from(topo.groups, (g) => g.volumes.length),
  };
}
