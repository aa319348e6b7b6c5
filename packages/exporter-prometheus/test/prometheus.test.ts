/**
 * A real Prometheus (Debian's 2.42, installed by scripts/services/prometheus.mjs) scrapes the exporter every
 * second; PromQL through its HTTP API must return the values core produced for that instant. Prometheus asks
 * for OpenMetrics first, so this also checks that Prometheus' own OpenMetrics parser accepts our output.
 * Readiness and results are polled with bounded loops, never a fixed sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Sample } from '@rmf-sim/core';
import { createPrometheusExporter, startExporter, type ExporterServer, type ExpositionFormat, type PrometheusExporter } from '../src/index.js';
import { poll, startPrometheus, T0, type RunningPrometheus } from './helpers.js';

const sim = createSimulator({ seed: 42 });
const STEP = sim.intervalMs;
let prometheus: RunningPrometheus | undefined;
let server: ExporterServer | undefined;
let exporter: PrometheusExporter;
const formats = new Set<ExpositionFormat>();

beforeAll(async () => {
  const services = new URL('../../../scripts/services/prometheus.mjs', import.meta.url).href;
  const svc = (await import(services)) as { ensure(): Promise<string>; binaries(): { prometheus?: string } };
  await svc.ensure();
  exporter = createPrometheusExporter({ simulator: sim, naming: 'both' });
  exporter.update(T0);
  // the same exporter, recording which format each scrape negotiated
  const spy: PrometheusExporter = Object.assign(Object.create(exporter) as PrometheusExporter, {
    scrape(format: ExpositionFormat = 'prometheus') {
      formats.add(format);
      return exporter.scrape(format);
    },
  });
  server = await startExporter({ exporter: spy, port: 0 });
  prometheus = await startPrometheus(svc.binaries().prometheus!, `127.0.0.1:${server.port}`);
}, 900_000);

afterAll(async () => {
  await prometheus?.stop();
  await server?.stop();
});

function core(metric: string, labels: Record<string, string>, t = T0): Sample {
  const s = sim.samples(t).find((x) => x.metric === metric && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  if (!s) throw new Error(`no sample ${metric} ${JSON.stringify(labels)}`);
  return s;
}

/**
 * Polls a PromQL query until it returns one series whose value satisfies `ready` (by default: until the series
 * exists). `ready` says when to look, never what to expect: assert on the value it returns.
 */
async function queryOne(q: string, ready: (v: number) => boolean = () => true): Promise<number> {
  return poll(
    async () => {
      const r = await prometheus!.query(q);
      if (r.length !== 1) return undefined;
      const v = Number(r[0]!.value[1]);
      return ready(v) ? v : undefined;
    },
    30_000,
    `PromQL ${q}`,
  );
}

// In order: the last test moves the exporter to the next interval.
describe('a real Prometheus scraping the exporter', { shuffle: false }, () => {
  it('is up, and scraped with OpenMetrics', async () => {
    const up = await queryOne('up{job="rmf"}').catch(async (e) => {
      throw new Error(`${String(e)}; targets: ${JSON.stringify(await prometheus!.targets())}`);
    });
    expect(up).toBe(1);
    expect([...formats]).toEqual(['openmetrics']);
  });

  it('returns core’s values for the instant, gauges and histograms, under rmf_* and mvs_* names', async () => {
    const gp = core('rmf_cpu_utilization_percent', { lpar: 'PROD01', cpu_type: 'general_purpose' });
    expect(await queryOne('rmf_cpu_utilization_percent{lpar="PROD01",cpu_type="general_purpose"}')).toBe(gp.value);
    const rt = core('rmf_volume_response_time_seconds', { volser: 'USR001', component: 'total' });
    expect(await queryOne('rmf_volume_response_time_seconds{volser="USR001",component="total"}')).toBe(rt.value);
    const msu = core('rmf_lpar_msu_actual', { lpar: 'BATCH01' });
    expect(await queryOne('mvs_lpar_actual_msu_h{lpar_name="BATCH01"}')).toBe(msu.value);
    expect(await queryOne('rmf_lpar_msu_actual{lpar="BATCH01"}')).toBe(msu.value);
    const count = core('rmf_ldev_response_time_seconds_count', { lpar: 'PROD01', device_type: '3390-27' });
    expect(await queryOne('rmf_ldev_response_time_seconds_count{lpar="PROD01",device_type="3390-27"}')).toBe(count.value);
    const bucket = core('rmf_ldev_response_time_seconds_bucket', { lpar: 'PROD01', device_type: '3390-27', le: '0.001' });
    expect(await queryOne('rmf_ldev_response_time_seconds_bucket{lpar="PROD01",device_type="3390-27",le="0.001"}')).toBe(bucket.value);
    expect(await queryOne('rmf_active_lpars')).toBe(4);
  });

  it('sees the histogram counters grow by core’s per-interval counts when the exporter moves on', async () => {
    const sel = '{lpar="PROD02",device_type="3390-9"}';
    const c1 = core('rmf_ldev_response_time_seconds_count', { lpar: 'PROD02', device_type: '3390-9' }).value;
    expect(await queryOne(`rmf_ldev_response_time_seconds_count${sel}`)).toBe(c1);
    exporter.update(T0 + STEP);
    exporter.recordStorageOperation('mysql', 'insert', 7);
    const c2 = core('rmf_ldev_response_time_seconds_count', { lpar: 'PROD02', device_type: '3390-9' }, T0 + STEP).value;
    const gp2 = core('rmf_cpu_utilization_percent', { lpar: 'PROD02', cpu_type: 'general_purpose' }, T0 + STEP).value;
    // wait for the first scrape after the update (the counter moved), then assert what that scrape carried: a scrape
    // is ingested atomically, so the gauge and the new storage counter are from the same one
    expect(await queryOne(`rmf_ldev_response_time_seconds_count${sel}`, (v) => v !== c1)).toBe(c1 + c2);
    expect(await queryOne('rmf_cpu_utilization_percent{lpar="PROD02",cpu_type="general_purpose"}')).toBe(gp2);
    expect(await queryOne('rmf_storage_operations_total{backend="mysql",operation="insert"}')).toBe(7);
    // the increase over the last two scrapes equals core's count of the second interval
    expect(await queryOne(`max_over_time(rmf_ldev_response_time_seconds_count${sel}[1h]) - min_over_time(rmf_ldev_response_time_seconds_count${sel}[1h])`)).toBe(c2);
  });
});
