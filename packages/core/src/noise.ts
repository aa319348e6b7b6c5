/**
 * Counter-based, stateless randomness: every number is a pure function of (key, counter).
 * This is what makes the value at t independent of which other instants were asked for.
 */

/** 32-bit string hash (FNV-1a followed by an avalanche), used to derive stable keys from names. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A strong 32-bit integer finalizer (lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in [0, 1) from a key and an integer counter (counter may be negative or exceed 2^32). */
export function hashUnit(key: number, counter: number): number {
  const lo = counter | 0;
  const hi = Math.floor(counter / 4294967296) | 0;
  return mix32(mix32(key ^ lo) + Math.imul(hi, 0x9e3779b9) + 0x632be5ab) / 4294967296;
}

/** Uniform in [-1, 1). */
export function hashSigned(key: number, counter: number): number {
  return hashUnit(key, counter) * 2 - 1;
}

/**
 * Smooth 1-D value noise in [-1, 1]: hashed lattice values every `period` units, blended with a smoothstep.
 * Autocorrelated over about one period, with no state.
 */
export function valueNoise(key: number, x: number, period: number): number {
  const p = x / period;
  const i = Math.floor(p);
  const f = p - i;
  const a = hashSigned(key, i);
  const b = hashSigned(key, i + 1);
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}

/** Standard normal deviate from a key and counter (Box–Muller on two hashed uniforms). */
export function hashNormal(key: number, counter: number): number {
  const u1 = hashUnit(key, counter * 2) || 1e-12;
  const u2 = hashUnit(key, counter * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Error function (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
  return sign * y;
}

/** CDF of a log-normal distribution with the given mean and log-space standard deviation, at x > 0. */
export function lognormalCdf(x: number, mean: number, sigma: number): number {
  if (x <= 0 || mean <= 0) return x > 0 ? 1 : 0;
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return 0.5 * (1 + erf((Math.log(x) - mu) / (sigma * Math.SQRT2)));
}

/**
 * x to a non-negative integer power by repeated multiplication. V8's `**` and `Math.pow` are not bit-identical
 * across Node.js versions (seen between Node 20 and 24), so core never uses them: this keeps output identical.
 */
export function ipow(x: number, n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= x;
  return r;
}
