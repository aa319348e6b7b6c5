/**
 * The pure renderer: samples of one interval in, exposition text out.
 * @module
 */
import type { Labels, Sample } from '@rmf-sim/core';
import { ConfigError, RmfSimError, type ConfigIssue } from '@rmf-sim/core';
import type { ExpositionFormat } from './format.js';
import { compileLayout, renderLayout, type Layout } from './layout.js';
import { NAMINGS, type Naming } from './naming.js';

/**
 * Options of {@link renderExposition}.
 *
 * @example
 * ```ts
 * const options: ExpositionOptions = { naming: 'ibm', format: 'openmetrics', timestamps: true };
 * ```
 */
export interface ExpositionOptions {
  /** Metric names to export: `'rmf'`, `'ibm'` or `'both'` (see {@link Naming}). @default 'rmf' */
  naming?: Naming;
  /** Output format. @default 'prometheus' */
  format?: ExpositionFormat;
  /**
   * Write the interval's end on every line (milliseconds in the Prometheus format, seconds in OpenMetrics).
   * Off by default: Prometheus then stamps the scrape time, and ingests a value only once per scrape.
   * @default false
   */
  timestamps?: boolean;
}

/**
 * Compiled layouts, keyed by the (frozen, shared) labels object of the first series and checked series by
 * series before use: every `samples(t)` of one simulator reuses the same label objects in the same order, so
 * the layout is compiled once per simulator and naming. Weak: it goes away with the simulator.
 */
const layouts = new WeakMap<Labels, Map<Naming, { metrics: string[]; labels: Labels[]; layout: Layout }>>();

function layoutFor(samples: readonly Sample[], naming: Naming): Layout {
  const first = samples[0]!.labels;
  const cacheable = typeof first === 'object' && first !== null;
  let perNaming = cacheable ? layouts.get(first) : undefined;
  const hit = perNaming?.get(naming);
  if (hit && hit.labels.length === samples.length) {
    let same = true;
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (s.labels !== hit.labels[i] || s.metric !== hit.metrics[i]) {
        same = false;
        break;
      }
    }
    if (same) return hit.layout;
  }
  const layout = compileLayout(samples, naming);
  if (cacheable) {
    if (!perNaming) layouts.set(first, (perNaming = new Map()));
    perNaming.set(naming, { metrics: samples.map((s) => s.metric), labels: samples.map((s) => s.labels), layout });
  }
  return layout;
}

const formatMessage = (format: unknown) => `format must be 'prometheus' or 'openmetrics', got ${JSON.stringify(format)}`;

/** The problems of the options shared by the renderer and the exporter (`naming`, `timestamps`), each with its path. */
export function sharedOptionIssues(o: { naming?: unknown; timestamps?: unknown }): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (o.naming !== undefined && !NAMINGS.includes(o.naming as Naming)) issues.push({ path: ['naming'], message: `naming must be one of ${NAMINGS.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(o.naming)}` });
  if (o.timestamps !== undefined && typeof o.timestamps !== 'boolean') issues.push({ path: ['timestamps'], message: `timestamps must be true or false, got ${JSON.stringify(o.timestamps)}` });
  return issues;
}

/** Validates a format; throws `ERR_RMF_ARGUMENT`. */
export function checkFormat(format: unknown): ExpositionFormat {
  if (format !== 'prometheus' && format !== 'openmetrics') throw new RmfSimError('ERR_RMF_ARGUMENT', formatMessage(format));
  return format;
}

/**
 * Renders the samples of one interval (`sim.samples(t)`) as a Prometheus text (0.0.4) or OpenMetrics (1.0)
 * exposition. Pure: the same samples and options give the same text.
 *
 * Every value is core's value for that interval. Histograms (`…_bucket`, `…_sum`, `…_count`) are the interval's
 * own counts, i.e. a histogram that started empty at the beginning of the interval; for counters that keep
 * growing from interval to interval, use {@link createPrometheusExporter}. Lines are grouped by metric family,
 * each with its `# HELP` and `# TYPE` (OpenMetrics also `# UNIT` where the name carries the unit), and an
 * OpenMetrics exposition ends with `# EOF`.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { renderExposition } from '@rmf-sim/exporter-prometheus';
 *
 * const sim = createSimulator({ seed: 42 });
 * const text = renderExposition(sim.samples('2026-01-05T09:00:00Z'), { naming: 'both', format: 'openmetrics' });
 * console.log(text.split('\n').find((l) => l.startsWith('mvs_lpar_actual_msu_h{')));
 * ```
 */
export function renderExposition(samples: readonly Sample[], options: ExpositionOptions = {}): string {
  const issues = sharedOptionIssues(options ?? {});
  const { naming = 'rmf', format = 'prometheus', timestamps = false } = options ?? {};
  if (format !== 'prometheus' && format !== 'openmetrics') issues.push({ path: ['format'], message: formatMessage(format) });
  if (issues.length) throw new ConfigError(issues);
  if (!Array.isArray(samples)) throw new RmfSimError('ERR_RMF_ARGUMENT', 'renderExposition() takes the array of samples of one interval, e.g. sim.samples(t)');
  const eof = format === 'openmetrics' ? '# EOF\n' : '';
  if (samples.length === 0) return eof;
  const layout = layoutFor(samples, naming);
  const values = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) values[i] = samples[i]!.value;
  return renderLayout(layout, values, format, timestamps ? samples[0]!.timestamp : undefined) + eof;
}
