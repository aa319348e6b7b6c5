import { describe, expect, it } from 'vitest';
import { createFixture, fixtureTopology, type Sample } from '@rmf-sim/core';

/**
 * The kind of test another project writes with a fixture: a naive detector (GP busy more than 3 standard deviations
 * above its trailing one-hour mean) must find the injected CPU loop, and only inside its window.
 */
function detectCpuSpikes(samples: Sample[], lpar: string): number[] {
  const gp = samples.filter((s) => s.metric === 'rmf_cpu_utilization_percent' && s.labels.lpar === lpar && s.labels.cpu_type === 'general_purpose');
  const flagged: number[] = [];
  for (let i = 60; i < gp.length; i++) {
    const window = gp.slice(i - 60, i).map((s) => s.value);
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    const sd = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length);
    if (gp[i]!.value > mean + 3 * sd + 1) flagged.push(gp[i]!.timestamp);
  }
  return flagged;
}

describe('createFixture', () => {
  const options = {
    seed: 7,
    from: '2026-01-06T08:00:00Z',
    to: '2026-01-06T12:00:00Z',
    scenario: [{ type: 'cpuLoop' as const, lpar: 'PROD01', start: '2026-01-06T10:00:00Z', durationMinutes: 30 }],
  };

  it('is small, deterministic and complete', () => {
    const a = createFixture(options);
    const b = createFixture(options);
    expect(JSON.stringify(a.samples)).toBe(JSON.stringify(b.samples));
    expect(a.snapshots).toHaveLength(240); // 4 h of 60 s intervals
    expect(a.samples.length).toBe(240 * a.simulator.series.length);
    expect(a.simulator.series.length).toBeLessThan(500);
    expect(a.snapshots[0]!.timestamp).toBe('2026-01-06T08:01:00.000Z');
    expect(a.snapshots.at(-1)!.timestamp).toBe('2026-01-06T12:00:00.000Z');
    expect(a.snapshots[0]!.sysplex).toBe(fixtureTopology.sysplex);
    expect(a.incidents).toHaveLength(1);
    expect(a.incidents[0]).toMatchObject({ type: 'cpuLoop', target: { lpar: 'PROD01' }, start: '2026-01-06T10:00:00.000Z', end: '2026-01-06T10:30:00.000Z' });
  });

  it('lets a detector test find the injected incident, and only there', () => {
    const { samples, incidents } = createFixture(options);
    const flagged = detectCpuSpikes(samples, 'PROD01');
    const { startMs, endMs } = incidents[0]!;
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((t) => t > startMs && t <= endMs + 60_000)).toBe(true);
    expect(detectCpuSpikes(createFixture({ ...options, scenario: [] }).samples, 'PROD01')).toEqual([]);
  });

  it('refuses to build a huge fixture', () => {
    expect(() => createFixture({ seed: 1, from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' })).toThrow(/maxSamples/);
  });
});
