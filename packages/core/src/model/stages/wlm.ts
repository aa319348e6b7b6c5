/**
 * WLM: the state samples of each service class period — using, and delayed for CPU (contention, and the share of its
 * demand the dispatcher could not serve), for I/O (the response time of its system's I/O) and for storage
 * (paging) — velocity, performance index, ended transactions (from executed work only: a loop or a runaway job never
 * ends) and response times with their interval-to-interval noise; the predecessor's queues; network ports.
 */
import { QUEUE_TYPES } from '../../catalog/index.js';
import { valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { storageSensitivity } from './cpu.js';
import { MIN, normal, softcap } from './shared.js';

/** How strongly CPU contention shows in each dispatch level's delay samples (system work, importance 1 … 5). */
const LEVEL_SENSITIVITY = [0.03, 0.06, 0.15, 0.35, 0.7, 1.0];
const QUEUE_INDEX: Record<string, number> = Object.fromEntries(QUEUE_TYPES.map((q, i) => [q, i]));
const NQ = QUEUE_TYPES.length;

export function wlmStage(c: Ctx): void {
  const { topo, k, s, mid, counter } = c;
  const w = c.f.serviceClass;
  const q = c.f.queue;
  const net = c.f.network;
  const pageIn = c.f.lpar.memory.pageInRate;
  const NN = k.NN;
  const dt = c.intervalMs / 1000;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const cb = s.gpBusy[l]!;
    // CPU contention seen by the work; WLM shields important work, so it saturates rather than explodes
    const contention = Math.min(12, (cb * cb) / (1.02 - cb));
    const classes = lp.classes;
    let tpsAll = 0;
    let tpsDdf = 0;
    for (let j = 0; j < classes.length; j++) {
      const sc = topo.serviceClasses[classes[j]!.sc]!;
      const i = k.lcOffset[l]! + j;
      // work waiting because the dispatcher could not serve all of the class's demand
      const starved = Math.min(20, 2.5 * (1 / Math.max(0.05, s.classServed[i]!) - 1));
      const rCpu = LEVEL_SENSITIVITY[sc.level]! * contention * (1 + 0.15 * valueNoise(sc.key + l, mid, 10 * MIN)) + starved;
      const rIo = sc.ioSensitivity * 0.08 * (s.avgRespMs[l]! / 0.25);
      const rStor = (pageIn[l]! / 50) * storageSensitivity(sc.level);
      const r = rCpu + rIo + rStor;
      const active = 92 + 4 * valueNoise(sc.key + 50 + l, mid, 30 * MIN);
      const using = active / (1 + r);
      const velocity = 100 / (1 + r);
      const tps = (s.classGp[i]! + s.classZiip[i]!) / sc.cpuPerTxn;
      const service = sc.goalKind === 'responseTime' ? sc.goalValue * sc.rtBase : sc.cpuPerTxn * 2.5;
      // the average over the interval's transactions: a few percent of jitter, more when few ended
      const jitter = Math.exp(0.05 * normal(sc.key + 60 + l, counter)) * (1 + (0.4 * normal(sc.key + 70 + l, counter)) / Math.sqrt(Math.max(1, tps * dt)));
      const residence = service * (1 + r) * Math.max(0.3, jitter);
      const depth = tps * (residence - service > 0 ? residence - service : 0);
      w.performanceIndex[i] = sc.goalKind === 'velocity' ? sc.goalValue / velocity : sc.goalKind === 'responseTime' ? residence / sc.goalValue : 0;
      w.velocityPercent[i] = velocity;
      w.usingPercent[i] = using;
      w.delayPercent.cpu[i] = using * rCpu;
      w.delayPercent.io[i] = using * rIo;
      w.delayPercent.storage[i] = using * rStor;
      w.transactionRate[i] = tps;
      w.responseTimeSeconds[i] = sc.goalKind === 'responseTime' ? residence : 0;
      w.queueDepth[i] = depth;
      const qi = QUEUE_INDEX[sc.subsystem];
      if (qi !== undefined) {
        q.processingRate[l * NQ + qi] = q.processingRate[l * NQ + qi]! + tps;
        q.depth[l * NQ + qi] = q.depth[l * NQ + qi]! + depth;
      }
      tpsAll += tps;
      if (sc.subsystem === 'DB2') tpsDdf += tps;
    }
    // network ports: OSA carries the online transactions, HiperSockets the DB2 distributed traffic
    const osa = lp.osa.length;
    const hs = lp.hipersockets.length;
    for (let o = 0; o < osa; o++) {
      const mb = ((tpsAll * 3.2) / 1024 / osa) * (1 + 0.05 * valueNoise(lp.key + 200 + o, mid, 10 * MIN)) + 0.05;
      net.throughputMBps[l * NN + o] = mb;
      net.utilizationPercent[l * NN + o] = 100 * softcap(mb / 1250, 0.9);
    }
    for (let h = 0; h < hs; h++) {
      const mb = ((tpsDdf * 12) / 1024 / hs) * (1 + 0.05 * valueNoise(lp.key + 300 + h, mid, 10 * MIN)) + 0.02;
      net.throughputMBps[l * NN + osa + h] = mb;
      net.utilizationPercent[l * NN + osa + h] = 100 * softcap(mb / 4000, 0.9);
    }
  }
}
