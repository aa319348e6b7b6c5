/**
 * Numbers as the bytes of `String(v)`, written straight into a buffer: the shortest decimal that reads back as the
 * same double, without allocating a string per value. Shared by the writers of text (the CLI's `generate` lines,
 * the S3 store's NDJSON objects). Pure arithmetic: no clock, no randomness.
 *
 * @module
 */
/** Characters of `String(v)` for any double at most (`-0.0000012345678901234567`, `-1.2345678901234567e-308`). */
export const MAX_NUMBER_CHARS = 25;

/** Exact powers of ten 10^0 … 10^22 (every one is a double). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** 2^53: integers below it are exact doubles. */
const EXACT = Number.MAX_SAFE_INTEGER + 1;

/**
 * Writes the ASCII text of `String(v)` at `buf[o…]` for integers below 2^53 in magnitude and for most finite doubles
 * of magnitude in [1e-6, 1e15) (on the model's values 93 %), and returns the offset after it; returns -1 (nothing
 * written) for any other value and wherever a step below is not proven, and the caller then writes `String(v)`.
 * About four times cheaper than `String(v)` (a string allocated per value, then copied).
 *
 * Why the text is exactly `String(v)`'s (ECMAScript Number::toString: the decimal with the fewest significant digits
 * that reads back as `v`, the closest one if several, in fixed notation between 1e-6 and 1e21). A candidate is an
 * integer `m` below 2^53 at a scale `k` (0 ≤ k ≤ 22): `m` and `10^k` are exact doubles, so `m / 10^k` is the
 * correctly rounded decimal `m·10⁻ᵏ`, and `m / 10^k === v` says exactly "reads back as `v`". The decimals that read back
 * form an interval around `v` (half a unit in the last place each side, a quarter below a power of two).
 * 1. Integers below 2^53: exact, and every other integer of as many digits or fewer is another double, so their
 *    shortest text is their digits.
 * 2. Fifteen digits: `k` such that `c = |v|·10^k` lies in [1e14, 1e15). The product is rounded by at most 0.0625 and
 *    the interval reaches at most 0.111 units each side of `c`, so a 15-digit decimal that reads back is within
 *    0.1875 of the product, and can only be its nearest integer: one division tests it. A hit has at most 15
 *    significant digits, and two different decimals of at most 15 significant digits never read back as the same
 *    double (binary64's 15-digit guarantee), so it is the shortest.
 * 3. Sixteen digits, when no 15-digit decimal reads back: `c` in [1e15, 2^53), rounded by at most 0.5, the interval
 *    narrower than 1 unit each side: every candidate is an integer within 1.5 of the product (three or four, all
 *    tested). Exactly one hit is the answer (none shorter, none to choose from); two go to `String(v)`.
 * 4. Seventeen digits, when none of 16 reads back: see {@link seventeen}.
 * Exponent notation, non-finite values and the edges of those ranges go to `String(v)`. Tests compare the text
 * with `String(v)` over `fc.double()`, neighbours of powers of two and ten, and a day of the model's values.
 *
 * @param buf where to write (at least {@link MAX_NUMBER_CHARS} bytes from `o`).
 * @returns the offset after the text, or -1 when `v` is not written here.
 */
export function writeFastNumber(buf: Uint8Array, o: number, v: number): number {
  if (Number.isInteger(v)) {
    if (!(v < EXACT && v > -EXACT)) return -1;
    if (v < 0) buf[o++] = 0x2d; // -
    return writeDigits(buf, o, v < 0 ? -v : v, 0); // -0 is 0
  }
  const a = v < 0 ? -v : v;
  if (!(a >= 1e-6 && a < 1e15)) return -1; // exponent notation, NaN, Infinity
  const k15 = 14 - Math.floor(Math.log10(a));
  if (k15 < 0 || k15 > 20) return -1;
  const s15 = POW10[k15]!;
  const p15 = a * s15;
  const m15 = Math.round(p15);
  if (m15 >= 1e15) return -1; // log10 was off at a decade's edge: not proven here
  const d15 = p15 - m15; // exact
  if (d15 <= 0.1875 && d15 >= -0.1875 && m15 / s15 === a) {
    if (v < 0) buf[o++] = 0x2d;
    return writeScaled(buf, o, m15, k15);
  }
  if (p15 < 1e14 + 1) return -1; // v·10^k may be below 1e14: 15 digits need another scale, the search was not complete
  const k = k15 + 1;
  const s16 = POW10[k]!;
  const p16 = a * s16;
  if (p16 + 2 >= EXACT) return -1;
  let hit = -1;
  for (let c = Math.ceil(p16 - 1.5), last = Math.floor(p16 + 1.5); c <= last; c++) {
    if (c / s16 !== a) continue;
    if (hit >= 0) return -1; // two 16-digit decimals read back: String(v) picks the closest
    hit = c;
  }
  if (hit < 0) return seventeen(buf, o, v, a, k + 1);
  if (v < 0) buf[o++] = 0x2d;
  return writeScaled(buf, o, hit, k);
}

/** Dekker's split of each power of ten into high and low halves of 26 bits, for {@link seventeen}'s exact product. */
const POW10_HI = POW10.map((p) => {
  const t = 134217729 * p; // 2^27 + 1
  return t - (t - p);
});
const POW10_LO = POW10.map((p, i) => p - POW10_HI[i]!);

/** The bits of a double, to tell a power of two. */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/**
 * Case 4 of {@link writeFastNumber}: no decimal of 16 digits or fewer reads back as `v`, so `String(v)` has 17
 * digits, and it is the 17-digit decimal closest to `v`: `N`, the integer nearest to `c = |v|·10^k` (in [1e16, 1e17)).
 * `c` is computed exactly as `hi + lo` (Dekker's product, no rounding), so `N = hi + round(lo)` (`hi` is an even
 * integer there). `N` reads back as `v`: it is within 0.5 units of `c` and the rounding interval reaches more than
 * 0.55 units on each side at this scale, except below a power of two (whose lower neighbour is closer; those and
 * ties, `|N − c| = 0.5`, go to `String(v)`).
 */
function seventeen(buf: Uint8Array, o: number, v: number, a: number, k: number): number {
  if (k > 22) return -1;
  const bh = POW10_HI[k]!;
  const bl = POW10_LO[k]!;
  const hi = a * POW10[k]!;
  if (!(hi >= 1e16 + 2 && hi <= 1e17 - 16)) return -1; // c = hi + lo within [1e16, 1e17) by |lo| <= ulp(hi)/2
  const t = 134217729 * a;
  const ah = t - (t - a);
  const al = a - ah;
  const lo = ah * bh - hi + ah * bl + al * bh + al * bl;
  const r = Math.round(lo);
  const d = lo - r;
  if (d === 0.5 || d === -0.5) return -1; // a tie between two 17-digit decimals
  if (d > 0) {
    // N is below c: the rounding interval is narrower below a power of two
    F64[0] = a;
    if (U32[0] === 0 && (U32[1]! & 0xfffff) === 0) return -1;
  }
  // N = hi + r as 9 + 8 digits: q·1e8 and hi − q·1e8 are exact (q < 1e9, 1e8 = 2^8·390625)
  let q = Math.floor(hi / 1e8);
  let rem = hi - q * 1e8 + r;
  if (rem < 0) {
    q -= 1;
    rem += 1e8;
  } else if (rem >= 1e8) {
    q += 1;
    rem -= 1e8;
  }
  if (v < 0) buf[o++] = 0x2d;
  // the value is (q·1e8 + rem)·10⁻ᵏ: 17 digits, the point after 17 − k of them (k ≥ 17 − 15 here as |v| < 1e15)
  const ipDigits = 17 - k;
  if (ipDigits <= 0) {
    // 0.000ddd: |v| < 1 (at least 1e-6, so at most 5 zeros)
    buf[o++] = 0x30;
    buf[o++] = 0x2e;
    for (let z = 0; z < -ipDigits; z++) buf[o++] = 0x30;
    return stripZeros(buf, o, writeSmall(buf, writeSmall(buf, o, q, 9), rem, 8));
  }
  // the digits, then the point moved in: write all 17, shift the decimals one place right
  const end = writeSmall(buf, writeSmall(buf, o, q, 9), rem, 8);
  const point = o + ipDigits;
  buf.copyWithin(point + 1, point, end);
  buf[point] = 0x2e;
  return stripZeros(buf, point + 1, end + 1);
}

/** The end of decimals written in `buf[from…end)` without their trailing zeros (a 17-digit decimal ends in a non-zero digit: none go). */
function stripZeros(buf: Uint8Array, from: number, end: number): number {
  while (end > from && buf[end - 1] === 0x30) end--;
  return end;
}

/**
 * Writes the non-negative integer `m` (below 2^53) scaled by 10⁻ᵏ in fixed notation without trailing zeros after
 * the point: `m` itself when `k` is 0, else the integer part, and the point and decimals when there are any.
 * (`k ≤ 21` and `m·10⁻ᵏ ≥ 1e-6`, as {@link writeFastNumber} ensures; a zero is `0`.)
 */
function writeScaled(buf: Uint8Array, o: number, m: number, k: number): number {
  if (k === 0) return writeDigits(buf, o, m, 0);
  const s = POW10[k]!;
  const ip = Math.floor(m / s);
  let frac = m - ip * s; // exact: both below 2^53
  o = writeDigits(buf, o, ip, 0);
  if (frac === 0) return o;
  let digits = k;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  buf[o++] = 0x2e; // .
  return writeDigits(buf, o, frac, digits);
}

/** Writes the decimal digits of a non-negative safe integer, left-padded with zeros to `width`; returns the offset after. */
function writeDigits(buf: Uint8Array, o: number, n: number, width: number): number {
  if (n < 1e8) return writeSmall(buf, o, n, width);
  const hi = Math.floor(n / 1e8);
  o = writeSmall(buf, o, hi, width - 8);
  return writeSmall(buf, o, n - hi * 1e8, 8);
}

/** {@link writeDigits} for `n` below 1e8 (int32 arithmetic, two digits a step). */
function writeSmall(buf: Uint8Array, o: number, n: number, width: number): number {
  let len = n < 1e4 ? (n < 100 ? (n < 10 ? 1 : 2) : n < 1000 ? 3 : 4) : n < 1e6 ? (n < 1e5 ? 5 : 6) : n < 1e7 ? 7 : 8;
  if (len < width) len = width;
  let p = o + len;
  while (p - o >= 2) {
    const q = (n / 100) | 0;
    const r = (n - q * 100) << 1;
    buf[--p] = PAIRS[r + 1]!;
    buf[--p] = PAIRS[r]!;
    n = q;
  }
  if (p > o) buf[o] = 0x30 + n;
  return o + len;
}

/** ASCII of 00 … 99, two bytes each. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 0x30 + (i & 1 ? (i >> 1) % 10 : Math.floor((i >> 1) / 10)));
