import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTopology, type TopologyInput } from '@rmf-sim/core';

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const root = join(pkgDir, '..', '..');
export const T0 = Date.parse('2026-01-05T09:00:00Z');

/**
 * The default sysplex scaled up: `lpars` LPARs (copies of the default four) and about `volumes` volumes.
 * 12 LPARs x 2,200 volumes give more than 100,000 series.
 */
export function bigTopology(lpars: number, volumes: number): TopologyInput {
  const base = defaultTopology;
  const lparList = Array.from({ length: lpars }, (_, i) => ({ ...base.lpars[i % base.lpars.length]!, name: `SYS${String(i + 1).padStart(2, '0')}` }));
  const names = lparList.map((l) => l.name);
  const serviceClasses = base.serviceClasses.map((sc) => ({ ...sc, systems: Object.fromEntries(names.map((n) => [n, 1])) }));
  // the default groups in their proportions, with one-letter prefixes (so 4-digit volser numbers fit)
  const total = base.volumeGroups.reduce((s, g) => s + g.count, 0);
  const volumeGroups = base.volumeGroups.map((g, i) => ({ ...g, prefix: 'SPXCLDUWT'[i]!, count: Math.max(1, Math.round((volumes * g.count) / total)) }));
  return { ...base, lpars: lparList, serviceClasses, volumeGroups };
}

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  timestamp?: number;
}

export interface ParsedFamily {
  type?: string;
  help?: string;
  unit?: string;
}

function unescapeLabel(s: string): string {
  return s.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseNumber(s: string): number {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  const n = Number(s);
  if (Number.isNaN(n)) throw new Error(`not a number: ${s}`);
  return n;
}

/** A small, strict parser of both text formats, for assertions (not a validator: promtool and Prometheus are). */
export function parseExposition(text: string): { families: Map<string, ParsedFamily>; samples: ParsedSample[]; eof: boolean } {
  const families = new Map<string, ParsedFamily>();
  const samples: ParsedSample[] = [];
  let eof = false;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (eof) throw new Error(`content after # EOF: ${line}`);
    if (line === '') continue; // the Prometheus text format allows empty lines (prom-client writes them)
    if (line === '# EOF') {
      eof = true;
      continue;
    }
    const meta = /^# (HELP|TYPE|UNIT) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (meta) {
      const f = families.get(meta[2]!) ?? {};
      const key = meta[1]!.toLowerCase() as 'help' | 'type' | 'unit';
      if (f[key] !== undefined) throw new Error(`second ${meta[1]} for ${meta[2]}`);
      f[key] = meta[3]!;
      families.set(meta[2]!, f);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)(?: (\S+))?$/.exec(line);
    if (!m) throw new Error(`unparsable line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    if (m[3]) {
      const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
      let lm: RegExpExecArray | null;
      let consumed = 0;
      while ((lm = re.exec(m[3])) !== null) {
        labels[lm[1]!] = unescapeLabel(lm[2]!);
        consumed = re.lastIndex;
        if (lm[3] === '') break;
      }
      if (consumed !== m[3].length) throw new Error(`bad label set in ${line}`);
    }
    samples.push({ name: m[1]!, labels, value: parseNumber(m[4]!), ...(m[5] ? { timestamp: Number(m[5]) } : {}) });
  }
  return { families, samples, eof };
}

/** Key of a sample: name and labels in a canonical order. */
export function key(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(',')}}`;
}

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

/** Polls `fn` until it returns a value other than undefined, at most `timeoutMs`. Never a fixed sleep. */
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

/** `promtool check metrics` on a text exposition: exit status and what it printed. */
export function promtoolCheck(promtool: string, text: string): { status: number | null; output: string } {
  const r = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 120_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

export interface RunningPrometheus {
  url: string;
  /** Instant query through the HTTP API; the result vector. */
  query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The scrape targets' health and last error. */
  targets(): Promise<{ health: string; lastError: string; scrapeUrl: string }[]>;
  stop(): Promise<void>;
}

/** Starts a real Prometheus on a free port, with a temporary config and storage, scraping `target` every second. */
export async function startPrometheus(prometheus: string, target: string, metricsPath = '/metrics'): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'rmf-prom-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: rmf', `    metrics_path: ${metricsPath}`, '    static_configs:', `      - targets: ['${target}']`, ''].join('\n'),
  );
  const child: ChildProcess = spawn(
    prometheus,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
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
      30_000,
      'prometheus /-/ready',
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url,
    async query(q) {
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await r.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] }; error?: string };
      if (body.status !== 'success') throw new Error(`query ${q}: ${body.error}`);
      return body.data.result;
    },
    async targets() {
      const r = await fetch(`${url}/api/v1/targets`);
      const body = (await r.json()) as { data: { activeTargets: { health: string; lastError: string; scrapeUrl: string }[] } };
      return body.data.activeTargets;
    },
    stop,
  };
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds this package and core (turbo) when their dist is missing or older than the sources. */
export function ensureBuilt(): void {
  const coreDir = join(root, 'packages', 'core');
  const built = (dir: string) => (existsSync(join(dir, 'dist', 'index.js')) && existsSync(join(dir, 'dist', 'index.d.ts')) ? statSync(join(dir, 'dist', 'index.js')).mtimeMs : 0);
  const stale = (dir: string, srcs: string[]) => {
    const b = built(dir);
    return b === 0 || Math.max(...srcs.map((s) => newest(join(dir, s)))) > b;
  };
  if (stale(pkgDir, ['src', 'package.json']) || stale(coreDir, ['src', 'runtime', 'package.json'])) {
    execFileSync('npx', ['turbo', 'run', 'build', '--filter=@rmf-sim/exporter-prometheus...', '--output-logs=errors-only'], { cwd: root, stdio: 'pipe' });
  }
}
