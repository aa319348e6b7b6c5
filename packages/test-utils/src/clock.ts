import type { Clock } from '@rmf-sim/core';

/** A {@link Clock} whose `sleep()` advances its time at once, and records every sleep. */
export interface FakeClock extends Clock {
  /** Every `sleep(ms)` asked for, in order. */
  readonly sleeps: number[];
}

/**
 * A clock that starts at `startMs` and never waits: `sleep(ms)` adds `ms` to its time and resolves on the next
 * microtask (or rejects when `signal` is already aborted). `onSleep` runs after each sleep (to abort, to count…).
 */
export function fakeClock(startMs: number, onSleep?: (ms: number) => void): FakeClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
      onSleep?.(ms);
    },
  };
}
