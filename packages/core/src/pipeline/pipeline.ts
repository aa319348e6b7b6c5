import { EventEmitter } from 'eventemitter3';
import { RmfSimError } from '../errors.js';
import { hashString, hashUnit } from '../noise.js';
import type { Clock, Sample } from '../simulator.js';
import { StorageError } from '../store/errors.js';
import { toRecords } from '../store/keys.js';
import type { MetricRecord, MetricSink } from '../store/types.js';
import { resolvePipelineOptions, type ResolvedPipelineOptions, type ResolvedRetry, type WritePipelineOptions } from './options.js';

/** A sink wrote a batch. */
export interface WrittenEvent {
  sink: string;
  /** Records in the batch. */
  records: number;
  /** Of those, records the sink already held (a retry after a lost acknowledgement, or a rewrite). */
  duplicates: number;
  /** Attempt that succeeded (1 = first try). */
  attempt: number;
  /** Duration of the successful attempt, clock ms. */
  durationMs: number;
  /** Earliest and latest record timestamp of the batch, epoch ms. */
  from: number;
  to: number;
  /** Records still waiting for this sink after this batch. */
  pendingRecords: number;
  /** How long the oldest batch still waiting for this sink has waited since it was cut, clock ms (0 when none). */
  lagMs: number;
}

/** A write attempt failed and will be retried. */
export interface RetryEvent {
  sink: string;
  /** The attempt that failed (1 = first try). */
  attempt: number;
  /** Wait before the next attempt, ms. */
  delayMs: number;
  error: unknown;
  records: number;
}

/** A sink gave a batch up: its records are not in that sink. `from`/`to` say what to write again (the simulator can regenerate it). */
export interface DroppedEvent {
  sink: string;
  records: number;
  from: number;
  to: number;
  attempts: number;
  /**
   * `permanent`: the error is not retryable; `attempts`: `maxAttempts` used up; `aborted`: the pipeline's signal
   * fired; `failed`: another sink's permanent error stopped the pipeline (`permanentErrors: 'fail'`).
   */
  reason: 'permanent' | 'attempts' | 'aborted' | 'failed';
  error: unknown;
}

/** A listener of another event threw: `error` is what it threw, `event` the event it listened to. */
export interface ListenerErrorEvent {
  event: Exclude<keyof WritePipelineEvents, 'error'>;
  error: unknown;
}

/** `write()` waits because these sinks have `maxQueuedBatches` or more batches waiting. */
export interface BackpressureEvent {
  sinks: string[];
  /** Records buffered or waiting in the pipeline. */
  pendingRecords: number;
}

/**
 * Events of a {@link WritePipeline} (eventemitter3). Listeners run synchronously. One that throws never disturbs
 * the pipeline nor crashes the process: what it threw is emitted as an `error` event (and counted in
 * {@link PipelineStats.listenerErrors}); an `error` listener that throws is only counted.
 */
export interface WritePipelineEvents {
  written: (e: WrittenEvent) => void;
  retry: (e: RetryEvent) => void;
  dropped: (e: DroppedEvent) => void;
  backpressure: (e: BackpressureEvent) => void;
  error: (e: ListenerErrorEvent) => void;
}

/** Counters of one sink; see {@link WritePipeline.stats}. */
export interface SinkStats {
  /** Records written (including duplicates). */
  written: number;
  /** Records the sink reported as already held. */
  duplicates: number;
  /** Batches written. */
  batches: number;
  /** Failed attempts. */
  failures: number;
  /** Retries scheduled. */
  retries: number;
  /** Records given up. */
  dropped: number;
  /** Records cut into batches but not yet written by this sink. */
  pendingRecords: number;
  /** How long the oldest batch waiting for this sink has waited since it was cut, clock ms (0 when none). */
  lagMs: number;
  /** The last error of a failed attempt, if any. */
  lastError: unknown;
}

/** Counters of a pipeline; see {@link WritePipeline.stats}. */
export interface PipelineStats {
  /** Records accepted by `write()`. */
  accepted: number;
  /** Records buffered, not yet cut into a batch. */
  buffered: number;
  /** Batches cut. */
  batches: number;
  /** Event listeners that threw (see the `error` event). */
  listenerErrors: number;
  sinks: Record<string, SinkStats>;
}

/**
 * The write pipeline: batches records by size and by time, fans every batch out to all sinks concurrently, retries
 * each sink on its own with backoff, and makes `write()` wait while a sink lags too far behind (bounded memory).
 * Create it with {@link createWritePipeline}.
 */
export interface WritePipeline extends EventEmitter<WritePipelineEvents> {
  /**
   * Adds samples (each gets its deterministic key). Resolves once they are buffered and every sink has room,
   * rejects with `ERR_RMF_STORE_RECORD` (nothing of the call is taken) for an invalid sample, `ERR_RMF_CLOSED`
   * after `close()`, `ERR_RMF_ABORTED` after the signal fired (or a sink failed, with `permanentErrors: 'fail'`).
   * Otherwise a sink's failures never reject it.
   */
  write(samples: Iterable<Sample>): Promise<void>;
  /** Cuts the buffered records into a batch and resolves once every sink has written or dropped everything cut so far. */
  flush(): Promise<void>;
  /**
   * Cuts the buffered records into a batch now, without waiting for anything (nothing happens on an empty buffer):
   * for a writer that wants its batches to end on boundaries of its own, such as a sink's `batchWindowMs`. Throws as
   * `write()` does after `close()` or the signal.
   */
  cut(): void;
  /** Flushes, stops accepting records, and resolves with the final counters once every sink is done. Idempotent. */
  close(): Promise<PipelineStats>;
  /** Current counters: overall, and per sink (written, duplicates, failures, retries, dropped, pending, lag). */
  stats(): PipelineStats;
}

interface Batch {
  seq: number;
  records: readonly MetricRecord[];
  from: number;
  to: number;
  /** Clock time the batch was cut. */
  cutAt: number;
}

interface Worker {
  name: string;
  sink: MetricSink;
  retry: ResolvedRetry;
  jitterKey: number;
  /** Batches not yet written; `queue[0]` is being written while `busy`. */
  queue: Batch[];
  pendingRecords: number;
  busy: boolean;
  stats: Omit<SinkStats, 'pendingRecords' | 'lagMs'>;
}

/**
 * A promise that never settles. A fresh one each time: reactions chained onto a shared one would pile up (and
 * leak) over a long run, while an unreferenced fresh one is collected with its reactions.
 */
const never = () => new Promise<never>(() => {});

const abortError = (signal: AbortSignal) => new RmfSimError('ERR_RMF_ABORTED', 'the write pipeline was aborted', { cause: signal.reason });

class WritePipelineImpl extends EventEmitter<WritePipelineEvents> implements WritePipeline {
  private readonly o: ResolvedPipelineOptions;
  private readonly workers: Worker[];
  private buffer: MetricRecord[] = [];
  private seq = 0;
  private accepted = 0;
  private listenerErrors = 0;
  private closed = false;
  /** Why the pipeline stopped on its own (`permanentErrors: 'fail'`); aborts `stop` too. */
  private failure: RmfSimError | null = null;
  private closing: Promise<PipelineStats> | null = null;
  /** Pending timer of batching by time, with the controller that cancels it. */
  private linger: AbortController | null = null;
  /** Called whenever a sink finishes a batch: waiters re-check their condition. */
  private waiters: (() => void)[] = [];
  /** Aborted by the user's signal; handed to sinks and sleeps. */
  private readonly stop = new AbortController();

  constructor(options: ResolvedPipelineOptions) {
    super();
    this.o = options;
    this.workers = options.sinks.map(({ name, sink, retry }) => ({
      name,
      sink,
      retry,
      jitterKey: hashString(name),
      queue: [],
      pendingRecords: 0,
      busy: false,
      stats: { written: 0, duplicates: 0, batches: 0, failures: 0, retries: 0, dropped: 0, lastError: undefined },
    }));
    const signal = options.signal;
    if (signal) {
      const onAbort = () => {
        this.stop.abort(signal.reason);
        this.linger?.abort();
        this.wake();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  private get aborted(): boolean {
    return this.stop.signal.aborted;
  }

  /** The error that write() and flush() reject with once the pipeline stopped. */
  private stopped(): RmfSimError {
    return this.failure ?? abortError(this.stop.signal);
  }

  private check(): void {
    if (this.aborted) throw this.stopped();
    if (this.closed) throw new StorageError('ERR_RMF_CLOSED', 'the write pipeline is closed');
  }

  async write(samples: Iterable<Sample>): Promise<void> {
    this.check();
    const records = toRecords(samples); // validates all before taking any
    const buffer = this.buffer;
    for (const r of records) buffer.push(r);
    this.accepted += records.length;
    const { batchSize } = this.o;
    if (buffer.length >= batchSize) {
      let at = 0;
      for (; buffer.length - at >= batchSize; at += batchSize) this.dispatch(buffer.slice(at, at + batchSize));
      this.buffer = buffer.slice(at);
      this.cancelLinger();
    }
    if (this.buffer.length > 0) this.armLinger();
    await this.room();
  }

  /** Waits until no sink has more than `maxQueuedBatches` batches waiting. */
  private async room(): Promise<void> {
    const limit = this.o.maxQueuedBatches + 1; // + the batch being written
    let reported = false;
    for (;;) {
      if (this.aborted) throw this.stopped();
      const full = this.workers.filter((w) => w.queue.length > limit);
      if (full.length === 0) return;
      if (!reported) {
        reported = true;
        this.emitSafe('backpressure', { sinks: full.map((w) => w.name), pendingRecords: this.buffer.length + Math.max(...this.workers.map((w) => w.pendingRecords)) });
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  private armLinger(): void {
    if (this.linger || this.aborted) return;
    const ctl = new AbortController();
    this.linger = ctl;
    const fire = () => {
      if (this.linger !== ctl) return;
      this.linger = null;
      if (!ctl.signal.aborted && this.buffer.length > 0) this.cutBuffer();
    };
    this.o.clock.sleep(this.o.maxBatchDelayMs, ctl.signal).then(fire, fire);
  }

  private cancelLinger(): void {
    this.linger?.abort();
    this.linger = null;
  }

  private cutBuffer(): void {
    this.cancelLinger();
    if (this.buffer.length === 0) return;
    const records = this.buffer;
    this.buffer = [];
    this.dispatch(records);
  }

  private dispatch(records: MetricRecord[]): void {
    let from = Infinity;
    let to = -Infinity;
    for (const r of records) {
      if (r.timestamp < from) from = r.timestamp;
      if (r.timestamp > to) to = r.timestamp;
    }
    const batch: Batch = { seq: ++this.seq, records, from, to, cutAt: this.o.clock.now() };
    for (const w of this.workers) {
      w.queue.push(batch);
      w.pendingRecords += records.length;
      if (!w.busy) {
        w.busy = true;
        void this.drain(w);
      }
    }
  }

  private async drain(w: Worker): Promise<void> {
    try {
      while (w.queue.length > 0) {
        const batch = w.queue[0]!;
        if (this.aborted) this.drop(w, batch, 0, this.stop.signal.reason, this.stopReason);
        else await this.deliver(w, batch);
        w.queue.shift();
        w.pendingRecords -= batch.records.length;
        this.wake();
      }
    } finally {
      w.busy = false;
      this.wake();
    }
  }

  private async deliver(w: Worker, batch: Batch): Promise<void> {
    const { clock } = this.o;
    for (let attempt = 1; ; attempt++) {
      const started = clock.now();
      let result: Awaited<ReturnType<MetricSink['write']>> | undefined;
      let error: unknown;
      let failed = false;
      try {
        result = await this.attempt(w, batch);
      } catch (e) {
        failed = true;
        error = e;
      }
      if (!failed) {
        const n = batch.records.length;
        const duplicates = Math.max(0, Math.min(n, Number(result?.duplicates) || 0));
        w.stats.written += n;
        w.stats.duplicates += duplicates;
        w.stats.batches++;
        this.emitSafe('written', { sink: w.name, records: n, duplicates, attempt, durationMs: clock.now() - started, from: batch.from, to: batch.to, pendingRecords: w.pendingRecords - n, lagMs: this.lagOf(w, 1) });
        return;
      }
      w.stats.failures++;
      w.stats.lastError = error;
      if (this.aborted) return this.drop(w, batch, attempt, error, this.stopReason);
      let retryable = false;
      try {
        retryable = this.o.retryable(error);
      } catch {
        retryable = false;
      }
      if (!retryable) {
        this.drop(w, batch, attempt, error, 'permanent');
        if (this.o.permanentErrors === 'fail') this.fail(w, error);
        return;
      }
      if (attempt >= w.retry.maxAttempts) return this.drop(w, batch, attempt, error, 'attempts');
      const delayMs = this.backoff(w, batch.seq, attempt);
      w.stats.retries++;
      this.emitSafe('retry', { sink: w.name, attempt, delayMs, error, records: batch.records.length });
      await sleepQuietly(clock, delayMs, this.stop.signal);
    }
  }

  /** One write attempt, abandoned (as a transient failure) after `attemptTimeoutMs`, or when the pipeline aborts. */
  private async attempt(w: Worker, batch: Batch) {
    const ctl = new AbortController();
    const stop = this.stop.signal;
    const onStop = () => ctl.abort(stop.reason);
    stop.addEventListener('abort', onStop, { once: true });
    // settles only to fail the attempt: on timeout, or when the pipeline aborts; otherwise stays pending
    const guard = this.o.clock.sleep(w.retry.attemptTimeoutMs, ctl.signal).then(
      () => {
        if (stop.aborted) throw abortError(stop);
        if (ctl.signal.aborted) return never();
        const e = new StorageError('ERR_RMF_STORE_UNAVAILABLE', `sink ${w.name}: a write took longer than ${w.retry.attemptTimeoutMs} ms and was abandoned`);
        ctl.abort(e);
        throw e;
      },
      () => {
        if (stop.aborted) throw abortError(stop);
        return never();
      },
    );
    try {
      return await Promise.race([w.sink.write(batch.records, { signal: ctl.signal }), guard]);
    } finally {
      stop.removeEventListener('abort', onStop);
      if (!ctl.signal.aborted) ctl.abort();
    }
  }

  /** Exponential backoff without `**` (core's rule), optionally spread over [d/2, d] by a hash. */
  private backoff(w: Worker, seq: number, attempt: number): number {
    const { initialDelayMs, maxDelayMs, multiplier, jitter } = w.retry;
    let d = initialDelayMs;
    for (let i = 1; i < attempt && d < maxDelayMs; i++) d *= multiplier;
    d = Math.min(d, maxDelayMs);
    if (jitter) d *= 0.5 + 0.5 * hashUnit(w.jitterKey, seq * 4096 + Math.min(attempt, 4095));
    return Math.round(d);
  }

  /** Why batches are dropped once the pipeline stopped. */
  private get stopReason(): DroppedEvent['reason'] {
    return this.failure ? 'failed' : 'aborted';
  }

  /** Stops the pipeline because of a sink's permanent error (`permanentErrors: 'fail'`). */
  private fail(w: Worker, error: unknown): void {
    if (this.aborted) return;
    const detail = error instanceof Error ? error.message : String(error);
    this.failure = new RmfSimError('ERR_RMF_ABORTED', `the write pipeline stopped: sink ${w.name} failed permanently: ${detail}`, { cause: error });
    this.stop.abort(this.failure);
    this.linger?.abort();
    this.wake();
  }

  private drop(w: Worker, batch: Batch, attempts: number, error: unknown, reason: DroppedEvent['reason']): void {
    w.stats.dropped += batch.records.length;
    this.emitSafe('dropped', { sink: w.name, records: batch.records.length, from: batch.from, to: batch.to, attempts, reason, error });
  }

  /** Lag of a worker: age of its oldest waiting batch, skipping the first `skip` (the one just finished). */
  private lagOf(w: Worker, skip = 0): number {
    const b = w.queue[skip];
    return b ? Math.max(0, this.o.clock.now() - b.cutAt) : 0;
  }

  /** Emits an event; a listener that throws is routed to the `error` event and counted, never rethrown. */
  private emitSafe<E extends Exclude<keyof WritePipelineEvents, 'error'>>(event: E, payload: Parameters<WritePipelineEvents[E]>[0]): void {
    try {
      (this.emit as (e: E, p: typeof payload) => boolean)(event, payload);
    } catch (error) {
      this.listenerErrors++;
      try {
        this.emit('error', { event, error });
      } catch {
        this.listenerErrors++;
      }
    }
  }

  cut(): void {
    this.check();
    this.cutBuffer();
  }

  async flush(): Promise<void> {
    if (this.aborted) throw this.stopped();
    this.cutBuffer();
    const target = this.seq;
    // done when every sink has finished (written or dropped) every batch up to `target`
    while (this.workers.some((w) => w.queue.length > 0 && w.queue[0]!.seq <= target)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  close(): Promise<PipelineStats> {
    this.closing ??= (async () => {
      this.closed = true;
      this.cutBuffer();
      while (this.workers.some((w) => w.busy || w.queue.length > 0)) {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
      return this.stats();
    })();
    return this.closing;
  }

  stats(): PipelineStats {
    const sinks: Record<string, SinkStats> = {};
    for (const w of this.workers) sinks[w.name] = { ...w.stats, pendingRecords: w.pendingRecords, lagMs: this.lagOf(w) };
    return { accepted: this.accepted, buffered: this.buffer.length, batches: this.seq, listenerErrors: this.listenerErrors, sinks };
  }
}

/** Sleeps on the clock; an abort ends the sleep early, whether the clock resolves or rejects on abort. */
async function sleepQuietly(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  try {
    await clock.sleep(ms, signal);
  } catch {
    // a clock may reject on abort; the caller checks the signal
  }
}

/**
 * Creates a {@link WritePipeline}. Validates the options with zod and throws `ConfigError` (`ERR_RMF_CONFIG`)
 * listing every problem by path. Nothing starts until the first `write()`.
 *
 * - **Batching**: a batch is cut when `batchSize` records are buffered, or `maxBatchDelayMs` after the first
 *   record entered an empty buffer (batching by time, on the injected clock).
 * - **Fan-out and isolation**: every sink gets every batch, in order, through its own queue; sinks write
 *   concurrently, and one sink's failures, retries and slowness never reject `write()` or touch another sink.
 * - **Retries**: a failed write is retried with exponential backoff while `retryable(error)` (by default: typed
 *   transient storage errors, `ERR_RMF_STORE_UNAVAILABLE`) and `maxAttempts` allow; otherwise the batch is dropped
 *   for that sink and reported by a `dropped` event with its time range and reason, or, with
 *   `permanentErrors: 'fail'`, a permanent error stops the pipeline. Records carry deterministic keys and sinks
 *   upsert by key, so a retry never duplicates.
 * - **Listeners**: one that throws is reported by an `error` event; it never disturbs the pipeline.
 * - **Back-pressure**: `write()` waits while any sink has more than `maxQueuedBatches` batches waiting, so memory
 *   stays bounded however slow a sink is, and nothing is dropped for lack of room.
 *
 * @example
 * ```ts
 * import { createMemoryStore, createSimulator, createWritePipeline } from '@rmf-sim/core';
 * import { systemClock } from '@rmf-sim/core/system-clock';
 *
 * const sim = createSimulator({ seed: 42 });
 * const store = createMemoryStore();
 * const pipeline = createWritePipeline({ sinks: { memory: store }, clock: systemClock });
 * pipeline.on('retry', (e) => console.warn(`${e.sink}: attempt ${e.attempt} failed, retrying in ${e.delayMs} ms`));
 * for (let t = Date.parse('2026-01-05T00:00:15Z'); t <= Date.parse('2026-01-05T01:00:00Z'); t += sim.intervalMs) {
 *   await pipeline.write(sim.samples(t)); // waits while a sink lags behind
 * }
 * const stats = await pipeline.close();
 * console.log(stats.sinks.memory.written); // 240 intervals × sim.series.length
 * ```
 */
export function createWritePipeline(options: WritePipelineOptions): WritePipeline {
  return new WritePipelineImpl(resolvePipelineOptions(options));
}
