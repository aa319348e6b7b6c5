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
 * `addressSpaces: false` leaves the jobs out (the reports that show none need not pay for them).
 */
export function averageSnapshot(sim: Simulator, w: Window, addressSpaces = true): Snapshot {
  const ends = intervalEnds(sim, w);
  // ascending order, so that a test summing the intervals in time order gets the very same numbers
  const acc = sim.snapshot(ends[0]!, { addressSpaces });
  const jobs = acc.lpars.map((l) => new JobWindow(l));
  for (let i = 1; i < ends.length; i++) {
    const snap = sim.snapshot(ends[i]!, { addressSpaces });
    snap.lpars.forEach((l, x) => jobs[x]!.add(l));
    addInto(acc, snap);
  }
  if (ends.length > 1) divide(acc, ends.length);
  acc.lpars.forEach((l, x) => jobs[x]!.finish(l, ends.length));
  acc.epochMs = w.endMs;
  acc.timestamp = new Date(w.endMs).toISOString();
  return acc;
}

type AddressSpace = Snapshot['lpars'][number]['addressSpaces'][number];
type Enqueue = Snapshot['lpars'][number]['enqueues'][number];
/** Percentages of an address space's own samples: averaged weighted by its samples (the rest: summed, then divided by the intervals). */
const SAMPLE_PERCENTS = ['usingPercent', 'idlePercent', 'unknownPercent'] as const;
/** The parts of the device using and delay samples that are the main volume's: weighted by samples like them. */
const DEVICE_PERCENTS = ['topVolumeUsingPercent', 'topVolumeDelayPercent'] as const;

/**
 * The address spaces and ENQs of one system over a window: jobs come and go, so they are matched by ASID and JES
 * id, not by position. CPU, I/O, page-ins, frames and samples are averaged over every interval of the window (absent:
 * 0), so that they still add up to the system's and the class's — the storage numbers all alike (working set, fixed
 * and DIV frames, CSA, SQA, aux slots, shared pages and the valid ones, so valid ≤ total and fixed + DIV ≤ working
 * set hold for the averages too); state percentages are weighted by samples; names
 * are the last interval's. The ENQs are the union of the intervals' (waiters by ASID).
 */
class JobWindow {
  private readonly spaces = new Map<string, { as: AddressSpace; weighted: Record<string, number> }>();
  private readonly enq = new Map<string, Enqueue>();
  constructor(l: Snapshot['lpars'][number]) {
    this.add(l);
    l.addressSpaces = [];
    l.enqueues = [];
  }
  add(l: Snapshot['lpars'][number]): void {
    for (const a of l.addressSpaces) {
      const key = `${a.asid}/${a.jobId}/${a.jobName}`;
      const prev = this.spaces.get(key);
      const weighted = percents(a);
      if (!prev) {
        this.spaces.set(key, { as: structuredClone(a), weighted });
        continue;
      }
      const acc = prev.as;
      for (const k in weighted) prev.weighted[k] = prev.weighted[k]! + weighted[k]!;
      addInto(acc.cpu, a.cpu);
      addInto(acc.storage, a.storage);
      addInto(acc.device, a.device);
      acc.samples += a.samples;
      acc.ioRate += a.ioRate;
      acc.active ||= a.active;
      acc.elapsedSeconds = a.elapsedSeconds;
      acc.serviceClass = a.serviceClass;
      acc.period = a.period;
    }
    for (const e of l.enqueues) {
      const key = `${e.major} ${e.minor}`;
      const prev = this.enq.get(key);
      if (!prev) this.enq.set(key, structuredClone(e));
      else for (const wt of e.waiters) if (!prev.waiters.some((x) => x.asid === wt.asid)) prev.waiters.push({ ...wt });
    }
    l.addressSpaces = [];
    l.enqueues = [];
  }
  finish(l: Snapshot['lpars'][number], n: number): void {
    const out: AddressSpace[] = [];
    for (const { as, weighted } of this.spaces.values()) {
      divide(as.cpu, n);
      divide(as.storage, n);
      divide(as.device, n);
      as.ioRate /= n;
      const samples = as.samples;
      as.samples /= n;
      if (samples > 0) {
        for (const k of SAMPLE_PERCENTS) as[k] = weighted[k]! / samples;
        for (const k of Object.keys(as.usingBy) as (keyof AddressSpace['usingBy'])[]) as.usingBy[k] = weighted[`usingBy.${k}`]! / samples;
        for (const k of Object.keys(as.delayPercent) as (keyof AddressSpace['delayPercent'])[]) as.delayPercent[k] = weighted[`delayPercent.${k}`]! / samples;
        for (const k of DEVICE_PERCENTS) as.device[k] = weighted[`device.${k}`]! / samples;
      }
      out.push(as);
    }
    l.addressSpaces = out.sort((a, b) => a.asid - b.asid);
    l.enqueues = [...this.enq.values()];
  }
}

/** An address space's state percentages times its samples, by path. */
function percents(a: AddressSpace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of SAMPLE_PERCENTS) out[k] = a[k] * a.samples;
  for (const [k, v] of Object.entries(a.usingBy)) out[`usingBy.${k}`] = v * a.samples;
  for (const [k, v] of Object.entries(a.delayPercent)) out[`delayPercent.${k}`] = v * a.samples;
  for (const k of DEVICE_PERCENTS) out[`device.${k}`] = a.device[k] * a.samples;
  return out;
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
