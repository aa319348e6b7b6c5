import type { Clock } from '@rmf-sim/core';

/** A {@link Clock} whose `sleep()` advances its time at once, and records every sleep. */
export interface FakeClock extends Clock {
  /** Every `sleep(ms)` asked for, in order. */
  readonly sleeps: number[];
  /** Moves the time forward by `ms` without a sleep (as if the consumer had been away). */
  advance(ms: number): void;
}

/**
 * A clock that starts at `startMs` and never waits: `sleep(ms)` adds `ms` to its time and resolves on the next
 * microtask (or rejects with the signal's reason when `signal` is already aborted). `onSleep` runs after each
 * sleep's time has passed (to abort, to count, to scrape a server…); when it returns a promise, the sleep ends
 * once that settles.
 *
 * @example
 * ```ts
 * const clock = fakeClock(Date.parse('2026-01-05T00:00:00Z'));
 * for await (const snap of sim.live({ clock, speed: 15 })) if (clock.sleeps.length === 3) break;
 * ```
 */
export function fakeClock(startMs: number, onSleep?: (ms: number) => void | Promise<void>): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
      await onSleep?.(ms);
    },
  };
}
