/**
 * `/metrics/m3`: IBM's DDS OpenMetrics names and labels, rendered by `@rmf-sim/exporter-prometheus` (naming
 * `'ibm'`) from the averages of a MINTIME window, with IBM's `groups=` selection.
 * @module
 */
import { getMetric, JOB_LABELS, jobMetrics, type JobSample, type Sample } from '@rmf-sim/core';
import { formatValue, renderExposition, type ExpositionFormat } from '@rmf-sim/exporter-prometheus';

/**
 * The `groups=` name of an IBM metric name (the catalogue does not declare IBM's groups: derived here, in this one
 * place, as the plural of the name's second part; a candidate for core's `IbmMetric`): `mvs_cpc_capacity_msu_h` → `cpcs`, `mvs_wlm_…` → `wlm`. */
export function groupOf(ibmName: string): string {
  const part = ibmName.split('_')[1] ?? '';
  return part === 'wlm' || part === 'rmf' ? part : `${part}s`;
}

/** The groups the catalogue's IBM names fall into. */
export function m3Groups(names: readonly string[]): string[] {
  return [...new Set(names.map(groupOf))].sort();
}

const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** IBM's `mvs_job_*` families of the window's jobs (core's `jobSamples`), labels renamed to IBM's. */
export function renderJobs(jobs: readonly JobSample[]): string {
  let out = '';
  for (const m of jobMetrics) {
    const mine = jobs.filter((j) => j.metric === m.name);
    if (mine.length === 0) continue;
    out += `# HELP ${m.ibm} ${m.help}\n# TYPE ${m.ibm} gauge\n`;
    for (const j of mine) {
      const labels = (Object.keys(JOB_LABELS) as (keyof typeof JOB_LABELS)[]).map((k) => `${JOB_LABELS[k]}="${escape(j.labels[k])}"`).join(',');
      out += `${m.ibm}{${labels}} ${formatValue(j.value)}\n`;
    }
  }
  return out;
}

/**
 * Renders the window's samples under IBM's names only (families without an IBM name are left out), restricted to
 * `groups` when given, with `mvs_rmf_m3_mintime`.
 */
export function renderM3(samples: readonly Sample[], mintimeSeconds: number, format: ExpositionFormat, groups: ReadonlySet<string> | null, jobs: readonly JobSample[] = []): string {
  const selected = samples.filter((s) => {
    const ibm = getMetric(s.metric)?.ibm ?? [];
    return ibm.length > 0 && (groups === null || ibm.some((i) => groups.has(groupOf(i.name))));
  });
  const text = renderExposition(selected, { naming: 'ibm', format });
  let out = '';
  for (const line of text.split('\n')) {
    if (line === '' || line === '# EOF') continue;
    const name = line.startsWith('#') ? line.split(' ')[2]! : line.slice(0, line.search(/[{ ]/));
    // series the IBM name does not cover keep their rmf_* family under naming 'ibm': not part of /metrics/m3
    if (!name.startsWith('mvs_')) continue;
    if (groups !== null && !groups.has(groupOf(name))) continue;
    out += `${line}\n`;
  }
  if (jobs.length && (groups === null || groups.has('jobs'))) out += renderJobs(jobs);
  if (groups === null || groups.has('rmf')) {
    out += '# TYPE mvs_rmf_m3_mintime gauge\n';
    out += `mvs_rmf_m3_mintime ${formatValue(mintimeSeconds)}\n`;
  }
  return format === 'openmetrics' ? `${out}# EOF\n` : out;
}
