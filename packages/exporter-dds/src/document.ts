/**
 * The DDS document: a plain object in the shape of the real DDS's JSON form (the XML form renders the same object).
 * @module
 */
import { SAMPLE_CATALOGUE } from './generated/catalogue.js';
import type { ColumnType } from './catalogue-types.js';
import { display, localMs, stamp, type Window, type Zone } from './time.js';

/** A GPM message: informational ids (GPM0501I…0507I, 0709I) and errors alike. */
export interface DdsMessage {
  id: string;
  severity: number;
  description: string;
}

/** `report[].timeData` of the JSON form (`time-data` in XML). */
export interface DdsTimeData {
  localStart: string;
  localEnd: string;
  localPrev: string;
  localNext: string;
  utcStart: string;
  utcEnd: string;
  displayStart: { locale: string; value: string };
  displayEnd: { locale: string; value: string };
  gathererInterval: { unit: string; value: number };
  dataRange: { unit: string; value: number };
  numSamples?: number;
  numSystems?: number;
}

/** A resource as the DDS names it. */
export interface DdsResourceRef {
  reslabel: string;
  reslabelurl?: string;
  restype: string;
}

/** A child in `contained` or `root`. */
export interface DdsContainedResource extends DdsResourceRef {
  attributes: string;
  expandable: string;
  icon?: string;
}

/** One row of a report or metric answer: cells are always strings. */
export interface DdsRow {
  col: string[];
  refno: number;
  attributes?: string;
  percent?: string;
}

/** `report[].metric`. */
export interface DdsMetricHeader {
  id: string;
  description: string;
  format: 'report' | 'list' | 'single';
  numcols: number;
  unit?: string;
  filter?: string;
  listtype?: string;
  workscope?: string;
}

/** One `report[]` entry. */
export interface DdsReport {
  metric: DdsMetricHeader;
  resource: DdsResourceRef;
  timeData: DdsTimeData;
  caption?: { var: { name: string; value: string }[] };
  columnHeaders?: { col: { value: string; type: ColumnType }[] };
  row: DdsRow[];
  message?: DdsMessage;
}

/** An entry of `metricList` (index and listmetrics). */
export interface DdsMetricListEntry {
  resource: DdsContainedResource;
  metric: { id: string; description: string; format: string; unit: string; listtype: string; helpid?: string; helpurl?: string; workscopesSupported: { workscopeType: string[] } }[];
}

/** A whole answer (`ddsml` in XML). */
export interface DdsDocument {
  attributeList: unknown[];
  containedResourcesList: { resource: DdsResourceRef; contained: { resource: DdsContainedResource[] } }[];
  filterInstancesList: unknown[];
  message: DdsMessage[];
  metricList: DdsMetricListEntry[];
  postprocessor: unknown[];
  report: DdsReport[];
  server: { functionality: string; name: string; platform: string; version: string };
  workscopeList: unknown[];
}

/** An empty answer with the server block of the real DDS the samples came from. */
export function emptyDocument(): DdsDocument {
  return {
    attributeList: [],
    containedResourcesList: [],
    filterInstancesList: [],
    message: [],
    metricList: [],
    postprocessor: [],
    report: [],
    server: { ...SAMPLE_CATALOGUE.server },
    workscopeList: [],
  };
}

/**
 * `time-data` of a window, as the real DDS writes it: local and UTC start/end, prev/next half a MINTIME outside,
 * display times (en-us), the gatherer interval (MINTIME), the range, one sample per second, and for sysplex-wide
 * answers the number of systems.
 */
export function timeData(zone: Zone, w: Window, mintimeSeconds: number, numSystems?: number): DdsTimeData {
  const half = (mintimeSeconds * 1000) / 2;
  const ls = localMs(zone, w.startMs);
  const le = localMs(zone, w.endMs);
  const range = Math.round((w.endMs - w.startMs) / 1000);
  return {
    localStart: stamp(ls),
    localEnd: stamp(le),
    localPrev: stamp(localMs(zone, w.startMs - half)),
    localNext: stamp(localMs(zone, w.endMs + half)),
    utcStart: stamp(w.startMs),
    utcEnd: stamp(w.endMs),
    displayStart: { locale: 'en-us', value: display(ls) },
    displayEnd: { locale: 'en-us', value: display(le) },
    gathererInterval: { unit: 'SECONDS', value: mintimeSeconds },
    dataRange: { unit: 'SECONDS', value: range },
    numSamples: range,
    ...(numSystems === undefined ? {} : { numSystems }),
  };
}

/** The message of a request parameter a real DDS rejects (GPM0739E, as ZEBRA's samples show it). */
export function invalidParameter(name: string): DdsMessage {
  return { id: 'GPM0739E', severity: 3, description: `Invalid DDS request parameter '${name.toUpperCase()}'` };
}

/** The message for a system that is not in the sysplex (GPM0731I, as in cpc-error.xml). */
export function notInSysplex(system: string): DdsMessage {
  return { id: 'GPM0731I', severity: 3, description: `The specified system '${system}' is not a member of the sysplex` };
}
