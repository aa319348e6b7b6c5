import { describe, expect, it } from 'vitest';
import { capacityForecast, createSimulator, linearTrend, movingAverage, msuHistory, r4ha } from '@rmf-sim/core';

describe('trend analysis', () => {
  it('moving average and linear trend are exact on known inputs', () => {
    expect(movingAverage([1, 2, 3, 4], 2)).toEqual([1, 1.5, 2.5, 3.5]);
    expect(movingAverage([5, 5, 5], 10)).toEqual([5, 5, 5]);
    expect(() => movingAverage([1], 0)).toThrow(/window/);
    const t = linearTrend([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]);
    expect(t).toEqual({ slope: 2, intercept: 1, r2: 1 });
    expect(linearTrend([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 0 }, { x: 3, y: 1 }]).r2).toBeCloseTo(0.2, 9);
    expect(() => linearTrend([{ x: 1, y: 1 }])).toThrow(/at least 2/);
  });

  it('R4HA is the mean of the 48 five-minute MSU points of the last four hours, and equals the samples', () => {
    const sim = createSimulator({ seed: 42 });
    const at = '2026-01-05T11:00:00Z';
    const hist = msuHistory(sim, { from: '2026-01-05T07:00:00Z', to: at });
    expect(hist).toHaveLength(48);
    expect(hist[0]!.epochMs).toBe(Date.parse('2026-01-05T07:05:00Z'));
    const mean = hist.reduce((s, p) => s + p.lpars.PROD01!, 0) / 48;
    expect(r4ha(sim, at, { lpar: 'PROD01' })).toBe(mean);
    // the MSU fast path gives the same numbers as the full samples
    const t = hist[10]!.epochMs;
    const fromSamples = sim.samples(t).find((s) => s.metric === 'rmf_lpar_msu_actual' && s.labels.lpar === 'PROD01')!.value;
    expect(hist[10]!.lpars.PROD01).toBe(fromSamples);
    expect(hist[10]!.cpc).toBe(sim.samples(t).find((s) => s.metric === 'rmf_cpc_msu_actual')!.value);
    // the online LPAR's R4HA is higher after the morning peak than after the night
    expect(r4ha(sim, at, { lpar: 'PROD01' })).toBeGreaterThan(1.5 * r4ha(sim, '2026-01-05T05:00:00Z', { lpar: 'PROD01' }));
    expect(r4ha(sim, at)).toBeCloseTo(hist.reduce((s, p) => s + p.cpc, 0) / 48, 9);
    expect(() => r4ha(sim, at, { lpar: 'NOPE' })).toThrow(/unknown LPAR/);
  });

  it('forecasts the days until CPU busy crosses a threshold from the organic growth', () => {
    const sim = createSimulator({ seed: 42, patterns: { annualGrowthPercent: 40 } });
    const f = capacityForecast(sim, { lpar: 'PROD01', from: '2026-02-02T00:00:00Z', to: '2026-03-02T00:00:00Z', thresholdPercent: 80, statistic: 'average' });
    expect(f.daily).toHaveLength(20); // the weekdays of four weeks
    expect(f.daily.every((d) => ![0, 6].includes(new Date(d.date).getUTCDay()))).toBe(true);
    expect(f.slopePerDay).toBeGreaterThan(0);
    expect(f.daysUntil).toBeGreaterThan(0);
    expect(f.crossing! > '2026-03-01').toBe(true);
    const flat = capacityForecast(createSimulator({ seed: 42, patterns: { annualGrowthPercent: -50, weekendFactor: { online: 1, batch: 1, mixed: 1 }, mondayFactor: 1, monthEnd: { days: 0, factor: { online: 1, batch: 1, mixed: 1 } } } }), {
      lpar: 'PROD01',
      from: '2026-02-02T00:00:00Z',
      to: '2026-03-02T00:00:00Z',
      thresholdPercent: 95,
      statistic: 'average',
    });
    expect(flat.slopePerDay).toBeLessThan(0);
    expect(flat.daysUntil).toBeNull();
    expect(() => capacityForecast(sim, { from: '2026-02-02T00:00:00Z', to: '2026-02-03T00:00:00Z', thresholdPercent: 90 })).toThrow(/two whole days/);
  });
});
