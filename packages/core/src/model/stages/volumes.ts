/**
 * Volume response time components (IOSQ, PEND, DISC, CONN), device busy and space; each system's view of them.
 * RMF averages over the interval's I/Os, so the components carry sampling noise that grows as the I/O count falls;
 * a volume without I/O in the interval shows zeros.
 */
import { builtinProfiles, profileLevel } from '../../patterns.js';
import { ipow, valueNoise } from '../../noise.js';
import { getField } from '../../catalog/index.js';
import type { Ctx } from './context.js';
import { allWaitMs, writeWaitMs } from './pressure.js';
import { histogram, HOUR, normal, queueing, softcap } from './shared.js';

const IO_BUCKETS = getField('ioResponse', 'histogram')!.buckets!;

/** Sampling noise of an average over `n` observations with coefficient of variation `cv`: a factor around 1. */
function sampled(cv: number, n: number, z: number): number {
  const f = 1 + (cv * z) / Math.sqrt(n);
  return f < 0.2 ? 0.2 : f;
}

export function responseStage(c: Ctx): void {
  const { topo, k, fx, s, mid, counter } = c;
  const { L, V } = k;
  const vols = topo.volumes;
  const vol = c.f.volume;
  const rt = vol.responseTime;
  const rateLV = c.f.lparVolume.ioRate;
  const wp = c.f.clpr.writePendingPercent;
  const mpbUtil = c.f.mpb.utilizationPercent;
  // scratch (WORK/TEMP) space fills during the batch window
  const scratchFill = profileLevel(builtinProfiles.batch, s.hour);
  for (let v = 0; v < V; v++) {
    const vo = vols[v]!;
    const usedFrac = Math.min(0.98, vo.usedBase + vo.usedSwing * (vo.scratch ? scratchFill : 0) + 0.01 * valueNoise(vo.key + 2, mid, 6 * HOUR));
    vol.capacityBytes[v] = vo.capacityBytes;
    vol.usedBytes[v] = Math.round(vo.capacityBytes * Math.max(0, usedFrac));
    const n = s.ioCount[v]!;
    vol.pavExposures[v] = 1; // the base alone
    if (n === 0) continue; // no I/O: every component and the busy are 0 (the frame was cleared)
    const rate = vol.ioRate[v]!;
    let chan = 0;
    let port = 0;
    for (let l = 0; l < L; l++) {
      const share = rateLV[l * V + v]! / rate;
      chan += share * s.chanBusy[l]!;
      port += share * s.portBusy[l]!;
    }
    const w = wp[vo.clpr]!;
    const hit = s.hit[v]!;
    const readFrac = vol.readRate[v]! / rate;
    // milliseconds
    const connMs = (0.035 + 0.0062 * s.kb[v]!) * (1 + 0.4 * chan) * sampled(0.25, n, normal(vo.key + 40, counter));
    const discMs = (readFrac * (1 - hit) * 0.45 * (1 + queueing(mpbUtil[vo.mpb]! / 100)) + (1 - readFrac) * writeWaitMs(w) + allWaitMs(w) + 0.004) * sampled(1.2, n, normal(vo.key + 41, counter));
    const exposures = 1 + vo.aliases * (1 - fx.serialize[v]!);
    const rhoDev = Math.min(0.97, (rate * (discMs + connMs)) / 1000 / exposures);
    // PEND: the control unit's command response (CMR: its base and the host-port queueing), channel queueing, and
    // device busy when every exposure of the volume is busy
    const pendNoise = sampled(0.3, n, normal(vo.key + 42, counter));
    const cmrMs = (0.022 + 0.02 * queueing(port)) * pendNoise;
    const deviceBusyMs = 0.05 * queueing(rhoDev) * ipow(rhoDev, Math.round(exposures) - 1) * pendNoise;
    const pendMs = cmrMs + 0.03 * queueing(chan) * pendNoise + deviceBusyMs;
    const iosqMs = ((pendMs + discMs + connMs) * ipow(rhoDev, Math.round(exposures) + 1)) / (1 - rhoDev);
    const iosq = iosqMs < 1e-9 ? 0 : iosqMs / 1000; // below a picosecond: none, as RMF shows it
    const pend = pendMs / 1000;
    const disc = discMs / 1000;
    const conn = connMs / 1000;
    rt.iosq[v] = iosq;
    rt.pend[v] = pend;
    rt.disc[v] = disc;
    rt.conn[v] = conn;
    rt.total[v] = iosq + pend + disc + conn;
    rt.pendCmr[v] = cmrMs / 1000;
    rt.pendDeviceBusy[v] = deviceBusyMs / 1000;
    vol.utilizationPercent[v] = 100 * rhoDev;
    // PAV: the exposures busy while any is (I/Os in flight over M/M/∞, given at least one), at most base + aliases
    const inFlight = (rate * (pendMs + discMs + connMs)) / 1000;
    vol.pavExposures[v] = Math.min(1 + vo.aliases, inFlight > 1e-9 ? inFlight / -Math.expm1(-inFlight) : 1);
  }
}

/**
 * Each system's view of the volumes and LDEVs, its I/O response histograms by device type, and the operations open
 * on its channel paths (each path's rate × the time an I/O holds it: pending, disconnect and connect).
 */
export function systemViewStage(c: Ctx): void {
  const { k, s } = c;
  const { L, V, T, paths } = k;
  const ch = c.f.channel;
  const vol = c.f.volume;
  const lv = c.f.lparVolume;
  const hist = c.f.ioResponse.histogram;
  const iow = IO_BUCKETS.length + 2;
  const intervalSec = c.intervalMs / 1000;
  for (let l = 0; l < L; l++) {
    s.typeN.fill(0);
    s.typeS.fill(0);
    let sum = 0;
    let open = 0;
    let n = 0;
    for (let v = 0; v < V; v++) {
      const i = l * V + v;
      const r = lv.ioRate[i]!;
      if (r === 0) continue;
      const rate = vol.ioRate[v]!;
      const share = r / rate;
      const reads = vol.readRate[v]!;
      // back-end (LDEV) busy: read misses staged from the drives, writes destaged
      const ldevBusy = 100 * softcap(((reads * (1 - s.hit[v]!) * 0.35 + (rate - reads) * 0.12) / 1000) / 2, 0.9);
      lv.utilizationPercent[i] = vol.utilizationPercent[v]! * share;
      lv.ldevUtilizationPercent[i] = ldevBusy * share;
      const t = k.typeOf[v]!;
      s.typeN[t] = s.typeN[t]! + r;
      s.typeS[t] = s.typeS[t]! + r * vol.responseTime.total[v]!;
      sum += r * vol.responseTime.total[v]!;
      open += r * (vol.responseTime.total[v]! - vol.responseTime.iosq[v]!);
      n += r;
    }
    s.avgRespMs[l] = n > 0 ? (1000 * sum) / n : 0.25;
    const openSeconds = n > 0 ? open / n : 0;
    for (let p = l * paths; p < (l + 1) * paths; p++) {
      ch.zhpfActive[p] = ch.zhpfRate[p]! * openSeconds;
      ch.ficonActive[p] = (ch.ioRate[p]! - ch.zhpfRate[p]!) * openSeconds;
    }
    for (let t = 0; t < T; t++) {
      const mean = s.typeN[t]! > 0 ? s.typeS[t]! / s.typeN[t]! : 0.0003;
      histogram(hist, (l * T + t) * iow, IO_BUCKETS, s.typeN[t]! * intervalSec, mean, 0.8, s.typeS[t]! * intervalSec);
    }
  }
}
