/**
 * The pure part of the DDS: a request (endpoint, parameters, "now") → a DDS document, from one simulator.
 * @module
 */
import { ConfigError, RmfSimError, type ConfigIssue, type Simulator, type Snapshot } from '@rmf-sim/core';
import { buildReport, reportResourceType } from './reports.js';
import type { ReportContext } from './columns.js';
import { emptyDocument, invalidParameter, notInSysplex, timeData, type DdsDocument, type DdsMessage, type DdsReport, type DdsResourceRef } from './document.js';
import { SAMPLE_CATALOGUE } from './generated/catalogue.js';
import { DDS_IDS, formatMetricRows, metricIdsFor, metricInfo, metricRows, parseFilter, parseWorkscope, homeOf } from './perform.js';
import { buildTree, describe, lookup, type Resource, type ResourceTree } from './resources.js';
import { localMs, parseStamp, resolveZone, utcOfLocal, type TimeZoneInput, type Window, type Zone } from './time.js';
import { averageSamples, averageSnapshot } from './window.js';

/** A GPM message a resource, report or metric answers with, for testing clients (see {@link DdsOptions.errors}). */
export interface InjectedError {
  /** `ULQ,NAME,TYPE` of the resource (case-insensitive); any resource when absent. */
  resource?: string;
  /** Report name (`rmfm3`); when given, only that report. */
  report?: string;
  /** Metric id (`perform`); when given, only that metric. */
  metric?: string;
  /** The message to answer with, e.g. `{ id: 'GPM0507I', severity: 3, description: '…' }`. */
  message: DdsMessage;
}

/**
 * Options of the DDS emulation ({@link createDds}, and through it {@link createDdsHandler} and {@link startDdsServer}).
 *
 * @example
 * ```ts
 * const options: DdsOptions = { simulator: createSimulator({ seed: 42 }), timeZone: 'America/New_York', mintime: 60 };
 * ```
 */
export interface DdsOptions {
  /** The simulator whose intervals the DDS answers from. */
  simulator: Simulator;
  /**
   * Time zone of the DDS's local times (`range`, `local-start`, display times): an IANA name (DST-aware, through
   * Intl), `'UTC'`, `'+hh:mm'`, or minutes east of UTC.
   * @default the simulator's `patterns.utcOffsetMinutes` (a fixed offset)
   */
  timeZone?: TimeZoneInput;
  /**
   * The gatherer interval (MINTIME) in seconds: a multiple of the simulator's interval. Every answer covers whole
   * MINTIME windows, and every number in it is the average of the simulator's intervals in the window.
   * @default the smallest multiple of the simulator's interval that is at least 60 s (60 with the default 15 s)
   */
  mintime?: number;
  /** Longest `range` answered, in seconds; a longer one is a bad range (GPM0739E). @default 86400 */
  maxRangeSeconds?: number;
  /** Messages that resources, reports or metrics answer with instead of data, for client tests. @default [] */
  errors?: InjectedError[];
}

/** The endpoints of `/gpm/…`. */
export type DdsEndpoint = 'root' | 'index' | 'contained' | 'listmetrics' | 'perform' | 'rmfm3' | 'filterinst';

/** The DDS emulation of one simulator. */
export interface Dds {
  readonly simulator: Simulator;
  readonly zone: Zone;
  /** MINTIME in seconds. */
  readonly mintime: number;
  readonly tree: ResourceTree;
  /** Answers a `/gpm/<endpoint>` request; `nowMs` is the instant used when no `range` is given. */
  answer(endpoint: DdsEndpoint, params: URLSearchParams, nowMs: number): DdsDocument;
  /** The MINTIME window a request covers (the one completed at `nowMs`, or the aligned `range`), or a message. */
  window(params: URLSearchParams, nowMs: number): Window | DdsMessage;
}

function validate(o: DdsOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const sim = o?.simulator;
  if (!sim || typeof sim.snapshot !== 'function' || typeof sim.samples !== 'function') issues.push({ path: ['simulator'], message: 'pass a simulator from createSimulator() of @rmf-sim/core' });
  else if (o.mintime !== undefined) {
    const step = sim.intervalMs / 1000;
    if (!(Number.isInteger(o.mintime) && o.mintime > 0 && o.mintime % step === 0)) issues.push({ path: ['mintime'], message: `mintime must be a whole multiple of the simulator's interval (${step} s), got ${String(o.mintime)}` });
  }
  if (o?.maxRangeSeconds !== undefined && !(Number.isFinite(o.maxRangeSeconds) && o.maxRangeSeconds > 0)) issues.push({ path: ['maxRangeSeconds'], message: `maxRangeSeconds must be a number > 0, got ${String(o.maxRangeSeconds)}` });
  if (o?.errors !== undefined && (!Array.isArray(o.errors) || o.errors.some((e) => !e || typeof e.message?.id !== 'string' || typeof e.message?.severity !== 'number' || typeof e.message?.description !== 'string'))) {
    issues.push({ path: ['errors'], message: 'errors must be an array of { resource?, report?, metric?, message: { id, severity, description } }' });
  }
  return issues;
}

/** The reports that show address spaces (or counts of them): their window is averaged with the jobs. */
const JOB_REPORTS: ReadonlySet<string> = new Set(['SYSINFO', 'SYSSUM', 'PROC', 'PROCU', 'DELAY', 'STOR', 'STORF', 'DEV', 'DEVR', 'ENQ']);

/**
 * Creates the DDS emulation of a simulator: the resource tree from its topology, the window arithmetic, and
 * `answer()` for every `/gpm/…` endpoint. Pure: the same simulator, request and `nowMs` give the same document.
 * Invalid options throw a `ConfigError` (`ERR_RMF_CONFIG`).
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { createDds, renderXml } from '@rmf-sim/exporter-dds';
 *
 * const dds = createDds({ simulator: createSimulator({ seed: 42 }) });
 * const doc = dds.answer('rmfm3', new URLSearchParams({ resource: ',PROD01,MVS_IMAGE', report: 'CPC' }), Date.parse('2026-01-05T09:00:00Z'));
 * console.log(renderXml(doc).includes('<col type="T">CPCPPNAM</col>')); // true
 * ```
 */
export function createDds(options: DdsOptions): Dds {
  const issues = validate(options);
  let zone: Zone | undefined;
  if (!issues.length) {
    try {
      zone = resolveZone(options.timeZone ?? options.simulator.options.patterns.utcOffsetMinutes);
    } catch (e) {
      issues.push({ path: ['timeZone'], message: (e as Error).message });
    }
  }
  if (issues.length || !zone) throw new ConfigError(issues);
  const sim = options.simulator;
  const step = sim.intervalMs / 1000;
  const mintime = options.mintime ?? Math.ceil(60 / step) * step;
  const mtMs = mintime * 1000;
  const maxRangeMs = (options.maxRangeSeconds ?? 86_400) * 1000;
  const errors = options.errors ?? [];
  const first = sim.snapshot(0);
  const tree = buildTree(sim.topology, (l) => first.lpars.find((x) => x.name === l)?.channels.map((c) => c.chpid) ?? [], first.volumes.map((v) => v.volser));
  // the window's averaged snapshot and samples are kept for the last window asked (clients ask several reports of one window)
  let lastSnap: { key: string; jobs: boolean; snap: Snapshot } | undefined;
  let lastSamples: { key: string; samples: ReturnType<typeof averageSamples> } | undefined;
  /** (a window averaged with its address spaces serves every report; without, only those that show no jobs) */
  const snapOf = (w: Window, jobs: boolean) => {
    const key = `${w.startMs}:${w.endMs}`;
    if (lastSnap?.key !== key || (jobs && !lastSnap.jobs)) lastSnap = { key, jobs, snap: averageSnapshot(sim, w, jobs) };
    return lastSnap.snap;
  };
  const samplesOf = (w: Window) => {
    const key = `${w.startMs}:${w.endMs}`;
    if (lastSamples?.key !== key) lastSamples = { key, samples: averageSamples(sim, w) };
    return lastSamples.samples;
  };

  function window(params: URLSearchParams, nowMs: number): Window | DdsMessage {
    const range = params.get('range');
    if (range === null || range === '') {
      const end = Math.floor(nowMs / mtMs) * mtMs;
      return { startMs: end - mtMs, endMs: end };
    }
    const parts = range.split(',');
    const a = parseStamp(parts[0]?.trim() ?? '');
    const b = parseStamp(parts[1]?.trim() ?? '');
    if (parts.length !== 2 || a === undefined || b === undefined || b < a) return invalidParameter('range');
    const start = Math.floor(utcOfLocal(zone!, a) / mtMs) * mtMs;
    let end = Math.ceil(utcOfLocal(zone!, b) / mtMs) * mtMs;
    if (end === start) end = start + mtMs;
    if (end - start > maxRangeMs) return invalidParameter('range');
    return { startMs: start, endMs: end };
  }

  const ref = (r: Resource): DdsResourceRef => ({ reslabel: r.label, reslabelurl: r.label, restype: r.type });
  const systems = (r: Resource) => (r.type === 'SYSPLEX' ? tree.systems.length : undefined);

  function injected(resource: string | null, key: { report?: string; metric?: string }): DdsMessage | undefined {
    return errors.find(
      (e) =>
        (e.resource === undefined || (resource !== null && e.resource.toUpperCase() === resource.toUpperCase())) &&
        (e.report === undefined || e.report.toUpperCase() === key.report) &&
        (e.metric === undefined || e.metric.toUpperCase() === key.metric) &&
        (e.report === undefined || key.report !== undefined) &&
        (e.metric === undefined || key.metric !== undefined),
    )?.message;
  }

  /** A report answer that carries a message instead of data, with the time data of its window. */
  function failedReport(metric: DdsReport['metric'], resource: DdsResourceRef, w: Window | undefined, nowMs: number, msg: DdsMessage, numSystems?: number): DdsDocument {
    const doc = emptyDocument();
    const win = w ?? { startMs: Math.floor(nowMs / mtMs) * mtMs - mtMs, endMs: Math.floor(nowMs / mtMs) * mtMs };
    doc.report.push({ metric, resource, timeData: timeData(zone!, win, mintime, numSystems), row: [], message: msg });
    return doc;
  }

  function asked(params: URLSearchParams): DdsResourceRef {
    const label = params.get('resource') ?? '';
    return { reslabel: label, reslabelurl: label, restype: label.split(',')[2]?.toUpperCase() ?? '' };
  }

  function rmfm3(params: URLSearchParams, nowMs: number): DdsDocument {
    const report = (params.get('report') ?? '').trim().toUpperCase();
    const sample = SAMPLE_CATALOGUE.reports[report];
    const metric = { id: report, description: sample?.description ?? report, format: 'report' as const, numcols: 2 };
    const w = window(params, nowMs);
    const win = 'id' in w ? undefined : w;
    if (!sample) return failedReport(metric, asked(params), win, nowMs, invalidParameter('report'));
    const found = lookup(tree, params.get('resource'));
    if (!found.ok) return failedReport(metric, asked(params), win, nowMs, found.reason === 'system' ? notInSysplex(found.system) : invalidParameter('resource'));
    const res = found.resource;
    if (res.type !== reportResourceType(report)) return failedReport(metric, ref(res), win, nowMs, invalidParameter('resource'), systems(res));
    if (!win) return failedReport(metric, ref(res), undefined, nowMs, w as DdsMessage, systems(res));
    const inj = injected(res.label, { report });
    if (inj) return failedReport(metric, ref(res), win, nowMs, inj, systems(res));
    const snap = snapOf(win, JOB_REPORTS.has(report));
    const ls = new Date(localMs(zone!, win.startMs));
    const p2 = (n: number) => String(n).padStart(2, '0');
    const ctx: ReportContext = {
      snap,
      topo: sim.topology,
      system: res.type === 'MVS_IMAGE' ? snap.lpars.find((l) => l.name === res.name) : undefined,
      seconds: (win.endMs - win.startMs) / 1000,
      localDate: `${p2(ls.getUTCMonth() + 1)}/${p2(ls.getUTCDate())}/${p2(ls.getUTCFullYear() % 100)}`,
      localTime: `${p2(ls.getUTCHours())}.${p2(ls.getUTCMinutes())}.${p2(ls.getUTCSeconds())}`,
    };
    const doc = emptyDocument();
    doc.report.push(buildReport(report, ctx, { resource: ref(res), timeData: timeData(zone!, win, mintime, systems(res)) }));
    return doc;
  }

  function perform(params: URLSearchParams, nowMs: number): DdsDocument {
    const id = (params.get('id') ?? '').trim().toUpperCase();
    const filterText = params.get('filter') ?? '';
    const wsText = params.get('workscope') ?? ',,G';
    const w = window(params, nowMs);
    const win = 'id' in w ? undefined : w;
    const known = DDS_IDS.has(id);
    const info = known ? metricInfo(id) : undefined;
    const metric = { id, description: info?.description ?? id, format: info?.format ?? ('single' as const), numcols: 2, unit: info?.unit ?? '', filter: filterText, listtype: info?.listtype ?? ' ', workscope: wsText };
    const found = lookup(tree, params.get('resource'));
    if (!found.ok) return failedReport(metric, asked(params), win, nowMs, found.reason === 'system' ? notInSysplex(found.system) : invalidParameter('resource'));
    const res = found.resource;
    if (!known) return failedReport(metric, ref(res), win, nowMs, invalidParameter('id'), systems(res));
    if (homeOf(id) !== res.type) return failedReport(metric, ref(res), win, nowMs, invalidParameter('resource'), systems(res));
    if (!win) return failedReport(metric, ref(res), undefined, nowMs, w as DdsMessage, systems(res));
    const filter = parseFilter(filterText);
    if (!filter) return failedReport(metric, ref(res), win, nowMs, invalidParameter('filter'), systems(res));
    const ws = parseWorkscope(wsText);
    if (!ws) return failedReport(metric, ref(res), win, nowMs, invalidParameter('workscope'), systems(res));
    const inj = injected(res.label, { metric: id });
    if (inj) return failedReport(metric, ref(res), win, nowMs, inj, systems(res));
    const rows = metricRows(id, res, samplesOf(win), filter, ws);
    const doc = emptyDocument();
    const report: DdsReport = { metric, resource: ref(res), timeData: timeData(zone!, win, mintime, systems(res)), row: formatMetricRows(rows, info!.format, info!.unit) };
    if (rows.length === 0) {
      // the real "no data" form of a metric: one row *NoData* / NaN, and GPM0709I when a filter or workscope removed it all
      report.row = [{ col: ['*NoData*', 'NaN'], refno: 1 }];
      if (filterText !== '' || ws.type !== 'G') report.message = { id: 'GPM0709I', severity: 0, description: 'Filter has caused no data to be returned' };
    }
    doc.report.push(report);
    return doc;
  }

  function resourceList(params: URLSearchParams, fn: (r: Resource, doc: DdsDocument) => void): DdsDocument {
    const doc = emptyDocument();
    const found = lookup(tree, params.get('resource'));
    if (!found.ok) doc.message.push(found.reason === 'system' ? notInSysplex(found.system) : invalidParameter('resource'));
    else {
      const inj = injected(found.resource.label, {});
      if (inj) doc.message.push(inj);
      else fn(found.resource, doc);
    }
    return doc;
  }

  const metricEntry = (r: Resource) => ({
    resource: describe(r, false),
    metric: metricIdsFor(r).map((id) => {
      const m = metricInfo(id);
      return { id, description: m.description, format: m.format, unit: m.unit, listtype: m.listtype, workscopesSupported: { workscopeType: ['G'] } };
    }),
  });

  return {
    simulator: sim,
    zone,
    mintime,
    tree,
    window,
    answer(endpoint, params, nowMs) {
      switch (endpoint) {
        case 'root': {
          const doc = emptyDocument();
          doc.containedResourcesList.push({ resource: { reslabel: tree.root.label, restype: 'root' }, contained: { resource: [describe(tree.sysplex, false)] } });
          return doc;
        }
        case 'contained':
          return resourceList(params, (r, doc) => doc.containedResourcesList.push({ resource: ref(r), contained: { resource: r.children.map((c) => describe(c, false)) } }));
        case 'listmetrics':
          return resourceList(params, (r, doc) => doc.metricList.push(metricEntry(r)));
        case 'index': {
          const doc = emptyDocument();
          for (const r of tree.byLabel.values()) if (metricIdsFor(r).length) doc.metricList.push(metricEntry(r));
          return doc;
        }
        case 'filterinst': {
          const id = (params.get('id') ?? '').trim().toUpperCase();
          return resourceList(params, (r, doc) => {
            if (!DDS_IDS.has(id) || homeOf(id) !== r.type) {
              doc.message.push(invalidParameter('id'));
              return;
            }
            const w = window(new URLSearchParams(), nowMs) as Window;
            const names = metricRows(id, r, samplesOf(w), { ord: 'NA' }, { type: 'G', name: '', ulq: '' }).map((x) => x.name);
            doc.filterInstancesList.push({ resource: ref(r), metric: { id }, instance: names });
          });
        }
        case 'perform':
          return perform(params, nowMs);
        case 'rmfm3':
          return rmfm3(params, nowMs);
        default:
          throw new RmfSimError('ERR_RMF_ARGUMENT', `unknown DDS endpoint ${String(endpoint)}`);
      }
    },
  };
}
