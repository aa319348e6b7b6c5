/**
 * The stateful exporter: follows a simulator interval by interval, turns core's per-interval histograms into
 * cumulative counters, keeps the simulator's own metrics, renders fast, and plugs into a prom-client Registry.
 * @module
 */
import { ConfigError, getMetric, RmfSimError, toEpochMs, type Clock, type ConfigIssue, type Instant, type Sample, type Simulator } from '@rmf-sim/core';
import { Registry, type Metric, type RegistryContentType } from 'prom-client';
import { checkFormat, sharedOptionIssues } from './exposition.js';
import type { ExpositionFormat } from './format.js';
import { contentTypeOf } from './format.js';
import { compileLayout, renderLayout, type CompiledFamily, type Layout } from './layout.js';
import type { Naming } from './naming.js';
import { OWN_FAMILIES, OwnMetrics, type StorageOperationEvent } from './own.js';

/**
 * Options of {@link createPrometheusExporter}.
 *
 * @example
 * ```ts
 * // pull mode, one simulated minute per real second, into your own prom-client registry
 * const options: PrometheusExporterOptions = { simulator: sim, registry, clock: systemClock, speed: 60, start: '2026-01-05T00:00:00Z' };
 * ```
 */
export interface PrometheusExporterOptions {
  /** The simulator (or shard of one) to export. */
  simulator: Simulator;
  /** Metric names: `'rmf'`, `'ibm'` or `'both'` (see {@link Naming}). @default 'rmf' */
  naming?: Naming;
  /**
   * The prom-client `Registry` to register the exporter's metric families in, e.g. your own, so that its
   * `metrics()` serves them beside yours. Never prom-client's global default registry unless you pass it.
   * @default a new Registry
   */
  registry?: Registry<RegistryContentType>;
  /** Register the families in {@link PrometheusExporterOptions.registry}. @default true */
  register?: boolean;
  /** Write the interval's end on every simulated sample line (see {@link ExpositionOptions.timestamps}). @default false */
  timestamps?: boolean;
  /**
   * A clock for pull mode: before each scrape ({@link PrometheusExporter.scrape}, the HTTP server, the registry)
   * the exporter advances itself to the simulated instant `start + (clock.now() - t0) * speed`, `t0` being the
   * clock's time when the exporter was created. Without a clock, call {@link PrometheusExporter.update}.
   */
  clock?: Pick<Clock, 'now'>;
  /** Simulated seconds per real second, with `clock`. @default 1 */
  speed?: number;
  /** Simulated instant at which the clock starts. @default the clock's time */
  start?: Instant;
  /**
   * When the exporter moves forward by more than one interval, it also evaluates the intervals in between so
   * that histogram counters miss nothing, up to this many; after a longer gap the histogram counters restart
   * from zero (a counter reset, which `rate()` and `increase()` handle). @default 240 (one hour of 15 s intervals)
   */
  maxCatchUpIntervals?: number;
}

/**
 * The exporter of one simulator. Create it with {@link createPrometheusExporter}.
 *
 * @example
 * ```ts
 * const exporter = createPrometheusExporter({ simulator: sim });
 * for await (const snap of sim.live({ clock: systemClock })) exporter.update(snap.epochMs); // push mode
 * ```
 */
export interface PrometheusExporter {
  /** The simulator it exports. */
  readonly simulator: Simulator;
  /** The prom-client registry its families are registered in (yours, or its own). */
  readonly registry: Registry<RegistryContentType>;
  readonly naming: Naming;
  /** End (epoch ms) of the interval it currently exports; `undefined` before the first update. */
  readonly epochMs: number | undefined;
  /** End (epoch ms) of the interval before the first one it accumulated: where its histogram counters start from zero. */
  readonly countersStartMs: number | undefined;
  /** Sample lines of simulated metrics per exposition (after naming). */
  readonly lineCount: number;
  /**
   * Brings the exporter to the interval ending at `t` (snapped down to the interval grid), or to the interval
   * of the given `samples` (those of `simulator.samples(t)`, to avoid evaluating it twice). Gauges take that
   * interval's values; histogram counters add the counts of every interval since the previous update.
   * Without an argument, advances to the clock's current instant (pull mode).
   * Returns `true` if it moved. Throws `ERR_RMF_ARGUMENT` for an instant before the current interval.
   */
  update(t?: Instant | readonly Sample[]): boolean;
  /** The current exposition (simulated and own metrics). Pure read: does not advance. */
  render(format?: ExpositionFormat): string;
  /** What a scrape returns: advances to the clock first (when there is one), then {@link PrometheusExporter.render}. */
  scrape(format?: ExpositionFormat): string;
  /** The `Content-Type` of a format. */
  contentType(format?: ExpositionFormat): string;
  /** Adds `count` (default 1) storage operations to `rmf_storage_operations_total{backend,operation}`. */
  recordStorageOperation(backend: string, operation: string, count?: number): void;
  /** The same as a listener: `pipeline.on('write', exporter.storageListener)`. Bound; safe to pass around. */
  readonly storageListener: (event: StorageOperationEvent) => void;
  /** Removes its families from the registry (idempotent). */
  unregister(): void;
}

interface Collector {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  aggregator: 'sum';
  labelNames: string[];
  get(): Promise<{ name: string; help: string; type: string; aggregator: 'sum'; values: unknown[] }>;
  reset(): void;
}

class Exporter implements PrometheusExporter {
  readonly simulator: Simulator;
  readonly registry: Registry<RegistryContentType>;
  readonly naming: Naming;
  readonly lineCount: number;
  readonly storageListener: (event: StorageOperationEvent) => void;
  private readonly layout: Layout;
  /** Gauges: the current interval's value; histogram series: the cumulative count/sum. */
  private readonly values: Float64Array;
  private readonly histIndex: Int32Array;
  private readonly gaugeIndex: Int32Array;
  /** Series per catalogue family (`metric_type` of rmf_metrics_generated_total). */
  private readonly perType: [string, number][];
  private readonly own: OwnMetrics;
  private readonly timestamps: boolean;
  private readonly maxCatchUp: number;
  private readonly now: (() => number) | undefined;
  private readonly collectors: Collector[] = [];
  private current: number | undefined;
  private countersStart: number | undefined;

  constructor(o: PrometheusExporterOptions) {
    if (o === null || typeof o !== 'object') throw new ConfigError([{ path: [], message: 'createPrometheusExporter() needs options { simulator, … }' }]);
    const sim = o.simulator;
    const { naming = 'rmf', registry, register = true, timestamps = false, clock, speed = 1, start, maxCatchUpIntervals = 240 } = o;
    const issues: ConfigIssue[] = [];
    if (!sim || typeof sim.samples !== 'function' || !Array.isArray(sim.series)) issues.push({ path: ['simulator'], message: 'a simulator from createSimulator() of @rmf-sim/core is needed' });
    issues.push(...sharedOptionIssues(o));
    if (typeof register !== 'boolean') issues.push({ path: ['register'], message: `register must be true or false, got ${JSON.stringify(register)}` });
    if (!(Number.isInteger(maxCatchUpIntervals) && maxCatchUpIntervals >= 0)) issues.push({ path: ['maxCatchUpIntervals'], message: `maxCatchUpIntervals must be an integer >= 0, got ${String(maxCatchUpIntervals)}` });
    let s0: number | undefined;
    if (clock !== undefined) {
      if (typeof clock?.now !== 'function') issues.push({ path: ['clock'], message: 'clock must have a now() method returning epoch ms (e.g. systemClock from @rmf-sim/core/system-clock)' });
      if (!(Number.isFinite(speed) && speed > 0)) issues.push({ path: ['speed'], message: `speed must be a finite number > 0, got ${String(speed)}` });
      if (start !== undefined) {
        try {
          s0 = toEpochMs(start, 'start');
        } catch (e) {
          issues.push({ path: ['start'], message: (e as Error).message });
        }
      }
    }
    if (registry !== undefined && !(registry && typeof registry.registerMetric === 'function' && typeof registry.getSingleMetric === 'function')) {
      issues.push({ path: ['registry'], message: 'registry must be a prom-client Registry' });
    }
    if (issues.length) throw new ConfigError(issues);
    this.simulator = sim;
    this.naming = naming;
    this.maxCatchUp = maxCatchUpIntervals;
    this.timestamps = timestamps;
    if (clock !== undefined) {
      const t0 = clock.now();
      const from = s0 ?? t0;
      this.now = () => from + (clock.now() - t0) * speed;
    }
    this.registry = registry ?? new Registry<RegistryContentType>();

    const series = sim.series;
    this.layout = compileLayout(series, this.naming);
    this.lineCount = this.layout.lineCount;
    this.values = new Float64Array(series.length);
    const hist: number[] = [];
    const gauge: number[] = [];
    const counts = new Map<string, number>();
    const lpars = new Set<string>();
    series.forEach((s, i) => {
      const def = getMetric(s.metric);
      (def?.type === 'histogram' ? hist : gauge).push(i);
      const type = def?.family ?? 'other';
      counts.set(type, (counts.get(type) ?? 0) + 1);
      if (s.owner.startsWith('lpar:')) lpars.add(s.owner);
    });
    this.histIndex = Int32Array.from(hist);
    this.gaugeIndex = Int32Array.from(gauge);
    this.perType = [...counts];
    this.own = new OwnMetrics([...counts.keys()], lpars.size);
    this.storageListener = (e: StorageOperationEvent) => this.recordStorageOperation(e?.backend, e?.operation, e?.count ?? 1);
    if (register) this.registerCollectors();
  }

  get epochMs(): number | undefined {
    return this.current;
  }

  get countersStartMs(): number | undefined {
    return this.countersStart;
  }

  update(t?: Instant | readonly Sample[]): boolean {
    if (t === undefined) {
      if (!this.now) throw new RmfSimError('ERR_RMF_ARGUMENT', 'update() without an instant needs the exporter to have a clock');
      const end = this.simulator.alignMs(this.now());
      // A clock that steps back (wall-clock adjustments) never moves the counters back: keep the interval.
      if (this.current !== undefined && end <= this.current) return false;
      return this.advanceTo(end, undefined);
    }
    if (Array.isArray(t)) {
      const samples = t as readonly Sample[];
      const series = this.simulator.series;
      if (samples.length !== series.length) throw new RmfSimError('ERR_RMF_ARGUMENT', `update(samples) takes the samples of this exporter's simulator (${series.length}), got ${samples.length}`);
      if (samples.length === 0) return false;
      for (let i = 0; i < samples.length; i++) {
        if (samples[i]!.labels !== series[i]!.labels) throw new RmfSimError('ERR_RMF_ARGUMENT', `update(samples): sample ${i} (${samples[i]!.metric}) is not series ${i} of this exporter's simulator; pass simulator.samples(t) unchanged`);
      }
      const end = samples[0]!.timestamp;
      if (this.simulator.alignMs(end) !== end) throw new RmfSimError('ERR_RMF_ARGUMENT', `update(samples): timestamp ${end} is not on the interval grid`);
      return this.advanceTo(end, samples);
    }
    return this.advanceTo(this.simulator.alignMs(t as Instant), undefined);
  }

  private generate(end: number): Sample[] {
    const t0 = performance.now();
    const s = this.simulator.samples(end);
    this.own.observeDuration((performance.now() - t0) / 1000);
    return s;
  }

  private countGenerated(): void {
    for (const [type, n] of this.perType) this.own.addGenerated(type, n);
  }

  private addHistograms(samples: readonly Sample[]): void {
    const { values, histIndex } = this;
    for (let j = 0; j < histIndex.length; j++) {
      const i = histIndex[j]!;
      values[i]! += samples[i]!.value;
    }
  }

  private advanceTo(end: number, given: readonly Sample[] | undefined): boolean {
    const step = this.simulator.intervalMs;
    const cur = this.current;
    if (cur !== undefined) {
      if (end < cur) {
        throw new RmfSimError('ERR_RMF_ARGUMENT', `the exporter is at ${new Date(cur).toISOString()} and its counters cannot go back to ${new Date(end).toISOString()}; create a new exporter to start over`);
      }
      if (end === cur) return false;
      const between = (end - cur) / step - 1;
      if (between > this.maxCatchUp) {
        // Too long a gap: restart the histogram counters (a counter reset) rather than evaluate every interval.
        for (let j = 0; j < this.histIndex.length; j++) this.values[this.histIndex[j]!] = 0;
        this.countersStart = end - step;
      } else {
        for (let k = 1; k <= between; k++) {
          this.addHistograms(this.generate(cur + k * step));
          this.countGenerated();
        }
      }
    } else {
      this.countersStart = end - step;
    }
    const samples = given ?? this.generate(end);
    const { values, gaugeIndex } = this;
    for (let j = 0; j < gaugeIndex.length; j++) {
      const i = gaugeIndex[j]!;
      values[i] = samples[i]!.value;
    }
    this.addHistograms(samples);
    this.countGenerated();
    this.current = end;
    return true;
  }

  render(format: ExpositionFormat = 'prometheus'): string {
    checkFormat(format);
    let out = this.current === undefined ? '' : renderLayout(this.layout, this.values, format, this.timestamps ? this.current : undefined);
    out += this.own.render(format);
    return format === 'openmetrics' ? `${out}# EOF\n` : out;
  }

  scrape(format: ExpositionFormat = 'prometheus'): string {
    if (this.now) this.update();
    return this.render(format);
  }

  contentType(format: ExpositionFormat = 'prometheus'): string {
    return contentTypeOf(checkFormat(format));
  }

  recordStorageOperation(backend: string, operation: string, count = 1): void {
    this.own.recordStorage(backend, operation, count);
  }

  unregister(): void {
    for (const c of this.collectors) {
      if ((this.registry.getSingleMetric(c.name) as unknown) === c) this.registry.removeSingleMetric(c.name);
    }
    this.collectors.length = 0;
  }

  /** prom-client values of one simulated family. */
  private familyValues(f: CompiledFamily): unknown[] {
    if (this.current === undefined) return [];
    const series = this.simulator.series;
    const { index } = f;
    const { scale } = f.mapping;
    const out = new Array<unknown>(index.length);
    for (let j = 0; j < index.length; j++) {
      const i = index[j]!;
      const s = series[i]!;
      out[j] = { metricName: f.mapping.sampleName(s.metric), labels: f.mapping.labels(s.labels) ?? s.labels, value: this.values[i]! * scale };
    }
    return out;
  }

  private registerCollectors(): void {
    const make = (name: string, help: string, type: Collector['type'], values: () => unknown[], reset: () => void): Collector => {
      const c: Collector = {
        name,
        help,
        type,
        aggregator: 'sum',
        labelNames: [],
        get: async () => {
          if (this.now) this.update();
          // prom-client renames counters in OpenMetrics registries: read the name at collection time
          return { name: c.name, help, type, aggregator: 'sum', values: values() };
        },
        reset,
      };
      return c;
    };
    const cs: Collector[] = [];
    for (const f of this.layout.families) {
      const { mapping } = f;
      const type = mapping.type === 'unknown' ? 'gauge' : mapping.type === 'counter' ? 'counter' : mapping.type;
      const reset = () => {
        if (type === 'histogram') for (const i of f.index) this.values[i] = 0;
      };
      cs.push(make(mapping.name, mapping.help || mapping.name, type, () => this.familyValues(f), reset));
    }
    const own = this.own;
    for (const key of Object.keys(OWN_FAMILIES) as (keyof typeof OWN_FAMILIES)[]) {
      const def = OWN_FAMILIES[key];
      cs.push(make(def.name, def.help, def.type, () => own.values(key), () => own.reset()));
    }
    const taken = cs.filter((c) => this.registry.getSingleMetric(c.name) !== undefined).map((c) => c.name);
    if (taken.length) {
      throw new ConfigError([{ path: ['registry'], message: `the registry already has metrics named ${taken.join(', ')}; pass another registry, another naming, or register: false` }]);
    }
    for (const c of cs) {
      this.registry.registerMetric(c as unknown as Metric);
      this.collectors.push(c);
    }
  }
}

/**
 * Creates the Prometheus exporter of a simulator. Nothing runs in the background: bring it forward with
 * {@link PrometheusExporter.update} (push mode: call it every interval, e.g. from `sim.live()`), or give it a
 * `clock` and it advances itself at each scrape (pull mode). Serve it with {@link startExporter}, render it with
 * {@link PrometheusExporter.render}, or serve your prom-client registry: the exporter registers its families there.
 *
 * Gauges are core's values of the current interval. Histograms are cumulative counters since the exporter's
 * first interval: `increase(rmf_ldev_response_time_seconds_bucket[15s])` over one interval equals core's
 * per-interval count.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { createPrometheusExporter } from '@rmf-sim/exporter-prometheus';
 *
 * const sim = createSimulator({ seed: 42 });
 * const exporter = createPrometheusExporter({ simulator: sim, naming: 'both' });
 * exporter.update('2026-01-05T09:00:00Z');
 * exporter.update('2026-01-05T09:00:15Z'); // histogram counters now hold two intervals
 * exporter.recordStorageOperation('mysql', 'insert', 4265);
 * console.log(exporter.render('openmetrics').endsWith('# EOF\n')); // true
 * console.log(await exporter.registry.metrics()); // the same metrics through prom-client
 * ```
 */
export function createPrometheusExporter(options: PrometheusExporterOptions): PrometheusExporter {
  return new Exporter(options);
}
