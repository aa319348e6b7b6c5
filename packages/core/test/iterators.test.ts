import { describe, expect, it } from 'vitest';
import { fakeClock } from '@rmf-sim/test-utils';
import { createSimulator } from '@rmf-sim/core';
import { JAN5 } from './helpers.js';

describe('snapshots()', () => {
  it('yields every interval ending in (from, to], in order, equal to snapshot(t)', async () => {
    const sim = createSimulator({ seed: 4 });
    const got: string[] = [];
    for await (const s of sim.snapshots({ from: '2026-01-05T00:00:00Z', to: '2026-01-05T00:01:00Z' })) got.push(s.timestamp);
    expect(got).toEqual(['2026-01-05T00:00:15.000Z', '2026-01-05T00:00:30.000Z', '2026-01-05T00:00:45.000Z', '2026-01-05T00:01:00.000Z']);
    const it = sim.snapshots({ from: JAN5, to: JAN5 + 15_000 });
    expect(JSON.stringify((await it.next()).value)).toBe(JSON.stringify(sim.snapshot(JAN5 + 15_000)));
  });

  it('honours an AbortSignal and rejects a reversed range', async () => {
    const sim = createSimulator({ seed: 4 });
    const ac = new AbortController();
    let n = 0;
    await expect(
      (async () => {
        for await (const _ of sim.snapshots({ from: JAN5, to: JAN5 + 86_400_000, signal: ac.signal })) {
          if (++n === 3) ac.abort(new Error('enough'));
        }
      })(),
    ).rejects.toMatchObject({ code: 'ERR_RMF_ABORTED', cause: new Error('enough') });
    expect(n).toBe(3);
    await expect(sim.snapshots({ from: JAN5 + 1000, to: JAN5 }).next()).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
  });

  it('is lazy: each snapshot is computed when asked for, and a consumer that stops early stops the work', async () => {
    const sim = createSimulator({ seed: 4 });
    const computed: number[] = [];
    const snapshot = sim.snapshot.bind(sim);
    sim.snapshot = (t) => {
      computed.push(sim.alignMs(t));
      return snapshot(t);
    };
    const it = sim.snapshots({ from: JAN5, to: JAN5 + 10 * 86_400_000 }); // 57,600 intervals
    expect(computed).toEqual([]);
    await it.next();
    await it.next();
    expect(computed).toEqual([JAN5 + 15_000, JAN5 + 30_000]);
    await it.return?.();
    expect((await it.next()).done).toBe(true);
    expect(computed).toHaveLength(2);
  });
});

describe('live()', () => {
  it('paces intervals by the injected clock at the requested speed', async () => {
    const clock = fakeClock(JAN5 + 5_000);
    const { sleeps } = clock;
    const sim = createSimulator({ seed: 4 });
    const lags: number[] = [];
    sim.on('interval', (e) => lags.push(e.lagMs));
    const out: string[] = [];
    for await (const s of sim.live({ clock, speed: 15 })) {
      out.push(s.timestamp);
      if (out.length === 3) break;
    }
    expect(out).toEqual(['2026-01-05T00:00:15.000Z', '2026-01-05T00:00:30.000Z', '2026-01-05T00:00:45.000Z']);
    // first wait: 10 simulated seconds at speed 15; then one interval (15 s) per real second
    expect(sleeps).toHaveLength(3);
    [10_000 / 15, 1000, 1000].forEach((ms, i) => expect(sleeps[i]).toBeCloseTo(ms, 2));
    expect(lags).toEqual([0, 0, 0]);
  });

  it('starts at an explicit simulated instant and catches up without sleeping when behind', async () => {
    const clock = fakeClock(1_000_000);
    const { sleeps } = clock;
    const sim = createSimulator({ seed: 4 });
    const it = sim.live({ clock, speed: 1, start: '2026-01-05T00:00:00Z' });
    expect((await it.next()).value!.timestamp).toBe('2026-01-05T00:00:15.000Z');
    clock.advance(60_000); // the consumer was away for a simulated minute
    const next = await it.next();
    expect(next.value!.timestamp).toBe('2026-01-05T00:00:30.000Z');
    expect(sleeps).toEqual([15_000]);
    await it.return?.();
  });

  it('stops on abort and validates its options', async () => {
    const clock = fakeClock(JAN5);
    const sim = createSimulator({ seed: 4 });
    const ac = new AbortController();
    ac.abort();
    await expect(sim.live({ clock, signal: ac.signal }).next()).rejects.toMatchObject({ code: 'ERR_RMF_ABORTED' });
    await expect(sim.live({ clock, speed: 0 }).next()).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
    await expect(sim.live({} as never).next()).rejects.toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
  });
});
