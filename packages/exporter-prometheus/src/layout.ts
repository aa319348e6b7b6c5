/**
 * A layout is the text of an exposition without its numbers: per family its header lines, and per line the
 * series it reads and its precomputed `name{labels} ` prefix. It is compiled once per series list and naming;
 * rendering then only formats numbers.
 * @module
 */
import type { Labels } from '@rmf-sim/core';
import { escapeHelp, formatLabels, formatValue, type ExpositionFormat } from './format.js';
import { mapSeries, type FamilyMapping, type FamilyType, type Naming } from './naming.js';

/** One metric family of a layout. */
export interface CompiledFamily {
  readonly mapping: FamilyMapping;
  /** `# HELP` and `# TYPE` lines in the Prometheus text format. */
  readonly headerPrometheus: string;
  /** `# TYPE`, `# UNIT` and `# HELP` lines in OpenMetrics. */
  readonly headerOpenMetrics: string;
  /** Index into the value array, per line. */
  readonly index: Int32Array;
  /** `sample_name{labels} ` per line. */
  readonly prefixes: readonly string[];
}

/** The compiled text of an exposition, without its values. */
export interface Layout {
  readonly naming: Naming;
  /** Number of series (length of the value array the layout reads). */
  readonly seriesCount: number;
  /** Number of sample lines it renders. */
  readonly lineCount: number;
  readonly families: readonly CompiledFamily[];
}

/** A series as core lists it (`sim.series`, or the samples themselves). */
export interface SeriesRef {
  readonly metric: string;
  readonly labels: Labels;
}

/** Header lines of a family in both formats. */
export function familyHeaders(name: string, help: string, type: FamilyType, unit: string): { prometheus: string; openmetrics: string } {
  const promName = type === 'counter' ? `${name}_total` : name;
  const promType = type === 'unknown' ? 'untyped' : type;
  const prometheus = `${help ? `# HELP ${promName} ${escapeHelp(help, 'prometheus')}\n` : ''}# TYPE ${promName} ${promType}\n`;
  const openmetrics = `# TYPE ${name} ${type}\n${unit ? `# UNIT ${name} ${unit}\n` : ''}${help ? `# HELP ${name} ${escapeHelp(help, 'openmetrics')}\n` : ''}`;
  return { prometheus, openmetrics };
}

/**
 * Compiles the layout of a series list under a naming scheme. Lines are grouped by family (in order of first
 * appearance), as both formats require, whatever the order of the series.
 */
export function compileLayout(series: readonly SeriesRef[], naming: Naming): Layout {
  const byFamily = new Map<FamilyMapping, { index: number[]; prefixes: string[] }>();
  let lines = 0;
  for (let i = 0; i < series.length; i++) {
    const s = series[i]!;
    for (const { family, labels } of mapSeries(s.metric, s.labels, naming)) {
      let f = byFamily.get(family);
      if (!f) byFamily.set(family, (f = { index: [], prefixes: [] }));
      f.index.push(i);
      // join() makes one flat string; a template literal would keep a rope of three parts alive per series
      // (about twice the memory: see bench/run.mjs).
      f.prefixes.push([family.sampleName(s.metric), formatLabels(labels), ' '].join(''));
      lines++;
    }
  }
  const families: CompiledFamily[] = [];
  for (const [mapping, f] of byFamily) {
    const h = familyHeaders(mapping.name, mapping.help, mapping.type, mapping.unit);
    families.push({ mapping, headerPrometheus: h.prometheus, headerOpenMetrics: h.openmetrics, index: Int32Array.from(f.index), prefixes: f.prefixes });
  }
  return { naming, seriesCount: series.length, lineCount: lines, families };
}

/** The timestamp suffix of every line: milliseconds in the Prometheus format, seconds in OpenMetrics. */
export function timestampSuffix(timestampMs: number | undefined, format: ExpositionFormat): string {
  if (timestampMs === undefined) return '\n';
  return format === 'openmetrics' ? ` ${formatValue(timestampMs / 1000)}\n` : ` ${Math.round(timestampMs)}\n`;
}

/**
 * Renders the lines of a layout for one set of values (indexed like the series the layout was compiled from).
 * Pure; returns the text without the OpenMetrics `# EOF` terminator so that more families can follow.
 */
export function renderLayout(layout: Layout, values: ArrayLike<number>, format: ExpositionFormat, timestampMs?: number): string {
  const om = format === 'openmetrics';
  const end = timestampSuffix(timestampMs, format);
  let out = '';
  for (const f of layout.families) {
    const { index, prefixes } = f;
    const n = index.length;
    if (n === 0) continue;
    out += om ? f.headerOpenMetrics : f.headerPrometheus;
    const scale = f.mapping.scale;
    if (scale === 1) {
      for (let j = 0; j < n; j++) {
        const v = values[index[j]!]!;
        out += prefixes[j]! + (v === v && v !== Infinity && v !== -Infinity ? '' + v : formatValue(v)) + end;
      }
    } else {
      for (let j = 0; j < n; j++) out += prefixes[j]! + formatValue(values[index[j]!]! * scale) + end;
    }
  }
  return out;
}
