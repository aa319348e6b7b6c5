import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '@rmf-sim/core/system-clock';

const MAX_TIMER_MS = 2_147_483_647; // the longest setTimeout Node keeps (about 24.8 days); longer ones fire after 1 ms

describe('systemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sleeps for longer than setTimeout can wait (a tiny live speed), instead of returning after 1 ms', async () => {
    let woke = false;
    const wait = MAX_TIMER_MS + 10 * 86_400_000; // 34.8 days
    void systemClock.sleep(wait).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(wait - MAX_TIMER_MS - 2);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(woke).toBe(true);
  });

  it('a long sleep still ends at once when its signal aborts, and leaves no timer behind', async () => {
    const ac = new AbortController();
    let woke = false;
    void systemClock.sleep(1e12, ac.signal).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(3 * MAX_TIMER_MS);
    expect(woke).toBe(false);
    ac.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(woke).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an infinite wait (a speed so small that the next interval is never due) never wakes and never spins', async () => {
    let woke = false;
    void systemClock.sleep(Infinity).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(5 * MAX_TIMER_MS);
    expect(woke).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    vi.clearAllTimers();
  });
});
