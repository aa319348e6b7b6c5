import type { PatternEngine } from '../patterns.js';
import { builtinProfiles, profileLevel } from '../patterns.js';
import { hashSigned, hashUnit, lognormalCdf, valueNoise } from '../noise.js';
import type { IntervalHistogram, LparSnapshot, ServiceClassSnapshot, Snapshot, VolumeSnapshot } from '../snapshot.js';
import type { CTopology } from './compile.js';

/** Version of the generation algorithm. Any change of output for a given seed bumps it (a breaking change). */
export const MODEL_VERSION = 1;

const HOUR = 3_600_000;
const MIN = 60_000;
const CF_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000];
const IO_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const IMPORTANCE_SENSITIVITY = [0.06, 0.15, 0.35, 0.7, 1.0];
const QUEUE_TYPES = ['CICS', 'IMS', 'MQ', 'BATCH'] as const;

/** Saturating cap: identity below `knee`, approaching 1 smoothly above it. */
function softcap(x: number, knee = 0.9): number {
  if (x <= knee) return x < 0 ? 0 : x;
  const room = 1 - knee;
  return knee + room * (1 - Math.exp(-(x - knee) / room));
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Queueing delay factor ρ/(1-ρ), with ρ capped so it stays finite. */
function queueing(rho: number): number {
  const r = rho > 0.95 ? 0.95 : rho < 0 ? 0 : rho;
  return r / (1 - r);
}

function histogram(bounds: number[], n: number, mean: number, sigma: number, sum: number): IntervalHistogram {
  const count = Math.round(n);
  const counts = new Array<number>(bounds.length);
  for (let b = 0; b < bounds.length; b++) counts[b] = Math.min(count, Math.round(n * lognormalCdf(bounds[b]!, mean, sigma)));
  return { bounds, counts, count, sum };
}

/**
 * Evaluates the causal model for the interval ending at `endMs`:
 * demand → CPU (with zIIP spill) → memory → I/O per volume → array (CLPR, MP blades, ports) and channels →
 * volume response components → WLM delays, velocity and PI → coupling facility.
 * A pure function of (compiled topology, patterns, endMs).
 */
export function evaluate(topo: CTopology, engine: PatternEngine, endMs: number, intervalMs: number, k: number): Snapshot {
  const mid = endMs - intervalMs / 2;
  const intervalSec = intervalMs / 1000;
  const L = topo.lpars.length;
  const V = topo.volumes.length;

  // ---------- demand and CPU ----------
  const work = new Float64Array(L); // CP-equivalents of work demanded (before zIIP offload)
  const gpBusy = new Float64Array(L); // fraction of GP capacity busy
  const unmet = new Float64Array(L);
  const hourOf = new Float64Array(L);
  const cpus: LparSnapshot['cpu'][] = [];
  let cpcBusyCp = 0;
  let cpcMsu = 0;
  for (const l of topo.lpars) {
    const ctx = engine.context(mid, l);
    hourOf[l.i] = ctx.local.hour;
    const f = engine.factorOf(ctx, l);
    const noise = 1 + 0.1 * valueNoise(l.key, mid, 3 * HOUR) + 0.05 * valueNoise(l.key + 1, mid, 5 * MIN) + 0.02 * hashSigned(l.key + 2, k);
    const demand = Math.max(0, l.peakBusy * f * noise);
    const W = l.gp * demand;
    work[l.i] = W;
    const eligible = W * l.ziipElig;
    const ziipCap = l.ziip * 0.97;
    const ziipCp = l.ziip > 0 ? Math.min(eligible, ziipCap) : 0;
    const spill = eligible - ziipCp; // zIIP help: eligible work the zIIPs could not take runs on GPs
    const gpDemand = (W - eligible + spill) / l.gp;
    const busy = softcap(gpDemand);
    gpBusy[l.i] = busy;
    unmet[l.i] = Math.max(0, gpDemand - busy);
    const gpPct = 100 * busy;
    const ziipPct = l.ziip > 0 ? (100 * ziipCp) / l.ziip : 0;
    const msu = busy * l.gp * topo.cpc.msuPerCp;
    cpcBusyCp += busy * l.gp;
    cpcMsu += msu;
    cpus.push({
      generalPurposePercent: gpPct,
      ziipPercent: ziipPct,
      zaapPercent: ziipPct * l.javaShare,
      ziipEligibleOnCpPercent: Math.min(gpPct, (100 * spill) / l.gp),
      captureRatioPercent: 0, // set after paging is known
      actualMsu: msu,
      demandPercent: 100 * gpDemand,
    });
  }

  // ---------- memory ----------
  const pageIn = new Float64Array(L);
  const memories: LparSnapshot['memory'][] = topo.lpars.map((l) => {
    const activity = clamp(work[l.i]! / l.gp, 0, 1.5);
    const want = l.memBase + l.memSwing * Math.min(1, activity) + 0.03 * valueNoise(l.key + 3, mid, 2 * HOUR);
    const used = softcap(Math.max(0.05, want), 0.9) * 0.985;
    const avail = 1 - used;
    const shortage = avail < 0.1 ? (0.1 - avail) / 0.1 : 0;
    const pin = 0.05 + 0.3 * hashUnit(l.key + 4, k) + 600 * shortage * shortage;
    pageIn[l.i] = pin;
    cpus[l.i]!.captureRatioPercent = 100 * (0.955 - 0.075 * Math.exp(-cpus[l.i]!.generalPurposePercent / 30) - Math.min(0.05, pin / 2000));
    return {
      realCapacityBytes: l.memBytes,
      realStorageBytes: Math.round(l.memBytes * used),
      virtualStorageBytes: Math.round(l.memBytes * l.virtMult * (0.85 + 0.15 * Math.min(1, activity))),
      csaBytes: Math.round(l.csaBase * (1 + 0.08 * valueNoise(l.key + 5, mid, 6 * HOUR))),
      framesAvailablePercent: 100 * avail,
      pageInRate: pin,
    };
  });

  // ---------- I/O demand per LPAR and volume ----------
  const ioRate = new Float64Array(L);
  for (const l of topo.lpars) ioRate[l.i] = Math.max(0, work[l.i]! * l.ioPerCp * (1 + 0.03 * valueNoise(l.key + 6, mid, 10 * MIN)));
  const wv = new Float64Array(V);
  for (const v of topo.volumes) wv[v.i] = v.weight * Math.exp(0.35 * valueNoise(v.key, mid, 2 * HOUR));
  const groupSum = topo.groups.map((g) => g.volumes.reduce((s, i) => s + wv[i]!, 0));
  const rateLV = new Float64Array(L * V); // I/O rate of LPAR l to volume v
  const rateV = new Float64Array(V);
  const mbL = new Float64Array(L);
  for (const l of topo.lpars) {
    for (const v of topo.volumes) {
      const g = topo.groups[v.group]!;
      const r = (ioRate[l.i]! * g.affinity[l.workload] * wv[v.i]!) / groupSum[v.group]!;
      rateLV[l.i * V + v.i] = r;
      rateV[v.i] = rateV[v.i]! + r;
      mbL[l.i] = mbL[l.i]! + (r * v.transferKb) / 1024;
    }
  }
  const hit = new Float64Array(V);
  const reads = new Float64Array(V);
  for (const v of topo.volumes) {
    hit[v.i] = clamp(v.hitBase - 0.05 * (1 - v.hitBase) * 4 * (0.5 + 0.5 * valueNoise(v.key + 1, mid, 30 * MIN)), 0.2, 0.999);
    reads[v.i] = rateV[v.i]! * v.readFrac;
  }

  // ---------- channels and host ports ----------
  const paths = topo.lpars[0]?.chpids.length ?? 1;
  const P = topo.array.portNames.length;
  const portMB = new Float64Array(P);
  const portIops = new Float64Array(P);
  const chanUtilL = new Float64Array(L);
  const channels: LparSnapshot['channels'][] = topo.lpars.map((l) => {
    const out: LparSnapshot['channels'] = [];
    let weightSum = 0;
    const w = l.chpids.map((_, c) => {
      const x = 1 + 0.04 * valueNoise(l.key + 100 + c, mid, 15 * MIN);
      weightSum += x;
      return x;
    });
    let utilSum = 0;
    l.chpids.forEach((chpid, c) => {
      const share = w[c]! / weightSum;
      const rate = ioRate[l.i]! * share;
      const mb = mbL[l.i]! * share;
      const util = 100 * softcap(mb / topo.chanCapMBps + (rate * 45) / 1e6, 0.9); // ~45 µs of channel time per I/O
      utilSum += util;
      const port = l.chpidPort[c]!;
      portMB[port] = portMB[port]! + mb;
      portIops[port] = portIops[port]! + rate;
      out.push({ chpid, hostPort: topo.array.portNames[port]!, utilizationPercent: util, ioRate: rate, throughputMBps: mb });
    });
    chanUtilL[l.i] = utilSum / paths / 100;
    return out;
  });
  const portUtil = new Float64Array(P);
  for (let p = 0; p < P; p++) portUtil[p] = softcap(portMB[p]! / topo.array.portCapMBps + (portIops[p]! * 10) / 1e6, 0.9);
  const portUtilL = new Float64Array(L);
  for (const l of topo.lpars) {
    let s = 0;
    for (const p of l.chpidPort) s += portUtil[p]!;
    portUtilL[l.i] = s / l.chpidPort.length;
  }

  // ---------- array: CLPRs and MP blades ----------
  const C = topo.clprs.length;
  const clprWriteMB = new Float64Array(C);
  const clprReadMB = new Float64Array(C);
  const clprReads = new Float64Array(C);
  const clprHits = new Float64Array(C);
  const B = topo.array.mpbNames.length;
  const mpbWork = new Float64Array(B); // microseconds of MP time per second
  for (const v of topo.volumes) {
    const writes = rateV[v.i]! - reads[v.i]!;
    clprWriteMB[v.clpr] = clprWriteMB[v.clpr]! + (writes * v.transferKb) / 1024;
    clprReadMB[v.clpr] = clprReadMB[v.clpr]! + (reads[v.i]! * v.transferKb) / 1024;
    clprReads[v.clpr] = clprReads[v.clpr]! + reads[v.i]!;
    clprHits[v.clpr] = clprHits[v.clpr]! + reads[v.i]! * hit[v.i]!;
    mpbWork[v.mpb] = mpbWork[v.mpb]! + reads[v.i]! * hit[v.i]! * 40 + reads[v.i]! * (1 - hit[v.i]!) * 120 + writes * 90;
  }
  const wp = new Float64Array(C);
  const clprs = topo.clprs.map((c) => {
    const rho = clprWriteMB[c.i]! / c.destageMBps;
    const r = Math.min(1, rho);
    wp[c.i] = clamp(2 + 97 * r * r * r + 1.5 * valueNoise(c.key, mid, 20 * MIN), 0, 99.5);
    return {
      name: c.name,
      writePendingPercent: wp[c.i]!,
      readHitPercent: clprReads[c.i]! > 0 ? (100 * clprHits[c.i]!) / clprReads[c.i]! : 100,
      cacheUsagePercent: 100 * (1 - 0.45 * Math.exp(-(clprReadMB[c.i]! + clprWriteMB[c.i]!) / (c.cacheGb * 1.5))),
      writeMBps: clprWriteMB[c.i]!,
    };
  });
  const mpbUtil = new Float64Array(B);
  const cores = topo.array.coresPerBlade;
  for (let b = 0; b < B; b++) mpbUtil[b] = softcap(0.04 + mpbWork[b]! / 1e6 / cores, 0.9);

  // ---------- volume response time components ----------
  const volumes: VolumeSnapshot[] = [];
  // scratch (WORK/TEMP) space fills during the batch window; every LPAR shares one local clock
  const scratchFill = profileLevel(builtinProfiles.batch, hourOf[0]!);
  const totalV = new Float64Array(V);
  const busyV = new Float64Array(V);
  for (const v of topo.volumes) {
    const rate = rateV[v.i]!;
    let chan = 0;
    let port = 0;
    if (rate > 0) {
      for (let l = 0; l < L; l++) {
        const s = rateLV[l * V + v.i]! / rate;
        chan += s * chanUtilL[l]!;
        port += s * portUtilL[l]!;
      }
    } else {
      for (let l = 0; l < L; l++) {
        chan += chanUtilL[l]! / L;
        port += portUtilL[l]! / L;
      }
    }
    const w = wp[v.clpr]!;
    const wpPenalty = w < 30 ? 0 : 0.02 * ((w - 30) / 10) ** 2 + (w > 70 ? (1.5 * (w - 70)) / 30 : 0);
    const writeFrac = 1 - v.readFrac;
    // milliseconds
    const connMs = (0.035 + 0.0062 * v.transferKb) * (1 + 0.4 * chan);
    const discMs = v.readFrac * (1 - hit[v.i]!) * 0.45 * (1 + queueing(mpbUtil[v.mpb]!)) + writeFrac * wpPenalty + 0.004;
    const pendMs = 0.022 + 0.03 * queueing(chan) + 0.02 * queueing(port);
    const exposures = 1 + v.aliases;
    const rhoDev = Math.min(0.97, (rate * (discMs + connMs)) / 1000 / exposures);
    const iosqMs = ((pendMs + discMs + connMs) * rhoDev ** (exposures + 1)) / (1 - rhoDev);
    const iosq = iosqMs / 1000;
    const pend = pendMs / 1000;
    const disc = discMs / 1000;
    const conn = connMs / 1000;
    const total = iosq + pend + disc + conn;
    totalV[v.i] = total;
    busyV[v.i] = 100 * rhoDev;
    const scratch = v.type === 'WORK' || v.type === 'TEMP';
    const fill = scratch ? scratchFill : 0;
    const usedFrac = Math.min(0.98, v.usedBase + v.usedSwing * fill + 0.01 * valueNoise(v.key + 2, mid, 6 * HOUR));
    volumes.push({
      volser: v.volser,
      volumeType: v.type,
      model: v.model,
      devnum: v.devnum,
      ldev: v.ldev,
      clpr: topo.clprs[v.clpr]!.name,
      mpb: topo.array.mpbNames[v.mpb]!,
      ioRate: rate,
      readRate: reads[v.i]!,
      writeRate: rate - reads[v.i]!,
      throughputMBps: (rate * v.transferKb) / 1024,
      readHitPercent: 100 * hit[v.i]!,
      utilizationPercent: busyV[v.i]!,
      responseTime: { total, iosq, pend, disc, conn },
      capacityBytes: v.capacityBytes,
      usedBytes: Math.round(v.capacityBytes * Math.max(0, usedFrac)),
    });
  }
  // back-end (LDEV) busy: read misses staged from drives, writes destaged
  const ldevBusy = new Float64Array(V);
  for (const v of topo.volumes) {
    const misses = reads[v.i]! * (1 - hit[v.i]!);
    const writes = rateV[v.i]! - reads[v.i]!;
    ldevBusy[v.i] = 100 * softcap(((misses * 0.35 + writes * 0.12) / 1000) / 2, 0.9);
  }

  // ---------- WLM ----------
  const avgRespMs = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let s = 0;
    let n = 0;
    for (let v = 0; v < V; v++) {
      const r = rateLV[l * V + v]!;
      s += r * totalV[v]!;
      n += r;
    }
    avgRespMs[l] = n > 0 ? (1000 * s) / n : 0.25;
  }
  const lparSnaps: LparSnapshot[] = topo.lpars.map((l) => {
    const c = gpBusy[l.i]!;
    const contention = (c * c) / (1.02 - c) + 3 * unmet[l.i]!;
    const hour = hourOf[l.i]!;
    const onlineLevel = profileLevel(builtinProfiles.online, hour);
    const batchLevel = profileLevel(builtinProfiles.batch, hour);
    let wsum = 0;
    const w = l.classes.map(({ sc, weight }) => {
      const s = topo.serviceClasses[sc]!;
      const x = weight * (s.subsystem === 'BATCH' ? batchLevel : s.subsystem === 'STC' ? 0.5 : onlineLevel);
      wsum += x;
      return x;
    });
    const queues = new Map<string, { rate: number; depth: number }>(QUEUE_TYPES.map((q) => [q, { rate: 0, depth: 0 }]));
    const wlm: ServiceClassSnapshot[] = l.classes.map(({ sc }, j) => {
      const s = topo.serviceClasses[sc]!;
      const cp = wsum > 0 ? (work[l.i]! * w[j]!) / wsum : 0;
      const rCpu = IMPORTANCE_SENSITIVITY[s.importance - 1]! * contention * (1 + 0.15 * valueNoise(s.key + l.i, mid, 10 * MIN));
      const rIo = s.ioSensitivity * 0.08 * (avgRespMs[l.i]! / 0.25);
      const rStor = (pageIn[l.i]! / 50) * (s.importance >= 3 ? 1 : 0.3);
      const r = rCpu + rIo + rStor;
      const active = 92 + 4 * valueNoise(s.key + 50 + l.i, mid, 30 * MIN);
      const using = active / (1 + r);
      const velocity = 100 / (1 + r);
      const tps = cp / s.cpuPerTxn;
      const service = s.goalKind === 'responseTime' ? s.goalValue * s.rtBase : s.cpuPerTxn * 2.5;
      const residence = service * (1 + r);
      const pi = s.goalKind === 'velocity' ? s.goalValue / velocity : residence / s.goalValue;
      const depth = tps * (residence - service);
      const q = queues.get(s.subsystem);
      if (q) {
        q.rate += tps;
        q.depth += depth;
      }
      const snap: ServiceClassSnapshot = {
        serviceClass: s.name,
        workload: s.workload,
        period: 1,
        importance: s.importance,
        goal: s.goalKind === 'velocity' ? { kind: 'velocity', percent: s.goalValue } : { kind: 'responseTime', seconds: s.goalValue },
        performanceIndex: pi,
        velocityPercent: velocity,
        usingPercent: using,
        delayPercent: { cpu: using * rCpu, io: using * rIo, storage: using * rStor },
        transactionRate: tps,
        queueDepth: depth,
      };
      if (s.goalKind === 'responseTime') snap.responseTimeSeconds = residence;
      return snap;
    });

    // network ports: OSA carries online transactions, HiperSockets the DB2 distributed traffic
    let tpsAll = 0;
    let tpsDdf = 0;
    wlm.forEach((sc, j) => {
      tpsAll += sc.transactionRate;
      if (topo.serviceClasses[l.classes[j]!.sc]!.subsystem === 'DB2') tpsDdf += sc.transactionRate;
    });
    const network: LparSnapshot['network'] = [];
    l.osa.forEach((id, o) => {
      const mb = ((tpsAll * 3.2) / 1024 / l.osa.length) * (1 + 0.05 * valueNoise(l.key + 200 + o, mid, 10 * MIN)) + 0.05;
      network.push({ portType: 'OSA', portId: id, throughputMBps: mb, utilizationPercent: 100 * softcap(mb / 1250, 0.9) });
    });
    l.hipersockets.forEach((id, h) => {
      const mb = ((tpsDdf * 12) / 1024 / l.hipersockets.length) * (1 + 0.05 * valueNoise(l.key + 300 + h, mid, 10 * MIN)) + 0.02;
      network.push({ portType: 'Hipersocket', portId: id, throughputMBps: mb, utilizationPercent: 100 * softcap(mb / 4000, 0.9) });
    });

    // this system's view of volumes and LDEVs, and its I/O response histograms
    const volView: LparSnapshot['volumes'] = [];
    const ldevView: LparSnapshot['ldevs'] = [];
    const byType = new Map<string, { n: number; s: number }>(topo.deviceTypes.map((t) => [t, { n: 0, s: 0 }]));
    for (const v of topo.volumes) {
      const r = rateLV[l.i * V + v.i]!;
      const share = rateV[v.i]! > 0 ? r / rateV[v.i]! : 0;
      volView.push({ volser: v.volser, volumeType: v.type, ioRate: r, utilizationPercent: busyV[v.i]! * share });
      ldevView.push({ ldev: v.ldev, utilizationPercent: ldevBusy[v.i]! * share });
      const t = byType.get(v.model)!;
      t.n += r;
      t.s += r * totalV[v.i]!;
    }
    const ioResponse = topo.deviceTypes.map((deviceType) => {
      const t = byType.get(deviceType)!;
      const mean = t.n > 0 ? t.s / t.n : 0.0003;
      return { deviceType, histogram: histogram(IO_BUCKETS, t.n * intervalSec, mean, 0.8, t.s * intervalSec) };
    });

    return {
      name: l.name,
      workload: l.workload,
      cpu: cpus[l.i]!,
      memory: memories[l.i]!,
      wlm,
      queues: QUEUE_TYPES.map((q) => ({ queueType: q, processingRate: queues.get(q)!.rate, depth: queues.get(q)!.depth })),
      cfLinks: [],
      channels: channels[l.i]!,
      network,
      volumes: volView,
      ldevs: ldevView,
      ioResponse,
    };
  });

  // ---------- coupling facilities ----------
  const couplingFacilities = topo.cfs.map((cf) => {
    const reqs = topo.lpars.map((l) => (cf.requestsPerBusyCp * work[l.i]! * (1 + 0.05 * valueNoise(cf.key + l.i, mid, 5 * MIN))) / topo.cfs.length);
    const total = reqs.reduce((a, b) => a + b, 0);
    const u = softcap(0.02 + (total * 9) / 1e6 / cf.processors, 0.9);
    const conv = 0.05 + 0.6 * clamp((u - 0.4) / 0.5, 0, 1) ** 2; // sync requests converted to async under load
    const syncSvc = 7 * (1 + 0.8 * queueing(u));
    const asyncSvc = 70 * (1 + 1.5 * queueing(u));
    const systems = topo.lpars.map((l) => {
      const sync = reqs[l.i]! * 0.85 * (1 - conv);
      const async = reqs[l.i]! - sync;
      let lw = 0;
      const linkW = cf.links.map((_, n) => {
        const x = 1 + 0.05 * valueNoise(cf.key + 1000 + l.i * 64 + n, mid, 15 * MIN);
        lw += x;
        return x;
      });
      cf.links.forEach((link, n) => {
        const share = linkW[n]! / lw;
        const s = sync * share;
        const a = async * share;
        const nObs = (s + a) * intervalSec;
        const counts = CF_BUCKETS.map((b) => (s + a > 0 ? Math.min(Math.round(nObs), Math.round(intervalSec * (s * lognormalCdf(b, syncSvc, 0.45) + a * lognormalCdf(b, asyncSvc, 0.6)))) : 0));
        lparSnaps[l.i]!.cfLinks.push({ cf: cf.name, link, syncRate: s, asyncRate: a, serviceTime: { bounds: CF_BUCKETS, counts, count: Math.round(nObs), sum: intervalSec * (s * syncSvc + a * asyncSvc) } });
      });
      return { lpar: l.name, syncRate: sync, asyncRate: async, syncServiceMicros: syncSvc, asyncServiceMicros: asyncSvc };
    });
    return { name: cf.name, processorUtilizationPercent: 100 * u, systems };
  });

  return {
    timestamp: new Date(endMs).toISOString(),
    epochMs: endMs,
    intervalSeconds: intervalSec,
    modelVersion: MODEL_VERSION,
    sysplex: topo.sysplex,
    cpc: {
      name: topo.cpc.name,
      model: topo.cpc.model,
      capacityMsu: topo.cpc.capacityMsu,
      actualMsu: cpcMsu,
      utilizationPercent: 100 * Math.min(1, cpcBusyCp / topo.cpc.gp),
    },
    lpars: lparSnaps,
    couplingFacilities,
    volumes,
    storageArray: {
      name: topo.array.name,
      model: topo.array.model,
      clprs,
      mpBlades: topo.array.mpbNames.map((name, b) => ({ name, utilizationPercent: 100 * mpbUtil[b]! })),
      hostPorts: topo.array.portNames.map((name, p) => ({ name, throughputMBps: portMB[p]!, iops: portIops[p]!, utilizationPercent: 100 * portUtil[p]! })),
    },
  };
}
