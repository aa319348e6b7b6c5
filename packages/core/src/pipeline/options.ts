import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { Clock } from '../simulator.js';
import { isTransientError } from '../store/errors.js';
import type { MetricSink } from '../store/types.js';

/**
 * How a sink's failed batch is retried: exponential backoff from `initialDelayMs`, times `multiplier` per attempt,
 * capped at `maxDelayMs`; with `jitter`, each delay is spread over [d/2, d] by a hash of the sink, batch and attempt
 * (deterministic, so that sinks and processes that failed together do not retry in lockstep).
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxAttempts: 8, initialDelayMs: 200, maxDelayMs: 10_000 };
 * ```
 */
export interface RetryOptions {
  /** Attempts per batch, the first one included; then the batch is dropped and reported. @default Infinity */
  maxAttempts?: number;
  /** Delay before the first retry, ms. @default 100 */
  initialDelayMs?: number;
  /** Longest delay between attempts, ms. @default 30000 */
  maxDelayMs?: number;
  /** Growth of the delay per attempt. @default 2 */
  multiplier?: number;
  /** Spread each delay over [d/2, d]. @default true */
  jitter?: boolean;
  /** A write attempt that takes longer is abandoned (its signal aborts) and counts as a transient failure, ms. @default 60000 */
  attemptTimeoutMs?: number;
}

/**
 * A sink with its own retry settings (they override the pipeline's `retry` field by field).
 *
 * @example
 * ```ts
 * // best effort: give a batch three tries, then drop it (reported by the 'dropped' event)
 * const archive: SinkOptions = { sink: myArchiveSink, retry: { maxAttempts: 3 } };
 * ```
 */
export interface SinkOptions {
  sink: MetricSink;
  retry?: RetryOptions;
}

/**
 * Options of {@link createWritePipeline}.
 *
 * @example
 * ```ts
 * const options: WritePipelineOptions = { sinks: { db: mysqlStore, memory: createMemoryStore() }, clock: systemClock, batchSize: 20_000 };
 * ```
 */
export interface WritePipelineOptions {
  /** The sinks, by name (the name appears in events and stats). Each gets every record. */
  sinks: Record<string, MetricSink | SinkOptions>;
  /** Time source for batching by time, backoff and lag: `systemClock` from `@rmf-sim/core/system-clock`, or a fake one. */
  clock: Clock;
  /** Records per batch: a batch is cut as soon as this many are buffered. @default 10000 */
  batchSize?: number;
  /** Longest a buffered record waits for its batch to fill before the batch is cut anyway, ms. @default 1000 */
  maxBatchDelayMs?: number;
  /**
   * Batches a sink may have waiting besides the one it is writing. When a sink has more, `write()` waits until it
   * catches up (back-pressure), so memory stays bounded by about `(maxQueuedBatches + 2) × batchSize` records.
   * @default 4
   */
  maxQueuedBatches?: number;
  /** Retry settings of every sink. */
  retry?: RetryOptions;
  /**
   * Whether a failed write is worth retrying. By default only typed transient storage errors
   * (`ERR_RMF_STORE_UNAVAILABLE`, what a store throws when the connection is gone) are; anything else, a plain
   * `Error` or `TypeError` of a custom sink included, fails the same way again and is permanent.
   * @default isTransientError
   */
  retryable?: (error: unknown) => boolean;
  /**
   * What a permanent error (one `retryable` refuses) does: `'drop'` drops that batch for that sink, reports it by a
   * `dropped` event (reason `permanent`) and goes on with the next; `'fail'` stops the whole pipeline as an abort
   * does: every batch not yet written is reported dropped (reason `failed`), and `write()` and `flush()` reject with
   * `ERR_RMF_ABORTED` whose `cause` is the sink's error.
   * @default 'drop'
   */
  permanentErrors?: 'drop' | 'fail';
  /** Aborts the pipeline: retries stop, undelivered batches are reported as dropped, `write()` rejects. */
  signal?: AbortSignal;
}

/** Retry settings with every default filled in. */
export type ResolvedRetry = Required<RetryOptions>;

/** Options after validation. */
export interface ResolvedPipelineOptions {
  sinks: { name: string; sink: MetricSink; retry: ResolvedRetry }[];
  clock: Clock;
  batchSize: number;
  maxBatchDelayMs: number;
  maxQueuedBatches: number;
  retryable: (error: unknown) => boolean;
  permanentErrors: 'drop' | 'fail';
  signal: AbortSignal | undefined;
}

const isSink = (v: unknown): v is MetricSink => typeof (v as MetricSink | null)?.write === 'function';
const sinkSchema = z.custom<MetricSink>(isSink, 'a sink is an object with a write(records) method');
const positiveMs = z.number().int().min(0).max(86_400_000);
const retrySchema = z
  .object({
    maxAttempts: z.union([z.number().int().min(1), z.literal(Infinity)]).optional(),
    initialDelayMs: positiveMs.optional(),
    maxDelayMs: positiveMs.optional(),
    multiplier: z.number().min(1).max(100).optional(),
    jitter: z.boolean().optional(),
    attemptTimeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  })
  .strict();

const optionsSchema = z
  .object({
    sinks: z
      .record(z.string().min(1), z.union([sinkSchema, z.object({ sink: sinkSchema, retry: retrySchema.optional() }).strict()]))
      .refine((s) => Object.keys(s).length > 0, 'give at least one sink'),
    clock: z.custom<Clock>((c) => typeof (c as Clock | null)?.now === 'function' && typeof (c as Clock).sleep === 'function', 'a clock has now() and sleep(ms, signal); use systemClock from @rmf-sim/core/system-clock'),
    batchSize: z.number().int().min(1).max(10_000_000).default(10_000),
    maxBatchDelayMs: positiveMs.default(1000),
    maxQueuedBatches: z.number().int().min(0).max(10_000).default(4),
    retry: retrySchema.default({}),
    retryable: z.custom<(e: unknown) => boolean>((f) => typeof f === 'function', 'retryable is a function (error) => boolean').default(() => isTransientError),
    permanentErrors: z.enum(['drop', 'fail']).default('drop'),
    signal: z.custom<AbortSignal>((s) => typeof (s as AbortSignal | null)?.aborted === 'boolean' && typeof (s as AbortSignal).addEventListener === 'function', 'signal is an AbortSignal').optional(),
  })
  .strict();

const RETRY_DEFAULTS: ResolvedRetry = { maxAttempts: Infinity, initialDelayMs: 100, maxDelayMs: 30_000, multiplier: 2, jitter: true, attemptTimeoutMs: 60_000 };

/** Validates pipeline options; throws {@link ConfigError} listing every problem with its path (e.g. `sinks.db`). */
export function resolvePipelineOptions(input: WritePipelineOptions): ResolvedPipelineOptions {
  const r = optionsSchema.safeParse(input);
  if (!r.success) throw ConfigError.fromZod(r.error);
  const o = r.data;
  const base = { ...RETRY_DEFAULTS, ...stripUndefined(o.retry) };
  const issues: ConfigIssue[] = [];
  const checkDelays = (r: ResolvedRetry, path: (string | number)[]) => {
    if (r.maxDelayMs < r.initialDelayMs) issues.push({ path: [...path, 'maxDelayMs'], message: `maxDelayMs (${r.maxDelayMs}) is less than initialDelayMs (${r.initialDelayMs})` });
  };
  checkDelays(base, ['retry']);
  const sinks = Object.entries(o.sinks).map(([name, s]) => {
    if (isSink(s)) return { name, sink: s, retry: base };
    const retry = { ...base, ...stripUndefined(s.retry ?? {}) };
    if (s.retry) checkDelays(retry, ['sinks', name, 'retry']);
    return { name, sink: s.sink, retry };
  });
  if (issues.length) throw new ConfigError(issues);
  return { sinks, clock: o.clock, batchSize: o.batchSize, maxBatchDelayMs: o.maxBatchDelayMs, maxQueuedBatches: o.maxQueuedBatches, retryable: o.retryable, permanentErrors: o.permanentErrors, signal: o.signal };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
