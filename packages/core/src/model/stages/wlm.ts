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
import { percentileFactor, responseTimePerformanceIndex as piOf, RT_SIGMA } from '../../wlm.js';

/** How strongly CPU contention shows in each dispatch level's delay samples (system, importance 1 … 5, discretionary). */
const LEVEL_SENSITIVITY = [0.03, 0.06, 0.15, 0.35, 0.7, 1.0, 1.6];
const QUEUE_INDEX: Record<string, number> = Object.fromEntries(QUEUE_TYPES.map((q, i) => [q, i]));
const NQ = QUEUE_TYPES.length;
/**
 * LPAR l's executed I/O by whom it is for: paging (the page volumes'), the runaway job's scratch I/O, and each class
 * period's part of the rest by the work it executed × its I/O sensitivity (what drove the online and batch streams,
 * stages/io.ts); and the average connect time of the non-paging I/Os.
 */
function classIo(c: Ctx, l: number): void {
  const { topo, k, s } = c;
  const V = k.V;
  const lvRate = c.f.lparVolume.ioRate;
  const conn = c.f.volume.responseTime.conn;
  let work = 0;
  let connected = 0;
  const vols = k.workVolumes;
  const base = l * V;
  for (let i = 0; i < vols.length; i++) {
    const v = vols[i]!;
    const r = lvRate[base + v]!;
    work += r;
    connected += r * conn[v]!;
  }
  s.pageIo[l] = Math.max(0, s.ioRate[l]! - work);
  s.connPerIo[l] = work > 0 ? connected / work : 0;
  const streams = s.ioOnline[l]! + s.ioBatch[l]! + s.ioScratch[l]!;
  s.scratchIo[l] = streams > 0 ? (work * s.ioScratch[l]!) / streams : 0;
  const classes = topo.lpars[l]!.classes;
  const at = k.lcOffset[l]!;
  let weight = 0;
  for (let j = 0; j < classes.length; j++) weight += (s.classGp[at + j]! + s.classZiip[at + j]!) * topo.serviceClasses[classes[j]!.sc]!.ioSensitivity;
  const rest = work - s.scratchIo[l]!;
  for (let j = 0; j < classes.length; j++) {
    const wj = (s.classGp[at + j]! + s.classZiip[at + j]!) * topo.serviceClasses[classes[j]!.sc]!.ioSensitivity;
    s.classIo[at + j] = weight > 0 ? (rest * wj) / weight : 0;
  }
}

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
/**
 * ENQ delay per using sample of a period whose work waits for a contended data set, per unit of the incident's
 * effect: a job waiting for the ENQ is blocked, not slowed (the incident cuts its CPU to 1 / (1 + 2 × effect)), so
 * its waits are many times its using samples (its CPU and connect time): at full effect its class shows ~90 % ENQ
 * delay, its waiting jobs tens of percent each (stages/jobs.ts), as a real ENQ report of a hung data set does.
 */
const ENQ_BLOCKING = 25;
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
    classIo(c, l);
    const connPerIo = s.connPerIo[l]!;
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
      // a resource group over its maximum holds its members back (WLM's capping slices): capping delay too
      const rgCut = s.classRgServed[i]!;
      const rCap = (capped ? starved : 0) + (rgCut < 1 ? Math.min(20, 2.5 * (1 / Math.max(0.05, rgCut) - 1)) : 0);
      const rIo = sc.ioSensitivity * 0.08 * (s.avgRespMs[l]! / 0.25);
      const rStor = (pageIn[l]! / 50) * storageSensitivity(m.level);
      const bg = BACKGROUND[sc.subsystem] ?? BACKGROUND.STC!;
      const jitter = 1 + 0.5 * valueNoise(m.key + 80 + l, mid, 20 * MIN);
      const rEnq = bg[0] * jitter + ENQ_BLOCKING * fx.enqueue[i]! + bursts(m.key + 90 + l, mid, 5 * MIN, 0.02, 0.02, 0.5) * bg[0] * 20;
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
      // using samples are the processor's (its CPU time) and the device's (the connect time of its non-paging I/O,
      // and the runaway job's scratch I/O): one sample per second of either, so the samples follow from the using %
      const cpuSeconds = ((w.cpu.applCpPercent[i]! + w.cpu.applZiipPercent[i]!) * dt) / 100;
      const ioSeconds = (s.classIo[i]! + (s.classRunaway[i]! > 0 ? s.scratchIo[l]! : 0)) * connPerIo * dt;
      const usingSeconds = cpuSeconds + ioSeconds;
      const ioShare = usingSeconds > 0 ? ioSeconds / usingSeconds : 0;
      w.performanceIndex[i] = m.goalKind === 'velocity' ? m.goalValue / velocity : m.goalKind === 'responseTime' ? piOf(m.goalValue, m.percentile, rt) : 0;
      w.goalAchievedPercent[i] = m.goalKind === 'responseTime' ? 100 * lognormalCdf(m.goalValue, rt, RT_SIGMA) : 0;
      w.velocityPercent[i] = velocity;
      // one sample per work unit and second: the processor-using ones are its CPU seconds
      w.samples[i] = (100 * usingSeconds) / using;
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
    reportClasses(c, l);
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

const RC_DELAYS = ['cpu', 'ziip', 'capping', 'io', 'storage', 'enqueue', 'jes', 'hsm', 'xcf', 'operator', 'subsystem'] as const;

/** The delay arrays of the periods and of the report classes, in the same order (looked up once per frame). */
const delayCache = new WeakMap<object, { from: Float64Array[]; to: Float64Array[] }>();
function delayArrays(c: Ctx): { from: Float64Array[]; to: Float64Array[] } {
  let x = delayCache.get(c.f);
  if (!x) delayCache.set(c.f, (x = { from: RC_DELAYS.map((d) => c.f.serviceClass.delayPercent[d]), to: RC_DELAYS.map((d) => c.f.reportClass.delayPercent[d]) }));
  return x;
}

/**
 * The report classes of a system from its periods, as `combinePeriods` (wlm.ts) combines them: samples, transactions
 * and CPU add up, percentages are sample-weighted, velocity is using over using and managed delays, the response
 * time is transaction-weighted over the periods that have one.
 */
function reportClasses(c: Ctx, l: number): void {
  const { topo, k } = c;
  const lp = topo.lpars[l]!;
  if (lp.reports.length === 0) return;
  const w = c.f.serviceClass;
  const r = c.f.reportClass;
  const base = k.rcOffset[l]!;
  const rtWeight = c.s.rcRtWeight;
  const { from, to } = delayArrays(c);
  const ND = from.length;
  for (let x = 0; x < lp.reports.length; x++) rtWeight[x] = 0;
  for (let j = 0; j < lp.classes.length; j++) {
    const x = lp.periodReport[j]!;
    if (x < 0) continue;
    const i = k.lcOffset[l]! + j;
    const o = base + x;
    const n = w.samples[i]!;
    r.samples[o] = r.samples[o]! + n;
    r.usingPercent[o] = r.usingPercent[o]! + n * w.usingPercent[i]!;
    r.usingBy.processor[o] = r.usingBy.processor[o]! + n * w.usingBy.processor[i]!;
    r.usingBy.device[o] = r.usingBy.device[o]! + n * w.usingBy.device[i]!;
    for (let d = 0; d < ND; d++) to[d]![o] = to[d]![o]! + n * from[d]![i]!;
    r.transactionRate[o] = r.transactionRate[o]! + w.transactionRate[i]!;
    r.cpu.applCpPercent[o] = r.cpu.applCpPercent[o]! + w.cpu.applCpPercent[i]!;
    r.cpu.applZiipPercent[o] = r.cpu.applZiipPercent[o]! + w.cpu.applZiipPercent[i]!;
    if (lp.classes[j]!.goalKind !== 'system') {
      rtWeight[x] = rtWeight[x]! + w.transactionRate[i]!;
      r.responseTimeSeconds[o] = r.responseTimeSeconds[o]! + w.transactionRate[i]! * w.responseTimeSeconds[i]!;
    }
  }
  for (let x = 0; x < lp.reports.length; x++) {
    const o = base + x;
    const n = r.samples[o]!;
    const per = n > 0 ? 1 / n : 0;
    r.usingPercent[o] = r.usingPercent[o]! * per;
    r.usingBy.processor[o] = r.usingBy.processor[o]! * per;
    r.usingBy.device[o] = r.usingBy.device[o]! * per;
    for (let d = 0; d < ND; d++) to[d]![o] = to[d]![o]! * per;
    const managed = r.usingPercent[o]! + r.delayPercent.cpu[o]! + r.delayPercent.capping[o]! + r.delayPercent.io[o]! + r.delayPercent.storage[o]!;
    r.velocityPercent[o] = managed > 0 ? (100 * r.usingPercent[o]!) / managed : 0;
    r.responseTimeSeconds[o] = rtWeight[x]! > 0 ? r.responseTimeSeconds[o]! / rtWeight[x]! : 0;
  }
}
