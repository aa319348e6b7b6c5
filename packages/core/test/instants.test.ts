import { describe, expect, it } from 'vitest';
import { createMemoryStore, createSimulator, INSTANT_RANGE, toEpochMs, toSimulatedMs, type Instant } from '@rmf-sim/core';

const MAX = Date.UTC(2199, 11, 31, 23, 59, 59, 999);

/** The error a call throws (or undefined). */
function thrown(fn: () => unknown): { code?: string; message: string; name: string } | undefined {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string; name: string };
  }
  return undefined;
}

async function rejected(p: Promise<unknown>): Promise<{ code?: string; message: string } | undefined> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string; message: string };
  }
  return undefined;
}

describe('instants', () => {
  it('the documented range is 1970-01-01T00:00:00.000Z … 2199-12-31T23:59:59.999Z', () => {
    expect(INSTANT_RANGE).toEqual({ fromMs: 0, toMs: MAX });
    expect(new Date(INSTANT_RANGE.toMs).toISOString()).toBe('2199-12-31T23:59:59.999Z');
  });

  it('parses years 0000–0099 as ISO 8601 says (0000 is a leap year), not as 1900–1999', () => {
    expect(toEpochMs('0000-02-29T00:00:00Z')).toBe(-62_162_121_600_000);
    expect(toEpochMs('0000-02-29T00:00:00Z')).toBe(Date.parse('0000-02-29T00:00:00Z'));
    expect(toEpochMs('0004-02-29')).toBe(Date.parse('0004-02-29T00:00:00Z'));
    expect(toEpochMs('0099-12-31T23:59:59Z')).toBe(Date.parse('0099-12-31T23:59:59Z'));
    expect(thrown(() => toEpochMs('0001-02-29T00:00:00Z'))).toMatchObject({ code: 'ERR_RMF_ARGUMENT', message: expect.stringMatching(/not a real calendar date/) });
    expect(thrown(() => toEpochMs('1900-02-29T00:00:00Z'))).toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
  });

  it('toEpochMs rejects what no Date can hold with ERR_RMF_ARGUMENT (never a RangeError)', () => {
    for (const bad of [1e300, -1e300, 8.64e15 + 1, new Date(Number.NaN)]) {
      expect(thrown(() => toEpochMs(bad, 'at')), String(bad)).toMatchObject({ code: 'ERR_RMF_ARGUMENT', message: expect.stringMatching(/^at: /) });
    }
    expect(toEpochMs(8.64e15)).toBe(8.64e15);
  });

  it('toSimulatedMs accepts exactly the documented range and names it in its error', () => {
    expect(toSimulatedMs(0)).toBe(0);
    expect(toSimulatedMs(MAX)).toBe(MAX);
    expect(toSimulatedMs('2199-12-31T23:59:59.999Z')).toBe(MAX);
    expect(toEpochMs('9999-12-31T23:59:59.999Z')).toBe(253_402_300_799_999); // stores hold more
    for (const bad of [-1, MAX + 1, '1969-12-31T23:59:59Z', '2200-01-01T00:00:00Z', '0000-02-29T00:00:00Z', 8.64e15]) {
      const e = thrown(() => toSimulatedMs(bad, 't'));
      expect(e, String(bad)).toMatchObject({ code: 'ERR_RMF_ARGUMENT' });
      expect(e!.message).toMatch(/^t: .* is outside the simulated range 1970-01-01T00:00:00\.000Z … 2199-12-31T23:59:59\.999Z/);
    }
  });

  it('every simulator method rejects an instant outside the range with ERR_RMF_ARGUMENT, and accepts both ends', async () => {
    const sim = createSimulator({ seed: 1 });
    const bad: Instant[] = [1e300, -1, MAX + 1, '1969-12-31T23:59:59Z', '0000-02-29T00:00:00Z', new Date(8.64e15)];
    for (const t of bad) {
      for (const [what, fn] of [
        ['samples', () => sim.samples(t)],
        ['snapshot', () => sim.snapshot(t)],
        ['alignMs', () => sim.alignMs(t)],
        ['msu', () => sim.msu(t)],
        ['incidents', () => sim.incidents({ from: 0, to: t })],
        ['addIncident', () => sim.addIncident({ type: 'cpuLoop', lpar: 'PROD01', start: t, durationMinutes: 5 })],
        ['scenario', () => createSimulator({ seed: 1, scenario: [{ type: 'monthEndSurge', start: t, durationMinutes: 5 }] })],
      ] as const) {
        const e = thrown(fn);
        expect(e?.code, `${what}(${String(t)})`).toMatch(/^ERR_RMF_(ARGUMENT|CONFIG)$/);
        expect(e?.message, `${what}(${String(t)})`).toMatch(/outside the simulated range/);
      }
      expect((await rejected(sim.snapshots({ from: 0, to: t }).next()))?.code, `snapshots to ${String(t)}`).toBe('ERR_RMF_ARGUMENT');
      expect((await rejected(sim.live({ clock: { now: () => 0, sleep: async () => {} }, start: t }).next()))?.code, `live from ${String(t)}`).toBe('ERR_RMF_ARGUMENT');
    }
    expect(sim.samples(0)[0]!.timestamp).toBe(0);
    expect(sim.snapshot(MAX).timestamp).toBe('2199-12-31T23:59:45.000Z');
    expect(sim.addIncident({ type: 'cpuLoop', lpar: 'PROD01', start: MAX - 60_000, durationMinutes: 5 }).start).toBe('2199-12-31T23:58:59.999Z');
  });

  it('a live run that reaches the end of the range stops with ERR_RMF_ARGUMENT instead of breaking', async () => {
    const sim = createSimulator({ seed: 1 });
    let now = 0;
    const it = sim.live({ clock: { now: () => now, sleep: async (ms) => void (now += ms) }, start: MAX - 20_000, speed: 1000 });
    expect((await it.next()).value?.timestamp).toBe('2199-12-31T23:59:45.000Z');
    expect((await rejected(it.next()))?.code).toBe('ERR_RMF_ARGUMENT');
  });

  it('stores read any instant a Date holds, and reject the rest with ERR_RMF_ARGUMENT', async () => {
    const store = createMemoryStore();
    expect(await store.count({ from: -8.64e15, to: 8.64e15 })).toBe(0);
    expect((await rejected(store.count({ from: 0, to: 1e300 })))?.code).toBe('ERR_RMF_ARGUMENT');
    expect((await rejected(store.count({ from: 1e300, to: 0 })))?.code).toBe('ERR_RMF_ARGUMENT');
  });
});
