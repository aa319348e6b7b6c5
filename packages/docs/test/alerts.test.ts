/**
 * The alert rules of docs/prometheus/alerts.yml against ground truth: a simulated fortnight (a quiet week, the
 * baseline of the rules that compare with last week, then a week with an incident of every kind) is written as the
 * Prometheus exporter's OpenMetrics output with timestamps, backfilled into a TSDB by `promtool tsdb
 * create-blocks-from openmetrics`, and read by a real Prometheus. Every rule's expression is evaluated over the
 * incident week (a range query at the rules' 1-minute evaluation interval, with `for` applied as Prometheus applies
 * it) and the firing alerts are compared with `sim.incidents()`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulator, metricCatalog, type IncidentType } from '@rmf-sim/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firings, parseAlertRules, sampleFilter, scoreAlerts, selectorsOf, type AlertScore, type Firing } from '../src/alerts.js';
import { writeOpenMetricsHistory } from '../src/backfill.js';
import { promtoolBackfill, promtoolCheckRules, startPrometheus, type RunningPrometheus } from '@rmf-sim/test-utils';
import { BASELINE_FROM, WEEK_FROM, WEEK_SEED, WEEK_TO, weekScenario } from '../src/scenario.js';

const root = new URL('../../..', import.meta.url).pathname;
const RULES = join(root, 'docs/prometheus/alerts.yml');
const rules = parseAlertRules(readFileSync(RULES, 'utf8'));
const STEP = 60_000;
const sim = createSimulator({ seed: WEEK_SEED, scenario: [...weekScenario] });
const ALL_KINDS: IncidentType[] = ['cpuLoop', 'runawayBatch', 'storageShortage', 'cacheWritePending', 'channelPathFailure', 'hostPortFailure', 'mpbHotSpot', 'hotVolume', 'monthEndSurge', 'softCapping', 'discretionaryHog', 'enqContention'];

let bins: { prometheus?: string; promtool?: string };
let dir: string;
let prometheus: RunningPrometheus | undefined;
let score: AlertScore;
const fired: Firing[] = [];

beforeAll(async () => {
  const svc = (await import(new URL('../../../scripts/services/prometheus.mjs', import.meta.url).href)) as { ensure(): Promise<string>; binaries(): { prometheus?: string; promtool?: string } };
  await svc.ensure();
  bins = svc.binaries();
  dir = mkdtempSync(join(tmpdir(), 'rmf-docs-alerts-'));
  const known = new Set(metricCatalog.map((m) => m.name));
  const filter = sampleFilter(rules.flatMap((r) => selectorsOf(r.expr, known)));
  const history = writeOpenMetricsHistory(sim, join(dir, 'history.om'), { from: BASELINE_FROM, to: WEEK_TO, stepMs: STEP, filter });
  console.log(`backfill: ${history.steps} steps, ${history.lines.toLocaleString('en-US')} samples`);
  promtoolBackfill(bins.promtool!, join(dir, 'history.om'), join(dir, 'tsdb'));
  rmSync(join(dir, 'history.om'));
  prometheus = await startPrometheus({ binary: bins.prometheus!, tsdb: join(dir, 'tsdb') });
  const from = Date.parse(WEEK_FROM) + STEP;
  const to = Date.parse(WEEK_TO);
  for (const rule of rules) fired.push(...firings(rule, await prometheus.queryRange(rule.expr, from, to, STEP), STEP));
  score = scoreAlerts(fired, sim.incidents(), { detectWithinMs: 25 * 60_000 });
  const min = (ms: number) => `${Math.round(ms / 60_000)} min`;
  for (const d of score.detections) console.log(`${d.incident.type.padEnd(19)} ${d.firing ? `${d.firing.alert} after ${min(d.delayMs!)} (allowed ${min(d.allowedMs)})` : `MISSED (allowed ${min(d.allowedMs)})`}`);
  for (const f of score.falsePositives) console.log(`false positive: ${f.alert} ${JSON.stringify(f.labels)} ${new Date(f.fromMs).toISOString()} … ${new Date(f.toMs).toISOString()}`);
  console.log(`alerts: ${fired.length} firings, precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}`);
}, 1_200_000);

afterAll(async () => {
  await prometheus?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('alert rules checked against ground truth', () => {
  it('pass promtool check rules, and every rule names the incident kinds it detects', () => {
    const check = promtoolCheckRules(bins.promtool!, RULES);
    expect(check.status, check.output).toBe(0);
    expect(check.output).toContain(`SUCCESS: ${rules.length} rules found`);
    for (const r of rules) for (const k of r.kinds) expect(ALL_KINDS, `${r.alert}: ${k}`).toContain(k);
  });

  it('cover every incident kind of core, and the scenario has one incident of each', () => {
    const covered = new Set(rules.flatMap((r) => r.kinds));
    expect([...covered].sort()).toEqual([...ALL_KINDS].sort());
    expect(sim.incidents().map((i) => i.type).sort()).toEqual([...ALL_KINDS].sort());
  });

  it('the importance 1–2 selector of the goal rule is the default WLM policy’s', () => {
    const important = sim.topology.serviceClasses.flatMap((sc) => {
      const periods = sc.periods?.length ? sc.periods : [{ importance: sc.importance, goal: sc.goal }];
      return periods.map((p, i) => ({ name: sc.name, period: String(i + 1), importance: p.importance ?? sc.importance, goal: p.goal?.kind ?? sc.goal.kind }));
    });
    const wanted = important.filter((p) => p.importance <= 2 && p.goal !== 'system' && p.goal !== 'discretionary');
    expect(wanted.every((p) => p.period === '1')).toBe(true);
    const expr = rules.find((r) => r.alert === 'RmfImportantGoalMissed')!.expr;
    const regex = /service_class=~"([^"]+)"/.exec(expr)![1]!;
    expect(regex.split('|').sort()).toEqual(wanted.map((p) => p.name).sort());
  });

  it('detect every incident within its onset plus 25 minutes (recall 1)', () => {
    expect(score.detections.filter((d) => !d.firing).map((d) => d.incident.id)).toEqual([]);
    expect(score.recall).toBe(1);
  });

  it('fire only inside incident windows (precision 1)', () => {
    expect(score.falsePositives.map((f) => `${f.alert} ${JSON.stringify(f.labels)} at ${new Date(f.fromMs).toISOString()}`)).toEqual([]);
    expect(score.precision).toBe(1);
    expect(fired.length).toBeGreaterThanOrEqual(sim.incidents().length);
  });

  it('are quiet in the quiet baseline week too (rules without offset, evaluated there)', async () => {
    const from = Date.parse(BASELINE_FROM) + 2 * 3_600_000;
    const to = Date.parse(WEEK_FROM);
    const quiet: string[] = [];
    for (const rule of rules.filter((r) => !r.expr.includes('offset'))) {
      for (const f of firings(rule, await prometheus!.queryRange(rule.expr, from, to, STEP), STEP)) quiet.push(`${f.alert} ${JSON.stringify(f.labels)} at ${new Date(f.fromMs).toISOString()}`);
    }
    expect(quiet).toEqual([]);
  });
});
