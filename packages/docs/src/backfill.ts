/**
 * History for a Prometheus TSDB: the exporter's OpenMetrics output, with timestamps, for every `stepMs` of a range
 * (random access in time: each step is `sim.samples(t)`, nothing before it is simulated), in one file that
 * `promtool tsdb create-blocks-from openmetrics` reads.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { toEpochMs, type Instant, type Sample, type Simulator } from '@rmf-sim/core';
import { renderExposition, type Naming } from '@rmf-sim/exporter-prometheus';

/** Options of {@link writeOpenMetricsHistory}. */
export interface HistoryOptions {
  /** Start (exclusive). */
  from: Instant;
  /** End (inclusive). */
  to: Instant;
  /** Time between two samples of a series, ms (a multiple of the simulator's interval). @default the simulator's interval */
  stepMs?: number;
  /** Only the samples it keeps (e.g. `sampleFilter` of the expressions to evaluate). @default every sample */
  filter?: (s: Sample) => boolean;
  /** @default 'rmf' */
  naming?: Naming;
}

/**
 * Writes the samples of every step of (from, to] as OpenMetrics text with timestamps to `file` (one exposition per
 * step, `# EOF` once at the end); returns the number of steps and sample lines. Histograms are the interval's own
 * counts (`renderExposition` is stateless), so backfill gauges: rates of histograms need the stateful exporter.
 */
export function writeOpenMetricsHistory(sim: Simulator, file: string, { from, to, stepMs = sim.intervalMs, filter, naming = 'rmf' }: HistoryOptions): { steps: number; lines: number } {
  if (stepMs % sim.intervalMs !== 0) throw new Error(`stepMs ${stepMs} is not a multiple of the interval (${sim.intervalMs} ms)`);
  const first = sim.alignMs(toEpochMs(from)) + stepMs;
  const last = toEpochMs(to);
  const keep = filter && remembered(filter);
  const fd = openSync(file, 'w');
  let steps = 0;
  let lines = 0;
  try {
    for (let t = first; t <= last; t += stepMs) {
      const samples = keep ? sim.samples(t).filter(keep) : sim.samples(t);
      const text = renderExposition(samples, { format: 'openmetrics', timestamps: true, naming }).replace(/# EOF\n$/, '');
      writeSync(fd, text);
      steps++;
      lines += samples.length;
    }
    writeSync(fd, '# EOF\n');
  } finally {
    closeSync(fd);
  }
  return { steps, lines };
}

/**
 * `filter`, asked once per series: the simulator hands out the same labels object for a series in every interval, so
 * the answer is kept per metric and labels object (a fortnight at 1-minute steps asks about 118 M times otherwise).
 */
function remembered(filter: (s: Sample) => boolean): (s: Sample) => boolean {
  const byMetric = new Map<string, WeakMap<object, boolean>>();
  return (s) => {
    let known = byMetric.get(s.metric);
    if (!known) byMetric.set(s.metric, (known = new WeakMap()));
    let answer = known.get(s.labels);
    if (answer === undefined) known.set(s.labels, (answer = filter(s)));
    return answer;
  };
}
