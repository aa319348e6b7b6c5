/**
 * I/O: the executed work of each class drives its I/O (online and batch streams), runaway jobs write to scratch
 * space, paging goes to the system's own page volumes; each stream is spread over the volume groups by affinity and
 * within a group by each volume's weight — a static skew, a churn on an hours scale with the job mix, idle blocks,
 * DB2 log switches — plus the extra I/O of a hot volume. Writes are held back by inflow control when a CLPR is full.
 * RMF counts I/Os: every rate is a whole number of I/Os in the interval. Then channel paths and host ports.
 */
import { hashUnit, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { clamp, HOUR, MIN, softcap } from './shared.js';

const TWO_HOURS = 2 * 3_600_000;
/** How long a DB2 active log pair takes before the log switches to the next pair. */
const LOG_SWITCH_MS = 45 * MIN;
/** Channel busy per I/O with zHPF (FICON Express16S+), seconds. */
const CHANNEL_SECONDS_PER_IO = 12e-6;

/** I/O demand of each system: online and batch streams from its executed classes, runaway I/O to scratch space. */
export function workIoStage(c: Ctx): void {
  const { topo, k, s, mid } = c;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const classes = lp.classes;
    const at = k.lcOffset[l]!;
    let online = 0;
    let batch = 0;
    for (let j = 0; j < classes.length; j++) {
      const cl = topo.serviceClasses[classes[j]!.sc]!;
      const done = s.classGp[at + j]! + s.classZiip[at + j]!;
      if (cl.subsystem === 'BATCH') batch += done * cl.ioSensitivity;
      else online += done * cl.ioSensitivity;
    }
    const perCp = lp.ioPerCp * (1 + 0.03 * valueNoise(lp.key + 6, mid, 10 * MIN));
    const mean = k.meanIoSensitivity[l]!;
    s.ioOnline[l] = Math.max(0, (classes.length > 0 ? online / mean : s.executed[l]!) * perCp);
    s.ioBatch[l] = Math.max(0, (batch / mean) * perCp);
    // a runaway job step is I/O-heavy batch work (sensitivity 1.5) on scratch data sets
    s.ioScratch[l] = s.runaway[l]! * 1.5 * perCp;
  }
}

/** Weight of a volume within its group at `t`: static skew × churn × idle blocks (× DB2 log switching). */
function volumeWeight(c: Ctx, v: number, t: number): number {
  const vo = c.topo.volumes[v]!;
  if (vo.idle > 0 && hashUnit(vo.key + 13, Math.floor(t / TWO_HOURS)) < vo.idle) return 0;
  let w = vo.weight * Math.exp(vo.churn * (0.75 * valueNoise(vo.key + 11, t, vo.churnMs) + 0.25 * valueNoise(vo.key + 12, t, vo.churnMs / 5)));
  if (vo.role === 'db2log') {
    const pairs = Math.max(1, Math.floor(c.k.groupSize[vo.group]! / 2));
    const active = ((Math.floor(t / LOG_SWITCH_MS) + (vo.key % 7)) % pairs + pairs) % pairs;
    if (Math.floor(vo.member / 2) % pairs !== active) w *= 0.03; // the other logs: archive reads only
  }
  return w;
}

/** I/Os of each system to each volume in the interval, and the volumes' rates, reads, hits and MB/s. */
export function volumeRateStage(c: Ctx): void {
  const { topo, k, fx, s, mid, counter } = c;
  const { L, V, G } = k;
  const vols = topo.volumes;
  const vol = c.f.volume;
  const lv = c.f.lparVolume;
  const dt = c.intervalMs / 1000;
  s.groupWeight.fill(0);
  s.ownerWeight.fill(0);
  for (let v = 0; v < V; v++) {
    const w = volumeWeight(c, v, mid);
    const g = k.volGroup[v]!;
    s.volumeWeight[v] = w;
    s.groupWeight[g] = s.groupWeight[g]! + w;
    const owner = vols[v]!.owner;
    if (owner >= 0) s.ownerWeight[owner * G + g] = s.ownerWeight[owner * G + g]! + w;
    s.ioCount[v] = 0;
    // the data the job mix touches drifts: so do the block sizes
    s.kb[v] = vols[v]!.transferKb * (1 + 0.35 * valueNoise(vols[v]!.key + 14, mid, 3 * HOUR));
  }
  for (let l = 0; l < L; l++) {
    let mb = 0;
    let readMb = 0;
    let count = 0;
    const base = l * V;
    for (let v = 0; v < V; v++) {
      const vo = vols[v]!;
      const g = vo.group;
      let rate: number;
      if (vo.owner >= 0) {
        // a page volume: the paging of the system that owns it
        const ow = s.ownerWeight[l * G + g]!;
        rate = vo.owner === l && ow > 0 ? (s.ioPage[l]! * s.volumeWeight[v]!) / ow : 0;
      } else {
        const groupRate = s.ioOnline[l]! * k.affinity[l * G + g]! + s.ioBatch[l]! * k.batchAffinity[g]! + s.ioScratch[l]! * k.scratchAffinity[g]!;
        const gw = s.groupWeight[g]!;
        rate = (gw > 0 ? (groupRate * s.volumeWeight[v]!) / gw : 0) + (groupRate * fx.volumeExtra[v]!) / k.groupSize[g]!;
      }
      // inflow control holds back part of the writes into a full CLPR
      const acc = s.accepted[vo.clpr]!;
      if (acc < 1) rate *= vo.readFrac + (1 - vo.readFrac) * acc;
      const n = Math.floor(rate * dt + hashUnit(vo.key + 31 * (l + 1), counter));
      lv.ioRate[base + v] = n / dt;
      s.ioCount[v] = s.ioCount[v]! + n;
      count += n;
      mb += n * s.kb[v]!;
      readMb += n * s.kb[v]! * vo.readFrac;
    }
    s.ioRate[l] = count / dt;
    s.lparMBps[l] = mb / dt / 1024;
    s.lparReadMBps[l] = readMb / dt / 1024;
  }
  const slot = 5 * MIN;
  for (let v = 0; v < V; v++) {
    const vo = vols[v]!;
    const n = s.ioCount[v]!;
    // the hit ratio drifts with the data the job mix touches; cache-miss bursts: a sequential scan or new data now and then
    const burst = hashUnit(vo.key + 17, Math.floor(mid / slot)) < 0.03 ? 0.15 + 0.25 * hashUnit(vo.key + 18, Math.floor(mid / slot)) : 0;
    const drift = 0.3 + 0.4 * valueNoise(vo.key + 1, mid, 30 * MIN) + 0.5 * valueNoise(vo.key + 3, mid, 4 * HOUR);
    s.hit[v] = clamp(vo.hitBase - (1 - vo.hitBase) * drift - burst, 0.05, 0.999);
    vol.readHitPercent[v] = 100 * s.hit[v]!;
    const reads = Math.min(n, Math.floor(n * vo.readFrac + hashUnit(vo.key + 19, counter)));
    vol.ioRate[v] = n / dt;
    vol.readRate[v] = reads / dt;
    vol.writeRate[v] = (n - reads) / dt;
    vol.throughputMBps[v] = (n * s.kb[v]!) / dt / 1024;
  }
}

/**
 * Channel paths and host ports: each system's I/O over its live paths, the ports those paths go through. A CHPID
 * the LPARs share is one physical channel: its busy is that of all their I/O together (with the knee), each LPAR's
 * utilization its part of it, and the channel queueing each LPAR's I/O meets comes from the total.
 */
export function channelStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
  const { L, P, paths, pathChpid } = k;
  const ch = c.f.channel;
  const hp = c.f.hostPort;
  const zhpf = topo.channels.zhpfPercent / 100;
  s.chpidRaw.fill(0);
  s.chpidReadMB.fill(0);
  s.chpidWriteMB.fill(0);
  for (let l = 0; l < L; l++) {
    const lp = topo.lpars[l]!;
    let weightSum = 0;
    for (let p = 0; p < paths; p++) {
      const x = (1 + 0.04 * valueNoise(lp.key + 100 + p, mid, 15 * MIN)) * fx.pathUp[l * paths + p]!;
      ch.ioRate[l * paths + p] = x;
      weightSum += x;
    }
    const readShare = s.lparMBps[l]! > 0 ? s.lparReadMBps[l]! / s.lparMBps[l]! : 0;
    for (let p = 0; p < paths; p++) {
      const i = l * paths + p;
      const share = ch.ioRate[i]! / weightSum;
      const rate = s.ioRate[l]! * share;
      const mb = s.lparMBps[l]! * share;
      const raw = mb / topo.chanCapMBps + rate * CHANNEL_SECONDS_PER_IO;
      const x = pathChpid[i]!;
      ch.ioRate[i] = rate;
      ch.zhpfRate[i] = rate * zhpf;
      ch.throughputMBps[i] = mb;
      ch.readMBps[i] = mb * readShare;
      ch.writeMBps[i] = mb - ch.readMBps[i]!;
      s.pathRaw[i] = raw;
      s.chpidRaw[x] = s.chpidRaw[x]! + raw;
      s.chpidReadMB[x] = s.chpidReadMB[x]! + ch.readMBps[i]!;
      s.chpidWriteMB[x] = s.chpidWriteMB[x]! + ch.writeMBps[i]!;
      const port = lp.chpidPort[p]!;
      hp.throughputMBps[port] = hp.throughputMBps[port]! + mb;
      hp.iops[port] = hp.iops[port]! + rate;
    }
  }
  for (let l = 0; l < L; l++) {
    let busySum = 0;
    let live = 0;
    for (let p = 0; p < paths; p++) {
      const i = l * paths + p;
      const x = pathChpid[i]!;
      const raw = s.chpidRaw[x]!;
      const total = 100 * softcap(raw, 0.9);
      ch.totalUtilizationPercent[i] = total;
      // its part of the total: below the knee its own busy exactly (so one LPAR's I/O never moves another's part),
      // above it its share of the saturated path
      ch.utilizationPercent[i] = raw <= 0.9 ? 100 * softcap(s.pathRaw[i]!, 0.9) : (total * s.pathRaw[i]!) / raw;
      ch.totalReadMBps[i] = s.chpidReadMB[x]!;
      ch.totalWriteMBps[i] = s.chpidWriteMB[x]!;
      ch.busUtilizationPercent[i] = busBusy(s.chpidReadMB[x]! + s.chpidWriteMB[x]!);
      const up = fx.pathUp[i]!;
      busySum += up * total;
      live += up;
    }
    s.chanBusy[l] = busySum / live / 100; // the busy of the (shared) paths that carry the I/O
  }
  for (let p = 0; p < P; p++) hp.utilizationPercent[p] = 100 * softcap(hp.throughputMBps[p]! / topo.array.portCapMBps + (hp.iops[p]! * 10) / 1e6, 0.9);
  for (let l = 0; l < L; l++) {
    const ports = topo.lpars[l]!.chpidPort;
    let sum = 0;
    for (let p = 0; p < ports.length; p++) sum += hp.utilizationPercent[ports[p]!]!;
    s.portBusy[l] = sum / ports.length / 100;
  }
}

/**
 * Bus busy of a FICON adapter (CHANNEL's CHACTBVC) moving `mb` MB/s in all: 1 % per 70 MB/s plus a floor of 0.04 %
 * once it moves anything. Fitted to the FICON rows of IBM's CHANNEL sample (least squares over the active ones:
 * 0.0142 % per MB/s + 0.041; 10 MB/s shows 0.2, 26 MB/s 0.4, 38 MB/s 0.6, an idle path 0.0).
 */
export function busBusy(mb: number): number {
  return mb / 70 + 0.04 * (1 - Math.exp(-mb / 0.5));
}
