/**
 * I/O: work per service class and the online and batch I/O it drives, spread over the volumes by group affinity
 * and volume weight; then channel paths and host ports.
 */
import { builtinProfiles, profileLevel } from '../../patterns.js';
import { valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { clamp, HOUR, MIN, softcap } from './shared.js';

/** Work per service class and I/O demand per LPAR in an online and a batch stream. */
export function workStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
  const onlineLevel = profileLevel(builtinProfiles.online, s.hour);
  const batchLevel = profileLevel(builtinProfiles.batch, s.hour);
  const classCp = s.classCp;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const classes = lp.classes;
    const base = s.work[l]! - fx.batchCp[l]!;
    let wsum = 0;
    let batchWsum = 0;
    for (let j = 0; j < classes.length; j++) {
      const sc = topo.serviceClasses[classes[j]!.sc]!;
      const w = classes[j]!.weight * (sc.subsystem === 'BATCH' ? batchLevel : sc.subsystem === 'STC' ? 0.5 : onlineLevel);
      classCp[k.lcOffset[l]! + j] = w;
      wsum += w;
      if (sc.subsystem === 'BATCH') batchWsum += classes[j]!.weight;
    }
    let online = 0;
    let batch = 0;
    for (let j = 0; j < classes.length; j++) {
      const i = k.lcOffset[l]! + j;
      const sc = topo.serviceClasses[classes[j]!.sc]!;
      // a runaway job runs in the LPAR's batch classes (in proportion to their weights)
      const extra = sc.subsystem === 'BATCH' && batchWsum > 0 ? (fx.batchCp[l]! * classes[j]!.weight) / batchWsum : 0;
      const cp = (wsum > 0 ? (base * classCp[i]!) / wsum : 0) + extra;
      classCp[i] = cp;
      if (sc.subsystem === 'BATCH') batch += cp * sc.ioSensitivity;
      else online += cp * sc.ioSensitivity;
    }
    const perCp = lp.ioPerCp * (1 + 0.03 * valueNoise(lp.key + 6, mid, 10 * MIN));
    const mean = k.meanIoSensitivity[l]!;
    // runaway work in an LPAR without batch classes is still batch I/O (sensitivity 1.5), outside any class
    const unassigned = batchWsum > 0 ? 0 : fx.batchCp[l]! * 1.5;
    s.ioOnline[l] = Math.max(0, (classes.length > 0 ? online / mean : base) * perCp);
    s.ioBatch[l] = Math.max(0, (batch / mean + unassigned) * perCp);
  }
}

/** I/O rate of each system to each volume, volume rates, reads, hits and MB/s. */
export function volumeRateStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
  const { L, V, G, volGroup, volKb } = k;
  const vols = topo.volumes;
  const vol = c.f.volume;
  const rateLV = c.f.lparVolume.ioRate;
  for (let l = 0; l < L; l++) s.ioRate[l] = s.ioOnline[l]! + s.ioBatch[l]!;
  s.groupWeight.fill(0);
  for (let v = 0; v < V; v++) {
    const w = vols[v]!.weight * Math.exp(0.35 * valueNoise(vols[v]!.key, mid, 2 * HOUR)) * fx.volume[v]!;
    s.volumeWeight[v] = w;
    s.groupWeight[volGroup[v]!] = s.groupWeight[volGroup[v]!]! + w;
  }
  for (let l = 0; l < L; l++) {
    for (let g = 0; g < G; g++) s.groupScale[g] = (s.ioOnline[l]! * k.affinity[l * G + g]! + s.ioBatch[l]! * k.batchAffinity[g]!) / s.groupWeight[g]!;
    let mb = 0;
    const base = l * V;
    for (let v = 0; v < V; v++) {
      const r = s.groupScale[volGroup[v]!]! * s.volumeWeight[v]!;
      rateLV[base + v] = r;
      vol.ioRate[v] = vol.ioRate[v]! + r;
      mb += r * volKb[v]!;
    }
    s.lparMBps[l] = mb / 1024;
  }
  for (let v = 0; v < V; v++) {
    const vo = vols[v]!;
    s.hit[v] = clamp(vo.hitBase - 0.2 * (1 - vo.hitBase) * (0.5 + 0.5 * valueNoise(vo.key + 1, mid, 30 * MIN)), 0.2, 0.999);
    vol.readHitPercent[v] = 100 * s.hit[v]!;
    vol.readRate[v] = vol.ioRate[v]! * vo.readFrac;
    vol.writeRate[v] = vol.ioRate[v]! - vol.readRate[v]!;
    vol.throughputMBps[v] = (vol.ioRate[v]! * vo.transferKb) / 1024;
  }
}

/** Channel paths and host ports: each system's I/O over its live paths, the ports those paths go through. */
export function channelStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
  const { L, P, paths } = k;
  const ch = c.f.channel;
  const hp = c.f.hostPort;
  for (let l = 0; l < L; l++) {
    const lp = topo.lpars[l]!;
    let weightSum = 0;
    let live = 0;
    for (let p = 0; p < paths; p++) {
      const x = (1 + 0.04 * valueNoise(lp.key + 100 + p, mid, 15 * MIN)) * fx.pathUp[l * paths + p]!;
      ch.ioRate[l * paths + p] = x;
      weightSum += x;
      live += fx.pathUp[l * paths + p]!;
    }
    let utilSum = 0;
    for (let p = 0; p < paths; p++) {
      const i = l * paths + p;
      const share = ch.ioRate[i]! / weightSum;
      const rate = s.ioRate[l]! * share;
      const mb = s.lparMBps[l]! * share;
      const util = 100 * softcap(mb / topo.chanCapMBps + (rate * 80) / 1e6, 0.9); // ~80 µs of channel time per I/O (FICON Express16S without zHPF)
      ch.ioRate[i] = rate;
      ch.throughputMBps[i] = mb;
      ch.utilizationPercent[i] = util;
      utilSum += util;
      const port = lp.chpidPort[p]!;
      hp.throughputMBps[port] = hp.throughputMBps[port]! + mb;
      hp.iops[port] = hp.iops[port]! + rate;
    }
    s.chanBusy[l] = utilSum / live / 100; // the busy of the paths that carry the I/O
  }
  for (let p = 0; p < P; p++) hp.utilizationPercent[p] = 100 * softcap(hp.throughputMBps[p]! / topo.array.portCapMBps + (hp.iops[p]! * 10) / 1e6, 0.9);
  for (let l = 0; l < L; l++) {
    const ports = topo.lpars[l]!.chpidPort;
    let sum = 0;
    for (let p = 0; p < ports.length; p++) sum += hp.utilizationPercent[ports[p]!]!;
    s.portBusy[l] = sum / ports.length / 100;
  }
}
