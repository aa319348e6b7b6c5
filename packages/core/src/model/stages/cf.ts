/** Coupling facilities: requests from each system, sync/async split, service times, CF busy, link histograms. */
import { getField } from '../../catalog/index.js';
import { ipow, lognormalCdf, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { clamp, MIN, queueing, softcap } from './shared.js';

const CF_BUCKETS = getField('cfLink', 'serviceTime')!.buckets!;

export function cfStage(c: Ctx): void {
  const { topo, k, s, mid } = c;
  const { L, NL } = k;
  const intervalSec = c.intervalMs / 1000;
  const cfw = CF_BUCKETS.length + 2;
  const cfs = c.f.cfSystem;
  const link = c.f.cfLink;
  let linkBase = 0;
  for (let x = 0; x < topo.cfs.length; x++) {
    const cf = topo.cfs[x]!;
    let total = 0;
    const reqs = s.cfReqs;
    for (let l = 0; l < L; l++) {
      reqs[l] = (cf.requestsPerBusyCp * s.work[l]! * (1 + 0.05 * valueNoise(cf.key + l, mid, 5 * MIN))) / topo.cfs.length;
      total += reqs[l]!;
    }
    const u = softcap(0.02 + (total * 9) / 1e6 / cf.processors, 0.9);
    const conv = 0.05 + 0.6 * ipow(clamp((u - 0.4) / 0.5, 0, 1), 2); // sync requests converted to async under load
    const syncSvc = 7 * (1 + 0.8 * queueing(u));
    const asyncSvc = 70 * (1 + 1.5 * queueing(u));
    c.f.cf.processorUtilizationPercent[x] = 100 * u;
    const links = cf.links.length;
    for (let l = 0; l < L; l++) {
      const sync = reqs[l]! * 0.85 * (1 - conv);
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
        for (let b = 0; b < CF_BUCKETS.length; b++) {
          const bound = CF_BUCKETS[b]!;
          h[at + b] = Math.min(count, Math.round(intervalSec * (sy * lognormalCdf(bound, syncSvc, 0.45) + as * lognormalCdf(bound, asyncSvc, 0.6))));
        }
        h[at + CF_BUCKETS.length] = count;
        h[at + CF_BUCKETS.length + 1] = intervalSec * (sy * syncSvc + as * asyncSvc);
      }
    }
    linkBase += links;
  }
}
