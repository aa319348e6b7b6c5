/**
 * A real Prometheus for the tests (Debian's package, installed by `scripts/services/prometheus.mjs`): started on a
 * free port with a temporary configuration, either scraping targets or reading a TSDB that `promtool tsdb
 * create-blocks-from openmetrics` wrote (backfilled history). Readiness is polled, never slept for.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `fn` every `everyMs` until it returns a value other than undefined, for at most `timeoutMs`. Never a fixed sleep. */
export async function poll<T>(fn: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** One series of an instant query. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** One series of a range query. */
export interface MatrixSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

/** A running Prometheus. */
export interface RunningPrometheus {
  url: string;
  /** Instant query (`/api/v1/query`); throws with Prometheus' error for an expression that does not parse. */
  query(q: string, time?: number): Promise<VectorSample[]>;
  /** Range query (`/api/v1/query_range`), times in epoch ms. */
  queryRange(q: string, fromMs: number, toMs: number, stepMs: number): Promise<MatrixSeries[]>;
  /** The scrape targets' health and last error. */
  targets(): Promise<{ health: string; lastError: string; scrapeUrl: string }[]>;
  /** Stops it (SIGTERM, then SIGKILL after 10 s) and removes its temporary folder. */
  stop(): Promise<void>;
}

/** Options of {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** Path of the `prometheus` binary. */
  binary: string;
  /** The configuration file's text (YAML). @default no scrape targets */
  config?: string;
  /** An existing TSDB folder to read (backfilled blocks); it is used in place. @default a new temporary one */
  tsdb?: string;
}

/** Starts a real Prometheus on a free port. Retention is unlimited in practice (data of any age stays queryable). */
export async function startPrometheus({ binary, config = 'global:\n  scrape_interval: 15s\n', tsdb }: StartPrometheusOptions): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'rmf-prom-'));
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const args = [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${tsdb ?? join(dir, 'data')}`,
    // backfilled history is older than the default 15 days of retention
    '--storage.tsdb.retention.time=100y',
    `--web.listen-address=127.0.0.1:${port}`,
    '--query.lookback-delta=2m',
    '--log.level=warn',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
      if ((await Promise.race([exited, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr}`);
        const r = await fetch(`${url}/-/ready`);
        return r.ok ? true : undefined;
      },
      60_000,
      'prometheus /-/ready',
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const api = async <T>(path: string, params: Record<string, string>): Promise<T> => {
    const r = await fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
    const body = (await r.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${params.query}: ${body.error}`);
    return body.data;
  };
  return {
    url,
    async query(q, time) {
      return (await api<{ result: VectorSample[] }>('/api/v1/query', { query: q, ...(time === undefined ? {} : { time: String(time / 1000) }) })).result;
    },
    async queryRange(q, fromMs, toMs, stepMs) {
      return (await api<{ result: MatrixSeries[] }>('/api/v1/query_range', { query: q, start: String(fromMs / 1000), end: String(toMs / 1000), step: `${stepMs / 1000}s` })).result;
    },
    async targets() {
      const r = await fetch(`${url}/api/v1/targets`);
      return ((await r.json()) as { data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] } }).data.activeTargets;
    },
    stop,
  };
}

/**
 * Writes TSDB blocks from an OpenMetrics file (`promtool tsdb create-blocks-from openmetrics`); throws with
 * promtool's output when it fails.
 */
export function promtoolBackfill(promtool: string, openMetricsFile: string, tsdb: string): string {
  const r = spawnSync(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=336h', openMetricsFile, tsdb], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed (${r.status}): ${output.slice(-2000)}`);
  return output;
}

/** `promtool check metrics` on a text exposition: exit status and what it printed. */
export function promtoolCheck(promtool: string, text: string): { status: number | null; output: string } {
  const r = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** A configuration that scrapes one target every second (`job_name` rmf). */
export function scrapeConfig(target: string, metricsPath = '/metrics'): string {
  return ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: rmf', `    metrics_path: ${metricsPath}`, '    static_configs:', `      - targets: ['${target}']`, ''].join('\n');
}

/** `promtool check rules` on a rules file: exit status and output. */
export function promtoolCheckRules(promtool: string, file: string): { status: number | null; output: string } {
  const r = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
