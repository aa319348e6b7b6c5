import { createSimulator, type Sample } from '@rmf-sim/core';

export const JAN5 = Date.parse('2026-01-05T00:00:00Z'); // a Monday
export const DAY = 86_400_000;

/** Stable identity of a sample's series. */
export const seriesId = (s: Pick<Sample, 'metric' | 'labels'>) => `${s.metric}{${Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(',')}}`;

export const sim42 = createSimulator({ seed: 42 });
