/**
 * Central storage: frames in use and available, virtual storage, CSA, and paging — zero most of the time on a
 * well-sized LPAR, with bursts (a job starts, a TSO user logs on), heavy when frames run short, and the stolen pages
 * coming back after a shortage.
 */
import { hashUnit, valueNoise } from '../../noise.js';
import type { Ctx } from './context.js';
import { bursts, clamp, HOUR, MIN, softcap } from './shared.js';

export function memoryStage(c: Ctx): void {
  const { topo, k, fx, s, mid } = c;
  const mem = c.f.lpar.memory;
  for (let l = 0; l < k.L; l++) {
    const lp = topo.lpars[l]!;
    const activity = clamp(s.work[l]! / lp.gp, 0, 1.5);
    const want = lp.memBase + lp.memSwing * Math.min(1, activity) + 0.03 * valueNoise(lp.key + 3, mid, 2 * HOUR) + fx.memory[l]!;
    const used = softcap(Math.max(0.05, want), 0.9) * 0.985;
    const avail = 1 - used;
    const shortage = avail < 0.1 ? (0.1 - avail) / 0.1 : 0;
    // bursts of page-ins: more likely and larger as frames get scarce
    const pressure = avail < 0.25 ? (0.25 - avail) / 0.25 : 0;
    const burst = bursts(lp.key + 20, mid, MIN, 0.05 + 0.3 * pressure, 0.8 + 6 * pressure, 60);
    const steal = 600 * shortage * shortage;
    const pin = steal + burst + fx.pageBack[l]!;
    // page-outs: frames stolen while storage is short, and a trickle of swap-outs with the bursts
    const pout = 0.8 * steal + 0.3 * burst * hashUnit(lp.key + 21, c.counter);
    mem.pageInRate[l] = pin;
    mem.pageOutRate[l] = pout;
    mem.realCapacityBytes[l] = lp.memBytes;
    mem.realStorageBytes[l] = Math.round(lp.memBytes * used);
    mem.availableBytes[l] = lp.memBytes - mem.realStorageBytes[l]!;
    mem.virtualStorageBytes[l] = Math.round(lp.memBytes * lp.virtMult * (0.85 + 0.15 * Math.min(1, activity)));
    mem.csaBytes[l] = Math.round(lp.csaBase * (1 + 0.08 * valueNoise(lp.key + 5, mid, 6 * HOUR)));
    mem.framesAvailablePercent[l] = 100 * avail;
    // page I/O: block paging moves about eight pages per I/O
    s.ioPage[l] = (pin + pout) / 8;
  }
}
