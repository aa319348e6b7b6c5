/**
 * `rmf-sim backfill`: a historical range into one or more stores through core's write pipeline, as fast as they take
 * it, resumable from a checkpoint per store and shard (see `checkpoint.ts`).
 *
 * How resuming stays exact: batches are whole intervals (the batch size is a multiple of the series count and every
 * interval is handed to the pipeline in one call), each store writes its batches in order, so after a store
 * acknowledged a batch it holds every interval up to the batch's last one; that instant is its checkpoint, saved
 * after every batch. A restart with the same arguments begins after the lowest checkpoint and hands each store only
 * the intervals after its own. Killed between a write and its checkpoint, at most the batches since the last saved
 * checkpoint are written again, and stores upsert by the record's key: every record is in the store exactly once.
 * @module
 */
import { resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createWritePipeline, type MetricRecord, type MetricSink, type WritePipeline } from '@rmf-sim/core';
import { parseInstant, parseInteger, parseSeed, parseShard } from './args.js';
import { checkIdentity, checkpointsOf, digest, type BackfillIdentity, type Checkpoint, type CheckpointStore } from './checkpoint.js';
import type { CommandContext } from './context.js';
import { ExitCode, UsageError } from './errors.js';
import { countIntervals } from './generate.js';
import { isoSeconds } from './format.js';
import { BACKFILL_USAGE } from './help.js';
import { BackfillProgress, type StoreProgress } from './progress.js';
import { openStores, parseStoreUrls, type OpenedStore } from './stores.js';
import { simulatorFromFiles } from './topology-file.js';

/** Records per batch aimed at: whole intervals of about this many records. */
const TARGET_BATCH = 20_000;

/**
 * How a backfill batches: whole intervals of about {@link TARGET_BATCH} records, or, when a store writes cheapest in
 * whole windows (`batchWindowMs`: the S3 store's objects), one window per batch, cut at the windows' boundaries (so
 * each window object is written once, not read and merged once per batch: 7.8× the rate into Swift measured), with
 * batching by time pushed far out so that it cannot cut a window in two while a slow store holds `write()`.
 * Several stores' windows: the least common multiple (windows divide an hour, so at most an hour). `--batch-intervals`
 * overrides the size; the boundaries stay.
 */
export function batchPlan(o: { series: number; intervalMs: number; batchIntervals?: number; windowsMs: readonly (number | undefined)[] }): { batchSize: number; alignMs: number; maxBatchDelayMs: number; maxQueuedBatches: number } {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let alignMs = 0;
  for (const w of o.windowsMs) if (w !== undefined && w > o.intervalMs && w % o.intervalMs === 0) alignMs = alignMs === 0 ? w : (alignMs / gcd(alignMs, w)) * w;
  const series = Math.max(1, o.series);
  if (alignMs === 0) return { batchSize: series * (o.batchIntervals ?? Math.max(1, Math.round(TARGET_BATCH / series))), alignMs, maxBatchDelayMs: 1000, maxQueuedBatches: 4 };
  // a window per batch, or the largest part of it that divides it and keeps a batch to MAX_ALIGNED_BATCH records
  const window = alignMs / o.intervalMs;
  let perBatch = window;
  while (perBatch > 1 && series * perBatch > MAX_ALIGNED_BATCH) perBatch = largestDivisorBelow(window, perBatch);
  return { batchSize: series * (o.batchIntervals ?? perBatch), alignMs, maxBatchDelayMs: 60_000, maxQueuedBatches: 2 };
}

/** The most records a window-aligned batch holds (a batch, two queued and the buffer stay within a few hundred MB). */
const MAX_ALIGNED_BATCH = 500_000;

/** The largest divisor of n below d. */
function largestDivisorBelow(n: number, d: number): number {
  for (let k = d - 1; k > 1; k--) if (n % k === 0) return k;
  return 1;
}

/** The flags of `backfill` (also those `generate --to-store` passes on). */
export const BACKFILL_OPTIONS = {
  seed: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  store: { type: 'string', multiple: true },
  topology: { type: 'string' },
  scenario: { type: 'string' },
  shard: { type: 'string' },
  interval: { type: 'string' },
  'batch-intervals': { type: 'string' },
  'checkpoint-dir': { type: 'string' },
  restart: { type: 'boolean' },
  progress: { type: 'string' },
  'progress-every': { type: 'string' },
  'grace-seconds': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** One store's part of the run. */
interface Target {
  opened: OpenedStore;
  checkpoints: CheckpointStore | null;
  /** Intervals up to this end are in the store (from its checkpoint); later ones are written. */
  skipUntil: number;
  records: number;
  doneMs: number;
  runRecords: number;
  retries: number;
  failing?: string;
  saver: Saver;
}

/** Saves a store's checkpoint after each batch, one save at a time, the newest winning; remembers a failed save. */
class Saver {
  private pending: Checkpoint | null = null;
  private running: Promise<void> | null = null;
  lastError: unknown = null;
  constructor(private readonly store: CheckpointStore | null) {}

  offer(cp: Checkpoint): void {
    if (!this.store) return;
    this.pending = cp;
    this.running ??= this.loop().finally(() => (this.running = null));
  }

  private async loop(): Promise<void> {
    while (this.pending) {
      const cp = this.pending;
      this.pending = null;
      try {
        await this.store!.save(cp);
        this.lastError = null;
      } catch (e) {
        // the store may be down: keep it for the next attempt (a newer one replaces it)
        this.lastError = e;
        this.pending ??= cp;
        return;
      }
    }
  }

  /** Waits for the saves; retries a failed one up to `attempts` times. */
  async settle(sleep: (ms: number) => Promise<void>, attempts = 10): Promise<void> {
    for (let i = 0; ; i++) {
      await this.running;
      if (!this.pending) return;
      if (i >= attempts) throw this.lastError;
      await sleep(Math.min(5000, 200 * 2 ** i));
      this.running ??= this.loop().finally(() => (this.running = null));
    }
  }
}

/** A store's sink that leaves out what its checkpoint says it holds. */
function resumingSink(t: Target): MetricSink {
  return {
    write(records: readonly MetricRecord[], options) {
      if (records.length === 0 || records[records.length - 1]!.timestamp <= t.skipUntil) return Promise.resolve({ written: records.length, duplicates: 0 });
      const rest = records[0]!.timestamp > t.skipUntil ? records : records.filter((r) => r.timestamp > t.skipUntil);
      return t.opened.store.write(rest, options).then((r) => ({ written: records.length, duplicates: r.duplicates }));
    },
  };
}

const oneLine = (e: unknown) => String((e as Error)?.message ?? e).replace(/\s*\n\s*/g, ' ').slice(0, 160);

/** Runs `rmf-sim backfill` with the arguments after the command name. */
export async function runBackfill(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, strict: true, allowPositionals: false, options: BACKFILL_OPTIONS });
  if (values.help) {
    await ctx.out.write(BACKFILL_USAGE);
    return ExitCode.OK;
  }
  for (const flag of ['from', 'to'] as const) if (values[flag] === undefined) throw new UsageError(`backfill: missing --${flag}; see rmf-sim backfill --help`);
  const urls = values.store ?? [];
  if (urls.length === 0) throw new UsageError('backfill: missing --store URL (memory:, mysql://user@host:3306/db, mongodb://host/db, …); see rmf-sim backfill --help');
  const seed = values.seed === undefined ? 42 : parseSeed(values.seed);
  const from = parseInstant(values.from!, '--from');
  const to = parseInstant(values.to!, '--to');
  if (from > to) throw new UsageError(`--from (${values.from}) is after --to (${values.to})`);
  const shard = values.shard === undefined ? { index: 0, count: 1 } : parseShard(values.shard);
  const intervalSeconds = values.interval === undefined ? undefined : parseInteger(values.interval, '--interval');
  const batchIntervals = values['batch-intervals'] === undefined ? undefined : parseInteger(values['batch-intervals'], '--batch-intervals');
  const graceMs = values['grace-seconds'] === undefined ? 10_000 : parseInteger(values['grace-seconds'], '--grace-seconds', 0) * 1000;
  const everyMs = values['progress-every'] === undefined ? 10_000 : parseInteger(values['progress-every'], '--progress-every') * 1000;
  const mode = values.progress ?? 'auto';
  if (!['auto', 'bar', 'lines', 'none'].includes(mode)) throw new UsageError(`--progress: expected auto, bar, lines or none, got ${JSON.stringify(mode)}`);
  const progressMode = mode === 'auto' ? (ctx.stderr.isTTY ? 'bar' : 'lines') : (mode as 'bar' | 'lines' | 'none');
  // MySQL/MariaDB: the server's bulk path (LOAD DATA LOCAL INFILE) unless the URL says ?write=insert
  const fastUrls = parseStoreUrls(urls, ['--store']).map((spec, i) => {
    if (spec.factory.kind !== 'mysql' || new URL(urls[i]!).searchParams.has('write')) return urls[i]!;
    const u = new URL(urls[i]!);
    u.searchParams.set('write', 'load-data');
    return u.href;
  });

  const sim = simulatorFromFiles(
    { seed, ...(shard.count > 1 ? { shard } : {}), ...(intervalSeconds !== undefined ? { intervalSeconds } : {}) },
    { ...(values.topology !== undefined ? { topologyFile: values.topology } : {}), ...(values.scenario !== undefined ? { scenarioFile: values.scenario } : {}), cwd: ctx.cwd },
  );
  const iv = sim.intervalMs;
  const firstEnd = Math.floor(from / iv) * iv + iv;
  const total = countIntervals(from, to, iv);
  const lastEnd = firstEnd + (total - 1) * iv;
  const start = firstEnd - iv; // "nothing written yet"
  const series = sim.series.length;
  const identity: BackfillIdentity = {
    seed: sim.options.seed,
    from,
    to,
    intervalSeconds: sim.options.intervalSeconds,
    shard,
    modelVersion: sim.modelVersion,
    topology: digest(sim.topology),
    scenario: digest(sim.options.scenario),
  };

  const opened = await openStores(fastUrls);
  const stderr = (line: string) => ctx.stderr.write(`rmf-sim: ${line}\n`);
  try {
    const dir = resolve(ctx.cwd, values['checkpoint-dir'] ?? '.rmf-sim/checkpoints');
    const targets: Target[] = [];
    for (const o of opened) {
      const checkpoints = checkpointsOf(o, shard, dir);
      let saved: Checkpoint | null = null;
      if (checkpoints && !values.restart) {
        saved = await checkpoints.load();
        if (saved) checkIdentity(o.name, checkpoints.where, saved, identity);
      }
      const doneMs = saved ? Math.min(lastEnd, Math.max(start, saved.doneMs)) : start;
      targets.push({ opened: o, checkpoints, skipUntil: doneMs, doneMs, records: saved?.records ?? 0, runRecords: 0, retries: 0, saver: new Saver(checkpoints) });
    }
    const resumeFrom = Math.min(...targets.map((t) => t.doneMs));
    for (const t of targets) {
      if (t.doneMs > start) stderr(`store ${t.opened.name}: resuming after ${isoSeconds(t.doneMs)} (checkpoint in ${t.checkpoints!.where})`);
    }
    if (total === 0 || resumeFrom >= lastEnd) {
      stderr(`nothing to write: every store holds ${total} interval${total === 1 ? '' : 's'} of this backfill (${isoSeconds(firstEnd)} … ${isoSeconds(lastEnd)})`);
      return ExitCode.OK;
    }

    const plan = batchPlan({ series, intervalMs: iv, ...(batchIntervals === undefined ? {} : { batchIntervals }), windowsMs: targets.map((t) => t.opened.store.batchWindowMs) });
    const stopAll = new AbortController();
    const pipeline: WritePipeline = createWritePipeline({
      sinks: Object.fromEntries(targets.map((t) => [t.opened.name, resumingSink(t)])),
      clock: ctx.clock,
      // whole intervals per batch: a written batch is a checkpoint
      batchSize: plan.batchSize,
      maxBatchDelayMs: plan.maxBatchDelayMs,
      maxQueuedBatches: plan.maxQueuedBatches,
      retry: { initialDelayMs: 200, maxDelayMs: 5000, attemptTimeoutMs: 120_000 },
      permanentErrors: 'fail',
      signal: stopAll.signal,
    });
    const byName = new Map(targets.map((t) => [t.opened.name, t]));
    pipeline.on('written', (e) => {
      const t = byName.get(e.sink)!;
      t.failing = undefined;
      if (e.to <= t.doneMs) return;
      t.doneMs = e.to;
      t.records += e.records;
      t.runRecords += e.records;
      t.saver.offer({ version: 1, identity, doneMs: t.doneMs, records: t.records, complete: t.doneMs >= lastEnd });
    });
    pipeline.on('retry', (e) => {
      const t = byName.get(e.sink)!;
      t.retries++;
      t.failing = oneLine(e.error);
    });
    const storeProgress = (): StoreProgress[] => {
      const stats = pipeline.stats().sinks;
      return targets.map((t) => ({ name: t.opened.name, doneMs: t.doneMs, records: t.runRecords, lagMs: stats[t.opened.name]?.lagMs ?? 0, retries: t.retries, ...(t.failing ? { failing: t.failing } : {}) }));
    };
    const doneIntervals = () => Math.round((Math.min(...targets.map((t) => t.doneMs)) - start) / iv);
    const progress = new BackfillProgress({ stream: ctx.stderr, mode: progressMode, clock: ctx.clock, everyMs, state: () => ({ totalIntervals: total, doneIntervals: doneIntervals(), stores: storeProgress() }) });
    const began = ctx.clock.now();

    // Ctrl-C / SIGTERM: no new interval; what is cut and queued gets `grace` to be written (so the checkpoints move as
    // far as they can), then the pipeline is aborted, also when a store that is down keeps write() waiting
    let interrupted = false;
    const graceOver = new AbortController();
    const onInterrupt = () => {
      interrupted = true;
      ctx.clock.sleep(graceMs, graceOver.signal).then(
        () => stopAll.abort(new Error('interrupted')),
        () => {},
      );
    };
    if (ctx.signal?.aborted) onInterrupt();
    else ctx.signal?.addEventListener('abort', onInterrupt, { once: true });
    let failure: unknown = null;
    try {
      for (let end = resumeFrom + iv; end <= lastEnd && !interrupted; end += iv) {
        await pipeline.write(sim.samples(end));
        // (a window holds the intervals that end in it, [start, start + window): cut before the next one's first)
        if (plan.alignMs > 0 && (end + iv) % plan.alignMs === 0) pipeline.cut();
        // let I/O, timers and signals in between intervals (a store that keeps up never makes write() wait)
        await yieldToEventLoop();
      }
      await pipeline.close();
    } catch (e) {
      if (!interrupted) failure = e;
      stopAll.abort(e);
      await pipeline.close().catch(() => {});
    } finally {
      graceOver.abort();
      ctx.signal?.removeEventListener('abort', onInterrupt);
      await progress.stop();
    }
    // the checkpoints of what was written, whatever happened
    for (const t of targets) {
      try {
        await t.saver.settle((ms) => ctx.clock.sleep(ms));
      } catch (e) {
        stderr(`store ${t.opened.name}: could not save the checkpoint (${oneLine(e)}); a restart writes its last batches again (they replace themselves)`);
      }
    }
    const seconds = Math.max(1e-3, (ctx.clock.now() - began) / 1000);
    const written = targets.map((t) => `${t.opened.name} ${t.runRecords.toLocaleString('en-US')} records up to ${isoSeconds(t.doneMs)}`).join(', ');
    const rate = Math.round(Math.min(...targets.map((t) => t.runRecords)) / seconds).toLocaleString('en-US');
    if (failure) {
      stderr(`backfill stopped: ${written}; the checkpoints are saved (run the same command to resume)`);
      throw failure;
    }
    if (interrupted && targets.some((t) => t.doneMs < lastEnd)) {
      stderr(`interrupted: ${written}; the checkpoints are saved: run the same command to resume`);
      return ExitCode.INTERRUPTED;
    }
    const duplicates = Object.values(pipeline.stats().sinks).reduce((n, s) => n + s.duplicates, 0);
    stderr(`backfill done: ${total} intervals (${isoSeconds(firstEnd)} … ${isoSeconds(lastEnd)}), ${series} series${shard.count > 1 ? ` of shard ${shard.index}/${shard.count}` : ''}; ${written}; ${seconds.toFixed(1)} s, ${rate} records/s per store${duplicates ? `; ${duplicates} records were already stored (replaced)` : ''}`);
    return ExitCode.OK;
  } finally {
    await Promise.allSettled(opened.map((o) => o.store.close()));
  }
}
