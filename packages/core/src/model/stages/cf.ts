/**
 * Coupling facilities: requests from each system's executed work, the async share of each system (distance, link
 * type, structure mix: its own, drifting), sync requests converted to async under load, service times, CF busy,
 * and the per-link histograms.
 */
import { getField } from '../../catalog/index.js';
import { hashUnit, ipow, lognormalCdf, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { clamp, HOUR, MIN, queueing, softcap } from './shared.js';

const CF_BUCKETS = getField('cfLink', 'serviceTime')!.buckets!;
const NB = CF_BUCKETS.length;
// CDF of the sync and async service-time distributions at each bucket bound (the same for every link of a CF)
const syncCdf = new Float64Array(NB);
const asyncCdf = new Float64Array(NB);

export function cfStage(c: Ctx): void {
  const { topo, k, s, mid } = c;
  const { L, NL } = k;
  const intervalSec = c.intervalMs / 1000;
  const cfw = NB + 2;
  const cfs = c.f.cfSystem;
  const link = c.f.cfLink;
  let linkBase = 0;
  for (let x = 0; x < topo.cfs.length; x++) {
    const cf = topo.cfs[x]!;
    let total = 0;
    const reqs = s.cfReqs;
    for (let l = 0; l < L; l++) {
      reqs[l] = (cf.requestsPerBusyCp * s.executed[l]! * (1 + 0.05 * valueNoise(cf.key + l, mid, 5 * MIN))) / topo.cfs.length;
      total += reqs[l]!;
    }
    const u = softcap(0.02 + (total * 9) / 1e6 / cf.processors, 0.9);
    const conv = 0.6 * ipow(clamp((u - 0.4) / 0.5, 0, 1), 2); // sync requests converted to async under load
    const syncSvc = 7 * (1 + 0.8 * queueing(u));
    const asyncSvc = 70 * (1 + 1.5 * queueing(u));
    for (let b = 0; b < NB; b++) {
      syncCdf[b] = lognormalCdf(CF_BUCKETS[b]!, syncSvc, 0.45);
      asyncCdf[b] = lognormalCdf(CF_BUCKETS[b]!, asyncSvc, 0.6);
    }
    c.f.cf.processorUtilizationPercent[x] = 100 * u;
    c.f.cf.requestRate[x] = total;
    const links = cf.links.length;
    for (let l = 0; l < L; l++) {
      const asyncShare = clamp(0.1 + 0.12 * hashUnit(cf.key + 500 + l, 0) + 0.05 * valueNoise(cf.key + 600 + l, mid, HOUR), 0.03, 0.5);
      const sync = reqs[l]! * (1 - asyncShare) * (1 - conv);
      const async = reqs[l]! - sync;
      cfs.syncRate[x * L + l] = sync;
      cfs.asyncRate[x * L + l] = async;
      cfs.syncServiceSeconds[x * L + l] = syncSvc / 1e6;
      cfs.asyncServiceSeconds[x * L + l] = asyncSvc / 1e6;
      let lw = 0;
      for (let n = 0; n < links; n++) {
        const w = 1 + 0.05 * valueNoise(cf.key + 1000 + l * 64 + n, mid, 15 * MIN);
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
        h[at + NB + 1] = intervalSec * (sy * syncSvc + as * asyncSvc);
      }
    }
    linkBase += links;
  }
}
