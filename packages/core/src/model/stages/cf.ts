/**
 * Coupling facilities, structure by structure: each system's requests (from its executed work) spread over the
 * structures by the work each serves (CICS, IMS, DB2, batch, …) and their weights; each structure's storage in use;
 * the CF processor time they cost (the CF's utilization is their sum); sync and async service times from the link
 * type, the distance, the CF's load and a structure's own trouble (a full structure); sync requests z/OS converts to
 * async when their service time would be too long; subchannel busy, requests changed to async and delayed for lack of
 * a subchannel (Erlang C over the system's subchannels); the CF, system and link views as sums over the structures.
 */
import { getField } from '../../catalog/index.js';
import { hashUnit, lognormalCdf, valueNoise } from '../../noise.js';
import type { CTopology } from '../compile.js';
import { CF_SUBSYSTEMS, LINK_TYPES, US_PER_KM } from '../cfs.js';
import type { Ctx } from './context.js';
import { clamp, HOUR, MIN, queueing, smoothstep, softcap } from './shared.js';

const CF_BUCKETS = getField('cfLink', 'serviceTime')!.buckets!;
const NB = CF_BUCKETS.length;
const NK = CF_SUBSYSTEMS.length;
/** Sync service time (µs) above which z/OS converts sync requests to async (its heuristic, roughly). */
const CONVERT_US = 26;
/** Share of a request's subchannel time its path spends transferring (path busy). */
const PATH_SHARE = 0.3;
/** Utilized share above which a structure is in trouble (entries run short: redrives, reclaims, longer requests). */
const FULL_AT = 0.9;
/** Average time (s) a written page of a cache structure stays changed before it is cast out. */
const CASTOUT_S = 90;

/** Static per-topology arrays of the stage: the subsystem of each service class member. */
const classBits = new WeakMap<CTopology, Int32Array>();
function subsystemOf(topo: CTopology): Int32Array {
  let a = classBits.get(topo);
  if (!a) {
    a = Int32Array.from(topo.lpars.flatMap((l) => l.classes.map((c) => CF_SUBSYSTEMS.indexOf(topo.serviceClasses[c.sc]!.subsystem as (typeof CF_SUBSYSTEMS)[number]))));
    classBits.set(topo, a);
  }
  return a;
}

// scratch (the stage runs synchronously; grown to the largest topology seen)
let subWork = new Float64Array(0);
let want = new Float64Array(0);
let syncSvc = new Float64Array(0);
let asyncSvc = new Float64Array(0);
let pressure = new Float64Array(0);
const syncCdf = new Float64Array(NB);
const asyncCdf = new Float64Array(NB);
function grow(L: number, S: number): void {
  if (subWork.length < L * NK) subWork = new Float64Array(L * NK);
  if (want.length < S * L) {
    want = new Float64Array(S * L);
    syncSvc = new Float64Array(S * L);
    asyncSvc = new Float64Array(S * L);
  }
  if (pressure.length < S) pressure = new Float64Array(S);
}

/**
 * Probability that a request waits with `m` servers offered `a` Erlangs (Erlang C); 1 at or above saturation.
 * Erlang B by its recursion, then C from B.
 */
export function erlangC(m: number, a: number): number {
  if (a <= 0) return 0;
  if (a >= m) return 1;
  let b = 1;
  for (let k = 1; k <= m; k++) {
    b = (a * b) / (k + a * b);
    if (b < 1e-12) return 0;
  }
  return (m * b) / (m - a * (1 - b));
}

export function cfStage(c: Ctx): void {
  const { topo, k, s, mid } = c;
  const { L } = k;
  const intervalSec = c.intervalMs / 1000;
  const cfw = NB + 2;
  const f = c.f;
  const cs = f.cfSystem;
  const st = f.cfStructure;
  const ss = f.cfStructureSystem;
  const xcf = f.lpar.xcf;
  const full = c.fx.cfFull;
  const S = topo.structures.length;
  grow(L, S);
  // the work of each LPAR by subsystem (its mix: the demand; the volume of requests follows the executed work)
  const sub = subsystemOf(topo);
  subWork.fill(0);
  for (let l = 0; l < L; l++) {
    for (let m = k.lcOffset[l]!, end = k.lcOffset[l + 1]!; m < end; m++) {
      const kk = sub[m]!;
      if (kk >= 0) subWork[l * NK + kk] = subWork[l * NK + kk]! + s.classDemand[m]!;
    }
  }
  let linkBase = 0;
  for (let x = 0; x < topo.cfs.length; x++) {
    const cf = topo.cfs[x]!;
    const s0 = cf.first;
    const s1 = s0 + cf.count;
    const reqs = s.cfReqs;
    for (let l = 0; l < L; l++) reqs[l] = (cf.requestsPerBusyCp * s.executed[l]! * (1 + 0.05 * valueNoise(cf.key + l, mid, 5 * MIN))) / topo.cfs.length;
    // each structure's storage in use, and the trouble a nearly full one is in
    for (let j = s0; j < s1; j++) {
      const str = topo.structures[j]!;
      let fill = str.cycleMs > 0 ? str.fill + str.swing * ((mid + hashUnit(str.key, 1) * str.cycleMs) % str.cycleMs) / str.cycleMs : str.fill * (1 + str.swing * valueNoise(str.key + 7, mid, 2 * HOUR));
      // in normal running a structure stays below its full threshold (policies size them so)
      fill = clamp(fill, 0.001, FULL_AT);
      const a = full[j]!;
      if (a > 0) fill += (0.998 - fill) * clamp(a, 0, 1);
      st.utilizedPercent[j] = 100 * fill;
      st.sizeBytes[j] = str.sizeBytes;
      pressure[j] = smoothstep((fill - FULL_AT) / (0.995 - FULL_AT));
    }
    // requests of each system to each structure: its CF requests shared by the weights of the structures whose work it runs
    let busyUs = 0;
    for (let l = 0; l < L; l++) {
      let tot = 0;
      for (let kk = 0; kk < NK; kk++) tot += subWork[l * NK + kk]!;
      let wsum = 0;
      for (let j = s0; j < s1; j++) {
        const str = topo.structures[j]!;
        let share = 1;
        if (str.drivers !== (1 << NK) - 1) {
          let w = 0;
          for (let kk = 0; kk < NK; kk++) if (str.drivers & (1 << kk)) w += subWork[l * NK + kk]!;
          share = tot > 0 ? w / tot : 0;
        }
        want[j * L + l] = str.weight * share;
        wsum += str.weight * share;
      }
      for (let j = s0; j < s1; j++) {
        const str = topo.structures[j]!;
        const i = j * L + l;
        // a full structure's requests are redriven (list full, castout and reclaim work)
        want[i] = wsum > 0 ? ((reqs[l]! * want[i]!) / wsum) * (1 + 0.1 * valueNoise(str.key + 11 + l, mid, 10 * MIN)) * (1 + 0.8 * pressure[j]!) : 0;
        busyUs += want[i]! * str.costUs * (1 + 2 * pressure[j]!);
      }
    }
    // CF processors: the structures' time over the processors (a shared CF gets what PR/SM dispatches)
    const raw = busyUs / (cf.processors * 1e6);
    const u = softcap(raw, 0.9);
    const scale = raw > 0 ? u / raw : 0;
    f.cf.processorUtilizationPercent[x] = 100 * u;
    f.cf.effectiveProcessors[x] = cf.dedicated ? cf.processors : cf.processors * clamp(0.05 + 1.3 * u, 0.05, 1);
    f.cf.storage.sizeBytes[x] = cf.storageBytes;
    f.cf.storage.availableBytes[x] = Math.max(0, cf.storageBytes - cf.allocatedBytes);
    f.cf.storage.utilizedPercent[x] = Math.min(100, (100 * cf.allocatedBytes) / cf.storageBytes);
    const lt = LINK_TYPES[cf.linkType];
    const flight = lt.addUs + US_PER_KM * cf.distanceKm;
    // a shared CF's requests wait for it to be dispatched, the more the idler it is (dynamic dispatching)
    const sharedUs = cf.dedicated ? 0 : 8 * (1 - u);
    const subchannels = cf.linksPerLpar * cf.subchannels;
    let cfRate = 0;
    for (let j = s0; j < s1; j++) {
      st.requestRate[j] = 0;
      st.syncRate[j] = 0;
      st.asyncRate[j] = 0;
    }
    for (let l = 0; l < L; l++) {
      const ci = x * L + l;
      // service times, and the subchannel time they hold (before changes for busy subchannels)
      let erl = 0;
      for (let j = s0; j < s1; j++) {
        const str = topo.structures[j]!;
        const i = j * L + l;
        const trouble = 1 + 5 * pressure[j]!;
        syncSvc[i] = ((str.syncUs + flight) * (1 + 0.8 * queueing(u)) * trouble + sharedUs) * (1 + 0.04 * valueNoise(str.key + 100 + l, mid, 15 * MIN));
        asyncSvc[i] = (3 * str.syncUs + 12 + flight) * (1 + 1.5 * queueing(u)) * trouble * (1 + 0.06 * valueNoise(str.key + 200 + l, mid, 15 * MIN));
        const sy = want[i]! * (1 - str.asyncShare);
        erl += (sy * syncSvc[i]! + (want[i]! - sy) * asyncSvc[i]!) / 1e6;
      }
      const wait = erlangC(subchannels, erl);
      cs.subchannelBusyPercent[ci] = 100 * Math.min(1, erl / subchannels);
      cs.subchannelDelayPercent[ci] = 100 * wait;
      cs.pathDelayPercent[ci] = 100 * erlangC(cf.linksPerLpar, PATH_SHARE * erl);
      let sync = 0;
      let async = 0;
      let conv = 0;
      let changed = 0;
      let syncUs = 0;
      let asyncUs = 0;
      for (let j = s0; j < s1; j++) {
        const str = topo.structures[j]!;
        const i = j * L + l;
        const si = j * L + l; // the cfStructureSystem member of (structure j, system l)
        const r = want[i]!;
        const wantSync = r * (1 - str.asyncShare);
        const cv = wantSync * 0.97 * smoothstep((syncSvc[i]! - 0.6 * CONVERT_US) / (0.8 * CONVERT_US));
        // sync requests that find every subchannel busy are changed to async (lock requests wait instead)
        const ch = str.type === 'lock' ? 0 : (wantSync - cv) * wait;
        const sy = wantSync - cv - ch;
        const as = r - sy;
        ss.syncRate[si] = sy;
        ss.asyncRate[si] = as;
        ss.convertedRate[si] = cv;
        ss.syncServiceSeconds[si] = syncSvc[i]! / 1e6;
        // converted requests run async, at the async service time, plus the wait of delayed ones for a subchannel
        const asUs = asyncSvc[i]! * (1 + wait);
        ss.asyncServiceSeconds[si] = asUs / 1e6;
        ss.changedPercent[si] = as > 0 ? (100 * ch) / as : 0;
        ss.delayedPercent[si] = as > 0 ? 100 * wait : 0;
        st.syncRate[j] = st.syncRate[j]! + sy;
        st.asyncRate[j] = st.asyncRate[j]! + as;
        // an XCF signal is a write by its sender and a read by its receiver; the traffic is request and reply, so each
        // system's requests to the signalling structures are half messages sent, half received
        if (str.use === 'xcf') {
          xcf.sentRate[l] = xcf.sentRate[l]! + r / 2;
          xcf.receivedRate[l] = xcf.receivedRate[l]! + r / 2;
        }
        sync += sy;
        async += as;
        conv += cv;
        changed += ch;
        syncUs += sy * syncSvc[i]!;
        asyncUs += as * asUs;
      }
      cs.syncRate[ci] = sync;
      cs.asyncRate[ci] = async;
      cs.convertedRate[ci] = conv;
      cs.changedPercent[ci] = async > 0 ? (100 * changed) / async : 0;
      cs.delayedPercent[ci] = async > 0 ? 100 * wait : 0;
      const avgSync = sync > 0 ? syncUs / sync : syncSvcIdle(topo, cf.first, flight, u, sharedUs);
      const avgAsync = async > 0 ? asyncUs / async : 3 * avgSync + 12;
      cs.syncServiceSeconds[ci] = avgSync / 1e6;
      cs.asyncServiceSeconds[ci] = avgAsync / 1e6;
      linkStage(c, cf.key, l, linkBase, cf.linksPerLpar, sync, async, avgSync, avgAsync, intervalSec, cfw);
    }
    // the structures' totals, CPU shares, and their own counters
    for (let j = s0; j < s1; j++) {
      const str = topo.structures[j]!;
      const r = st.syncRate[j]! + st.asyncRate[j]!;
      st.requestRate[j] = r;
      cfRate += r;
      let us = 0;
      for (let l = 0; l < L; l++) us += want[j * L + l]!;
      st.processorUtilizationPercent[j] = (100 * scale * us * str.costUs * (1 + 2 * pressure[j]!)) / (cf.processors * 1e6);
      const p = pressure[j]!;
      if (str.type === 'lock') {
        const cont = clamp(0.3 + 0.5 * Math.log1p(r / 500) + 0.15 * valueNoise(str.key + 300, mid, 20 * MIN), 0.05, 60);
        st.contentionPercent[j] = cont;
        st.falseContentionPercent[j] = cont * clamp(2_097_152 / Math.max(1, str.lockEntries), 0.02, 0.5);
      } else if (str.type === 'cache') {
        const fill = st.utilizedPercent[j]! / 100;
        st.readRate[j] = 0.45 * r;
        st.writeRate[j] = 0.35 * r;
        st.castoutRate[j] = 0.35 * r * (0.5 + 0.5 * p);
        st.crossInvalidateRate[j] = L > 1 ? (0.35 * r * 0.6 * (L - 1)) / L : 0;
        st.directoryReclaimRate[j] = r * (0.002 * smoothstep((fill - 0.75) / 0.25) + 0.2 * p);
        // a store-in cache (DB2's group buffer pools) keeps changed pages until castout: the writes of the last castout
        // cycle (Little: rate × time a page stays changed, 60–120 s, longer for a full structure whose castout falls
        // behind), at most half the directory entries in use (castout thresholds keep the rest unchanged); a page is
        // one 4 KiB element. IMS's OSAM/VSAM and RACF's caches are store-through (written to DASD first): none changed.
        const inUse = str.dirEntries * fill;
        const stay = CASTOUT_S * (1 + 0.33 * valueNoise(str.key + 400, mid, 30 * MIN)) * (1 + p);
        const changed = str.use === 'db2Gbp' ? Math.floor(Math.min(0.5 * inUse, st.writeRate[j]! * stay)) : 0;
        st.changedEntries[j] = changed;
        st.changedElements[j] = Math.min(changed, Math.floor(str.dataElements * fill));
      }
    }
    f.cf.requestRate[x] = cfRate;
    linkBase += cf.linksPerLpar;
  }
}

/** Sync service time of a system with no sync requests (the CF's first structure's, idle), µs. */
function syncSvcIdle(topo: CTopology, first: number, flight: number, u: number, sharedUs: number): number {
  const str = topo.structures[first];
  return str ? (str.syncUs + flight) * (1 + 0.8 * queueing(u)) + sharedUs : flight;
}

/** Spreads a system's sync and async requests to one CF over its links, with their service-time histograms. */
function linkStage(c: Ctx, cfKey: number, l: number, linkBase: number, links: number, sync: number, async: number, syncUs: number, asyncUs: number, intervalSec: number, cfw: number): void {
  const { NL } = c.k;
  const mid = c.mid;
  const link = c.f.cfLink;
  for (let b = 0; b < NB; b++) {
    syncCdf[b] = lognormalCdf(CF_BUCKETS[b]!, syncUs, 0.45);
    asyncCdf[b] = lognormalCdf(CF_BUCKETS[b]!, asyncUs, 0.6);
  }
  let lw = 0;
  for (let n = 0; n < links; n++) {
    const w = 1 + 0.05 * valueNoise(cfKey + 1000 + l * 64 + n, mid, 15 * MIN);
    link.syncRate[l * NL + linkBase + n] = w;
    lw += w;
  }
  for (let n = 0; n < links; n++) {
    const i = l * NL + linkBase + n;
    const share = link.syncRate[i]! / lw;
    const sy = sync * share;
    const as = async * share;
    link.syncRate[i] = sy;
    link.asyncRate[i] = as;
    const at = i * cfw;
    const count = Math.round((sy + as) * intervalSec);
    const h = link.serviceTime;
    for (let b = 0; b < NB; b++) h[at + b] = Math.min(count, Math.round(intervalSec * (sy * syncCdf[b]! + as * asyncCdf[b]!)));
    h[at + NB] = count;
    h[at + NB + 1] = intervalSec * (sy * syncUs + as * asyncUs);
  }
}
