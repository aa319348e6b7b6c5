import { deepFreeze } from './freeze.js';
import { topologySchema, type Topology, type TopologyInput } from './config.js';
import { RmfSimError } from './errors.js';
import type { Incident, IncidentInput } from './incidents.js';
import { createSimulator, type Sample, type Simulator } from './simulator.js';
import type { Snapshot } from './snapshot.js';
import { toEpochMs, type Instant } from './time.js';

/**
 * A small sysplex for test fixtures: two LPARs (PROD01 online, BATCH01 batch), three service classes, one coupling
 * facility, a two-blade array with two CLPRs and four host ports, six volumes, two channel paths per LPAR —
 * a few hundred series, so a fixture of a few hours stays small.
 */
export const fixtureTopology: Topology = deepFreeze(
  topologySchema.parse({
  sysplex: 'PLEX1',
  cpc: { name: 'CPC1', model: '3931', gp: 8, ziip: 2, capacityMsu: 600 },
  lpars: [
    { name: 'PROD01', workload: 'online', gp: 4, ziip: 1, memoryGb: 16, peakHours: [[8, 10], [14, 16]], peakBusyPercent: 80, ziipEligiblePercent: 18, addressSpaces: 80, batchInitiators: 4 },
    { name: 'BATCH01', workload: 'batch', gp: 2, ziip: 1, memoryGb: 8, peakHours: [[22, 5]], peakBusyPercent: 90, ziipEligiblePercent: 10, addressSpaces: 80, batchInitiators: 8 },
  ],
  serviceClasses: [
    { name: 'CICSHI', workload: 'ONLINE', importance: 1, goal: { kind: 'responseTime', seconds: 0.4 }, subsystem: 'CICS', cpuPerTransactionMs: 2.5, systems: { PROD01: 4 } },
    { name: 'BATCHHI', workload: 'BATCH', importance: 3, goal: { kind: 'velocity', percent: 40 }, subsystem: 'BATCH', cpuPerTransactionMs: 4000, systems: { BATCH01: 4, PROD01: 0.5 } },
    { name: 'SYSSTC', workload: 'SYSTEM', goal: { kind: 'system' }, subsystem: 'STC', cpuPerTransactionMs: 50, systems: { PROD01: 1, BATCH01: 1 } },
  ],
  couplingFacilities: [{ name: 'CF01', processors: 1, linksPerLpar: 2, requestsPerBusyCp: 900, structures: [{ name: 'IRLMLOCK1', type: 'lock' }] }],
  storageArray: {
    name: 'VSP1',
    model: 'VSP E990',
    mpBlades: 2,
    coresPerBlade: 4,
    hostPorts: 4,
    portSpeedGbps: 32,
    clprs: [
      { name: 'CLPR0', cacheGb: 128, destageMBps: 300 },
      { name: 'CLPR1', cacheGb: 64, destageMBps: 200 },
    ],
  },
  volumeGroups: [
    { type: 'USER', prefix: 'USR', count: 4, model: '3390-27', clpr: 'CLPR0', transferKb: 6, readPercent: 78, readHitPercent: 95, aliases: 4, affinity: { online: 0.8, batch: 0.3, mixed: 0.5 } },
    { type: 'WORK', prefix: 'WRK', count: 2, model: '3390-9', clpr: 'CLPR1', transferKb: 27, readPercent: 55, readHitPercent: 86, aliases: 4, affinity: { online: 0.2, batch: 0.7, mixed: 0.5 } },
  ],
  channels: { pathsPerLpar: 2, speedGbps: 16, firstChpid: '40' },
  network: { osaPerLpar: 1, hipersocketsPerLpar: 1 },
  }),
);

/** Options of {@link createFixture}. */
export interface FixtureOptions {
  seed: number | string;
  /** Start of the data (exclusive: the first interval ends after it). */
  from: Instant;
  /** End of the data (inclusive). */
  to: Instant;
  /** Incidents to inject; their ground truth comes back in `incidents`. */
  scenario?: IncidentInput[];
  /** @default fixtureTopology */
  topology?: TopologyInput;
  /** @default 60 */
  intervalSeconds?: number;
  /** Refuse to build more samples than this (use `simulator.snapshots()` for big ranges). @default 2_000_000 */
  maxSamples?: number;
}

/** A small deterministic data set: every interval as samples and as snapshots, with the incidents' ground truth. */
export interface Fixture {
  samples: Sample[];
  snapshots: Snapshot[];
  incidents: Incident[];
  /** The simulator behind it, for more (e.g. `samples(t)` outside the range). */
  simulator: Simulator;
}

/**
 * One call gives a small, deterministic data set for another project's unit tests: the same options always give
 * the same samples, snapshots and incidents.
 *
 * @example
 * ```ts
 * const { samples, incidents } = createFixture({
 *   seed: 7, from: '2026-01-06T08:00:00Z', to: '2026-01-06T12:00:00Z',
 *   scenario: [{ type: 'cpuLoop', lpar: 'PROD01', start: '2026-01-06T10:00:00Z', durationMinutes: 30 }],
 * });
 * // feed `samples` to your detector; assert it flags incidents[0].start … incidents[0].end on PROD01
 * ```
 */
export function createFixture({ seed, from, to, scenario = [], topology = fixtureTopology, intervalSeconds = 60, maxSamples = 2_000_000 }: FixtureOptions): Fixture {
  const simulator = createSimulator({ seed, topology, intervalSeconds, scenario });
  const fromMs = toEpochMs(from, 'from');
  const toMs = toEpochMs(to, 'to');
  if (toMs < fromMs) throw new RmfSimError('ERR_RMF_ARGUMENT', 'to is before from');
  const first = simulator.alignMs(fromMs) + simulator.intervalMs;
  const intervals = toMs >= first ? Math.floor((toMs - first) / simulator.intervalMs) + 1 : 0;
  if (intervals * simulator.series.length > maxSamples) {
    throw new RmfSimError('ERR_RMF_ARGUMENT', `the fixture would hold ${intervals * simulator.series.length} samples (> maxSamples ${maxSamples}); shorten the range, raise maxSamples or iterate simulator.snapshots()`);
  }
  const samples: Sample[] = [];
  const snapshots: Snapshot[] = [];
  for (let k = 0; k < intervals; k++) {
    const t = first + k * simulator.intervalMs;
    for (const s of simulator.samples(t)) samples.push(s);
    snapshots.push(simulator.snapshot(t));
  }
  return { samples, snapshots, incidents: simulator.incidents({ from: fromMs, to: toMs }), simulator };
}
