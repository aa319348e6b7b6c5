/** WLM: CPU, I/O and storage delays of each service class period, velocity, PI, transactions; network ports. */
import { QUEUE_TYPES } from '../../catalog/index.js';
import { valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { MIN, softcap } from './shared.js';

const IMPORTANCE_SENSITIVITY = [0.06, 0.15, 0.35, 0.7, 1.0];
const QUEUE_INDEX: Record<string, number> = Object.fromEntries(QUEUE_TYPES.map((q, i) => [q, i]));
const NQ = QUEUE_TYPES.length;

export function wlmStage(c: Ctx): void {
  const { topo, k, s, mid } = c;
  const w = c.f.serviceClass;
  const q = c.f.queue;
  const net = c.f.network;
  const pageIn = c.f.lpar.memory.pageInRate;
  const NN = k.NN;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const cb = s.gpBusy[l]!;
    // CPU contention seen by the work; WLM shields important work, so it saturates rather than explodes
    const contention = Math.min(12, (cb * cb) / (1.02 - cb) + 3 * s.unmet[l]!);
    const classes = lp.classes;
    let tpsAll = 0;
    let tpsDdf = 0;
    for (let j = 0; j < classes.length; j++) {
      const sc = topo.serviceClasses[classes[j]!.sc]!;
      const i = k.lcOffset[l]! + j;
      const cp = s.classCp[i]!;
      const rCpu = IMPORTANCE_SENSITIVITY[sc.importance - 1]! * contention * (1 + 0.15 * valueNoise(sc.key + l, mid, 10 * MIN));
      const rIo = sc.ioSensitivity * 0.08 * (s.avgRespMs[l]! / 0.25);
      const rStor = (pageIn[l]! / 50) * (sc.importance >= 3 ? 1 : 0.3);
      const r = rCpu + rIo + rStor;
      const active = 92 + 4 * valueNoise(sc.key + 50 + l, mid, 30 * MIN);
      const using = active / (1 + r);
      const velocity = 100 / (1 + r);
      const tps = cp / sc.cpuPerTxn;
      const service = sc.goalKind === 'responseTime' ? sc.goalValue * sc.rtBase : sc.cpuPerTxn * 2.5;
      const residence = service * (1 + r);
      const depth = tps * (residence - service);
      w.performanceIndex[i] = sc.goalKind === 'velocity' ? sc.goalValue / velocity : residence / sc.goalValue;
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
