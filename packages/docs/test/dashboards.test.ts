/**
 * Every Grafana dashboard of docs/grafana/dashboards against a real Prometheus scraping the exporter (both
 * namings) with the documented scrape configuration (docs/prometheus/prometheus.yml, pointed at the exporter and
 * scraping every second): each template variable's `label_values` query returns values, and each panel expression,
 * with the variables substituted as Grafana would (a single value, or every value joined by `|`), parses and
 * returns data.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { createPrometheusExporter, startExporter, type ExporterServer } from '@rmf-sim/exporter-prometheus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { dashboardExpressions, type GrafanaDashboard } from '../src/dashboards.js';
import { poll, startPrometheus, type RunningPrometheus } from '@rmf-sim/test-utils';

const root = new URL('../../..', import.meta.url).pathname;
const DIR = join(root, 'docs/grafana/dashboards');
const boards = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as GrafanaDashboard);

let server: ExporterServer | undefined;
let prometheus: RunningPrometheus | undefined;

beforeAll(async () => {
  const svc = (await import(new URL('../../../scripts/services/prometheus.mjs', import.meta.url).href)) as { ensure(): Promise<string>; binaries(): { prometheus?: string } };
  await svc.ensure();
  // pull mode at 60x: every scrape a second later sees four new 15 s intervals (histogram counters grow)
  const exporter = createPrometheusExporter({ simulator: createSimulator({ seed: 42 }), naming: 'both', clock: systemClock, speed: 60, start: '2026-01-05T09:00:00Z' });
  server = await startExporter({ exporter, port: 0 });
  const config = parse(readFileSync(join(root, 'docs/prometheus/prometheus.yml'), 'utf8')) as { global: Record<string, string>; rule_files: string[]; scrape_configs: { static_configs: { targets: string[] }[] }[] };
  config.global.scrape_interval = '1s';
  config.global.evaluation_interval = '1s';
  config.rule_files = config.rule_files.map((f) => join(root, 'docs/prometheus', f));
  config.scrape_configs[0]!.static_configs[0]!.targets = [`127.0.0.1:${server.port}`];
  prometheus = await startPrometheus({ binary: svc.binaries().prometheus!, config: stringify(config) });
  // rate() needs two scrapes of the histogram counters
  await poll(async () => ((await prometheus!.query('count_over_time(up{job="rmf-sim"}[1m]) >= 3')).length ? true : undefined), 60_000, 'three scrapes of the exporter');
}, 900_000);

afterAll(async () => {
  await prometheus?.stop();
  await server?.stop();
});

/** The values of a Grafana `label_values(selector, label)` query, through Prometheus' series API. */
async function labelValues(query: string): Promise<string[]> {
  const m = /^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(query.trim());
  if (!m) throw new Error(`not a label_values query: ${query}`);
  const r = await fetch(`${prometheus!.url}/api/v1/series?${new URLSearchParams({ 'match[]': m[1]! })}`);
  const body = (await r.json()) as { status: string; data: Record<string, string>[]; error?: string };
  if (body.status !== 'success') throw new Error(`${query}: ${body.error}`);
  return [...new Set(body.data.map((s) => s[m[2]!]).filter((v): v is string => v !== undefined))].sort();
}

interface Variable {
  name: string;
  type: string;
  multi?: boolean;
  query?: { query: string };
}

/** Substitutes Grafana variables as a dashboard user with every value selected would get them. */
function substitute(expr: string, values: ReadonlyMap<string, string>): string {
  return expr.replace(/\$(__rate_interval|__interval|[a-zA-Z_][a-zA-Z0-9_]*)|\$\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (all, a: string | undefined, b: string | undefined) => {
    const name = a ?? b!;
    if (name === '__rate_interval') return '1m';
    if (name === '__interval') return '15s';
    const v = values.get(name);
    if (v === undefined) throw new Error(`unknown variable ${all} in ${expr}`);
    return v;
  });
}

const resolved = new Map<string, Promise<Map<string, string>>>();

/** The values of a dashboard's variables, in order (each query may use the ones before it); an empty one throws. */
function variables(board: GrafanaDashboard): Promise<Map<string, string>> {
  let p = resolved.get(board.uid);
  if (!p) {
    p = (async () => {
      const values = new Map<string, string>();
      for (const v of (board.templating as { list: Variable[] }).list) {
        if (v.type !== 'query') continue;
        const found = await labelValues(substitute(v.query!.query, values));
        if (found.length === 0) throw new Error(`${board.uid}: $${v.name} (${v.query!.query}) has no values`);
        values.set(v.name, v.multi ? found.join('|') : found[0]!);
      }
      return values;
    })();
    resolved.set(board.uid, p);
  }
  return p;
}

describe.each(boards.map((b) => [b.uid, b] as const))('dashboard %s', (_uid, board) => {
  it('has template variables whose label_values queries return values', async () => {
    const values = await variables(board);
    expect(values.size).toBe((board.templating as { list: Variable[] }).list.filter((v) => v.type === 'query').length);
  });

  it('has panels whose every PromQL expression parses and returns data', async () => {
    const values = await variables(board);
    const exprs = dashboardExpressions(board);
    expect(exprs.length).toBeGreaterThan(0);
    const empty: string[] = [];
    for (const { where, expr } of exprs) {
      const q = substitute(expr, values);
      const result = await poll(async () => {
        const r = await prometheus!.query(q);
        return r.length > 0 && r.some((s) => Number.isFinite(Number(s.value[1]))) ? r : undefined;
      }, 10_000, q).catch(() => []);
      if (result.length === 0) empty.push(`${where}: ${q}`);
    }
    expect(empty).toEqual([]);
  }, 300_000);
});

it('every dashboard JSON is a Grafana dashboard with unique uid, panel ids and grid positions inside 24 columns', () => {
  expect(new Set(boards.map((b) => b.uid)).size).toBe(boards.length);
  for (const b of boards) {
    const ids = b.panels.map((p) => p.id);
    expect(new Set(ids).size, b.uid).toBe(ids.length);
    for (const p of b.panels) {
      const g = p.gridPos as { x: number; w: number };
      expect(g.x + g.w, `${b.uid} ${String(p.title)}`).toBeLessThanOrEqual(24);
    }
  }
});
