/**
 * The week the alert rules are checked against (and the docs' incident plots show): the default topology, seed 42,
 * Monday 2026-01-12 to Monday 2026-01-19 (UTC), after a quiet week
 * (2026-01-05 – 2026-01-12: the baseline that rules comparing with last week read), one incident of every kind, spaced so that each one's after-effects
 * (up to four hours of a raised 4-hour average) are over before the next starts.
 * @module
 */
import type { IncidentInput, IncidentType } from '@rmf-sim/core';

/** Start of the quiet week before (the baseline of `offset 1w`). */
export const BASELINE_FROM = '2026-01-05T00:00:00Z';
/** Start of the week (exclusive: the first interval ends after it). */
export const WEEK_FROM = '2026-01-12T00:00:00Z';
/** End of the week (inclusive). */
export const WEEK_TO = '2026-01-19T00:00:00Z';
/** Seed of the week. */
export const WEEK_SEED = 42;

/** One incident of every kind, at times of day where each matters (peaks, the batch window, quiet nights). */
export const weekScenario: readonly IncidentInput[] = [
  { id: 'surge', type: 'monthEndSurge', start: '2026-01-12T09:00:00Z', durationMinutes: 240 },
  { id: 'wp-clpr1', type: 'cacheWritePending', clpr: 'CLPR1', start: '2026-01-12T20:00:00Z', durationMinutes: 45 },
  { id: 'loop-prod02', type: 'cpuLoop', lpar: 'PROD02', start: '2026-01-13T03:00:00Z', durationMinutes: 60 },
  { id: 'storage-prod01', type: 'storageShortage', lpar: 'PROD01', start: '2026-01-13T13:00:00Z', durationMinutes: 60 },
  { id: 'port-cl2a', type: 'hostPortFailure', port: 'CL2-A', start: '2026-01-13T22:00:00Z', durationMinutes: 30 },
  { id: 'chp-prod01-42', type: 'channelPathFailure', lpar: 'PROD01', chpid: '42', start: '2026-01-14T09:00:00Z', durationMinutes: 30 },
  { id: 'enq-batch01', type: 'enqContention', lpar: 'BATCH01', start: '2026-01-14T23:00:00Z', durationMinutes: 60 },
  { id: 'softcap-prod01', type: 'softCapping', lpar: 'PROD01', start: '2026-01-15T09:30:00Z', durationMinutes: 60 },
  { id: 'hot-usr007', type: 'hotVolume', volser: 'USR007', start: '2026-01-15T20:00:00Z', durationMinutes: 45 },
  { id: 'mpb2', type: 'mpbHotSpot', mpb: 'MPB2', start: '2026-01-16T03:00:00Z', durationMinutes: 60 },
  { id: 'runaway-test01', type: 'runawayBatch', lpar: 'TEST01', start: '2026-01-16T11:00:00Z', durationMinutes: 90 },
  { id: 'hog-prod02', type: 'discretionaryHog', lpar: 'PROD02', start: '2026-01-17T15:00:00Z', durationMinutes: 60 },
];

/** Every incident kind the scenario covers (all of core's). */
export const WEEK_KINDS: readonly IncidentType[] = weekScenario.map((i) => i.type);
