// The benchmarks' input: one simulated hour of the default topology (seed 42) as the records of each 5-minute window.
import { createSimulator, toRecords } from '@rmf-sim/core';

export const START = Date.parse('2026-01-05T09:00:00Z');
export const WINDOW = 300_000;

/** The records of the hour from START, one array per window (a backfill's natural batch), and their count. */
export function hourOfWindows() {
  const sim = createSimulator({ seed: 42 });
  const perWindow = WINDOW / sim.intervalMs;
  const windows = Array.from({ length: 3_600_000 / WINDOW }, (_, w) => {
    const records = [];
    for (let i = 1; i <= perWindow; i++) records.push(...toRecords(sim.samples(START + w * WINDOW + (i - 1) * sim.intervalMs)));
    return records;
  });
  return { windows, total: windows.reduce((a, w) => a + w.length, 0) };
}
