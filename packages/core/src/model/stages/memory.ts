/** Central storage: frames in use and available, paging, capture ratio, virtual storage and CSA. */
import { hashUnit, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { clamp, HOUR, softcap } from './shared.js';

export function memoryStage(c: Ctx): void {
  const { topo, k, fx, s, mid, counter } = c;
  const mem = c.f.lpar.memory;
  const gp = c.f.lpar.cpu.generalPurposePercent;
  const capture = c.f.lpar.cpu.captureRatioPercent;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const activity = clamp(s.work[l]! / lp.gp, 0, 1.5);
    const want = lp.memBase + lp.memSwing * Math.min(1, activity) + 0.03 * valueNoise(lp.key + 3, mid, 2 * HOUR) + fx.memory[l]!;
    const used = softcap(Math.max(0.05, want), 0.9) * 0.985;
    const avail = 1 - used;
    const shortage = avail < 0.1 ? (0.1 - avail) / 0.1 : 0;
    const pin = 0.05 + 0.3 * hashUnit(lp.key + 4, counter) + 600 * shortage * shortage;
    mem.pageInRate[l] = pin;
    capture[l] = 100 * (0.95 - 0.07 * Math.exp(-gp[l]! / 30) - Math.min(0.05, pin / 2000));
    mem.realCapacityBytes[l] = lp.memBytes;
    mem.realStorageBytes[l] = Math.round(lp.memBytes * used);
    mem.virtualStorageBytes[l] = Math.round(lp.memBytes * lp.virtMult * (0.85 + 0.15 * Math.min(1, activity)));
    mem.csaBytes[l] = Math.round(lp.csaBase * (1 + 0.08 * valueNoise(lp.key + 5, mid, 6 * HOUR)));
    mem.framesAvailablePercent[l] = 100 * avail;
  }
}
