/** Small numeric helpers the stages share. */
import { lognormalCdf } from '../../noise.js';

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

/** Queueing delay factor ρ/(1-ρ), with ρ capped so it stays finite. */
export function queueing(rho: number): number {
  const r = rho > 0.95 ? 0.95 : rho < 0 ? 0 : rho;
  return r / (1 - r);
}

/** Writes a per-interval histogram of `n` log-normal observations with the given mean into `out` at `at`. */
export function histogram(out: Float64Array, at: number, bounds: readonly number[], n: number, mean: number, sigma: number, sum: number): void {
  const count = Math.round(n);
  for (let b = 0; b < bounds.length; b++) out[at + b] = Math.min(count, Math.round(n * lognormalCdf(bounds[b]!, mean, sigma)));
  out[at + bounds.length] = count;
  out[at + bounds.length + 1] = sum;
}
