/**
 * Which volumes each address space does its I/O to: a small static set per slot (1–4 volumes of its system,
 * seeded by the slot), with weights that add up to 1. Per interval an address space's I/O to a volume is its I/O
 * rate × the weight, scaled down on a volume where the address spaces together would exceed the system's I/O rate to
 * it (the rest of the volume's I/O is the system's own); its device using and delay samples split over its volumes
 * by the same weights. Only multiply-adds per interval; the sets are built once per simulator.
 * @module
 */
import { hashUnit, ipow } from '../../noise.js';
import type { Ctx } from './context.js';

/** The static volume sets of every slot (global slot index g), CSR-style: volumes start[g] … start[g + 1] - 1. */
export interface VolumeSets {
  start: Int32Array;
  /** volume index (in topo.volumes) */
  vol: Int32Array;
  weight: Float64Array;
  /** the slot's heaviest volume (-1: none) */
  top: Int32Array;
  /** scratch: Σ address spaces' I/O per volume of the LPAR being evaluated, and the scale factor */
  sum: Float64Array;
  /** per interval: the weight of each address space's heaviest volume (its delay samples' part there) */
  topWeight: Float64Array;
}

/** Roles a kind of work does its I/O to (the groups of other roles get no weight). */
const DB2_ROLES = new Set(['db2data', 'db2log']);
const BATCH_ROLES = new Set(['work', 'temp', 'user', 'db2data']);
const ONLINE_ROLES = new Set(['user', 'db2data', 'catalog', 'spool', 'sysres']);
const SYSTEM_ROLES = new Set(['sysres', 'catalog', 'spool']);

/** Builds the sets once: the slot's kind picks the roles, the LPAR's I/O affinity weighs the groups, a hash the volumes. */
export function compileVolumeSets(c: Ctx, offset: Int32Array): VolumeSets {
  const { topo, k } = c;
  const n = offset[topo.populations.length]!;
  const G = k.G;
  const starts = new Int32Array(n + 1);
  const vols: number[] = [];
  const weights: number[] = [];
  const top = new Int32Array(n).fill(-1);
  topo.populations.forEach((pop, l) => {
    pop.slots.forEach((sl, q) => {
      const g0 = offset[l]! + q;
      starts[g0] = vols.length;
      const sub = topo.serviceClasses[sl.sc]?.subsystem;
      const roles = q === 0 ? new Set(['page']) : sl.kind === 'initiator' ? BATCH_ROLES : sub === 'DB2' || /^DB|DBM1|DIST|IRLM/.test(sl.name) ? DB2_ROLES : sl.kind === 'system' ? SYSTEM_ROLES : ONLINE_ROLES;
      // candidate groups and their weights
      const gw: number[] = [];
      let total = 0;
      for (let g = 0; g < G; g++) {
        const grp = topo.groups[g]!;
        let wt = 0;
        if (roles.has(grp.role)) {
          if (grp.role === 'page') wt = grp.volumes.some((v) => topo.volumes[v]!.owner === l) ? 1 : 0;
          else wt = (sl.kind === 'initiator' ? k.batchAffinity[g]! : k.affinity[l * G + g]!) + 0.02;
        }
        gw.push(wt);
        total += wt;
      }
      if (total <= 0 || sl.io <= 0) {
        starts[g0 + 1] = vols.length;
        return;
      }
      const m = 1 + Math.floor(hashUnit(sl.key ^ 0x51ed27, 0) * 4); // 1–4 volumes
      let wsum = 0;
      const picked: number[] = [];
      for (let j = 0; j < m; j++) {
        let x = hashUnit(sl.key ^ 0x2f1b3c, j) * total;
        let g = 0;
        while (g < G - 1 && x >= gw[g]!) x -= gw[g++]!;
        let members = topo.groups[g]!.volumes;
        if (topo.groups[g]!.role === 'page') members = members.filter((v) => topo.volumes[v]!.owner === l);
        if (members.length === 0) continue;
        const v = members[Math.floor(hashUnit(sl.key ^ 0x6a09e6, j) * members.length)]!;
        if (picked.includes(v)) continue;
        picked.push(v);
        const wt = ipow(0.5, j) * (0.5 + hashUnit(sl.key ^ 0x3c6ef3, j));
        vols.push(v);
        weights.push(wt);
        wsum += wt;
      }
      let best = -1;
      for (let i = starts[g0]!; i < vols.length; i++) {
        weights[i] = weights[i]! / wsum;
        if (best < 0 || weights[i]! > weights[best]!) best = i;
      }
      top[g0] = best >= 0 ? vols[best]! : -1;
      starts[g0 + 1] = vols.length;
    });
  });
  return { start: starts, vol: Int32Array.from(vols), weight: Float64Array.from(weights), top, sum: new Float64Array(Math.max(1, k.V)), topWeight: new Float64Array(n) };
}

/**
 * LPAR l's address spaces' I/O per volume (after their I/O rates): each one's part of its heaviest volume (I/O and
 * using samples: the connect time of its I/O there) and its connect time, % of the interval (Σ over its volumes of
 * its I/O there × the volume's connect time per I/O, and the I/O its volumes could not take — where the address
 * spaces would exceed the system's I/O to one — at the system's average); the heaviest volume's weight (`topWeight`, the part of its
 * delay samples there). `active` marks the address spaces with work.
 */
export function volumeParts(c: Ctx, vs: VolumeSets, base: number, n: number, l: number, active: Uint8Array): void {
  const a = c.f.addressSpace;
  const V = c.k.V;
  const lvRate = c.f.lparVolume.ioRate;
  const conn = c.f.volume.responseTime.conn;
  const connPerIo = c.s.connPerIo[l]!;
  const sum = vs.sum;
  sum.fill(0);
  vs.topWeight.fill(0, base, base + n);
  for (let g = base; g < base + n; g++) {
    if (!active[g]) continue;
    const io = a.ioRate[g]!;
    for (let i = vs.start[g]!; i < vs.start[g + 1]!; i++) sum[vs.vol[i]!] = sum[vs.vol[i]!]! + io * vs.weight[i]!;
  }
  // scale where the address spaces would exceed the system's I/O to the volume (the rest is the system's own)
  for (let v = 0; v < V; v++) {
    const s = sum[v]!;
    const rate = lvRate[l * V + v]!;
    sum[v] = s > rate ? (s > 0 ? rate / s : 0) : 1;
  }
  for (let g = base; g < base + n; g++) {
    if (!active[g]) continue;
    const io = a.ioRate[g]!;
    let connect = 0;
    let placed = 0;
    let topIo = 0;
    let topW = 0;
    for (let i = vs.start[g]!; i < vs.start[g + 1]!; i++) {
      const v = vs.vol[i]!;
      const part = io * vs.weight[i]! * sum[v]!;
      connect += part * conn[v]!;
      placed += part;
      if (v === vs.top[g]) [topIo, topW] = [part, vs.weight[i]!];
    }
    // what its volumes could not take went to the system's other volumes, at their average connect time
    a.device.connectPercent[g] = 100 * (connect + Math.max(0, io - placed) * connPerIo);
    a.device.topVolumeIoRate[g] = topIo;
    // using a volume: an I/O of the job connected to it, so the jobs on a volume add up to at most its connect time
    a.device.topVolumeUsingPercent[g] = vs.top[g]! >= 0 ? 100 * topIo * conn[vs.top[g]!]! : 0;
    vs.topWeight[g] = topW;
  }
}
