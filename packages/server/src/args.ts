/**
 * Parsers of command-line values. Each throws {@link UsageError} with a message naming the flag.
 * @module
 */
import { createSimulator, toSimulatedMs, type Simulator, type SimulatorOptions } from '@rmf-sim/core';
import { inFlagTerms, UsageError } from './errors.js';

/** A shard of the series: `index` in `0 … count-1`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Parses `i/n` (e.g. `0/2`) into `{ index, count }`; requires `0 <= i < n`.
 *
 * @example
 * ```ts
 * parseShard('1/4'); // { index: 1, count: 4 }
 * parseShard('3/2'); // throws UsageError
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  if (!m) throw new UsageError(`--shard: expected i/n such as 0/2, got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new UsageError(`--shard: the shard count must be at least 1, got ${JSON.stringify(text)}`);
  if (index >= count) throw new UsageError(`--shard: the index must be less than the count (0 … ${count - 1}), got ${JSON.stringify(text)}`);
  return { index, count };
}

/**
 * Parses a seed: an integer (`42`, `-1`) becomes a number, anything else stays a string seed.
 * The simulator validates the range (a number must be a safe integer >= 0).
 */
export function parseSeed(text: string): number | string {
  if (/^[+-]?\d+$/.test(text.trim())) return Number(text.trim());
  if (text.length === 0) throw new UsageError('--seed: must not be empty');
  return text;
}

/**
 * Parses an ISO-8601 date-time with a zone (`2026-01-05T00:00:00Z`, `2026-01-05T01:00+01:00`) to epoch ms,
 * with core's parser (which rejects dates that do not exist, such as `2026-02-30` or `24:00`, and instants outside
 * the simulated range, 1970–2199).
 */
export function parseInstant(text: string, flag: string): number {
  if (!/T\d{2}:\d{2}/.test(text)) throw new UsageError(`${flag}: expected an ISO-8601 date-time with a zone such as 2026-01-05T00:00:00Z, got ${JSON.stringify(text)}`);
  try {
    return toSimulatedMs(text, flag);
  } catch (e) {
    throw new UsageError((e as Error).message, { cause: e });
  }
}

/** `createSimulator`, with what its validation refuses said in flags (`--interval: Too big: …`). */
export function simulatorFromFlags(options: SimulatorOptions): Simulator {
  try {
    return createSimulator(options);
  } catch (e) {
    throw inFlagTerms(e);
  }
}

/** Parses a whole number `>= min`. */
export function parseInteger(text: string, flag: string, min = 1): number {
  if (!/^\+?\d{1,15}$/.test(text.trim())) throw new UsageError(`${flag}: expected a whole number, got ${JSON.stringify(text)}`);
  const n = Number(text.trim());
  if (n < min) throw new UsageError(`${flag}: must be at least ${min}, got ${n}`);
  return n;
}

/** Parses a finite number `> 0` (e.g. a speed factor). */
export function parsePositiveNumber(text: string, flag: string): number {
  const n = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a number greater than 0, got ${JSON.stringify(text)}`);
  return n;
}
