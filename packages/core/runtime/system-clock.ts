/**
 * The real-time clock for `Simulator.live()`. It lives outside `src/` on purpose: core itself never reads
 * the wall clock or starts timers; this small adapter is the one place that does, and only when you import it.
 * @packageDocumentation
 * @module @rmf-sim/core/system-clock
 */
import type { Clock } from '../src/simulator.js';

/** The longest delay `setTimeout` keeps (2^31 − 1 ms, about 24.8 days): a longer one fires after 1 ms instead. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Wall-clock time and `setTimeout`-based sleep that resolves early when the signal aborts. A sleep longer than a
 * timer can wait (a very small live `speed`) is made of several timers; an infinite one never ends by itself.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { systemClock } from '@rmf-sim/core/system-clock';
 * for await (const snap of createSimulator({ seed: 1 }).live({ clock: systemClock, speed: 15 })) console.log(snap.timestamp);
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      let left = Math.max(0, ms);
      let timer: ReturnType<typeof setTimeout>;
      const arm = () => {
        const step = Math.min(left, MAX_TIMER_MS);
        left -= step;
        timer = setTimeout(left > 0 ? arm : done, step);
      };
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
      arm();
    }),
};
