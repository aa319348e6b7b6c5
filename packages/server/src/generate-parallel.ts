/**
 * `rmf-sim generate --workers N`: disjoint chunks of the range rendered by worker threads, joined in order.
 *
 * The simulator is random access in time and deterministic, so chunk `c` (intervals `c·K … c·K+K-1` of the range)
 * can be rendered by any simulator built from the same options and files. Chunk `c` goes to worker `c mod n`; the
 * main thread asks for at most {@link GENERATE_WORKER_DEPTH} chunks per worker ahead of the one it writes, and asks
 * for chunk `c + n·depth` (the same worker's next) only when chunk `c` has arrived, so at most `n·depth + 1` chunks
 * exist at any moment, whatever the speed of the output. Each chunk arrives as one Buffer whose memory is transferred,
 * and is written in order with back-pressure: the bytes are those of {@link writeSamples}, whatever `n`.
 * @module
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Simulator, SimulatorOptions } from '@rmf-sim/core';
import { CSV_HEADER } from './format.js';
import { countIntervals, isFileOutput, writeAllSync, writeSamples, type WriteSamplesOptions } from './generate.js';
import type { LineFormat } from './lines.js';
import { StreamSink } from './sink.js';
import type { SimulatorFiles } from './topology-file.js';

/** What a worker is started with: how to build its simulator, and the line format. */
export interface GenerateWorkerData {
  options: SimulatorOptions;
  files: SimulatorFiles;
  format: LineFormat;
}

/** A request to a worker: render `count` intervals, the first ending at `firstEnd`. */
export interface GenerateWorkerRequest {
  id: number;
  firstEnd: number;
  count: number;
}

/** A worker's answer to a {@link GenerateWorkerRequest}: the chunk's bytes, or the error that stopped it. */
export type GenerateWorkerReply = { id: number; samples: number; bytes: Uint8Array } | { id: number; error: { message: string; code?: string } };

/** Chunks requested ahead per worker: one being rendered and one waiting to be written keep a worker busy. */
export const GENERATE_WORKER_DEPTH = 2;

/** Lines per chunk handed to a worker (about 3.5 MB of NDJSON of the default topology): whole intervals, at least one. */
export const GENERATE_WORKER_CHUNK_LINES = 20_000;

/**
 * Lines below which the default of `--workers` is 1: starting a worker (loading the code, building its simulator,
 * warming its JIT) costs about a second of CPU, more than rendering a short range takes.
 */
export const GENERATE_PARALLEL_MIN_LINES = 1_000_000;

/**
 * The default of `--workers` for `lines` lines of output: one per core but one (the main thread joins, writes and
 * collects garbage), at most 4 (past that the writing thread is the limit), and 1 for fewer than
 * {@link GENERATE_PARALLEL_MIN_LINES}. On 2 cores that is 1: measured there, two workers were slower than one thread
 * (docs/decisions.md).
 */
export function defaultWorkers(lines: number, cores = availableParallelism()): number {
  return lines < GENERATE_PARALLEL_MIN_LINES ? 1 : Math.max(1, Math.min(4, cores - 1));
}

/** Intervals per chunk for a simulator of `series` series: whole intervals of about `chunkLines` lines, at least one. */
export function chunkIntervals(series: number, chunkLines = GENERATE_WORKER_CHUNK_LINES): number {
  return Math.max(1, Math.floor(chunkLines / Math.max(1, series)));
}

/** Options of {@link writeSamplesParallel}. */
export interface WriteSamplesParallelOptions extends Omit<WriteSamplesOptions, 'sim'> {
  /** The main thread's simulator, built from `options` and `files` (its interval and series count size the chunks). */
  sim: Pick<Simulator, 'intervalMs' | 'samples' | 'series'>;
  /** The options the workers build their simulators from (the same as `sim`'s). */
  options: SimulatorOptions;
  /** The topology and scenario files of `sim`, read again by each worker. */
  files: SimulatorFiles;
  /** Worker threads; 1 (or a range of one chunk) renders in this thread with {@link writeSamples}. */
  workers: number;
  /** The worker script. @default `generate-worker.js` beside this module, or `RMF_SIM_GENERATE_WORKER` */
  workerFile?: string | URL;
  /** Lines per chunk (whole intervals). @default GENERATE_WORKER_CHUNK_LINES */
  chunkLines?: number;
}

/** The built worker script beside this module (`.cjs` from the CommonJS build). */
function defaultWorkerFile(): URL {
  const override = process.env.RMF_SIM_GENERATE_WORKER;
  if (override) return pathToFileURL(override);
  const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;
  return new URL(here.endsWith('.cjs') ? './generate-worker.cjs' : './generate-worker.js', here);
}

/**
 * {@link writeSamples} with the intervals rendered by `workers` worker threads and written in order by this one; the
 * same bytes for any number of workers. The workers are terminated when it returns or throws (abort, a failed write,
 * a worker's error); an error of a worker rejects with its message and code.
 */
export async function writeSamplesParallel(options: WriteSamplesParallelOptions): Promise<{ intervals: number; samples: number }> {
  const { sim, from, to, format = 'ndjson', stream, signal, onInterval } = options;
  const iv = sim.intervalMs;
  const total = countIntervals(from, to, iv);
  const perChunk = chunkIntervals(sim.series.length, options.chunkLines);
  const chunks = Math.ceil(total / perChunk);
  const n = Math.min(Math.max(1, Math.floor(options.workers)), chunks);
  if (n <= 1 || !(to >= from)) return writeSamples(options);
  signal?.throwIfAborted();
  const file = options.workerFile ?? defaultWorkerFile();
  if (!existsSync(file instanceof URL ? fileURLToPath(file) : file)) {
    throw new Error(`generate: the worker script ${String(file)} is missing (a build of @rmf-sim/server has it; --workers 1 needs none)`);
  }

  const firstEnd = Math.floor(from / iv) * iv + iv;
  const received = new Map<number, { samples: number; bytes: Uint8Array }>();
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    wake?.();
  };
  const data: GenerateWorkerData = { options: options.options, files: options.files, format };
  const workers: Worker[] = [];
  let done = false;
  const onAbort = () => fail(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  // a descriptor is written synchronously (the chunk is the main thread's once it arrived); a stream with back-pressure
  const fd = isFileOutput(stream) ? stream.fd : undefined;
  const sink = isFileOutput(stream) ? undefined : new StreamSink(stream);
  const put = (bytes: Uint8Array | string): Promise<void> => (fd === undefined ? sink!.write(bytes) : Promise.resolve(writeAllSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes)));
  try {
    for (let w = 0; w < n; w++) {
      const worker = new Worker(file, { workerData: data });
      worker.on('message', (m: GenerateWorkerReply) => {
        if ('error' in m) fail(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
        else {
          received.set(m.id, m);
          wake?.();
        }
      });
      worker.on('error', (e) => fail(new Error(`a generate worker failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e })));
      worker.on('exit', (code) => {
        if (!done) fail(new Error(`a generate worker stopped before its work was done (exit code ${code})`));
      });
      workers.push(worker);
    }
    const request = (c: number) => {
      const req: GenerateWorkerRequest = { id: c, firstEnd: firstEnd + c * perChunk * iv, count: Math.min(perChunk, total - c * perChunk) };
      workers[c % n]!.postMessage(req);
    };
    const ahead = n * GENERATE_WORKER_DEPTH;
    for (let c = 0; c < Math.min(chunks, ahead); c++) request(c);
    const next = async (c: number) => {
      for (;;) {
        if (failure) throw failure.error;
        const r = received.get(c);
        if (r) {
          received.delete(c);
          return r;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    };

    let inFlight: Promise<void> = format === 'csv' ? put(CSV_HEADER) : Promise.resolve();
    inFlight.catch(() => {}); // awaited below; a failure must not be unhandled meanwhile
    let samples = 0;
    for (let c = 0; c < chunks; c++) {
      const chunk = await next(c);
      if (c + ahead < chunks) request(c + ahead);
      samples += chunk.samples;
      await inFlight;
      if (failure) throw failure.error;
      inFlight = put(chunk.bytes);
      inFlight.catch(() => {});
      onInterval?.(Math.min(total, (c + 1) * perChunk), total);
    }
    await inFlight;
    return { intervals: total, samples };
  } finally {
    done = true;
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
    sink?.release();
  }
}
