import { EventEmitter } from 'eventemitter3';
import { resolveOptions, type ResolvedOptions, type SimulatorOptions, type Topology } from './config.js';
import { ConfigError, RmfSimError, type ConfigIssue } from './errors.js';
import { compileIncident, emptyEffects, type CIncident, type Incident, type IncidentInput } from './incidents.js';
import { assembleSnapshot } from './model/assemble.js';
import { compileTopology, type CTopology } from './model/compile.js';
import { evaluate, MODEL_VERSION, type Stage } from './model/evaluate.js';
import { allocateFrame, type Frame, type FrameSlot } from './model/frame.js';
import { layoutOf, type Layout } from './model/layout.js';
import { CapModel } from './model/capping.js';
import { enumerateMembers, type Members } from './model/members.js';
import { allocateScratch, type Ctx } from './model/stages/context.js';
import { StockModel } from './model/stocks.js';
import { PatternEngine } from './patterns.js';
import { buildSeries, unitKeys, type Labels } from './series.js';
import type { Snapshot } from './snapshot.js';
import { INSTANT_RANGE, toSimulatedMs, type Instant } from './time.js';
import { defaultTopology } from './topology.js';

/** One value of one series in one interval: the flat view of the data. */
export interface Sample {
  /** End of the interval, epoch milliseconds (UTC). */
  timestamp: number;
  /** Prometheus-style metric name (histograms: `…_bucket`, `…_sum`, `…_count`). */
  metric: string;
  /** Label name → value. Frozen and shared by every sample of the series. */
  labels: Labels;
  value: number;
}

/**
 * The samples {@link Simulator.samples} returns. A class, not an object literal, for a measured reason: V8 tracks
 * the survival of objects built by a literal at its allocation site and, when a scavenge finds most of them alive
 * (they are, while one call fills its array), moves the site to old-space allocation for the life of the process.
 * It did so in about half of the bench processes, which then ran samples() at 0.5× (16 instead of 31 M samples/s);
 * objects built by a constructor are not tracked that way. Plain data all the same: four own enumerable fields.
 */
class SampleRecord implements Sample {
  constructor(
    public timestamp: number,
    public metric: string,
    public labels: Labels,
    public value: number,
  ) {}
}

/**
 * A source of time for {@link Simulator.live}. Core never reads the wall clock itself:
 * pass `systemClock` from `@rmf-sim/core/system-clock`, or a fake one in tests.
 */
export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects/resolves early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Options of {@link Simulator.snapshot}. */
export interface SnapshotOptions {
  /** Include every system's address spaces and ENQ contention (`lpars[].addressSpaces`, `lpars[].enqueues`). @default true */
  addressSpaces?: boolean;
}

/** Options of {@link Simulator.snapshots}. */
export interface RangeOptions {
  /** Start of the range (exclusive: the first interval ends after it). */
  from: Instant;
  /** End of the range (inclusive: the last interval ends at or before it). */
  to: Instant;
  /** Stops the iteration. */
  signal?: AbortSignal;
}

/** Options of {@link Simulator.live}. */
export interface LiveOptions {
  clock: Clock;
  /** Simulated seconds per real second. @default 1 */
  speed?: number;
  /** Simulated start instant. @default clock.now() */
  start?: Instant;
  /** Stops the iteration. */
  signal?: AbortSignal;
}

/** Events a simulator emits (eventemitter3). */
export interface SimulatorEvents {
  /** A live interval was produced; `lagMs` is how far (in real ms) it came after its due time. */
  interval: (e: { epochMs: number; lagMs: number }) => void;
}

/** The simulator: random access in time over a fixed (seed, topology, patterns, interval). */
export interface Simulator extends EventEmitter<SimulatorEvents> {
  /** The validated options, defaults filled in. */
  readonly options: Readonly<ResolvedOptions>;
  /** The validated topology. */
  readonly topology: Readonly<Topology>;
  /** Interval length in ms. */
  readonly intervalMs: number;
  /** Version of the generation algorithm. */
  readonly modelVersion: number;
  /** The series this simulator (or shard) produces, in output order. */
  readonly series: readonly { metric: string; labels: Labels; owner: string }[];
  /** End of the interval that contains `t` … precisely: `t` snapped down to the interval grid, epoch ms. */
  alignMs(t: Instant): number;
  /**
   * The interval ending at `t` (snapped down to the interval grid) as a nested, JSON-serialisable object.
   * `addressSpaces: false` leaves the systems' address spaces and ENQs out (empty lists): every other number is the
   * same, and the snapshot costs about a thirtieth.
   */
  snapshot(t: Instant, options?: SnapshotOptions): Snapshot;
  /** The interval ending at `t` (snapped down to the grid) as flat samples, in {@link Simulator.series} order. */
  samples(t: Instant): Sample[];
  /** Historical snapshots of every interval ending in (from, to], as fast as the consumer takes them. */
  snapshots(options: RangeOptions): AsyncIterableIterator<Snapshot>;
  /** Snapshots paced by `clock`: each is yielded once its interval has ended in simulated time. Never ends by itself. */
  live(options: LiveOptions): AsyncIterableIterator<Snapshot>;
  /**
   * Ground truth: the incidents of the scenario active at any time in [from, to] (all of them without a range),
   * with what, where, when and which metrics are expected to move in which direction.
   */
  incidents(range?: { from: Instant; to: Instant }): Incident[];
  /**
   * Adds an incident to the scenario at run time and returns its ground truth. The scenario is part of the
   * simulator's input: values at every instant the incident covers change, before and after this call alike.
   * Throws {@link ConfigError} for an invalid incident (unknown LPAR, CLPR, …).
   */
  addIncident(incident: IncidentInput): Incident;
  /**
   * Actual MSU/h of each LPAR and of the CPC in the interval ending at `t`, computed from the processor part of
   * the model alone (much cheaper than a snapshot; the same numbers as `rmf_lpar_msu_actual` / `rmf_cpc_msu_actual`).
   */
  msu(t: Instant): { epochMs: number; cpc: number; lpars: Record<string, number>; gpPercent: Record<string, number> };
}


/** What an incident hits: its type and target (`cpuLoop lpar=PROD01`). */
const targetKey = (i: Incident) => `${i.type} ${JSON.stringify(i.target)}`;
const overlap = (a: Incident, b: Incident) => a.startMs < b.endMs && b.startMs < a.endMs;
const overlapMessage = (other: Incident) => {
  const where = Object.entries(other.target).map(([k, v]) => `${k} ${v}`).join(' ') || 'the sysplex';
  return `overlaps incident ${other.id} (${other.type} on ${where}, ${other.start} … ${other.end}): incidents of one type on one target must not overlap (their effects would compound); merge them into one with a higher severity, or move one`;
};

/**
 * Incidents of one type on one target that overlap in time, each reported at the later one (in scenario order).
 * Their effects multiply (a hot volume's weight, a CLPR's destage capacity, the month-end surge), so a scenario
 * that stacked hundreds of them drove values to Infinity; one at a time keeps every effect bounded.
 */
function overlapIssues(scenario: readonly CIncident[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const groups = new Map<string, { inc: CIncident; at: number }[]>();
  scenario.forEach((inc, at) => {
    const key = targetKey(inc);
    const g = groups.get(key);
    if (g) g.push({ inc, at });
    else groups.set(key, [{ inc, at }]);
  });
  for (const g of groups.values()) {
    g.sort((a, b) => a.inc.startMs - b.inc.startMs || a.at - b.at);
    let longest = g[0]!; // the incident seen so far that ends last
    for (const x of g.slice(1)) {
      if (x.inc.startMs < longest.inc.endMs) {
        const [later, earlier] = x.at > longest.at ? [x, longest] : [longest, x];
        issues.push({ path: ['scenario', later.at], message: overlapMessage(earlier.inc) });
      }
      if (x.inc.endMs > longest.inc.endMs) longest = x;
    }
  }
  return issues.sort((a, b) => (a.path[1] as number) - (b.path[1] as number));
}

/**
 * Deals shard units (an entity's scopes that stay together, see `SHARD_UNIT`: an LPAR's own numbers, its service
 * classes, its volume views, …) to `count` shards by their weight (the number of series each holds), greedily,
 * largest first, each to the shard with the fewest series so far (longest-processing-time first); ties go by the
 * units' fixed order and the lower shard index, so every process computes the same deal. Round robin over entities
 * left some shards with several LPARs' hundreds of series and others with a few volumes' tens from about five
 * shards on; whole entities by weight were bounded by the largest LPAR from 8 shards on.
 */
export function dealShards(units: readonly string[], series: readonly { unit: string }[], count: number): Set<string>[] {
  const weight = new Map<string, number>(units.map((e) => [e, 0]));
  for (const s of series) weight.set(s.unit, (weight.get(s.unit) ?? 0) + 1);
  const order = units.map((key, i) => ({ key, i, w: weight.get(key)! })).sort((a, b) => b.w - a.w || a.i - b.i);
  const shards = Array.from({ length: count }, () => new Set<string>());
  const load = new Array<number>(count).fill(0);
  for (const e of order) {
    let best = 0;
    for (let k = 1; k < count; k++) if (load[k]! < load[best]!) best = k;
    shards[best]!.add(e.key);
    load[best]! += e.w;
  }
  return shards;
}

function abortError(signal: AbortSignal): RmfSimError {
  return new RmfSimError('ERR_RMF_ABORTED', 'The operation was aborted', { cause: signal.reason });
}

class SimulatorImpl extends EventEmitter<SimulatorEvents> implements Simulator {
  readonly options: Readonly<ResolvedOptions>;
  readonly topology: Readonly<Topology>;
  readonly intervalMs: number;
  readonly modelVersion = MODEL_VERSION;
  readonly series: readonly { metric: string; labels: Labels; owner: string }[];
  private readonly compiled: CTopology;
  private readonly members: Members;
  /** Reused for every evaluation; fully rewritten each time, and only read before the next one. */
  private readonly frame: Frame;
  private readonly frameSlots: FrameSlot[];
  private readonly ctx: Ctx;
  private readonly arrays: Float64Array[];
  private readonly indices: Int32Array;
  private readonly metrics: string[];
  private readonly labelSets: Labels[];
  private readonly owned: ((key: string) => boolean) | null;
  private readonly scenario: CIncident[] = [];
  private readonly stocks: StockModel;
  private readonly caps: CapModel;

  /** An evaluation context over a frame of its own (`history`: for the 4-hour averages, which it does not compute itself). */
  private context(k: Layout, engine: PatternEngine, f: Frame, history: boolean, uncapped: boolean): Ctx {
    return {
      topo: this.compiled,
      k,
      engine,
      stocks: this.stocks,
      caps: this.caps,
      history,
      uncapped,
      fx: emptyEffects(this.compiled, k.paths),
      f,
      s: allocateScratch(k),
      endMs: 0,
      mid: 0,
      intervalMs: this.intervalMs,
      counter: 0,
    };
  }

  constructor(options: ResolvedOptions) {
    super();
    this.options = options;
    this.topology = options.topology;
    this.intervalMs = options.intervalSeconds * 1000;
    this.compiled = compileTopology(options.topology, String(options.seed));
    this.members = enumerateMembers(this.compiled);
    const layout = layoutOf(this.compiled);
    ({ frame: this.frame, slots: this.frameSlots } = allocateFrame(this.members));
    const engine = new PatternEngine(options.patterns);
    this.stocks = new StockModel(this.compiled, layout, engine, this.scenario);
    // the 4-hour averages are taken over evaluations of their own (the processor stages only), in contexts of their own
    const history = (uncapped: boolean) => {
      let h: { c: Ctx; slots: FrameSlot[] } | undefined; // made on first use (it reads this.caps)
      return (endMs: number) => {
        if (!h) {
          const { frame, slots } = allocateFrame(this.members);
          h = { c: this.context(layout, engine, frame, true, uncapped), slots };
        }
        evaluate(h.c, h.slots, this.scenario, endMs, 'cpu');
        return Float64Array.from(h.c.f.lpar.cpu.actualMsu);
      };
    };
    const [uncappedAt, actualAt] = [history(true), history(false)];
    this.caps = new CapModel(this.compiled, (endMs, actual) => (actual ? actualAt(endMs) : uncappedAt(endMs)), () => this.scenario.some((i) => i.type === 'softCapping'));
    this.ctx = this.context(layout, engine, this.frame, false, false);
    options.scenario.forEach((inc, i) => this.scenario.push(compileIncident(inc, this.compiled, i, ['scenario', i])));
    const ids = new Set<string>();
    this.scenario.forEach((inc, i) => {
      if (ids.has(inc.id)) throw new ConfigError([{ path: ['scenario', i, 'id'], message: `duplicate incident id ${inc.id}` }]);
      ids.add(inc.id);
    });
    const overlaps = overlapIssues(this.scenario);
    if (overlaps.length) throw new ConfigError(overlaps);
    let specs = buildSeries(this.members, this.frame);
    const shard = options.shard;
    if (shard && shard.count > 1) {
      const mine = dealShards(unitKeys(this.members), specs, shard.count)[shard.index]!;
      this.owned = (key) => mine.has(key);
      specs = specs.filter((s) => mine.has(s.unit));
    } else {
      this.owned = null;
    }
    this.arrays = specs.map((s) => s.array);
    this.indices = Int32Array.from(specs, (s) => s.index);
    this.metrics = specs.map((s) => s.metric);
    this.labelSets = specs.map((s) => s.labels);
    this.series = Object.freeze(specs.map(({ metric, labels, owner }) => Object.freeze({ metric, labels, owner })));
  }

  /** Ground truth of an incident, with when its after-effects are over (from the stocks it drives). */
  private publicIncident({ lpar: _l, index: _i, ...pub }: CIncident): Incident {
    const settledMs = Math.max(pub.settledMs, this.stocks.settledMs({ lpar: _l, index: _i, ...pub }));
    return structuredClone({ ...pub, settledMs, settled: new Date(settledMs).toISOString() });
  }

  alignMs(t: Instant): number {
    const ms = toSimulatedMs(t, 't');
    return Math.floor(ms / this.intervalMs) * this.intervalMs;
  }

  private evaluate(endMs: number, stage: Stage = 'all'): Frame {
    evaluate(this.ctx, this.frameSlots, this.scenario, endMs, stage);
    return this.frame;
  }

  msu(t: Instant): { epochMs: number; cpc: number; lpars: Record<string, number>; gpPercent: Record<string, number> } {
    const endMs = this.alignMs(t);
    const f = this.evaluate(endMs, 'cpu');
    const lpars: Record<string, number> = {};
    const gpPercent: Record<string, number> = {};
    for (const l of this.compiled.lpars) {
      lpars[l.name] = f.lpar.cpu.actualMsu[l.i]!;
      gpPercent[l.name] = f.lpar.cpu.generalPurposePercent[l.i]!;
    }
    return { epochMs: endMs, cpc: f.cpc.actualMsu[0]!, lpars, gpPercent };
  }

  snapshot(t: Instant, options: SnapshotOptions = {}): Snapshot {
    const endMs = this.alignMs(t);
    const jobs = options.addressSpaces !== false;
    this.evaluate(endMs, jobs ? 'jobs' : 'all');
    return assembleSnapshot(this.compiled, this.members, this.frame, endMs, this.intervalMs, this.owned, jobs ? this.ctx.jobs : undefined);
  }

  samples(t: Instant): Sample[] {
    const endMs = this.alignMs(t);
    this.evaluate(endMs);
    const { arrays, indices, metrics, labelSets } = this;
    const n = arrays.length;
    const out = new Array<Sample>(n);
    for (let i = 0; i < n; i++) {
      out[i] = new SampleRecord(endMs, metrics[i]!, labelSets[i]!, arrays[i]![indices[i]!]!);
    }
    return out;
  }

  incidents(range?: { from: Instant; to: Instant }): Incident[] {
    const from = range ? toSimulatedMs(range.from, 'from') : -Infinity;
    const to = range ? toSimulatedMs(range.to, 'to') : Infinity;
    return this.scenario.filter((i) => i.endMs > from && i.startMs <= to).map((i) => this.publicIncident(i));
  }

  addIncident(incident: IncidentInput): Incident {
    const compiled = compileIncident(incident, this.compiled, this.scenario.length, ['incident']);
    if (this.scenario.some((i) => i.id === compiled.id)) throw new ConfigError([{ path: ['incident', 'id'], message: `duplicate incident id ${compiled.id}` }]);
    const other = this.scenario.find((i) => targetKey(i) === targetKey(compiled) && overlap(i, compiled));
    if (other) throw new ConfigError([{ path: ['incident'], message: overlapMessage(other) }]);
    this.scenario.push(compiled);
    this.stocks.invalidate();
    this.caps.invalidate();
    return this.publicIncident(compiled);
  }

  async *snapshots({ from, to, signal }: RangeOptions): AsyncIterableIterator<Snapshot> {
    const fromMs = toSimulatedMs(from, 'from');
    const toMs = toSimulatedMs(to, 'to');
    if (toMs < fromMs) throw new RmfSimError('ERR_RMF_ARGUMENT', `to (${new Date(toMs).toISOString()}) is before from (${new Date(fromMs).toISOString()})`);
    const first = Math.floor(fromMs / this.intervalMs) * this.intervalMs + this.intervalMs;
    for (let end = first; end <= toMs; end += this.intervalMs) {
      if (signal?.aborted) throw abortError(signal);
      yield this.snapshot(end);
    }
  }

  async *live({ clock, speed = 1, start, signal }: LiveOptions): AsyncIterableIterator<Snapshot> {
    if (!clock || typeof clock.now !== 'function' || typeof clock.sleep !== 'function') {
      throw new RmfSimError('ERR_RMF_ARGUMENT', 'live() needs a clock with now() and sleep(ms, signal); use systemClock from @rmf-sim/core/system-clock');
    }
    if (!(Number.isFinite(speed) && speed > 0)) throw new RmfSimError('ERR_RMF_ARGUMENT', `speed must be a finite number > 0, got ${speed}`);
    const realStart = clock.now();
    const simStart = toSimulatedMs(start === undefined ? realStart : start, 'start');
    let end = Math.floor(simStart / this.intervalMs) * this.intervalMs + this.intervalMs;
    for (;;) {
      if (signal?.aborted) throw abortError(signal);
      if (end > INSTANT_RANGE.toMs) throw new RmfSimError('ERR_RMF_ARGUMENT', `live(): the next interval would end after ${new Date(INSTANT_RANGE.toMs).toISOString()}, the end of the simulated range`);
      // the real instant at which the interval ends in simulated time
      const due = realStart + (end - simStart) / speed;
      const wait = due - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal?.aborted) throw abortError(signal);
      this.emit('interval', { epochMs: end, lagMs: Math.max(0, clock.now() - due) });
      yield this.snapshot(end);
      end += this.intervalMs;
    }
  }
}

/**
 * Creates a simulator. Validates the options with zod and throws {@link ConfigError} (code `ERR_RMF_CONFIG`)
 * listing every problem with its path.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * const sim = createSimulator({ seed: 42 });
 * const t = '2026-01-05T09:00:00Z';
 * const gp = sim.samples(t).find((s) => s.metric === 'rmf_cpu_utilization_percent' && s.labels.lpar === 'PROD01');
 * console.log(gp?.value, sim.snapshot(t).lpars[0].cpu.generalPurposePercent); // the same number
 * for await (const snap of sim.snapshots({ from: '2026-01-05T00:00:00Z', to: '2026-01-05T01:00:00Z' })) {
 *   // 240 intervals of 15 s
 * }
 * ```
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  return new SimulatorImpl(resolveOptions(options, defaultTopology));
}
