/**
 * WLM: the state samples of each service class period — using (processor, device), and delayed for a processor
 * (contention, and the share of its demand the dispatcher could not serve; part of it for a zIIP), for capping (the
 * LPAR was capped), for I/O (the response time of its system's I/O), for storage (paging), for ENQs, JES, HSM, XCF,
 * the operator and the subsystems it calls — velocity, performance index, ended transactions (from executed work
 * only: a loop or a runaway job never ends), response times with their breakdown and interval-to-interval noise,
 * and for percentile goals the share meeting the goal; the predecessor's queues; network ports.
 */
import { QUEUE_TYPES } from '../../catalog/index.js';
import { lognormalCdf, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { storageSensitivity } from './cpu.js';
import { bursts, MIN, normal, softcap } from './shared.js';

/** How strongly CPU contention shows in each dispatch level's delay samples (system, importance 1 … 5, discretionary). */
const LEVEL_SENSITIVITY = [0.03, 0.06, 0.15, 0.35, 0.7, 1.0, 1.6];
const QUEUE_INDEX: Record<string, number> = Object.fromEntries(QUEUE_TYPES.map((q, i) => [q, i]));
const NQ = QUEUE_TYPES.length;
/** Spread (log σ) of transaction response times around their mean, for percentile goals. */
const RT_SIGMA = 0.8;
/** Background delays by subsystem, as multiples of using (ENQ, JES, HSM, XCF, operator, subsystem). */
const BACKGROUND: Record<string, readonly [number, number, number, number, number, number]> = {
  BATCH: [0.02, 0.025, 0.008, 0.002, 0.001, 0.004],
  TSO: [0.004, 0.004, 0.01, 0.001, 0, 0.002],
  CICS: [0.002, 0, 0, 0.01, 0, 0.06],
  IMS: [0.002, 0, 0, 0.01, 0, 0.05],
  DB2: [0.004, 0, 0, 0.02, 0, 0.01],
  MQ: [0.001, 0, 0, 0.008, 0, 0.02],
  STC: [0.003, 0.002, 0.002, 0.004, 0.0005, 0.005],
};
/** Share of a started transaction's time it waits to be started (JES queue, CICS queue) and converted. */
const QUEUEING: Record<string, readonly [number, number]> = { BATCH: [0.12, 0.02], TSO: [0.01, 0], CICS: [0.03, 0], IMS: [0.05, 0], DB2: [0.02, 0], MQ: [0.02, 0], STC: [0, 0] };

export function wlmStage(c: Ctx): void {
  const { topo, k, s, mid, counter, fx } = c;
  const w = c.f.serviceClass;
  const q = c.f.queue;
  const net = c.f.network;
  const pageIn = c.f.lpar.memory.pageInRate;
  const ziipBusy = c.f.lpar.cpu.ziipPercent;
  const NN = k.NN;
  const dt = c.intervalMs / 1000;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const cb = s.gpBusy[l]!;
    // CPU contention seen by the work; WLM shields important work, so it saturates rather than explodes
    const contention = Math.min(12, (cb * cb) / (1.02 - cb));
    const zu = Math.min(0.99, ziipBusy[l]! / 100);
    const ziipContention = lp.ziip > 0 ? Math.min(8, (zu * zu) / (1.02 - zu)) * lp.ziipElig : 0;
    const capped = s.capped[l]! > 0;
    const classes = lp.classes;
    let tpsAll = 0;
    let tpsDdf = 0;
    for (let j = 0; j < classes.length; j++) {
      const m = classes[j]!;
      const sc = topo.serviceClasses[m.sc]!;
      const i = k.lcOffset[l]! + j;
      // work waiting because the dispatcher could not serve all of the period's demand: capping when the LPAR was capped
      // (served may exceed 1 by a rounding: never a negative delay)
      const starved = Math.max(0, Math.min(20, 2.5 * (1 / Math.max(0.05, s.classServed[i]!) - 1)));
      const sens = LEVEL_SENSITIVITY[m.level]!;
      const rZiip = 0.3 * sens * ziipContention;
      const rCpu = sens * contention * (1 + 0.15 * valueNoise(m.key + l, mid, 10 * MIN)) + (capped ? 0 : starved) + rZiip;
      const rCap = capped ? starved : 0;
      const rIo = sc.ioSensitivity * 0.08 * (s.avgRespMs[l]! / 0.25);
      const rStor = (pageIn[l]! / 50) * storageSensitivity(m.level);
      const bg = BACKGROUND[sc.subsystem] ?? BACKGROUND.STC!;
      const jitter = 1 + 0.5 * valueNoise(m.key + 80 + l, mid, 20 * MIN);
      const rEnq = bg[0] * jitter + fx.enqueue[i]! + bursts(m.key + 90 + l, mid, 5 * MIN, 0.02, 0.02, 0.5) * bg[0] * 20;
      const rJes = bg[1] * jitter;
      const rHsm = bg[2] * (1 + bursts(m.key + 100 + l, mid, 5 * MIN, 0.03, 1, 10));
      const rXcf = bg[3] * jitter;
      const rOper = bg[4] * (1 + bursts(m.key + 110 + l, mid, 10 * MIN, 0.02, 2, 40));
      const rSubs = bg[5] * jitter;
      const r = rCpu + rCap + rIo + rStor + rEnq + rJes + rHsm + rXcf + rOper + rSubs;
      const active = 92 + 4 * valueNoise(m.key + 50 + l, mid, 30 * MIN);
      const using = active / (1 + r);
      // execution velocity counts the delays WLM manages (processor, capping, I/O, paging), not ENQ, JES, HSM, XCF, operator
      const velocity = 100 / (1 + rCpu + rCap + rIo + rStor);
      const tps = (s.classGp[i]! + s.classZiip[i]!) / m.cpuPerTxn;
      // without a response-time goal: the transaction's (or job step's) CPU time stretched by its I/O waits
      // (a percentile goal is met by the tail: the average sits that much below it)
      const service = m.goalKind === 'responseTime' ? (m.goalValue * m.rtBase) / percentileFactor(m.percentile) : m.cpuPerTxn * (2.5 + 20 * sc.ioBound);
      // the average over the interval's transactions: a few percent of jitter, more when few ended
      const noise = Math.exp(0.05 * normal(m.key + 60 + l, counter)) * (1 + (0.4 * normal(m.key + 70 + l, counter)) / Math.sqrt(Math.max(1, tps * dt)));
      const activeTime = service * (1 + r) * Math.max(0.3, noise);
      const [queueShare, conversionShare] = QUEUEING[sc.subsystem] ?? [0, 0];
      const queueTime = activeTime * queueShare * (1 + rCpu + rCap);
      const conversion = activeTime * conversionShare;
      const rt = activeTime + queueTime + conversion;
      const depth = tps * (rt - service > 0 ? rt - service : 0);
      const ioShare = Math.min(0.8, sc.ioBound * 0.6);
      w.performanceIndex[i] = m.goalKind === 'velocity' ? m.goalValue / velocity : m.goalKind === 'responseTime' ? piOf(m.goalValue, m.percentile, rt) : 0;
      w.goalAchievedPercent[i] = m.goalKind === 'responseTime' ? 100 * lognormalCdf(m.goalValue, rt, RT_SIGMA) : 0;
      w.velocityPercent[i] = velocity;
      w.usingPercent[i] = using;
      w.usingBy.processor[i] = using * (1 - ioShare);
      w.usingBy.device[i] = using * ioShare;
      w.delayPercent.cpu[i] = using * rCpu;
      w.delayPercent.ziip[i] = using * rZiip;
      w.delayPercent.capping[i] = using * rCap;
      w.delayPercent.io[i] = using * rIo;
      w.delayPercent.storage[i] = using * rStor;
      w.delayPercent.enqueue[i] = using * rEnq;
      w.delayPercent.jes[i] = using * rJes;
      w.delayPercent.hsm[i] = using * rHsm;
      w.delayPercent.xcf[i] = using * rXcf;
      w.delayPercent.operator[i] = using * rOper;
      w.delayPercent.subsystem[i] = using * rSubs;
      w.transactionRate[i] = tps;
      w.responseTimeSeconds[i] = m.goalKind === 'system' ? 0 : rt;
      w.responseTimeBreakdown.activeSeconds[i] = m.goalKind === 'system' ? 0 : activeTime;
      w.responseTimeBreakdown.queueSeconds[i] = m.goalKind === 'system' ? 0 : queueTime;
      w.responseTimeBreakdown.conversionSeconds[i] = m.goalKind === 'system' ? 0 : conversion;
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

/** The p-th percentile of the response times over their average (1 for an average goal). */
function percentileFactor(percentile: number): number {
  return percentile > 0 ? Math.exp(-(RT_SIGMA * RT_SIGMA) / 2 + RT_SIGMA * normalQuantile(percentile / 100)) : 1;
}

/**
 * Performance index of a response-time goal: average goal → actual / goal; percentile goal (p % within the goal) →
 * the response time p % of the transactions meet (log-normal spread around the average) over the goal.
 */
function piOf(goal: number, percentile: number, average: number): number {
  return (average * percentileFactor(percentile)) / goal;
}

/** Quantile of the standard normal distribution (Acklam's rational approximation, |error| < 1.2e-9 after one refinement-free step). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const cc = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((cc[0]! * q + cc[1]!) * q + cc[2]!) * q + cc[3]!) * q + cc[4]!) * q + cc[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((cc[0]! * q + cc[1]!) * q + cc[2]!) * q + cc[3]!) * q + cc[4]!) * q + cc[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
