import type { CTopology } from './compile.js';

/** Sizes, offsets and static per-entity arrays of a topology, as the model's stages index them. */
export interface Layout {
  L: number; V: number; LC: number; NL: number; NN: number; paths: number; T: number; C: number; B: number; P: number; CF: number; G: number;
  /** first `serviceClass` member of each LPAR (member `lcOffset[l] + j` is its j-th class) */
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
    volKb: Float64Array.from(topo.volumes, (v) => v.transferKb),
    affinity: Float64Array.from(topo.lpars.flatMap((l) => topo.groups.map((g) => g.affinity[l.workload]))),
    batchAffinity: Float64Array.from(topo.groups.map((g) => g.affinity.batch)),
    meanIoSensitivity: Float64Array.from(topo.lpars, (l) => {
      const w = l.classes.reduce((s, c) => s + c.weight, 0);
      return w > 0 ? l.classes.reduce((s, c) => s + c.weight * topo.serviceClasses[c.sc]!.ioSensitivity, 0) / w : 1;
    }),
  };
}
