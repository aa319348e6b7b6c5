import { describe, expect, it } from 'vitest';
import { Counter, Registry, type RegistryContentType } from 'prom-client';
import { createSimulator, type Sample } from '@rmf-sim/core';
import { createPrometheusExporter, renderExposition, SIMULATION_DURATION_BUCKETS } from '../src/index.js';
import { key, parseExposition, T0 } from './helpers.js';

const STEP = 15_000;

function values(text: string) {
  return new Map(parseExposition(text).samples.map((s) => [key(s.name, s.labels), s.value]));
}

const isHist = (s: Sample) => /_(bucket|sum|count)$/.test(s.metric) && s.metric.startsWith('rmf_') && !s.metric.startsWith('rmf_metrics');

describe('createPrometheusExporter', () => {
  it('exports only its own metrics before the first update, then core’s values of the current interval', () => {
    const sim = createSimulator({ seed: 7 });
    const ex = createPrometheusExporter({ simulator: sim });
    expect(ex.epochMs).toBeUndefined();
    const before = parseExposition(ex.render());
    expect(before.samples.every((s) => /^rmf_(metrics_generated|simulation_duration|active_lpars|storage_operations)/.test(s.name))).toBe(true);
    expect(ex.update(T0 + 7_000)).toBe(true);
    expect(ex.epochMs).toBe(T0);
    expect(ex.update(T0 + 14_999)).toBe(false); // same interval
    const got = values(ex.render());
    for (const s of sim.samples(T0)) expect(got.get(key(s.metric, s.labels)), s.metric).toBe(s.value);
    // the first interval's histograms are exactly that interval's counts: the same text as the pure renderer
    const pure = renderExposition(sim.samples(T0));
    expect(ex.render().startsWith(pure)).toBe(true);
  });

  it('accumulates histograms: cumulative counters whose increase over each interval is core’s per-interval count', () => {
    const sim = createSimulator({ seed: 42 });
    const ex = createPrometheusExporter({ simulator: sim, naming: 'both' });
    const hist = sim.samples(T0).filter(isHist);
    expect(hist.length).toBeGreaterThan(0);
    let prev: Map<string, number> | undefined;
    const total = new Map<string, number>();
    for (let k = 0; k < 5; k++) {
      const t = T0 + k * STEP;
      ex.update(t);
      const now = values(ex.render());
      const core = sim.samples(t);
      for (const s of core) {
        const id = key(s.metric, s.labels);
        if (isHist(s)) {
          total.set(id, (total.get(id) ?? 0) + s.value);
          expect(now.get(id)).toBeCloseTo(total.get(id)!, 6);
          // increase() over one interval = core's per-interval value
          if (prev) expect(now.get(id)! - prev.get(id)!).toBeCloseTo(s.value, 6);
        } else {
          expect(now.get(id)).toBe(s.value); // gauges: the current interval, exactly
        }
      }
      prev = now;
    }
    // bucket counts stay integers and cumulative
    const buckets = parseExposition(ex.render()).samples.filter((s) => s.name === 'rmf_ldev_response_time_seconds_bucket' && s.labels.lpar === 'PROD01' && s.labels.device_type === '3390-27');
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    for (const b of buckets) expect(Number.isInteger(b.value)).toBe(true);
  });

  it('catches up the intervals in between, so a skipped update loses no histogram counts', () => {
    const sim = createSimulator({ seed: 3 });
    const a = createPrometheusExporter({ simulator: sim });
    const b = createPrometheusExporter({ simulator: sim });
    for (let k = 0; k <= 4; k++) a.update(T0 + k * STEP);
    b.update(T0);
    b.update(T0 + 4 * STEP); // three intervals in between
    expect(b.render().split('# HELP rmf_metrics_generated_total')[0]).toBe(a.render().split('# HELP rmf_metrics_generated_total')[0]);
    expect(b.countersStartMs).toBe(T0 - STEP);
    // the own counters count every interval evaluated, in both
    const gen = (t: string) => parseExposition(t).samples.filter((s) => s.name === 'rmf_metrics_generated_total').reduce((n, s) => n + s.value, 0);
    expect(gen(b.render())).toBe(5 * sim.series.length);
    expect(gen(a.render())).toBe(5 * sim.series.length);
  });

  it('restarts the histogram counters after a gap longer than maxCatchUpIntervals (a counter reset)', () => {
    const sim = createSimulator({ seed: 3 });
    const ex = createPrometheusExporter({ simulator: sim, maxCatchUpIntervals: 2 });
    ex.update(T0);
    ex.update(T0 + 3 * STEP); // 2 in between: caught up
    expect(ex.countersStartMs).toBe(T0 - STEP);
    const far = T0 + 100 * STEP;
    ex.update(far);
    expect(ex.countersStartMs).toBe(far - STEP);
    const got = values(ex.render());
    for (const s of sim.samples(far)) expect(got.get(key(s.metric, s.labels))).toBe(s.value);
  });

  it('never goes back in time', () => {
    const ex = createPrometheusExporter({ simulator: createSimulator({ seed: 1 }) });
    ex.update(T0);
    expect(() => ex.update(T0 - STEP)).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
    expect(ex.epochMs).toBe(T0);
  });

  it('takes the samples the caller already has (update(samples)) and checks they are its simulator’s', () => {
    const sim = createSimulator({ seed: 5 });
    const ex = createPrometheusExporter({ simulator: sim });
    const ref = createPrometheusExporter({ simulator: sim });
    ex.update(sim.samples(T0));
    ex.update(sim.samples(T0 + STEP));
    ref.update(T0);
    ref.update(T0 + STEP);
    const cut = (t: string) => t.split('# HELP rmf_simulation_duration_seconds')[0];
    expect(cut(ex.render())).toBe(cut(ref.render()));
    expect(() => ex.update(createSimulator({ seed: 5 }).samples(T0 + 2 * STEP))).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
    expect(() => ex.update(sim.samples(T0).slice(1))).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
  });

  it('with a clock, advances itself at each scrape (pull mode), never backwards', () => {
    const sim = createSimulator({ seed: 9 });
    let now = 1_000_000;
    const start = '2026-01-05T08:00:00Z';
    const ex = createPrometheusExporter({ simulator: sim, clock: { now: () => now }, speed: 15, start });
    const startMs = Date.parse(start);
    ex.scrape();
    expect(ex.epochMs).toBe(startMs);
    now += 1_000; // 15 simulated seconds
    ex.scrape();
    expect(ex.epochMs).toBe(startMs + STEP);
    now += 999;
    ex.render();
    expect(ex.epochMs).toBe(startMs + STEP); // render() alone never advances
    now -= 5_000; // wall clock stepped back
    ex.scrape();
    expect(ex.epochMs).toBe(startMs + STEP);
    expect(() => createPrometheusExporter({ simulator: sim }).update()).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
  });

  it('exports the simulator’s own metrics: generated, duration, active LPARs, storage operations', () => {
    const sim = createSimulator({ seed: 11, shard: { index: 0, count: 2 } });
    const ex = createPrometheusExporter({ simulator: sim });
    ex.update(T0);
    ex.update(T0 + STEP);
    ex.recordStorageOperation('mysql', 'insert', 3);
    ex.recordStorageOperation('mysql', 'insert');
    ex.storageListener({ backend: 's3', operation: 'put', count: 2 });
    ex.storageListener({ backend: 's3', operation: 'put' });
    const { samples, families } = parseExposition(ex.render());
    const one = (name: string, labels: Record<string, string> = {}) => samples.find((s) => s.name === name && key('', s.labels) === key('', labels))?.value;
    expect(one('rmf_storage_operations_total', { backend: 'mysql', operation: 'insert' })).toBe(4);
    expect(one('rmf_storage_operations_total', { backend: 's3', operation: 'put' })).toBe(3);
    expect(families.get('rmf_storage_operations_total')?.type).toBe('counter');
    expect(families.get('rmf_metrics_generated_total')?.type).toBe('counter');
    expect(families.get('rmf_simulation_duration_seconds')?.type).toBe('histogram');
    expect(families.get('rmf_active_lpars')?.type).toBe('gauge');
    const lpars = new Set(sim.series.filter((s) => s.owner.startsWith('lpar:')).map((s) => s.owner));
    expect(one('rmf_active_lpars')).toBe(lpars.size);
    const generated = samples.filter((s) => s.name === 'rmf_metrics_generated_total');
    expect(generated.reduce((n, s) => n + s.value, 0)).toBe(2 * sim.series.length);
    expect(new Set(generated.map((s) => s.labels.metric_type))).toContain('cpu');
    expect(one('rmf_simulation_duration_seconds_count')).toBe(2);
    expect(samples.filter((s) => s.name === 'rmf_simulation_duration_seconds_bucket')).toHaveLength(SIMULATION_DURATION_BUCKETS.length + 1);
    for (const bad of [
      () => ex.recordStorageOperation('', 'x'),
      () => ex.recordStorageOperation('x', 5 as never),
      () => ex.recordStorageOperation('x', 'y', -1),
      () => ex.recordStorageOperation('x', 'y', NaN),
    ]) {
      expect(bad).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
    }
    // OpenMetrics: counter families without _total, samples with it
    const om = parseExposition(ex.render('openmetrics'));
    expect(om.families.get('rmf_storage_operations')?.type).toBe('counter');
    expect(om.families.get('rmf_metrics_generated')?.type).toBe('counter');
    expect(om.families.get('rmf_simulation_duration_seconds')).toMatchObject({ type: 'histogram', unit: 'seconds' });
    expect(om.samples.some((s) => s.name === 'rmf_storage_operations_total')).toBe(true);
    expect(om.eof).toBe(true);
  });

  it('escapes the labels of storage operations', () => {
    const ex = createPrometheusExporter({ simulator: createSimulator({ seed: 1 }) });
    ex.recordStorageOperation('my"sql\\', 'in\nsert', 1);
    const text = ex.render();
    expect(text).toContain('rmf_storage_operations_total{backend="my\\"sql\\\\",operation="in\\nsert"} 1\n');
    expect(parseExposition(text).samples.find((s) => s.name === 'rmf_storage_operations_total')?.labels).toEqual({ backend: 'my"sql\\', operation: 'in\nsert' });
  });

  it('registers its families in a new registry by default (never the global one) and renders the same values through prom-client', async () => {
    const { register: globalRegistry } = await import('prom-client');
    const before = globalRegistry.getMetricsAsArray().length;
    const sim = createSimulator({ seed: 42 });
    const ex = createPrometheusExporter({ simulator: sim, naming: 'both' });
    expect(globalRegistry.getMetricsAsArray().length).toBe(before);
    ex.update(T0);
    ex.update(T0 + STEP);
    ex.recordStorageOperation('mongodb', 'insertMany', 2);
    const ours = parseExposition(ex.render());
    const viaPromClient = parseExposition(await ex.registry.metrics());
    const sortKeys = (xs: { name: string; labels: Record<string, string>; value: number }[]) =>
      xs
        .filter((s) => !s.name.startsWith('rmf_simulation_duration'))
        .map((s) => `${key(s.name, s.labels)} ${s.value}`)
        .sort();
    expect(sortKeys(viaPromClient.samples)).toEqual(sortKeys(ours.samples));
    for (const [name, f] of ours.families) expect(viaPromClient.families.get(name)?.type, name).toBe(f.type);
    ex.unregister();
    expect(ex.registry.getMetricsAsArray()).toHaveLength(0);
    ex.unregister();
  });

  it('joins the user’s registry beside the user’s own metrics, and refuses a name clash', async () => {
    const registry = new Registry();
    const mine = new Counter({ name: 'app_requests_total', help: 'requests', registers: [registry] });
    mine.inc(3);
    const sim = createSimulator({ seed: 2 });
    const ex = createPrometheusExporter({ simulator: sim, registry });
    expect(ex.registry).toBe(registry);
    ex.update(T0);
    const text = await registry.metrics();
    expect(text).toContain('app_requests_total 3');
    expect(text).toContain('rmf_cpu_utilization_percent{sysplex="SYSPLEX01",lpar="PROD01",cpu_type="general_purpose"} ');
    const count = registry.getMetricsAsArray().length;
    expect(() => createPrometheusExporter({ simulator: sim, registry })).toThrow(expect.objectContaining({ code: 'ERR_RMF_CONFIG', issues: [expect.objectContaining({ path: ['registry'] })] }));
    // a failed registration leaves the registry as it was
    expect(registry.getMetricsAsArray()).toHaveLength(count);
    expect(() => createPrometheusExporter({ simulator: sim, registry, register: false })).not.toThrow();
    ex.unregister();
    expect(registry.getMetricsAsArray().map((m) => m.name)).toEqual(['app_requests_total']);
  });

  it('works in an OpenMetrics prom-client registry', async () => {
    const registry = new Registry<RegistryContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const sim = createSimulator({ seed: 2 });
    const ex = createPrometheusExporter({ simulator: sim, registry });
    ex.update(T0);
    ex.recordStorageOperation('memory', 'write', 1);
    const parsed = parseExposition(await registry.metrics());
    expect(parsed.eof).toBe(true);
    expect(parsed.samples.find((s) => s.name === 'rmf_storage_operations_total')?.value).toBe(1);
    expect(parsed.families.get('rmf_storage_operations')?.type).toBe('counter');
    registry.resetMetrics();
    expect(parseExposition(ex.render()).samples.find((s) => s.name === 'rmf_storage_operations_total')?.value).toBe(0);
  });

  it('validates its options with a ConfigError naming the path of each problem, like every other options object', () => {
    const sim = createSimulator({ seed: 1 });
    const issuesOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        const err = e as { code: string; name: string; issues: { path: (string | number)[]; message: string }[] };
        expect(err.code).toBe('ERR_RMF_CONFIG');
        expect(err.name).toBe('ConfigError');
        return err.issues.map((i) => i.path.join('.'));
      }
      throw new Error('expected a ConfigError');
    };
    expect(issuesOf(() => createPrometheusExporter(undefined as never))).toEqual(['']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: {} as never }))).toEqual(['simulator']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, naming: 'x' as never }))).toEqual(['naming']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, maxCatchUpIntervals: -1 }))).toEqual(['maxCatchUpIntervals']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, clock: {} as never }))).toEqual(['clock']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, clock: { now: () => 0 }, speed: 0 }))).toEqual(['speed']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, clock: { now: () => 0 }, start: 'yesterday' }))).toEqual(['start']);
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, registry: {} as never }))).toEqual(['registry']);
    // every problem at once
    expect(issuesOf(() => createPrometheusExporter({ simulator: sim, naming: 'x' as never, maxCatchUpIntervals: 1.5, registry: {} as never }))).toEqual(['naming', 'maxCatchUpIntervals', 'registry']);
    // a bad argument of a method is still ERR_RMF_ARGUMENT
    expect(() => createPrometheusExporter({ simulator: sim }).render('json' as never)).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
    expect(createPrometheusExporter({ simulator: sim }).contentType('openmetrics')).toBe(Registry.OPENMETRICS_CONTENT_TYPE);
    expect(createPrometheusExporter({ simulator: sim }).contentType()).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
  });
});
