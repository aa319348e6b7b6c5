import type { CTopology } from './compile.js';
import { loopClass, runawayClass } from './stages/demand.js';

/** Sizes, offsets and static per-entity arrays of a topology, as the model's stages index them. */
export interface Layout {
  L: number; V: number; LC: number; NL: number; NN: number; paths: number; T: number; C: number; B: number; P: number; CF: number; G: number;
  /** physical CHPIDs (shared ones count once) and LCUs */
  NCH: number; U: number;
  /** WLM resource group of each `serviceClass` member (-1: none) */
  rgOf: Int32Array;
  /** the volumes that are not page volumes (what non-paging I/O goes to), in order */
  workVolumes: Int32Array;
  /** CHPID index of each LPAR's each path, L x paths */
  pathChpid: Int32Array;
  /** first `serviceClass` member of each LPAR (member `lcOffset[l] + j` is its j-th class) */
  lcOffset: Int32Array;
  /** first `reportClass` member of each LPAR (member `rcOffset[l] + r` is its r-th report class) */
  rcOffset: Int32Array;
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
  /** the period (index within the LPAR) a loop, a runaway job and a discretionary hog are charged to, -1 without classes */
  loopClass: Int32Array;
  runawayClass: Int32Array;
  hogClass: Int32Array;
  /** normalised affinity of runaway batch I/O (scratch groups only) to each group */
  scratchAffinity: Float64Array;
  /** volumes in each group */
  groupSize: Float64Array;
  // ---- PR/SM ----
  /** physical GPs shared by the LPARs without dedicated ones */
  sharedPool: number;
  /** GP weights (0 for dedicated LPARs), the sharing LPARs and the dedicated ones */
  gpWeight: Float64Array;
  gpSharers: Int32Array;
  gpDedicated: Int32Array;
  /** entitled share of the shared pool of each LPAR at its weight, CPs (dedicated: its GPs) */
  entitled: Float64Array;
  /** PR/SM management time of each LPAR per CP of its busy */
  mgmtRate: Float64Array;
  /** physical CPs each CP of an LPAR's busy takes from its pool: itself, its management time, and (shared) the PHYSICAL line's */
  overhead: Float64Array;
  /** zIIP weights and the LPARs with zIIPs; zIIP capacity per core (1, or about 1.25 with SMT-2) */
  ziipWeight: Float64Array;
  ziipSharers: Int32Array;
  ziipCapacity: number;
}

export function layoutOf(topo: CTopology): Layout {
  const L = topo.lpars.length;
  const lcOffset = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) lcOffset[l + 1] = lcOffset[l]! + topo.lpars[l]!.classes.length;
  const rcOffset = new Int32Array(L + 1);
  for (let l = 0; l < L; l++) rcOffset[l + 1] = rcOffset[l]! + topo.lpars[l]!.reports.length;
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
    NCH: topo.chpids.length,
    U: topo.lcus.length,
    pathChpid: Int32Array.from(topo.lpars.flatMap((l) => l.chpidIndex)),
    rgOf: Int32Array.from(topo.lpars.flatMap((l) => l.classes.map((m) => topo.serviceClasses[m.sc]!.resourceGroup))),
    workVolumes: Int32Array.from(topo.volumes.flatMap((v, i) => (v.owner >= 0 ? [] : [i]))),
    lcOffset,
    rcOffset,
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
    // (outside a resource group with a maximum where it can be: the hog is rogue work, not the group's)
    hogClass: Int32Array.from(topo.lpars, (l) => {
      const capped = (j: number) => {
        const rg = topo.serviceClasses[l.classes[j]!.sc]!.resourceGroup;
        return rg >= 0 && topo.resourceGroups[rg]!.maxCp < Infinity;
      };
      const least = (free: boolean) => l.classes.reduce((best, c, j) => (free && capped(j) ? best : best < 0 || c.level >= l.classes[best]!.level ? j : best), -1);
      const free = least(true);
      return free >= 0 ? free : least(false);
    }),
    scratchAffinity: (() => {
      const a = Float64Array.from(topo.groups, (g) => (g.role === 'work' || g.role === 'temp' ? g.volumes.length : 0));
      const sum = a.reduce((x, y) => x + y, 0);
      return sum > 0 ? a.map((x) => x / sum) : Float64Array.from(topo.groups, (g) => (g.role === 'page' ? 0 : 1 / topo.groups.length));
    })(),
    groupSize: Float64Array.from(topo.groups, (g) => g.volumes.length),
    ...prsmLayout(topo),
  };
}

/** PR/SM's own time for a shared LPAR: a base share of its busy, growing with its logical processors per entitled one. */
const MGMT_BASE = 0.006;
const MGMT_PER_OVERCOMMIT = 0.004;
/** PR/SM's time for a dedicated LPAR, as a share of its busy. */
const MGMT_DEDICATED = 0.002;
/** PR/SM time not attributable to any LPAR (the CPC report's PHYSICAL line), as a share of the shared LPARs' busy. */
export const PHYSICAL_MGMT = 0.003;

function prsmLayout(topo: CTopology): Pick<Layout, 'sharedPool' | 'gpWeight' | 'gpSharers' | 'gpDedicated' | 'entitled' | 'mgmtRate' | 'overhead' | 'ziipWeight' | 'ziipSharers' | 'ziipCapacity'> {
  const lpars = topo.lpars;
  const sharedPool = topo.cpc.gp - lpars.reduce((n, l) => n + (l.dedicated ? l.gp : 0), 0);
  const gpWeight = Float64Array.from(lpars, (l) => l.weight);
  const entitled = Float64Array.from(lpars, (l) => l.entitled);
  const mgmtRate = Float64Array.from(lpars, (l) => (l.dedicated ? MGMT_DEDICATED : MGMT_BASE + MGMT_PER_OVERCOMMIT * Math.max(0, l.gp / Math.max(0.5, entitled[l.i]!) - 1)));
  return {
    sharedPool,
    gpWeight,
    gpSharers: Int32Array.from(lpars.filter((l) => !l.dedicated), (l) => l.i),
    gpDedicated: Int32Array.from(lpars.filter((l) => l.dedicated), (l) => l.i),
    entitled,
    mgmtRate,
    overhead: Float64Array.from(lpars, (l) => 1 + mgmtRate[l.i]! + (l.dedicated ? 0 : PHYSICAL_MGMT)),
    ziipWeight: Float64Array.from(lpars, (l) => l.ziipWeight),
    ziipSharers: Int32Array.from(lpars.filter((l) => l.ziip > 0), (l) => l.i),
    ziipCapacity: topo.cpc.ziipSmt ? 1.25 : 1,
  };
}
