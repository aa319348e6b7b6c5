/**
 * The docs' pictures, generated from the library so they stay true as the model changes: Vega-Lite specifications
 * whose data come from a simulator, rendered to SVG by Vega in Node (no browser, no native module).
 * `scripts/docs/plots.mjs` writes them to `docs/plots/`; a test fails when a committed one is stale.
 * @module
 */
import { createSimulator, type Incident, type Simulator } from '@rmf-sim/core';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One picture: its file name (without extension), what it shows (alt text) and its Vega-Lite specification. */
export interface Plot {
  name: string;
  alt: string;
  spec: TopLevelSpec;
}

type Row = Record<string, string | number>;

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Every `stepMs` of (from, to]: the samples of the given metrics as rows `{ t, metric, value, ...labels }`. */
function rows(sim: Simulator, from: string, to: string, stepMs: number, keep: (metric: string, labels: Readonly<Record<string, string>>) => boolean): Row[] {
  const out: Row[] = [];
  for (let t = Date.parse(from) + stepMs; t <= Date.parse(to); t += stepMs) {
    for (const s of sim.samples(t)) if (keep(s.metric, s.labels)) out.push({ t: iso(s.timestamp), metric: s.metric, value: s.value, ...s.labels });
  }
  return out;
}

/** Shaded time windows (the batch window, an incident) as a layer. */
function windows(data: { from: string; to: string; label: string }[], color = '#999') {
  return {
    data: { values: data },
    mark: { type: 'rect' as const, opacity: 0.12, color },
    encoding: { x: { field: 'from', type: 'temporal' as const }, x2: { field: 'to' } },
  };
}

function incidentWindow(i: Incident) {
  return windows([{ from: i.start, to: i.end, label: i.id }], '#d62728');
}

const WIDTH = 760;
const CONFIG = { font: 'sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 }, title: { fontSize: 14, anchor: 'start' as const } };

/** A simulated week of the default topology: GP utilization by LPAR with the batch window shaded, and the R4HA. */
export function weekPlots(seed = 42, from = '2026-01-05T00:00:00Z', to = '2026-01-12T00:00:00Z'): Plot[] {
  const sim = createSimulator({ seed });
  const step = 15 * 60_000;
  const data = rows(sim, from, to, step, (m, l) => (m === 'rmf_cpu_utilization_percent' && l.cpu_type === 'general_purpose') || m === 'rmf_lpar_msu_r4ha' || m === 'rmf_lpar_defined_capacity_msu' || m === 'rmf_lpar_msu_actual');
  const batch = sim.topology.lpars.find((l) => l.workload === 'batch');
  const [startHour, endHour] = batch?.peakHours?.[0] ?? [22, 5];
  const nights: { from: string; to: string; label: string }[] = [];
  for (let d = Date.parse(from) - 86_400_000; d < Date.parse(to); d += 86_400_000) {
    const a = d + startHour * HOUR;
    const b = d + (endHour < startHour ? 24 + endHour : endHour) * HOUR;
    nights.push({ from: iso(Math.max(a, Date.parse(from))), to: iso(Math.min(b, Date.parse(to))), label: 'batch window' });
  }
  const cpu: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'GP utilization by LPAR over a simulated week (seed 42, default topology)', subtitle: `Shaded: the batch window (${startHour}:00–${endHour}:00 UTC) of ${batch?.name ?? 'the batch LPAR'}; online LPARs peak mid-morning and mid-afternoon, weekends are quieter` },
    width: WIDTH,
    height: 300,
    config: CONFIG,
    layer: [
      windows(nights.filter((n) => n.from < n.to)),
      {
        data: { values: data.filter((r) => r.metric === 'rmf_cpu_utilization_percent') },
        mark: { type: 'line', strokeWidth: 1.2 },
        encoding: {
          x: { field: 't', type: 'temporal', title: null, axis: { format: '%a %d %b', tickCount: 7 } },
          y: { field: 'value', type: 'quantitative', title: 'GP busy (%)', scale: { domain: [0, 100] } },
          color: { field: 'lpar', type: 'nominal', title: 'LPAR' },
        },
      },
    ],
  };
  const lpars = sim.topology.lpars.map((l) => l.name);
  const capped = sim.topology.lpars.filter((l) => (l.definedCapacityMsu ?? 0) > 0).map((l) => l.name);
  const r4ha: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'MSU/h and its 4-hour rolling average (R4HA) against the defined capacity', subtitle: `Light: MSU/h of each interval; dark: the R4HA; dashed: the defined capacity of ${capped.join(', ') || 'no LPAR'}, where soft capping holds its R4HA in the batch window` },
    width: WIDTH,
    height: 130,
    config: CONFIG,
    data: { values: data.filter((r) => r.metric !== 'rmf_cpu_utilization_percent') },
    facet: { row: { field: 'lpar', type: 'nominal', title: null, sort: lpars, header: { labelAngle: 0, labelAlign: 'left', labelFontSize: 12 } } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: WIDTH,
      height: 90,
      layer: [
        { transform: [{ filter: "datum.metric === 'rmf_lpar_msu_actual'" }], mark: { type: 'line', strokeWidth: 0.8, color: '#9ecae1' }, encoding: { x: { field: 't', type: 'temporal', title: null, axis: { format: '%a %d %b', tickCount: 7 } }, y: { field: 'value', type: 'quantitative', title: 'MSU/h' } } },
        { transform: [{ filter: "datum.metric === 'rmf_lpar_msu_r4ha'" }], mark: { type: 'line', strokeWidth: 1.8, color: '#08519c' }, encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'value', type: 'quantitative' } } },
        { transform: [{ filter: "datum.metric === 'rmf_lpar_defined_capacity_msu' && datum.value > 0" }], mark: { type: 'line', strokeWidth: 1.5, strokeDash: [6, 4], color: '#d62728' }, encoding: { x: { field: 't', type: 'temporal' }, y: { field: 'value', type: 'quantitative' } } },
      ],
    },
  };
  return [
    { name: 'week-cpu', alt: 'GP utilization of PROD01, PROD02, BATCH01 and TEST01 over a simulated week, with the nightly batch window shaded', spec: cpu },
    { name: 'week-r4ha', alt: 'MSU/h and its 4-hour rolling average for each LPAR over a week, with BATCH01 held at its defined capacity', spec: r4ha },
  ];
}

/** DASD response time components of the busiest volume over a day, stacked: IOSQ + PEND + DISC + CONN = RESP. */
export function dasdPlot(seed = 42, from = '2026-01-06T00:00:00Z', to = '2026-01-07T00:00:00Z'): Plot {
  const sim = createSimulator({ seed });
  // the volume with the most I/O at the morning peak
  const peak = sim.samples(Date.parse(from) + 10 * HOUR).filter((s) => s.metric === 'rmf_volume_io_rate').sort((a, b) => b.value - a.value)[0]!;
  const volser = peak.labels.volser!;
  const data = rows(sim, from, to, 5 * 60_000, (m, l) => m === 'rmf_volume_response_time_seconds' && l.volser === volser && l.component !== 'total').map((r) => ({ ...r, ms: (r.value as number) * 1000, component: String(r.component).toUpperCase() }));
  return {
    name: 'dasd-response-components',
    alt: 'Response time of the busiest volume over a day, stacked by component: IOSQ, PEND, DISC and CONN',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: `DASD response time of ${volser} (the busiest volume at 10:00) by component`, subtitle: 'Stacked: RESP = IOSQ + PEND + DISC + CONN in every interval; IOSQ stays near 0 with HyperPAV, DISC follows cache misses, CONN the transfer size' },
      width: WIDTH,
      height: 280,
      config: CONFIG,
      data: { values: data },
      mark: { type: 'area', line: false, opacity: 0.85 },
      encoding: {
        x: { field: 't', type: 'temporal', title: null, axis: { format: '%H:%M' } },
        y: { field: 'ms', type: 'quantitative', stack: 'zero', title: 'response time (ms)' },
        color: { field: 'component', type: 'nominal', title: 'component', sort: ['IOSQ', 'PEND', 'DISC', 'CONN'], scale: { domain: ['IOSQ', 'PEND', 'DISC', 'CONN'] } },
        order: { field: 'component', sort: 'ascending' },
      },
    },
  };
}

/** Write pending of a CLPR and DISC of one of its volumes during a cacheWritePending incident. */
export function writePendingPlot(seed = 42): Plot {
  const start = '2026-01-05T20:00:00Z';
  const sim = createSimulator({ seed, scenario: [{ type: 'cacheWritePending', clpr: 'CLPR1', start, durationMinutes: 45 }] });
  const inc = sim.incidents()[0]!;
  // the CLPR1 volume with the most writes just before the incident ends (its writes wait longest for cache)
  const before = sim.snapshot(inc.endMs - 60_000);
  const vol = before.volumes.filter((v) => v.clpr === 'CLPR1').sort((a, b) => b.writeRate - a.writeRate)[0]?.volser;
  const from = iso(inc.startMs - 30 * 60_000);
  const to = iso(inc.endMs + 45 * 60_000);
  const data = rows(sim, from, to, 60_000, (m, l) => ((m === 'rmf_clpr_write_pending_percent' || m === 'rmf_clpr_write_throttle_percent') && l.clpr === 'CLPR1') || (m === 'rmf_volume_response_time_seconds' && l.volser === vol && l.component === 'disc'));
  const x = { field: 't', type: 'temporal' as const, title: null, axis: { format: '%H:%M' } };
  return {
    name: 'cache-write-pending',
    alt: `Write pending of CLPR1 rising to its limit during a cacheWritePending incident, and DISC of ${vol}`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'A cacheWritePending incident on CLPR1 (shaded): write pending and DISC', subtitle: `Destage capacity collapses: write pending fills at the excess write rate, then drains; ${vol}, the CLPR1 volume with the most writes, waits longer (DISC)` },
      config: CONFIG,
      data: { values: data },
      vconcat: [
        {
          width: WIDTH,
          height: 180,
          layer: [
            incidentWindow(inc),
            { data: { values: [{ y: 30, label: 'destage pressure (30 %)' }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#666' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
            {
              transform: [{ filter: "datum.metric !== 'rmf_volume_response_time_seconds'" }, { calculate: "datum.metric === 'rmf_clpr_write_pending_percent' ? 'write pending' : 'throttled'", as: 'series' }],
              mark: { type: 'line', strokeWidth: 1.8 },
              encoding: { x, y: { field: 'value', type: 'quantitative', title: 'CLPR1 (%)' }, color: { field: 'series', type: 'nominal', title: null } },
            },
          ],
        },
        {
          width: WIDTH,
          height: 140,
          layer: [
            incidentWindow(inc),
            {
              transform: [{ filter: "datum.metric === 'rmf_volume_response_time_seconds'" }, { calculate: 'datum.value * 1000', as: 'ms' }],
              mark: { type: 'line', strokeWidth: 1.5, color: '#8c564b' },
              encoding: { x, y: { field: 'ms', type: 'quantitative', title: `DISC of ${vol} (ms)` } },
            },
          ],
        },
      ],
    },
  };
}

/** WLM performance index by importance during a month-end surge. */
export function monthEndPlot(seed = 42): Plot {
  const start = '2026-01-30T08:00:00Z';
  const sim = createSimulator({ seed, scenario: [{ type: 'monthEndSurge', start, durationMinutes: 8 * 60 }] });
  const inc = sim.incidents()[0]!;
  // importance of each service class period, from the topology (a period's own importance, else its class's)
  const importance = new Map<string, number>();
  for (const sc of sim.topology.serviceClasses) {
    if (sc.goal.kind === 'system' || sc.goal.kind === 'discretionary') continue;
    const periods = sc.periods?.length ? sc.periods : [{ importance: sc.importance }];
    periods.forEach((p, i) => importance.set(`${sc.name}/${i + 1}`, p.importance ?? sc.importance ?? 5));
  }
  const from = iso(inc.startMs - 4 * HOUR);
  const to = iso(inc.endMs + 4 * HOUR);
  const data = rows(sim, from, to, 5 * 60_000, (m, l) => m === 'rmf_wlm_performance_index' && importance.has(`${l.service_class}/${l.period}`)).map((r) => ({ ...r, importance: `importance ${importance.get(`${r.service_class}/${r.period}`)}` }));
  return {
    name: 'wlm-pi-month-end',
    alt: 'WLM performance index by importance during a month-end surge: less important work misses its goals first',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'WLM performance index by importance during a month-end surge (shaded)', subtitle: 'Median PI of the service class periods of each importance over the LPARs (log scale); above 1 (dashed) the goal is missed. WLM gives capacity to importance 1 first' },
      width: WIDTH,
      height: 300,
      config: CONFIG,
      layer: [
        incidentWindow(inc),
        { data: { values: [{ y: 1 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: '#666' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        {
          data: { values: data },
          transform: [{ aggregate: [{ op: 'median', field: 'value', as: 'pi' }], groupby: ['t', 'importance'] }],
          mark: { type: 'line', strokeWidth: 1.6, interpolate: 'monotone' },
          encoding: {
            x: { field: 't', type: 'temporal', title: null, axis: { format: '%a %H:%M' } },
            y: { field: 'pi', type: 'quantitative', title: 'performance index', scale: { type: 'log' } },
            color: { field: 'importance', type: 'ordinal', title: null, scale: { scheme: 'viridis' } },
          },
        },
      ],
    },
  };
}

/** Every picture of the docs. */
export function plots(): Plot[] {
  return [...weekPlots(), dasdPlot(), writePendingPlot(), monthEndPlot()];
}

/** Renders a Vega-Lite specification to SVG (Vega's headless view; text measured without a canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
