/**
 * The real-time clock for `Simulator.live()`. It lives outside `src/` on purpose: core itself never reads
 * the wall clock or starts timers; this small adapter is the one place that does, and only when you import it.
 * @packageDocumentation
 * @module @rmf-sim/core/system-clock
 */
import type { Clock } from '../src/simulator.js';

/**
 * Wall-clock time and `setTimeout`-based sleep that resolves early when the signal aborts.
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
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};
