/**
 * The server's live feed far behind its clock: every interval is overdue, so no sleep paces it, and an in-memory
 * store answers at once. It must still let requests and stop() run (it yields to the event loop after each
 * interval); before, it starved the event loop and filled the store until the heap gave out.
 */
import { createMemoryStore } from '@rmf-sim/core';
import { fakeClock } from '@rmf-sim/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { smallSim, startServer, stopAll, T } from './server-helpers.js';

afterEach(stopAll);

describe('the live feed behind its clock', () => {
  it('answers requests and stops while catching up into a memory store', async () => {
    // a millisecond passes at every reading of the clock, while an interval lasts 15 µs at this speed
    const base = fakeClock(T);
    const clock = { ...base, now: () => (base.advance(1), base.now()) };
    const store = createMemoryStore();
    const sim = smallSim();
    const server = await startServer({ simulator: sim, clock, live: { speed: 1_000_000, start: new Date(T).toISOString() }, stores: { memory: { store } } });
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    const report = await server.stop();
    expect(report.intervals).toBeGreaterThanOrEqual(1);
    // everything the feed produced was written once, and nothing more
    expect(store.size).toBe(report.intervals * sim.series.length);
    expect(report.pipeline?.sinks.memory?.dropped).toBe(0);
  });
});
