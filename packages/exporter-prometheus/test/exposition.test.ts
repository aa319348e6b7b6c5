import { describe, expect, it } from 'vitest';
import { createSimulator, getMetric, metricCatalog, type Sample } from '@rmf-sim/core';
import { renderExposition } from '../src/index.js';
import { key, parseExposition, T0 } from './helpers.js';

const sim = createSimulator({ seed: 42 });
const samples = sim.samples(T0);

function byKey(text: string) {
  return new Map(parseExposition(text).samples.map((s) => [key(s.name, s.labels), s]));
}

describe('renderExposition (pure)', () => {
  it("exports every sample with core's value, name and labels (naming 'rmf')", () => {
    const text = renderExposition(samples);
    const parsed = parseExposition(text);
    expect(parsed.samples).toHaveLength(samples.length);
    const got = byKey(text);
    for (const s of samples) expect(got.get(key(s.metric, s.labels))?.value).toBe(s.value);
    expect(parsed.eof).toBe(false);
  });

  it('is pure: the same samples give the same text, and a fresh simulator with the same seed too', () => {
    const a = renderExposition(samples, { naming: 'both', format: 'openmetrics' });
    expect(renderExposition(samples, { naming: 'both', format: 'openmetrics' })).toBe(a);
    expect(renderExposition(createSimulator({ seed: 42 }).samples(T0), { naming: 'both', format: 'openmetrics' })).toBe(a);
    expect(renderExposition(sim.samples(T0 + 15_000), { naming: 'both', format: 'openmetrics' })).not.toBe(a);
  });

  it('declares every catalogue metric with its type, and the predecessor names with their label sets', () => {
    const { families, samples: lines } = parseExposition(renderExposition(samples));
    for (const def of metricCatalog) {
      expect(families.get(def.name)?.type, def.name).toBe(def.type);
      expect(families.get(def.name)?.help).toBe(def.help);
      const labelsOf = lines.filter((l) => getMetric(l.name)?.name === def.name).map((l) => Object.keys(l.labels).filter((k) => k !== 'le'));
      expect(labelsOf.length, def.name).toBeGreaterThan(0);
      for (const names of labelsOf) expect(names).toEqual(def.labels);
    }
    expect(families.get('rmf_cpu_utilization_percent')?.type).toBe('gauge');
    expect(families.get('rmf_ldev_response_time_seconds')?.type).toBe('histogram');
    expect(families.get('rmf_clpr_service_time_microseconds')?.type).toBe('histogram');
  });

  it('renders histograms as Prometheus histograms: cumulative buckets 1 ms – 1 s, +Inf = _count', () => {
    const { samples: lines } = parseExposition(renderExposition(samples));
    const buckets = lines.filter((l) => l.name === 'rmf_ldev_response_time_seconds_bucket' && l.labels.lpar === 'PROD01' && l.labels.device_type === '3390-9');
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.001', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '+Inf']);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
    const count = lines.find((l) => l.name === 'rmf_ldev_response_time_seconds_count' && l.labels.lpar === 'PROD01' && l.labels.device_type === '3390-9');
    expect(count?.value).toBe(buckets.at(-1)!.value);
  });

  it("groups each family's lines together, whatever the order of the samples", () => {
    const shuffled = [...samples].reverse();
    const text = renderExposition(shuffled);
    const names: string[] = [];
    for (const l of text.split('\n')) {
      const m = /^# TYPE (\S+)/.exec(l);
      if (m) names.push(m[1]!);
    }
    expect(new Set(names).size).toBe(names.length);
    // within a family, lines stay in the order given
    expect(byKey(text)).toEqual(byKey(renderExposition(samples)));
  });

  it("naming 'ibm' uses IBM's mvs_* names where the catalogue has one and keeps rmf_* for the rest", () => {
    const text = renderExposition(samples, { naming: 'ibm' });
    const { families, samples: lines } = parseExposition(text);
    expect(families.has('rmf_lpar_msu_actual')).toBe(false);
    expect(families.get('mvs_lpar_actual_msu_h')?.type).toBe('gauge');
    expect(families.has('rmf_cpu_utilization_percent')).toBe(true);
    const prod01 = samples.find((s) => s.metric === 'rmf_lpar_msu_actual' && s.labels.lpar === 'PROD01')!;
    const mvs = lines.find((l) => l.name === 'mvs_lpar_actual_msu_h' && l.labels.lpar_name === 'PROD01');
    expect(mvs).toEqual({ name: 'mvs_lpar_actual_msu_h', labels: { sysplex: 'SYSPLEX01', cpc_id: 'CPC1', lpar_name: 'PROD01', line_type: 'CP' }, value: prod01.value });
    // frames are 4 KiB
    const real = samples.find((s) => s.metric === 'rmf_memory_real_capacity_bytes' && s.labels.lpar === 'PROD01')!;
    expect(lines.find((l) => l.name === 'mvs_system_storage_real_storage_frames' && l.labels.sysname === 'PROD01')?.value).toBe(real.value / 4096);
    // each delay reason IBM names goes to its own IBM name, as a WLM group (a service class) on a system; the reason
    // IBM's exporter has no name for (capping) keeps ours: nothing is lost
    const delays = samples.filter((s) => s.metric === 'rmf_wlm_delay_percent');
    const kept = lines.filter((l) => l.name === 'rmf_wlm_delay_percent');
    expect(new Set(kept.map((l) => l.labels.reason))).toEqual(new Set(['capping']));
    expect(kept).toHaveLength(delays.filter((d) => d.labels.reason === 'capping').length);
    for (const [reason, name] of [['cpu', 'mvs_wlm_group_delay_proc_percent'], ['io', 'mvs_wlm_group_delay_dev_percent'], ['storage', 'mvs_wlm_group_delay_stor_percent']] as const) {
      const ours = delays.filter((d) => d.labels.reason === reason);
      const theirs = lines.filter((l) => l.name === name);
      expect(theirs).toHaveLength(ours.length);
      const one = ours.find((d) => d.labels.lpar === 'PROD01' && d.labels.service_class === 'CICSHI')!;
      expect(theirs.find((l) => l.labels.sysname === 'PROD01' && l.labels.group_name === 'CICSHI')).toEqual({ name, labels: { sysplex: 'SYSPLEX01', sysname: 'PROD01', group_name: 'CICSHI', period: '1', group_type: 'S' }, value: one.value });
    }
    expect(lines.filter((l) => l.name.startsWith('mvs_cf_processor_utilization_percent'))).toHaveLength(samples.filter((s) => s.metric === 'rmf_cf_processor_utilization_percent').length);
  });

  it("naming 'both' exports every rmf_* series plus the mvs_* copies", () => {
    const rmf = parseExposition(renderExposition(samples)).samples;
    const both = parseExposition(renderExposition(samples, { naming: 'both' })).samples;
    const mvs = both.filter((l) => l.name.startsWith('mvs_'));
    expect(both).toHaveLength(rmf.length + mvs.length);
    expect(new Set(mvs.map((l) => l.name))).toEqual(new Set(metricCatalog.flatMap((d) => d.ibm.map((x) => x.name))));
    expect(both.filter((l) => l.name.startsWith('rmf_'))).toEqual(rmf);
  });

  it('OpenMetrics: TYPE, UNIT where the name ends in the unit, HELP, and # EOF at the end', () => {
    const text = renderExposition(samples, { format: 'openmetrics' });
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    const { families, samples: lines, eof } = parseExposition(text);
    expect(eof).toBe(true);
    expect(lines).toHaveLength(samples.length);
    expect(families.get('rmf_cpu_utilization_percent')).toMatchObject({ type: 'gauge', unit: 'percent' });
    expect(families.get('rmf_memory_usage_bytes')).toMatchObject({ type: 'gauge', unit: 'bytes' });
    expect(families.get('rmf_ldev_response_time_seconds')).toMatchObject({ type: 'histogram', unit: 'seconds' });
    expect(families.get('rmf_clpr_service_time_microseconds')).toMatchObject({ type: 'histogram', unit: 'microseconds' });
    // units that the name does not carry are left out (OpenMetrics requires the suffix)
    expect(families.get('rmf_storage_page_in_rate')?.unit).toBeUndefined();
    expect(families.get('rmf_lpar_msu_actual')?.unit).toBeUndefined();
    for (const [name, f] of families) if (f.unit) expect(name.endsWith(`_${f.unit}`)).toBe(true);
    // TYPE comes first in each family
    expect(text.startsWith('# TYPE rmf_cpu_utilization_percent gauge\n# UNIT rmf_cpu_utilization_percent percent\n# HELP ')).toBe(true);
    expect(renderExposition([], { format: 'openmetrics' })).toBe('# EOF\n');
    expect(renderExposition([])).toBe('');
  });

  it('writes the interval end on each line with timestamps: true (ms in Prometheus, s in OpenMetrics)', () => {
    const prom = parseExposition(renderExposition(samples, { timestamps: true })).samples;
    expect(new Set(prom.map((s) => s.timestamp))).toEqual(new Set([T0]));
    const om = parseExposition(renderExposition(samples, { timestamps: true, format: 'openmetrics' })).samples;
    expect(new Set(om.map((s) => s.timestamp))).toEqual(new Set([T0 / 1000]));
    expect(parseExposition(renderExposition(samples)).samples[0]!.timestamp).toBeUndefined();
  });

  it('escapes label values and help text, and formats special values', () => {
    const labels = Object.freeze({ path: 'C:\\dir\\"x"\nnext', plain: 'ok' });
    const own: Sample[] = [
      { timestamp: T0, metric: 'custom_metric', labels, value: NaN },
      { timestamp: T0, metric: 'custom_metric', labels: Object.freeze({ path: 'b', plain: 'ok' }), value: Infinity },
      { timestamp: T0, metric: 'custom_metric', labels: Object.freeze({ path: 'c', plain: 'ok' }), value: -Infinity },
    ];
    const text = renderExposition(own);
    expect(text).toContain('custom_metric{path="C:\\\\dir\\\\\\"x\\"\\nnext",plain="ok"} NaN\n');
    expect(text).toContain('custom_metric{path="b",plain="ok"} +Inf\n');
    expect(text).toContain('custom_metric{path="c",plain="ok"} -Inf\n');
    expect(text).toContain('# TYPE custom_metric untyped\n');
    expect(renderExposition(own, { format: 'openmetrics' })).toContain('# TYPE custom_metric unknown\n');
    const parsed = parseExposition(text).samples;
    expect(parsed[0]!.labels.path).toBe(labels.path);
  });

  it('reuses the compiled layout for the same simulator and recompiles for other series', () => {
    const shard = createSimulator({ seed: 42, shard: { index: 1, count: 3 } });
    const a = renderExposition(shard.samples(T0));
    expect(parseExposition(a).samples).toHaveLength(shard.series.length);
    // same first labels object, other series: must not use the cached layout blindly
    const cut = samples.slice(0, 10);
    expect(parseExposition(renderExposition(cut)).samples).toHaveLength(10);
    expect(parseExposition(renderExposition(samples)).samples).toHaveLength(samples.length);
  });

  it('rejects bad options with a ConfigError naming each, and samples that are not an array with ERR_RMF_ARGUMENT', () => {
    expect(() => renderExposition(samples, { naming: 'x' as never })).toThrow(expect.objectContaining({ code: 'ERR_RMF_CONFIG', issues: [expect.objectContaining({ path: ['naming'] })] }));
    expect(() => renderExposition(samples, { format: 'json' as never })).toThrow(expect.objectContaining({ code: 'ERR_RMF_CONFIG', issues: [expect.objectContaining({ path: ['format'] })] }));
    expect(() => renderExposition(samples, { naming: 'x' as never, format: 'json' as never, timestamps: 'yes' as never })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: ['naming'] }), expect.objectContaining({ path: ['timestamps'] }), expect.objectContaining({ path: ['format'] })] }),
    );
    expect(() => renderExposition('x' as never)).toThrow(expect.objectContaining({ code: 'ERR_RMF_ARGUMENT' }));
  });
});
