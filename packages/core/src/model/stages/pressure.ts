/**
 * Pressure from the storage array, known before the work runs: each CLPR's write-pending backlog (a stock, see
 * stocks.ts), how much of the host write demand inflow control lets in, and how much slower each system's I/O is
 * for it (write-pending waits, a saturated MP blade) — which slows the I/O-bound work of that system.
 */
import { queueing } from './shared.js';
import type { Ctx } from './context.js';

/** Nominal DASD response time the I/O-bound share of work is calibrated against, ms. */
export const NOMINAL_RESPONSE_MS = 0.25;

/** Write-pending wait added to a write (destage pressure from 30 %, throttling from 50 %), ms. */
export function writeWaitMs(wp: number): number {
  const over30 = wp > 30 ? (wp - 30) / 10 : 0;
  return 0.02 * over30 * over30 + (wp > 50 ? (0.4 * (wp - 50)) / 20 : 0);
}

/** Write-pending wait added to every I/O once host I/O is delayed (from 70 %), ms. */
export function allWaitMs(wp: number): number {
  return wp > 70 ? (1.5 * (wp - 70)) / 30 : 0;
}

export function pressureStage(c: Ctx): void {
  const { k, fx, s, mid } = c;
  const extraMs = s.clprWaitMs;
  for (let x = 0; x < k.C; x++) {
    const st = c.stocks.write(x, mid);
    if (!st) {
      s.accepted[x] = 1;
      s.stockLevel[x] = -1;
      extraMs[x] = 0;
      continue;
    }
    s.accepted[x] = st.accepted;
    s.stockLevel[x] = st.level;
    extraMs[x] = (1 - k.clprReadFrac[x]!) * writeWaitMs(st.level) + allWaitMs(st.level);
  }
  // a blade saturated by internal work makes cache misses of its LDEVs wait (normal blade busy about 10 %)
  let mpbMs = 0;
  for (let b = 0; b < k.B; b++) if (fx.mpb[b]! > 0) mpbMs += (0.1 * 0.45 * (queueing(0.1 + fx.mpb[b]!) - queueing(0.1))) / k.B;
  for (let l = 0; l < k.L; l++) {
    let extra = mpbMs;
    for (let x = 0; x < k.C; x++) extra += k.clprShare[l * k.C + x]! * extraMs[x]!;
    s.ioSlowdown[l] = 1 + extra / NOMINAL_RESPONSE_MS;
  }
}
