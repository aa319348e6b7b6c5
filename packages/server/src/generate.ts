/**
 * `rmf-sim generate`: historical samples of a time range as NDJSON or CSV.
 * @module
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { Simulator } from '@rmf-sim/core';
import { parseInstant, parseInteger, parseSeed, parseShard } from './args.js';
import { simulatorFromFiles } from './topology-file.js';
import { ExitCode, UsageError, describeError, isBrokenPipe } from './errors.js';
import { CSV_HEADER } from './format.js';
import { LineBuffer, LineRenderer } from './lines.js';
import { StreamSink, type OutputStream } from './sink.js';
import type { CommandContext } from './context.js';
import { GENERATE_USAGE } from './help.js';
import { defaultWorkers, writeSamplesParallel } from './generate-parallel.js';
import { parquetTarget, writeParquetFiles, type ParquetTarget } from './generate-parquet.js';

/** Output formats of `rmf-sim generate` (Parquet is written by {@link writeParquetFiles}, not by {@link writeSamples}). */
export type OutputFormat = 'ndjson' | 'csv';

/** Options of {@link writeSamples}. */
export interface WriteSamplesOptions {
  /** The simulator (or shard) whose samples to write. */
  sim: Pick<Simulator, 'intervalMs' | 'samples'>;
  /** Start of the range, epoch ms (exclusive: the first interval ends after it). */
  from: number;
  /** End of the range, epoch ms (inclusive). */
  to: number;
  /** `ndjson` (default) or `csv` (a header line first). */
  format?: OutputFormat;
  /**
   * Where to write: a stream (back-pressure is respected: the next interval is computed only when the stream has
   * room), or `{ fd }`, an open file descriptor written with `fs.writeSync` from one buffer used again and again (no
   * stream, no copy, no chunk allocated per write: what `rmf-sim generate --out FILE` uses). Neither is ended or closed.
   */
  stream: OutputStream | FileOutput;
  /** Stops between intervals; the promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** Called after each interval with the number of intervals written and the total. */
  onInterval?: (done: number, total: number) => void;
}

/** A file descriptor that {@link writeSamples} writes to with `fs.writeSync`. */
export interface FileOutput {
  /** An open file descriptor (for writing); not closed by the writer. */
  fd: number;
}

/** Whether `out` is a {@link FileOutput} (a descriptor) rather than a stream. */
export function isFileOutput(out: OutputStream | FileOutput): out is FileOutput {
  return typeof (out as Partial<OutputStream>).write !== 'function';
}

/** Writes all of `bytes` to `fd` (`writeSync` may write fewer bytes than asked). */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** Number of intervals of `intervalMs` ending in (from, to]. */
export function countIntervals(from: number, to: number, intervalMs: number): number {
  const first = Math.floor(from / intervalMs) * intervalMs + intervalMs;
  return to < first ? 0 : Math.floor((to - first) / intervalMs) + 1;
}

/**
 * Bytes gathered before one write: large enough that a write's fixed cost disappears. At most two chunks (the one
 * being written and the next), each this plus one interval's lines, are held.
 */
export const GENERATE_CHUNK_CHARS = 256 * 1024;

/**
 * Writes one line per sample for every interval ending in (from, to], interval by interval
 * (`sim.samples(end)`), in chunks of about a megabyte, waiting for the stream when it asks for back-pressure.
 * The lines come from a {@link LineRenderer} (per-series text compiled once). Does not end the stream.
 *
 * @returns the number of intervals and of sample lines written.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { writeSamples } from '@rmf-sim/server';
 * await writeSamples({ sim: createSimulator({ seed: 42 }), from: Date.parse('2026-01-05T00:00:00Z'),
 *   to: Date.parse('2026-01-05T00:01:00Z'), format: 'csv', stream: process.stdout });
 * ```
 */
export async function writeSamples(options: WriteSamplesOptions): Promise<{ intervals: number; samples: number }> {
  const { sim, from, to, format = 'ndjson', stream, signal, onInterval } = options;
  if (!(Number.isFinite(from) && Number.isFinite(to))) throw new UsageError('from and to must be finite epoch milliseconds');
  if (to < from) throw new UsageError(`--to (${new Date(to).toISOString()}) is before --from (${new Date(from).toISOString()})`);
  const renderer = new LineRenderer(format);
  const iv = sim.intervalMs;
  const total = countIntervals(from, to, iv);
  const first = Math.floor(from / iv) * iv + iv;
  // bytes, not strings: LineRenderer.renderTo (see lines.ts)
  const chunk = new LineBuffer(2 * GENERATE_CHUNK_CHARS);
  if (format === 'csv') chunk.length = chunk.bytes.write(CSV_HEADER);
  if (isFileOutput(stream)) return { intervals: total, samples: await writeToFile(stream.fd, sim, renderer, chunk, first, total, signal, onInterval) };
  const sink = new StreamSink(stream);
  let samples = 0;
  try {
    // each chunk a buffer of its own (take()), as a stream keeps it
    // the write of one chunk overlaps the rendering of the next: wait for room only before the next write
    let inFlight: Promise<void> = Promise.resolve();
    samples = await renderIntervals(sim, renderer, chunk, first, total, signal, onInterval, async () => {
      await inFlight;
      inFlight = sink.write(chunk.take());
      inFlight.catch(() => {}); // awaited below; a failure must not be unhandled meanwhile
    });
    await inFlight;
    if (chunk.length > 0) await sink.write(chunk.take());
  } finally {
    sink.release();
  }
  return { intervals: total, samples };
}

/**
 * {@link writeSamples} to a file descriptor: one buffer, rendered into and written with `fs.writeSync` each time it
 * holds {@link GENERATE_CHUNK_CHARS} bytes, then used again (the kernel has copied it). Returns the sample count.
 */
async function writeToFile(fd: number, sim: WriteSamplesOptions['sim'], renderer: LineRenderer, chunk: LineBuffer, first: number, total: number, signal: AbortSignal | undefined, onInterval: WriteSamplesOptions['onInterval']): Promise<number> {
  const samples = await renderIntervals(sim, renderer, chunk, first, total, signal, onInterval, () => {
    writeAllSync(fd, chunk.bytes.subarray(0, chunk.length));
    chunk.length = 0;
  });
  if (chunk.length > 0) writeAllSync(fd, chunk.bytes.subarray(0, chunk.length));
  return samples;
}

/**
 * Renders `total` intervals from `first` into `chunk`; whenever it holds {@link GENERATE_CHUNK_CHARS} bytes, `flush`
 * takes them and the event loop gets a turn (I/O callbacks, signals and timers run even when every write is
 * synchronous, as to files and pipes on Linux). Returns the sample count.
 */
async function renderIntervals(sim: WriteSamplesOptions['sim'], renderer: LineRenderer, chunk: LineBuffer, first: number, total: number, signal: AbortSignal | undefined, onInterval: WriteSamplesOptions['onInterval'], flush: () => void | Promise<void>): Promise<number> {
  let samples = 0;
  for (let k = 0, end = first; k < total; k++, end += sim.intervalMs) {
    signal?.throwIfAborted();
    const batch = sim.samples(end);
    samples += batch.length;
    renderer.renderTo(batch, chunk);
    if (chunk.length >= GENERATE_CHUNK_CHARS) {
      await flush();
      await yieldToEventLoop();
    }
    onInterval?.(k + 1, total);
  }
  return samples;
}

/** Runs `rmf-sim generate` with the arguments after the command name. */
export async function runGenerate(args: string[], ctx: CommandContext): Promise<number> {
  if (args.some((a) => a === '--to-store' || a.startsWith('--to-store='))) return generateToStore(args, ctx);
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      shard: { type: 'string' },
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      interval: { type: 'string' },
      topology: { type: 'string' },
      scenario: { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await ctx.out.write(GENERATE_USAGE);
    return ExitCode.OK;
  }
  for (const flag of ['seed', 'from', 'to'] as const) {
    if (values[flag] === undefined) throw new UsageError(`generate: missing --${flag}; see rmf-sim generate --help`);
  }
  const seed = parseSeed(values.seed!);
  const from = parseInstant(values.from!, '--from');
  const to = parseInstant(values.to!, '--to');
  if (from > to) throw new UsageError(`--from (${values.from}) is after --to (${values.to})`);
  const format = values.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv' && format !== 'parquet') throw new UsageError(`--format: expected ndjson, csv or parquet, got ${JSON.stringify(format)}`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const intervalSeconds = values.interval === undefined ? undefined : parseInteger(values.interval, '--interval');
  const workersFlag = values.workers === undefined ? undefined : parseInteger(values.workers, '--workers');
  if (workersFlag !== undefined && workersFlag > 64) throw new UsageError(`--workers: at most 64, got ${workersFlag}`);
  if (values.out === '') throw new UsageError('--out: expected a file name');
  if (format === 'parquet' && values.out === undefined) throw new UsageError('--format parquet: needs --out FILE.parquet (one file) or --out DIR/ (a file per family); Parquet is not written to stdout');

  const simOptions = { seed, ...(shard && { shard }), ...(intervalSeconds !== undefined && { intervalSeconds }) };
  const files = { ...(values.topology !== undefined ? { topologyFile: values.topology } : {}), ...(values.scenario !== undefined ? { scenarioFile: values.scenario } : {}), cwd: ctx.cwd };
  const sim = simulatorFromFiles(simOptions, files);

  const workers = workersFlag ?? defaultWorkers(countIntervals(from, to, sim.intervalMs) * sim.series.length);
  let parquet: ParquetTarget | undefined;
  if (format === 'parquet') {
    parquet = await parquetTarget(values.out!, ctx.cwd);
  }

  let stream: OutputStream | FileOutput = ctx.stdout;
  let file: FileOutput | undefined;
  if (values.out !== undefined && !parquet) {
    // a descriptor written with writeSync from one reused buffer (measured faster than a WriteStream: docs/decisions.md)
    try {
      file = { fd: openSync(values.out, 'w') };
    } catch (e) {
      throw Object.assign(new Error(`cannot write ${values.out}: ${describeError(e).message}`), { cause: e });
    }
    stream = file;
  }

  const showProgress = (file !== undefined || parquet !== undefined) && ctx.stderr.isTTY === true;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        {
          stream: ctx.stderr,
          format: 'rmf-sim generate |{bar}| {percentage}% | {value}/{total} intervals | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: false,
          fps: 10,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;

  const total = countIntervals(from, to, sim.intervalMs);
  let written = 0;
  try {
    bar?.start(total, 0);
    const onInterval = (done: number) => bar?.update((written = done));
    if (parquet) {
      await writeParquetFiles({ sim, from, to, target: parquet, signal: ctx.signal, onInterval });
      return ExitCode.OK;
    }
    await writeSamplesParallel({ sim, options: simOptions, files, workers, from, to, format: format as OutputFormat, stream, signal: ctx.signal, onInterval });
    if (file) {
      const { fd } = file;
      file = undefined;
      closeSync(fd); // a failure to close (a full disk's late error) is the command's error
    }
    return ExitCode.OK;
  } catch (e) {
    if (!ctx.signal?.aborted) {
      if (!file && isBrokenPipe(e)) return ExitCode.OK;
      throw e;
    }
  } finally {
    bar?.stop();
    if (file) {
      try {
        closeSync(file.fd);
      } catch {
        // the command already failed or was interrupted: that error is the one reported
      }
    }
  }
  // Interrupted (SIGINT/SIGTERM): the file would look like a complete data set, so it goes (see docs/decisions.md)
  if (parquet) ctx.stderr.write(`rmf-sim: interrupted after ${written} of ${total} intervals; wrote nothing to ${values.out}\n`);
  if (file && values.out !== undefined) {
    await rm(values.out, { force: true });
    ctx.stderr.write(`rmf-sim: interrupted after ${written} of ${total} intervals; removed the incomplete ${values.out}\n`);
  }
  return ExitCode.INTERRUPTED;
}

/**
 * `generate --to-store URL …`: the same as `backfill` (with `--to-store` for `--store`); the file options have no
 * meaning there and are refused.
 */
async function generateToStore(args: string[], ctx: CommandContext): Promise<number> {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.replace(/=.*$/, '');
    if (['--format', '-f', '--out', '-o'].includes(name)) throw new UsageError(`${name}: not with --to-store (the records go to the stores); see rmf-sim backfill --help`);
    out.push(name === '--to-store' ? a.replace('--to-store', '--store') : a);
  }
  const { runBackfill } = await import('./backfill.js');
  return runBackfill(out, ctx);
}

