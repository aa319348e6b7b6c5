/**
 * A MINTIME window of the simulator as one snapshot: every number is the average of the simulator's intervals
 * that end in the window (start, end].
 * @module
 */
import type { Sample, Simulator, Snapshot } from '@rmf-sim/core';
import type { Window } from './time.js';

/** Fields that identify an interval rather than measure it: kept from the last interval, not averaged. */
const IDENTITY = new Set(['epochMs', 'intervalSeconds', 'modelVersion', 'bounds']);

function addInto(acc: unknown, x: unknown): void {
  if (Array.isArray(acc)) {
    const xs = x as unknown[];
    for (let i = 0; i < acc.length; i++) {
      const a = acc[i];
      if (typeof a === 'number') acc[i] = a + (xs[i] as number);
      else if (a !== null && typeof a === 'object') addInto(a, xs[i]);
    }
    return;
  }
  const o = acc as Record<string, unknown>;
  const xo = x as Record<string, unknown>;
  for (const k in o) {
    if (IDENTITY.has(k)) continue;
    const a = o[k];
    if (typeof a === 'number') o[k] = a + (xo[k] as number);
    else if (a !== null && typeof a === 'object') addInto(a, xo[k]);
  }
}

function divide(acc: unknown, n: number): void {
  if (Array.isArray(acc)) {
    for (let i = 0; i < acc.length; i++) {
      const a = acc[i];
      if (typeof a === 'number') acc[i] = a / n;
      else if (a !== null && typeof a === 'object') divide(a, n);
    }
    return;
  }
  const o = acc as Record<string, unknown>;
  for (const k in o) {
    if (IDENTITY.has(k)) continue;
    const a = o[k];
    if (typeof a === 'number') o[k] = a / n;
    else if (a !== null && typeof a === 'object') divide(a, n);
  }
}

/** The ends (epoch ms) of the simulator's intervals in a window. */
export function intervalEnds(sim: Simulator, w: Window): number[] {
  const out: number[] = [];
  for (let end = w.startMs + sim.intervalMs; end <= w.endMs; end += sim.intervalMs) out.push(end);
  return out;
}

/**
 * The window as one snapshot: numbers averaged over its intervals, names and identities from its last interval
 * (`epochMs` and `timestamp` are the window's end). The snapshot's names come from its first interval.
 */
export function averageSnapshot(sim: Simulator, w: Window): Snapshot {
  const ends = intervalEnds(sim, w);
  // ascending order, so that a test summing the intervals in time order gets the very same numbers
  const acc = sim.snapshot(ends[0]!);
  for (let i = 1; i < ends.length; i++) addInto(acc, sim.snapshot(ends[i]!));
  if (ends.length > 1) divide(acc, ends.length);
  acc.epochMs = w.endMs;
  acc.timestamp = new Date(w.endMs).toISOString();
  return acc;
}

/** The window as samples (`sim.samples` order and label objects), each value the average of its intervals. */
export function averageSamples(sim: Simulator, w: Window): Sample[] {
  const ends = intervalEnds(sim, w);
  const first = sim.samples(ends[0]!);
  if (ends.length === 1) return first;
  const sums = Float64Array.from(first, (s) => s.value);
  for (let i = 1; i < ends.length; i++) {
    const s = sim.samples(ends[i]!);
    for (let j = 0; j < s.length; j++) sums[j]! += s[j]!.value;
  }
  return first.map((s, j) => ({ ...s, timestamp: w.endMs, value: sums[j]! / ends.length }));
}
