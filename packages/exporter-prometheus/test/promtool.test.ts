/**
 * `promtool check metrics` (Prometheus 2.42 from Debian, installed by scripts/services/prometheus.mjs) on the
 * Prometheus text output of every naming mode, and on a topology of more than 100,000 series.
 *
 * promtool exits 0 when clean, 3 on lint findings, 1 when it cannot parse. Two kinds of names we must keep
 * break its naming lints: the predecessor's `rmf_clpr_service_time_microseconds` (kept unchanged, DOMAIN.md §1)
 * and IBM's own `mvs_*_msu_h` names (DOMAIN.md §3). The tests require that those are the only findings, and
 * that everything else passes with exit 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { createPrometheusExporter, type Naming } from '../src/index.js';
import { bigTopology, parseExposition, promtoolCheck, T0 } from './helpers.js';

/** The lint findings of names that are fixed by the predecessor, the catalogue or IBM. */
const KNOWN: Record<string, string> = {
  rmf_clpr_service_time_microseconds: 'rmf_clpr_service_time_microseconds use base unit "seconds" instead of "microseconds"',
  mvs_lpar_actual_msu_h: 'mvs_lpar_actual_msu_h metric names should not contain abbreviated units',
  mvs_cpc_capacity_msu_h: 'mvs_cpc_capacity_msu_h metric names should not contain abbreviated units',
  // IBM's own name of a gauge (frames available now) ends in _total
  mvs_system_storage_frames_available_total: 'mvs_system_storage_frames_available_total non-counter metrics should not have "_total" suffix',
};

/** The exposition without the families whose names promtool's lints dislike. */
function withoutKnown(text: string): string {
  const blocks = text.split(/(?=^# HELP )/m);
  return blocks.filter((b) => !Object.keys(KNOWN).some((n) => b.startsWith(`# HELP ${n} `))).join('');
}

let promtool = '';

beforeAll(async () => {
  const services = new URL('../../../scripts/services/prometheus.mjs', import.meta.url).href;
  const svc = (await import(services)) as { ensure(): Promise<string>; binaries(): { promtool?: string } };
  await svc.ensure();
  promtool = svc.binaries().promtool!;
}, 900_000);

function exposition(naming: Naming, topology?: ReturnType<typeof bigTopology>) {
  const sim = createSimulator({ seed: 42, ...(topology ? { topology } : {}) });
  const ex = createPrometheusExporter({ simulator: sim, naming });
  ex.update(T0);
  ex.update(T0 + 15_000);
  ex.recordStorageOperation('mysql', 'insert', 4265);
  ex.recordStorageOperation('s3 "archive"', 'put\\object', 1);
  return { sim, text: ex.render() };
}

describe('promtool check metrics', () => {
  for (const naming of ['rmf', 'ibm', 'both'] as const) {
    it(`accepts the '${naming}' exposition: no parse error, only the known naming lints; exit 0 without them`, () => {
      const { text } = exposition(naming);
      const r = promtoolCheck(promtool, text);
      expect(r.status, r.output).toBe(3);
      const findings = r.output.trim().split('\n').sort();
      const names = text.match(/^# TYPE (\S+)/gm)!.map((l) => l.slice(7).split(' ')[0]!);
      expect(findings).toEqual(names.filter((n) => KNOWN[n]).map((n) => KNOWN[n]!).sort());
      const clean = promtoolCheck(promtool, withoutKnown(text));
      expect(clean.output).toBe('');
      expect(clean.status).toBe(0);
    });
  }

  it('renders a topology of more than 100,000 series: one line per series, and promtool parses it', () => {
    const { sim, text } = exposition('rmf', bigTopology(12, 2200));
    expect(sim.series.length).toBeGreaterThanOrEqual(100_000);
    const { samples } = parseExposition(text);
    const simulated = samples.filter((s) => !/^rmf_(metrics_generated|simulation_duration|active_lpars|storage_operations)/.test(s.name));
    expect(simulated).toHaveLength(sim.series.length);
    const r = promtoolCheck(promtool, text);
    expect(r.status, r.output).toBe(3);
    expect(r.output.trim().split('\n').sort()).toEqual([KNOWN.rmf_clpr_service_time_microseconds]);
  }, 120_000);
});
