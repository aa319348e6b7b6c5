/**
 * The live feed: the simulator paced by the clock; every interval goes to the Prometheus exporter, the stream hub and
 * the write pipeline (awaited, so a lagging store slows the feed down instead of losing records; `live()` then
 * catches up).
 * @module
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Clock, Instant, Sample, Simulator, Snapshot, WritePipeline } from '@rmf-sim/core';
import type { Tracing } from './tracing.js';

/** Options of {@link LiveFeed}. */
export interface LiveFeedOptions {
  simulator: Simulator;
  clock: Clock;
  /** Simulated seconds per real second. @default 1 */
  speed?: number;
  /** Simulated start. @default the clock's time */
  start?: Instant;
  /** Where every interval is written (when given). */
  pipeline?: WritePipeline;
  /** Called with every interval's samples (exporter, stream). */
  onInterval?: (samples: readonly Sample[], snapshot: Snapshot) => void;
  /** Called when the feed fails (it then stops). */
  onError?: (error: unknown) => void;
  tracing: Tracing;
}

/** Runs the simulator live until {@link LiveFeed.stop}. */
export class LiveFeed {
  private readonly o: LiveFeedOptions;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  /** Intervals produced (and handed to the pipeline). */
  intervals = 0;
  /** The last interval: its samples and snapshot. */
  latest: { epochMs: number; samples: readonly Sample[]; snapshot: Snapshot } | undefined;

  constructor(options: LiveFeedOptions) {
    this.o = options;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  get speed(): number {
    return this.o.speed ?? 1;
  }

  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    const { simulator: sim, clock, pipeline, onInterval, tracing } = this.o;
    this.loop = (async () => {
      try {
        for await (const snapshot of sim.live({ clock, speed: this.speed, ...(this.o.start !== undefined ? { start: this.o.start } : {}), signal: controller.signal })) {
          const samples = await tracing.span('rmf-sim.generate', { 'rmf_sim.interval_end': snapshot.timestamp }, () => sim.samples(snapshot.epochMs));
          this.latest = { epochMs: snapshot.epochMs, samples, snapshot };
          onInterval?.(samples, snapshot);
          if (pipeline) await pipeline.write(samples);
          // Behind its clock (a high speed, a slow machine), live() yields interval after interval without a timer and
          // an in-memory store answers at once: all microtasks, so without this, requests, signals and stop() would
          // never run and the store would fill until the heap gives out.
          await yieldToEventLoop();
          this.intervals++;
        }
      } catch (e) {
        if (!controller.signal.aborted) this.o.onError?.(e);
      }
    })();
  }

  /** Stops after the interval in progress; resolves once its records are handed to the pipeline. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = null;
  }
}
