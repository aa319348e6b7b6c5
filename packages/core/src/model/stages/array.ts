/** The storage array: CLPR writes, write pending, read hits and cache use; MP blade busy. */
import { valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { clamp, MIN, softcap } from './shared.js';

export function arrayStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
  const vols = topo.volumes;
  const vol = c.f.volume;
  const cl = c.f.clpr;
  s.clprReadMB.fill(0);
  s.clprReads.fill(0);
  s.clprHits.fill(0);
  s.mpbWork.fill(0);
  for (let v = 0; v < k.V; v++) {
    const vo = vols[v]!;
    const reads = vol.readRate[v]!;
    const hit = s.hit[v]!;
    const writes = vol.ioRate[v]! - reads;
    cl.writeMBps[vo.clpr] = cl.writeMBps[vo.clpr]! + (writes * vo.transferKb) / 1024;
    s.clprReadMB[vo.clpr] = s.clprReadMB[vo.clpr]! + (reads * vo.transferKb) / 1024;
    s.clprReads[vo.clpr] = s.clprReads[vo.clpr]! + reads;
    s.clprHits[vo.clpr] = s.clprHits[vo.clpr]! + reads * hit;
    s.mpbWork[vo.mpb] = s.mpbWork[vo.mpb]! + reads * hit * 40 + reads * (1 - hit) * 120 + writes * 90;
  }
  for (let x = 0; x < k.C; x++) {
    const p = topo.clprs[x]!;
    const r = Math.min(1, cl.writeMBps[x]! / (p.destageMBps * fx.destage[x]!));
    cl.writePendingPercent[x] = clamp(2 + 97 * r * r * r + 1.5 * valueNoise(p.key, mid, 20 * MIN), 0, 99.5);
    cl.readHitPercent[x] = s.clprReads[x]! > 0 ? (100 * s.clprHits[x]!) / s.clprReads[x]! : 100;
    cl.cacheUsagePercent[x] = 100 * (1 - 0.45 * Math.exp(-(s.clprReadMB[x]! + cl.writeMBps[x]!) / (p.cacheGb * 1.5)));
  }
  const cores = topo.array.coresPerBlade;
  for (let b = 0; b < k.B; b++) c.f.mpb.utilizationPercent[b] = 100 * softcap(0.04 + s.mpbWork[b]! / 1e6 / cores + fx.mpb[b]!, 0.9);
}
