/** Small numeric helpers the stages share. */
import { hashUnit, lognormalCdf } from '../../noise.js';

export const HOUR = 3_600_000;
export const MIN = 60_000;

/** Saturating cap: identity below `knee`, approaching 1 smoothly above it. */
export function softcap(x: number, knee = 0.9): number {
  if (x <= knee) return x < 0 ? 0 : x;
  const room = 1 - knee;
  return knee + room * (1 - Math.exp(-(x - knee) / room));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export function smoothstep(x: number): number {
  const c = x < 0 ? 0 : x > 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}

/** Queueing delay factor ρ/(1-ρ), with ρ capped so it stays finite. */
export function queueing(rho: number): number {
  const r = rho > 0.95 ? 0.95 : rho < 0 ? 0 : rho;
  return r / (1 - r);
}

/**
 * An approximately standard normal deviate from (key, counter): the sum of the four bytes of one hash (Irwin–Hall,
 * scaled to unit variance; within ±3.46). Cheap enough for per-volume sampling noise in every interval.
 */
export function normal(key: number, counter: number): number {
  const h = hashUnit(key, counter) * 4294967296;
  const sum = (h & 0xff) + ((h >>> 8) & 0xff) + ((h >>> 16) & 0xff) + (h >>> 24);
  return (sum / 255 - 2) * 1.7320508075688772;
}

/**
 * Heavy-tailed bursts at instant `t`: slots of `slotMs`; a burst starts in a slot with probability `p`, lasts 1–4
 * slots and has a Pareto-distributed size (tail index 1.6) of at least `scale`, capped at `cap`. Stateless: the bursts
 * of the last five slots are summed.
 */
export function bursts(key: number, t: number, slotMs: number, p: number, scale: number, cap: number): number {
  const slot = Math.floor(t / slotMs);
  let sum = 0;
  for (let j = slot - 4; j <= slot; j++) {
    if (hashUnit(key, 3 * j) >= p) continue;
    const length = slotMs * (1 + 3 * hashUnit(key + 1, j));
    const into = t - j * slotMs;
    if (into >= length + slotMs) continue;
    const size = Math.min(cap, scale * Math.exp(-Math.log(hashUnit(key + 2, j) || 1e-9) / 1.6));
    // full for its length, then fading over one slot
    sum += into <= length ? size : size * (1 - smoothstep((into - length) / slotMs));
  }
  return sum;
}

/** Writes a per-interval histogram of `n` log-normal observations with the given mean into `out` at `at`. */
export function histogram(out: Float64Array, at: number, bounds: readonly number[], n: number, mean: number, sigma: number, sum: number): void {
  const count = Math.round(n);
  for (let b = 0; b < bounds.length; b++) out[at + b] = Math.min(count, Math.round(n * lognormalCdf(bounds[b]!, mean, sigma)));
  out[at + bounds.length] = count;
  out[at + bounds.length + 1] = sum;
}
