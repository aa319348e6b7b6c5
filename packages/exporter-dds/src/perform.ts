/**
 * Metric answers (`perform`) for the DDS ids of core's catalogue (`MetricDefinition.dds`), in the list and single
 * formats, with `filter` and `workscope`.
 * @module
 */
import { ENTITY_LABEL, metricCatalog, type EntityKind, type MetricDefinition, type Sample } from '@rmf-sim/core';
import type { DdsRow } from './document.js';
import { formatMetricValue } from './format.js';
import { SAMPLE_CATALOGUE } from './generated/catalogue.js';
import type { Resource } from './resources.js';

/** One catalogue metric behind a DDS id. */
export interface DdsMetricSource {
  readonly def: MetricDefinition;
  readonly when: Readonly<Record<string, string>>;
}

/** Where the metrics of an entity kind are asked for: the resource type and the label naming the resource. */
const HOME: Readonly<Record<EntityKind, { restype: string; key: string | null }>> = {
  lpar: { restype: 'MVS_IMAGE', key: ENTITY_LABEL.lpar },
  cpc: { restype: 'CPC', key: ENTITY_LABEL.cpc },
  cf: { restype: 'COUPLING_FACILITY', key: ENTITY_LABEL.cf },
  volume: { restype: 'SYSPLEX', key: null },
  lcu: { restype: 'SYSPLEX', key: null },
  clpr: { restype: 'SYSPLEX', key: null },
  mpb: { restype: 'SYSPLEX', key: null },
  hostPort: { restype: 'SYSPLEX', key: null },
};

/** DDS id → the catalogue metrics (and label conditions) it stands for, derived from core's catalogue. */
export const DDS_IDS: ReadonlyMap<string, readonly DdsMetricSource[]> = (() => {
  const m = new Map<string, DdsMetricSource[]>();
  for (const def of metricCatalog) {
    for (const d of def.dds ?? []) {
      const list = m.get(d.id) ?? [];
      list.push({ def, when: d.when ?? {} });
      m.set(d.id, list);
    }
  }
  return m;
})();

/** The resource type a DDS id is answered for. */
export function homeOf(id: string): string | undefined {
  const src = DDS_IDS.get(id)?.[0];
  return src ? HOME[src.def.entity].restype : undefined;
}

/** Labels that name a row of the answer: all but the sysplex, the resource's own label and the `when` keys. */
function nameLabels(src: DdsMetricSource): string[] {
  const key = HOME[src.def.entity].key;
  return src.def.labels.filter((l) => l !== 'sysplex' && l !== key && !(l in src.when));
}

const UNIT: Readonly<Record<MetricDefinition['unit'], string>> = {
  percent: 'percent',
  bytes: 'bytes',
  seconds: 'seconds',
  microseconds: 'microseconds',
  per_second: 'rate per second',
  megabytes_per_second: 'megabytes per second',
  msu_per_hour: 'MSU per hour',
  count: 'count',
  ratio: 'index',
};

/** The metric header of an id: description and list type from a real sample when there is one. */
export function metricInfo(id: string): { description: string; format: 'list' | 'single'; unit: string; listtype: string } {
  const src = DDS_IDS.get(id)![0]!;
  const sample = SAMPLE_CATALOGUE.metrics[id];
  const names = nameLabels(src);
  const format = names.length ? 'list' : 'single';
  const listtype = format === 'single' ? ' ' : (sample?.listtype ?? (names.length === 1 && names[0] === ENTITY_LABEL.lpar ? 'M' : ' '));
  return { description: sample?.description ?? src.def.help, format, unit: UNIT[src.def.unit], listtype };
}

/** The DDS ids answered for a resource, in catalogue order. */
export function metricIdsFor(resource: Resource): string[] {
  return [...DDS_IDS.keys()].filter((id) => homeOf(id) === resource.type);
}

/** A parsed `filter=` parameter. */
export interface Filter {
  pat?: RegExp;
  lb?: number;
  ub?: number;
  hi?: number;
  lo?: number;
  ord?: 'NA' | 'ND' | 'VA' | 'VD' | 'NN';
}

/** Parses `PAT=x;LB=n;UB=n;HI=n;LO=n;ORD=NA|ND|VA|VD|NN` (keys case-insensitive); `undefined` if malformed. */
export function parseFilter(s: string | null): Filter | undefined {
  const f: Filter = {};
  if (s === null || s.trim() === '') return f;
  for (const part of s.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'PAT') {
      // DDS patterns: * any characters, ? one character
      f.pat = new RegExp(`^${value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    } else if (key === 'ORD') {
      const o = value.toUpperCase();
      if (!['NA', 'ND', 'VA', 'VD', 'NN'].includes(o)) return undefined;
      f.ord = o as Filter['ord'];
    } else if (key === 'LB' || key === 'UB' || key === 'HI' || key === 'LO') {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || ((key === 'HI' || key === 'LO') && !(Number.isInteger(n) && n >= 0))) return undefined;
      f[key.toLowerCase() as 'lb' | 'ub' | 'hi' | 'lo'] = n;
    } else return undefined;
  }
  return f;
}

/** A parsed `workscope=ULQ,NAME,TYPE` (`,,G` is global). */
export interface Workscope {
  type: 'G' | 'W' | 'S' | 'P' | 'R' | 'J';
  name: string;
  ulq: string;
}

/** Parses `workscope=`; `undefined` if malformed. */
export function parseWorkscope(s: string | null): Workscope | undefined {
  if (s === null || s === '') return { type: 'G', name: '', ulq: '' };
  const parts = s.split(',');
  const type = (parts.length === 3 ? parts[2]! : parts[0]!).trim().toUpperCase();
  if (!['G', 'W', 'S', 'P', 'R', 'J'].includes(type)) return undefined;
  return parts.length === 3 ? { type: type as Workscope['type'], ulq: parts[0]!.trim().toUpperCase(), name: parts[1]!.trim().toUpperCase() } : { type: type as Workscope['type'], ulq: '', name: '' };
}

function inScope(labels: Readonly<Record<string, string>>, ws: Workscope): boolean {
  switch (ws.type) {
    case 'G':
      return true;
    case 'W':
      return labels.workload !== undefined && labels.workload === ws.name;
    case 'S':
      return labels.service_class !== undefined && labels.service_class === ws.name;
    case 'P':
      // a service class period: NAME is the class, ULQ the period number
      return labels.service_class !== undefined && labels.service_class === ws.name && (ws.ulq === '' || labels.period === ws.ulq);
    default:
      // report classes and jobs are not modelled yet
      return false;
  }
}

/** The rows of a metric for a resource from the window's samples, filtered and ordered, before formatting. */
export function metricRows(id: string, resource: Resource, samples: readonly Sample[], filter: Filter, ws: Workscope): { name: string; value: number }[] {
  const out: { name: string; value: number }[] = [];
  for (const src of DDS_IDS.get(id) ?? []) {
    const key = HOME[src.def.entity].key;
    const names = nameLabels(src);
    const whenKeys = Object.keys(src.when);
    for (const s of samples) {
      if (s.metric !== src.def.name) continue;
      if (key !== null && s.labels[key] !== resource.name) continue;
      if (whenKeys.some((k) => s.labels[k] !== src.when[k])) continue;
      if (!inScope(s.labels, ws)) continue;
      out.push({ name: names.map((l) => s.labels[l]).join(','), value: s.value });
    }
  }
  let rows = out;
  if (filter.pat) rows = rows.filter((r) => filter.pat!.test(r.name));
  if (filter.lb !== undefined) rows = rows.filter((r) => r.value >= filter.lb!);
  if (filter.ub !== undefined) rows = rows.filter((r) => r.value <= filter.ub!);
  const ord = filter.ord ?? (filter.lo !== undefined ? 'VA' : 'VD');
  if (ord === 'NA') rows.sort((a, b) => a.name.localeCompare(b.name));
  else if (ord === 'ND') rows.sort((a, b) => b.name.localeCompare(a.name));
  else if (ord === 'VA') rows.sort((a, b) => a.value - b.value || a.name.localeCompare(b.name));
  else if (ord === 'VD') rows.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  if (filter.hi !== undefined) rows = rows.slice(0, filter.hi);
  if (filter.lo !== undefined) rows = ord === 'VD' ? rows.slice(-filter.lo) : rows.slice(0, filter.lo);
  return rows;
}

/** Formats metric rows: `[name, value]` cells, `percent` (the value for percentages, else the share of the largest). */
export function formatMetricRows(rows: readonly { name: string; value: number }[], format: 'list' | 'single', unit: string): DdsRow[] {
  const max = Math.max(0, ...rows.map((r) => r.value));
  return rows.map((r, i) => ({
    ...(format === 'list' ? { attributes: 'YES' } : {}),
    col: [format === 'single' ? '' : r.name, formatMetricValue(r.value)],
    percent: formatMetricValue(unit === 'percent' ? r.value : format === 'list' && max > 0 ? (100 * r.value) / max : 0),
    refno: i + 1,
  }));
}
