import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultTopology, type TopologyInput } from '@rmf-sim/core';
import { scrapeConfig, startPrometheus as startShared, type RunningPrometheus } from '@rmf-sim/test-utils';

export { poll, promtoolCheck, type RunningPrometheus } from '@rmf-sim/test-utils';

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

/** A real Prometheus scraping `target` every second (the shared helper of `@rmf-sim/test-utils`). */
export function startPrometheus(binary: string, target: string, metricsPath = '/metrics'): Promise<RunningPrometheus> {
  return startShared({ binary, config: scrapeConfig(target, metricsPath) });
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
