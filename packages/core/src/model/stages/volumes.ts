/** Volume response time components (IOSQ, PEND, DISC, CONN), device busy and space; each system's view of them. */
import { builtinProfiles, profileLevel } from '../../patterns.js';
import { ipow, valueNoise } from '../../noise.js';
import { getField } from '../../catalog/index.js';
import type { Ctx } from './context.js';
import { histogram, HOUR, queueing, softcap } from './shared.js';

const IO_BUCKETS = getField('ioResponse', 'histogram')!.buckets!;

export function responseStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
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
    const rate = vol.ioRate[v]!;
    let chan = 0;
    let port = 0;
    for (let l = 0; l < L; l++) {
      const share = rate > 0 ? rateLV[l * V + v]! / rate : 1 / L;
      chan += share * s.chanBusy[l]!;
      port += share * s.portBusy[l]!;
    }
    const w = wp[vo.clpr]!;
    // write pending: destage pressure from 30 %, host writes throttled from 50 %, all host I/O delayed from 70 %
    const writeWait = (w > 30 ? 0.02 * ipow((w - 30) / 10, 2) : 0) + (w > 50 ? (0.4 * (w - 50)) / 20 : 0);
    const allWait = w > 70 ? (1.5 * (w - 70)) / 30 : 0;
    const hit = s.hit[v]!;
    // milliseconds
    const connMs = (0.035 + 0.0062 * vo.transferKb) * (1 + 0.4 * chan);
    const discMs = vo.readFrac * (1 - hit) * 0.45 * (1 + queueing(mpbUtil[vo.mpb]! / 100)) + (1 - vo.readFrac) * writeWait + allWait + 0.004;
    const exposures = 1 + vo.aliases * (1 - fx.serialize[v]!);
    const rhoDev = Math.min(0.97, (rate * (discMs + connMs)) / 1000 / exposures);
    // PEND: channel and port queueing, plus device-busy delay when the volume's exposures are busy
    const pendMs = 0.022 + 0.03 * queueing(chan) + 0.02 * queueing(port) + 0.05 * queueing(rhoDev) * ipow(rhoDev, Math.round(exposures) - 1);
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
    vol.utilizationPercent[v] = 100 * rhoDev;
    const usedFrac = Math.min(0.98, vo.usedBase + vo.usedSwing * (vo.scratch ? scratchFill : 0) + 0.01 * valueNoise(vo.key + 2, mid, 6 * HOUR));
    vol.capacityBytes[v] = vo.capacityBytes;
    vol.usedBytes[v] = Math.round(vo.capacityBytes * Math.max(0, usedFrac));
  }
}

/** Each system's view of the volumes and LDEVs, and its I/O response histograms by device type. */
export function systemViewStage(c: Ctx): void {
  const { k, s } = c;
  const { L, V, T } = k;
  const vol = c.f.volume;
  const lv = c.f.lparVolume;
  const hist = c.f.ioResponse.histogram;
  const iow = IO_BUCKETS.length + 2;
  const intervalSec = c.intervalMs / 1000;
  for (let l = 0; l < L; l++) {
    s.typeN.fill(0);
    s.typeS.fill(0);
    let sum = 0;
    let n = 0;
    for (let v = 0; v < V; v++) {
      const i = l * V + v;
      const r = lv.ioRate[i]!;
      const rate = vol.ioRate[v]!;
      const share = rate > 0 ? r / rate : 0;
      const reads = vol.readRate[v]!;
      // back-end (LDEV) busy: read misses staged from the drives, writes destaged
      const ldevBusy = 100 * softcap(((reads * (1 - s.hit[v]!) * 0.35 + (rate - reads) * 0.12) / 1000) / 2, 0.9);
      lv.utilizationPercent[i] = vol.utilizationPercent[v]! * share;
      lv.ldevUtilizationPercent[i] = ldevBusy * share;
      const t = k.typeOf[v]!;
      s.typeN[t] = s.typeN[t]! + r;
      s.typeS[t] = s.typeS[t]! + r * vol.responseTime.total[v]!;
      sum += r * vol.responseTime.total[v]!;
      n += r;
    }
    s.avgRespMs[l] = n > 0 ? (1000 * sum) / n : 0.25;
    for (let t = 0; t < T; t++) {
      const mean = s.typeN[t]! > 0 ? s.typeS[t]! / s.typeN[t]! : 0.0003;
      histogram(hist, (l * T + t) * iow, IO_BUCKETS, s.typeN[t]! * intervalSec, mean, 0.8, s.typeS[t]! * intervalSec);
    }
  }
}
