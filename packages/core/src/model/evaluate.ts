import type { PatternEngine } from '../patterns.js';
import { builtinProfiles, profileLevel } from '../patterns.js';
import { hashSigned, hashUnit, ipow, lognormalCdf, valueNoise } from '../noise.js';
import type { CTopology } from './compile.js';
import { applyIncidents, type CIncident, type IncidentEffects } from '../incidents.js';
import { CF_BUCKETS, clearFrame, histWidth, IO_BUCKETS, QUEUE_TYPES, type Frame, type FrameLayout } from './frame.js';

/** Version of the generation algorithm. Any change of output for a given seed bumps it (a breaking change). */
export const MODEL_VERSION = 1;

const HOUR = 3_600_000;
const MIN = 60_000;
const IMPORTANCE_SENSITIVITY = [0.06, 0.15, 0.35, 0.7, 1.0];
const QUEUE_INDEX: Record<string, number> = Object.fromEntries(QUEUE_TYPES.map((q, i) => [q, i]));
const NQ = QUEUE_TYPES.length;

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

/** Writes a per-interval histogram of `n` log-normal observations with the given mean into `out` at `at`. */
function histogram(out: Float64Array, at: number, bounds: readonly number[], n: number, mean: number, sigma: number, sum: number): void {
  const count = Math.round(n);
  for (let b = 0; b < bounds.length; b++) out[at + b] = Math.min(count, Math.round(n * lognormalCdf(bounds[b]!, mean, sigma)));
  out[at + bounds.length] = count;
  out[at + bounds.length + 1] = sum;
}

/**
 * Evaluates the causal model for the interval ending at `endMs` into `f`:
 * demand → CPU (with zIIP spill) → memory → I/O per volume → channels, host ports, CLPRs, MP blades →
 * volume response components → WLM delays, velocity and PI → coupling facility.
 * A pure function of (compiled topology, patterns, endMs): every slot of the frame is rewritten.
 */
export function evaluate(
  topo: CTopology,
  k: FrameLayout,
  engine: PatternEngine,
  endMs: number,
  intervalMs: number,
  f: Frame,
  incidents: readonly CIncident[],
  fx: IncidentEffects,
  /** `'cpu'` stops after the processor section (demand, CPU, MSU): enough for MSU trends, far cheaper. */
  stage: 'cpu' | 'all' = 'all',
): void {
  clearFrame(f);
  const counter = endMs / intervalMs;
  const mid = endMs - intervalMs / 2;
  const intervalSec = intervalMs / 1000;
  const { L, V, NL, NN, paths, T, C, B, P } = k;
  const lpars = topo.lpars;
  const vols = topo.volumes;
  applyIncidents(incidents, topo, paths, mid, fx);

  // ---------- demand and CPU ----------
  const work = new Float64Array(L); // CP-equivalents of work demanded (before zIIP offload)
  const gpBusy = new Float64Array(L);
  const unmet = new Float64Array(L);
  let hour = 0;
  let cpcBusyCp = 0;
  let cpcMsu = 0;
  for (let l = 0; l < L; l++) {
    const lp = lpars[l]!;
    const ctx = engine.context(mid, lp);
    hour = ctx.local.hour; // every LPAR shares one local clock
    const factor = engine.factorOf(ctx, lp);
    const noise = 1 + 0.1 * valueNoise(lp.key, mid, 3 * HOUR) + 0.05 * valueNoise(lp.key + 1, mid, 5 * MIN) + 0.02 * hashSigned(lp.key + 2, counter);
    // work that drives transactions, I/O and CF requests; a CPU loop only burns GP
    const W = lp.gp * Math.max(0, lp.peakBusy * factor * noise * fx.demand) + fx.batchCp[l]!;
    work[l] = W;
    const eligible = W * lp.ziipElig;
    const ziipCp = lp.ziip > 0 ? Math.min(eligible, lp.ziip * 0.97) : 0;
    const spill = eligible - ziipCp; // zIIP help: eligible work the zIIPs could not take runs on GPs
    const gpDemand = (W - eligible + spill + fx.loopCp[l]!) / lp.gp;
    const busy = softcap(gpDemand);
    gpBusy[l] = busy;
    unmet[l] = Math.max(0, gpDemand - busy);
    const gpPct = 100 * busy;
    const ziipPct = lp.ziip > 0 ? (100 * ziipCp) / lp.ziip : 0;
    const msu = busy * lp.gp * topo.cpc.msuPerCp;
    cpcBusyCp += busy * lp.gp;
    cpcMsu += msu;
    f.gp[l] = gpPct;
    f.ziip[l] = ziipPct;
    f.zaap[l] = ziipPct * lp.javaShare;
    f.spill[l] = Math.min(gpPct, (100 * spill) / lp.gp);
    f.msu[l] = msu;
    f.demand[l] = 100 * gpDemand;
  }
  f.cpc[0] = topo.cpc.capacityMsu;
  f.cpc[1] = cpcMsu;
  f.cpc[2] = 100 * Math.min(1, cpcBusyCp / topo.cpc.gp);
  if (stage === 'cpu') return;

  // ---------- memory ----------
  for (let l = 0; l < L; l++) {
    const lp = lpars[l]!;
    const activity = clamp(work[l]! / lp.gp, 0, 1.5);
    const want = lp.memBase + lp.memSwing * Math.min(1, activity) + 0.03 * valueNoise(lp.key + 3, mid, 2 * HOUR) + fx.memory[l]!;
    const used = softcap(Math.max(0.05, want), 0.9) * 0.985;
    const avail = 1 - used;
    const shortage = avail < 0.1 ? (0.1 - avail) / 0.1 : 0;
    const pin = 0.05 + 0.3 * hashUnit(lp.key + 4, counter) + 600 * shortage * shortage;
    f.pageIn[l] = pin;
    f.capture[l] = 100 * (0.95 - 0.07 * Math.exp(-f.gp[l]! / 30) - Math.min(0.05, pin / 2000));
    f.realCap[l] = lp.memBytes;
    f.realUsed[l] = Math.round(lp.memBytes * used);
    f.virt[l] = Math.round(lp.memBytes * lp.virtMult * (0.85 + 0.15 * Math.min(1, activity)));
    f.csa[l] = Math.round(lp.csaBase * (1 + 0.08 * valueNoise(lp.key + 5, mid, 6 * HOUR)));
    f.framesAvail[l] = 100 * avail;
  }

  // ---------- work per service class; I/O demand per LPAR in an online and a batch stream ----------
  const onlineLevel = profileLevel(builtinProfiles.online, hour);
  const batchLevel = profileLevel(builtinProfiles.batch, hour);
  const classCp = new Float64Array(k.LC);
  const ioOnline = new Float64Array(L);
  const ioBatch = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const lp = lpars[l]!;
    const classes = lp.classes;
    const base = work[l]! - fx.batchCp[l]!;
    let wsum = 0;
    let batchWsum = 0;
    for (let j = 0; j < classes.length; j++) {
      const s = topo.serviceClasses[classes[j]!.sc]!;
      const w = classes[j]!.weight * (s.subsystem === 'BATCH' ? batchLevel : s.subsystem === 'STC' ? 0.5 : onlineLevel);
      classCp[k.lcOffset[l]! + j] = w;
      wsum += w;
      if (s.subsystem === 'BATCH') batchWsum += classes[j]!.weight;
    }
    let online = 0;
    let batch = 0;
    for (let j = 0; j < classes.length; j++) {
      const i = k.lcOffset[l]! + j;
      const s = topo.serviceClasses[classes[j]!.sc]!;
      // a runaway job runs in the LPAR's batch classes (in proportion to their weights)
      const extra = s.subsystem === 'BATCH' && batchWsum > 0 ? (fx.batchCp[l]! * classes[j]!.weight) / batchWsum : 0;
      const cp = (wsum > 0 ? (base * classCp[i]!) / wsum : 0) + extra;
      classCp[i] = cp;
      if (s.subsystem === 'BATCH') batch += cp * s.ioSensitivity;
      else online += cp * s.ioSensitivity;
    }
    const perCp = lp.ioPerCp * (1 + 0.03 * valueNoise(lp.key + 6, mid, 10 * MIN));
    const mean = k.meanIoSensitivity[l]!;
    // runaway work in an LPAR without batch classes is still batch I/O (sensitivity 1.5), outside any class
    const unassigned = batchWsum > 0 ? 0 : fx.batchCp[l]! * 1.5;
    ioOnline[l] = Math.max(0, (classes.length > 0 ? online / mean : base) * perCp);
    ioBatch[l] = Math.max(0, (batch / mean + unassigned) * perCp);
  }
  const ioRate = new Float64Array(L);
  for (let l = 0; l < L; l++) ioRate[l] = ioOnline[l]! + ioBatch[l]!;
  const wv = new Float64Array(V);
  const groupSum = new Float64Array(topo.groups.length);
  for (let v = 0; v < V; v++) {
    const vol = vols[v]!;
    const w = vol.weight * Math.exp(0.35 * valueNoise(vol.key, mid, 2 * HOUR)) * fx.volume[v]!;
    wv[v] = w;
    groupSum[vol.group] = groupSum[vol.group]! + w;
  }
  const mbL = new Float64Array(L);
  const rateLV = f.lvRate;
  const G = topo.groups.length;
  const scale = new Float64Array(G);
  const { volGroup, volKb } = k;
  for (let l = 0; l < L; l++) {
    for (let g = 0; g < G; g++) scale[g] = (ioOnline[l]! * k.affinity[l * G + g]! + ioBatch[l]! * k.batchAffinity[g]!) / groupSum[g]!;
    let mb = 0;
    const base = l * V;
    for (let v = 0; v < V; v++) {
      const r = scale[volGroup[v]!]! * wv[v]!;
      rateLV[base + v] = r;
      f.vRate[v] = f.vRate[v]! + r;
      mb += r * volKb[v]!;
    }
    mbL[l] = mb / 1024;
  }
  const hitV = new Float64Array(V); // read-hit fraction
  for (let v = 0; v < V; v++) {
    const vol = vols[v]!;
    hitV[v] = clamp(vol.hitBase - 0.2 * (1 - vol.hitBase) * (0.5 + 0.5 * valueNoise(vol.key + 1, mid, 30 * MIN)), 0.2, 0.999);
    f.vHit[v] = 100 * hitV[v]!;
    f.vRead[v] = f.vRate[v]! * vol.readFrac;
    f.vMB[v] = (f.vRate[v]! * vol.transferKb) / 1024;
  }

  // ---------- channel paths and host ports ----------
  const chanUtilL = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const lp = lpars[l]!;
    let weightSum = 0;
    let live = 0;
    for (let c = 0; c < paths; c++) {
      const x = (1 + 0.04 * valueNoise(lp.key + 100 + c, mid, 15 * MIN)) * fx.pathUp[l * paths + c]!;
      f.chanRate[l * paths + c] = x;
      weightSum += x;
      live += fx.pathUp[l * paths + c]!;
    }
    let utilSum = 0;
    for (let c = 0; c < paths; c++) {
      const i = l * paths + c;
      const share = f.chanRate[i]! / weightSum;
      const rate = ioRate[l]! * share;
      const mb = mbL[l]! * share;
      const util = 100 * softcap(mb / topo.chanCapMBps + (rate * 80) / 1e6, 0.9); // ~80 µs of channel time per I/O (FICON Express16S without zHPF)
      f.chanRate[i] = rate;
      f.chanMB[i] = mb;
      f.chanUtil[i] = util;
      utilSum += util;
      const port = lp.chpidPort[c]!;
      f.portMB[port] = f.portMB[port]! + mb;
      f.portIops[port] = f.portIops[port]! + rate;
    }
    chanUtilL[l] = utilSum / live / 100; // the busy of the paths that carry the I/O
  }
  for (let p = 0; p < P; p++) f.portUtil[p] = 100 * softcap(f.portMB[p]! / topo.array.portCapMBps + (f.portIops[p]! * 10) / 1e6, 0.9);
  const portUtilL = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    const ports = lpars[l]!.chpidPort;
    let s = 0;
    for (let c = 0; c < ports.length; c++) s += f.portUtil[ports[c]!]!;
    portUtilL[l] = s / ports.length / 100;
  }

  // ---------- array: CLPRs and MP blades ----------
  const clprReadMB = new Float64Array(C);
  const clprReads = new Float64Array(C);
  const clprHits = new Float64Array(C);
  const mpbWork = new Float64Array(B); // microseconds of MP time per second
  for (let v = 0; v < V; v++) {
    const vol = vols[v]!;
    const reads = f.vRead[v]!;
    const hit = hitV[v]!;
    const writes = f.vRate[v]! - reads;
    f.clprWriteMB[vol.clpr] = f.clprWriteMB[vol.clpr]! + (writes * vol.transferKb) / 1024;
    clprReadMB[vol.clpr] = clprReadMB[vol.clpr]! + (reads * vol.transferKb) / 1024;
    clprReads[vol.clpr] = clprReads[vol.clpr]! + reads;
    clprHits[vol.clpr] = clprHits[vol.clpr]! + reads * hit;
    mpbWork[vol.mpb] = mpbWork[vol.mpb]! + reads * hit * 40 + reads * (1 - hit) * 120 + writes * 90;
  }
  for (let c = 0; c < C; c++) {
    const cl = topo.clprs[c]!;
    const r = Math.min(1, f.clprWriteMB[c]! / (cl.destageMBps * fx.destage[c]!));
    f.wp[c] = clamp(2 + 97 * r * r * r + 1.5 * valueNoise(cl.key, mid, 20 * MIN), 0, 99.5);
    f.clprHit[c] = clprReads[c]! > 0 ? (100 * clprHits[c]!) / clprReads[c]! : 100;
    f.clprUsage[c] = 100 * (1 - 0.45 * Math.exp(-(clprReadMB[c]! + f.clprWriteMB[c]!) / (cl.cacheGb * 1.5)));
  }
  const cores = topo.array.coresPerBlade;
  for (let b = 0; b < B; b++) f.mpbUtil[b] = 100 * softcap(0.04 + mpbWork[b]! / 1e6 / cores + fx.mpb[b]!, 0.9);

  // ---------- volume response time components ----------
  // scratch (WORK/TEMP) space fills during the batch window
  const scratchFill = profileLevel(builtinProfiles.batch, hour);
  for (let v = 0; v < V; v++) {
    const vol = vols[v]!;
    const rate = f.vRate[v]!;
    let chan = 0;
    let port = 0;
    for (let l = 0; l < L; l++) {
      const s = rate > 0 ? rateLV[l * V + v]! / rate : 1 / L;
      chan += s * chanUtilL[l]!;
      port += s * portUtilL[l]!;
    }
    const w = f.wp[vol.clpr]!;
    // write pending: destage pressure from 30 %, host writes throttled from 50 %, all host I/O delayed from 70 %
    const writeWait = (w > 30 ? 0.02 * ipow((w - 30) / 10, 2) : 0) + (w > 50 ? (0.4 * (w - 50)) / 20 : 0);
    const allWait = w > 70 ? (1.5 * (w - 70)) / 30 : 0;
    const hit = hitV[v]!;
    // milliseconds
    const connMs = (0.035 + 0.0062 * vol.transferKb) * (1 + 0.4 * chan);
    const discMs = vol.readFrac * (1 - hit) * 0.45 * (1 + queueing(f.mpbUtil[vol.mpb]! / 100)) + (1 - vol.readFrac) * writeWait + allWait + 0.004;
    const exposures = 1 + vol.aliases * (1 - fx.serialize[v]!);
    const rhoDev = Math.min(0.97, (rate * (discMs + connMs)) / 1000 / exposures);
    // PEND: channel and port queueing, plus device-busy delay when the volume's exposures are busy
    const pendMs = 0.022 + 0.03 * queueing(chan) + 0.02 * queueing(port) + 0.05 * queueing(rhoDev) * ipow(rhoDev, Math.round(exposures) - 1);
    const iosqMs = ((pendMs + discMs + connMs) * ipow(rhoDev, Math.round(exposures) + 1)) / (1 - rhoDev);
    const iosq = iosqMs < 1e-9 ? 0 : iosqMs / 1000; // below a picosecond: none, as RMF shows it
    const pend = pendMs / 1000;
    const disc = discMs / 1000;
    const conn = connMs / 1000;
    f.rIosq[v] = iosq;
    f.rPend[v] = pend;
    f.rDisc[v] = disc;
    f.rConn[v] = conn;
    f.rTotal[v] = iosq + pend + disc + conn;
    f.vUtil[v] = 100 * rhoDev;
    const usedFrac = Math.min(0.98, vol.usedBase + vol.usedSwing * (vol.scratch ? scratchFill : 0) + 0.01 * valueNoise(vol.key + 2, mid, 6 * HOUR));
    f.vCap[v] = vol.capacityBytes;
    f.vUsed[v] = Math.round(vol.capacityBytes * Math.max(0, usedFrac));
  }

  // ---------- each system's view of volumes and LDEVs; its I/O response histograms ----------
  const avgRespMs = new Float64Array(L);
  const iow = histWidth(IO_BUCKETS);
  const typeN = new Float64Array(T);
  const typeS = new Float64Array(T);
  for (let l = 0; l < L; l++) {
    typeN.fill(0);
    typeS.fill(0);
    let s = 0;
    let n = 0;
    for (let v = 0; v < V; v++) {
      const i = l * V + v;
      const r = rateLV[i]!;
      const rate = f.vRate[v]!;
      const share = rate > 0 ? r / rate : 0;
      const reads = f.vRead[v]!;
      // back-end (LDEV) busy: read misses staged from the drives, writes destaged
      const ldevBusy = 100 * softcap(((reads * (1 - hitV[v]!) * 0.35 + (rate - reads) * 0.12) / 1000) / 2, 0.9);
      f.lvUtil[i] = f.vUtil[v]! * share;
      f.lvLdev[i] = ldevBusy * share;
      const t = k.typeOf[v]!;
      typeN[t] = typeN[t]! + r;
      typeS[t] = typeS[t]! + r * f.rTotal[v]!;
      s += r * f.rTotal[v]!;
      n += r;
    }
    avgRespMs[l] = n > 0 ? (1000 * s) / n : 0.25;
    for (let t = 0; t < T; t++) {
      const mean = typeN[t]! > 0 ? typeS[t]! / typeN[t]! : 0.0003;
      histogram(f.ioHist, (l * T + t) * iow, IO_BUCKETS, typeN[t]! * intervalSec, mean, 0.8, typeS[t]! * intervalSec);
    }
  }

  // ---------- WLM ----------
  for (let l = 0; l < L; l++) {
    const lp = lpars[l]!;
    const c = gpBusy[l]!;
    // CPU contention seen by the work; WLM shields important work, so it saturates rather than explodes
    const contention = Math.min(12, (c * c) / (1.02 - c) + 3 * unmet[l]!);
    const classes = lp.classes;
    let tpsAll = 0;
    let tpsDdf = 0;
    for (let j = 0; j < classes.length; j++) {
      const s = topo.serviceClasses[classes[j]!.sc]!;
      const i = k.lcOffset[l]! + j;
      const cp = classCp[i]!;
      const rCpu = IMPORTANCE_SENSITIVITY[s.importance - 1]! * contention * (1 + 0.15 * valueNoise(s.key + l, mid, 10 * MIN));
      const rIo = s.ioSensitivity * 0.08 * (avgRespMs[l]! / 0.25);
      const rStor = (f.pageIn[l]! / 50) * (s.importance >= 3 ? 1 : 0.3);
      const r = rCpu + rIo + rStor;
      const active = 92 + 4 * valueNoise(s.key + 50 + l, mid, 30 * MIN);
      const using = active / (1 + r);
      const velocity = 100 / (1 + r);
      const tps = cp / s.cpuPerTxn;
      const service = s.goalKind === 'responseTime' ? s.goalValue * s.rtBase : s.cpuPerTxn * 2.5;
      const residence = service * (1 + r);
      const depth = tps * (residence - service);
      f.pi[i] = s.goalKind === 'velocity' ? s.goalValue / velocity : residence / s.goalValue;
      f.velocity[i] = velocity;
      f.using[i] = using;
      f.delayCpu[i] = using * rCpu;
      f.delayIo[i] = using * rIo;
      f.delayStor[i] = using * rStor;
      f.tps[i] = tps;
      f.rt[i] = s.goalKind === 'responseTime' ? residence : 0;
      f.depth[i] = depth;
      const q = QUEUE_INDEX[s.subsystem];
      if (q !== undefined) {
        f.qRate[l * NQ + q] = f.qRate[l * NQ + q]! + tps;
        f.qDepth[l * NQ + q] = f.qDepth[l * NQ + q]! + depth;
      }
      tpsAll += tps;
      if (s.subsystem === 'DB2') tpsDdf += tps;
    }
    // network ports: OSA carries the online transactions, HiperSockets the DB2 distributed traffic
    const osa = lp.osa.length;
    const hs = lp.hipersockets.length;
    for (let o = 0; o < osa; o++) {
      const mb = ((tpsAll * 3.2) / 1024 / osa) * (1 + 0.05 * valueNoise(lp.key + 200 + o, mid, 10 * MIN)) + 0.05;
      f.netMB[l * NN + o] = mb;
      f.netUtil[l * NN + o] = 100 * softcap(mb / 1250, 0.9);
    }
    for (let h = 0; h < hs; h++) {
      const mb = ((tpsDdf * 12) / 1024 / hs) * (1 + 0.05 * valueNoise(lp.key + 300 + h, mid, 10 * MIN)) + 0.02;
      f.netMB[l * NN + osa + h] = mb;
      f.netUtil[l * NN + osa + h] = 100 * softcap(mb / 4000, 0.9);
    }
  }

  // ---------- coupling facilities ----------
  const cfw = histWidth(CF_BUCKETS);
  let linkBase = 0;
  for (let x = 0; x < topo.cfs.length; x++) {
    const cf = topo.cfs[x]!;
    let total = 0;
    const reqs = new Float64Array(L);
    for (let l = 0; l < L; l++) {
      reqs[l] = (cf.requestsPerBusyCp * work[l]! * (1 + 0.05 * valueNoise(cf.key + l, mid, 5 * MIN))) / topo.cfs.length;
      total += reqs[l]!;
    }
    const u = softcap(0.02 + (total * 9) / 1e6 / cf.processors, 0.9);
    const conv = 0.05 + 0.6 * ipow(clamp((u - 0.4) / 0.5, 0, 1), 2); // sync requests converted to async under load
    const syncSvc = 7 * (1 + 0.8 * queueing(u));
    const asyncSvc = 70 * (1 + 1.5 * queueing(u));
    f.cfUtil[x] = 100 * u;
    const links = cf.links.length;
    for (let l = 0; l < L; l++) {
      const sync = reqs[l]! * 0.85 * (1 - conv);
      const async = reqs[l]! - sync;
      f.cfSync[x * L + l] = sync;
      f.cfAsync[x * L + l] = async;
      f.cfSyncSvc[x * L + l] = syncSvc / 1e6;
      f.cfAsyncSvc[x * L + l] = asyncSvc / 1e6;
      let lw = 0;
      for (let n = 0; n < links; n++) {
        const w = 1 + 0.05 * valueNoise(cf.key + 1000 + l * 64 + n, mid, 15 * MIN);
        f.linkSync[l * NL + linkBase + n] = w;
        lw += w;
      }
      for (let n = 0; n < links; n++) {
        const i = l * NL + linkBase + n;
        const share = f.linkSync[i]! / lw;
        const s = sync * share;
        const a = async * share;
        f.linkSync[i] = s;
        f.linkAsync[i] = a;
        const at = i * cfw;
        const nObs = (s + a) * intervalSec;
        const count = Math.round(nObs);
        for (let b = 0; b < CF_BUCKETS.length; b++) {
          const bound = CF_BUCKETS[b]!;
          f.linkHist[at + b] = Math.min(count, Math.round(intervalSec * (s * lognormalCdf(bound, syncSvc, 0.45) + a * lognormalCdf(bound, asyncSvc, 0.6))));
        }
        f.linkHist[at + CF_BUCKETS.length] = count;
        f.linkHist[at + CF_BUCKETS.length + 1] = intervalSec * (s * syncSvc + a * asyncSvc);
      }
    }
    linkBase += links;
  }
}
