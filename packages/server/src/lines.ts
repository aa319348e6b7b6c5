/**
 * The fast writer of `rmf-sim generate`: NDJSON and CSV lines from a per-series text compiled once.
 *
 * A line is `head(interval) + middle(series) + number + tail`: the timestamp part is built once per interval, the
 * metric-and-labels part once per series (and kept while the series' labels object stays the same one, which the
 * simulator shares between intervals), and a value's shortest round-trip text is reused while the series' value does
 * not change (about a fifth of the values of an interval: capacities, counts, idle devices). The bytes are exactly
 * those of {@link formatNdjsonLine} / {@link formatCsvLine} (a golden test and a property check it).
 * @module
 */
import type { Labels, Sample } from '@rmf-sim/core';
import { csvField, formatCsvLabels } from './format.js';

/** Line formats of {@link LineRenderer}. */
export type LineFormat = 'ndjson' | 'csv';

/**
 * Renders the samples of one interval to text, reusing per-series work between intervals.
 *
 * @example
 * ```ts
 * const r = new LineRenderer('ndjson');
 * let text = '';
 * for (const t of ends) text += r.render(sim.samples(t));
 * ```
 */
export class LineRenderer {
  private readonly labels: (Labels | undefined)[] = [];
  private readonly metrics: string[] = [];
  private readonly middles: string[] = [];
  private lastValues = new Float64Array(0);
  private readonly lastTexts: string[] = [];
  private lastTimestamp = Number.NaN;
  private head = '';

  /** @param format `ndjson` or `csv` (lines only; the CSV header is the caller's). */
  constructor(readonly format: LineFormat) {}

  private middle(i: number, s: Sample): string {
    if (this.labels[i] === s.labels && this.metrics[i] === s.metric) return this.middles[i]!;
    const m = this.format === 'csv' ? `${csvField(s.metric)},${csvField(formatCsvLabels(s.labels))},` : `,"metric":${JSON.stringify(s.metric)},"labels":${JSON.stringify(s.labels)},"value":`;
    this.labels[i] = s.labels;
    this.metrics[i] = s.metric;
    this.middles[i] = m;
    this.lastValues[i] = Number.NaN; // a new series: its value text is not known
    return m;
  }

  private headOf(timestamp: number): string {
    if (timestamp !== this.lastTimestamp) {
      const iso = new Date(timestamp).toISOString();
      this.head = this.format === 'csv' ? `${iso},` : `{"timestamp":"${iso}"`;
      this.lastTimestamp = timestamp;
    }
    return this.head;
  }

  /** The lines of `samples` (each with its `\n`), in their order. */
  render(samples: readonly Sample[]): string {
    const n = samples.length;
    if (this.lastValues.length < n) {
      const grown = new Float64Array(n).fill(Number.NaN);
      grown.set(this.lastValues);
      this.lastValues = grown;
    }
    const values = this.lastValues;
    const texts = this.lastTexts;
    const csv = this.format === 'csv';
    const tail = csv ? '\n' : '}\n';
    let out = '';
    for (let i = 0; i < n; i++) {
      const s = samples[i]!;
      const head = this.headOf(s.timestamp);
      const middle = this.middle(i, s);
      const v = s.value;
      let text: string;
      if (v === values[i]) text = texts[i]!;
      else {
        // JSON has no NaN or Infinity (JSON.stringify writes null); CSV writes String(value) as it always did
        text = csv || Number.isFinite(v) ? String(v) : 'null';
        values[i] = v;
        texts[i] = text;
      }
      out += head + middle + text + tail;
    }
    return out;
  }
}
