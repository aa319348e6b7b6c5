import { deepFreeze } from './freeze.js';
import { topologySchema, type Topology } from './config.js';

/**
 * The predecessor's sysplex, made complete: SYSPLEX01 on one z15 CPC with four LPARs
 * (PROD01 16 CPs / 64 GB online, peaks 08–10 and 14–16; PROD02 12 / 48 GB online; BATCH01 8 / 32 GB batch, peak 22–05;
 * TEST01 4 / 16 GB mixed, peaks 09–11 and 15–17), zIIPs, WLM service classes, one coupling facility and a
 * Hitachi-style array (4 MP blades, 2 CLPRs, 16 host ports) backing 160 3390 volumes (system residence, page data
 * sets, spool, catalogs, DB2 logs and table spaces, user data, batch work and temporary space) over 4 FICON paths per
 * LPAR.
 *
 * Frozen: copy and change it to build your own.
 *
 * @example
 * ```ts
 * const topology = { ...defaultTopology, lpars: defaultTopology.lpars.filter((l) => l.name !== 'TEST01'),
 *   serviceClasses: [] };
 * const sim = createSimulator({ seed: 1, topology });
 * ```
 */
export const defaultTopology: Topology = deepFreeze(
  topologySchema.parse({
  sysplex: 'SYSPLEX01',
  cpc: { name: 'CPC1', model: '8561', gp: 40, ziip: 10, capacityMsu: 2600 },
  lpars: [
    { name: 'PROD01', workload: 'online', gp: 16, ziip: 4, memoryGb: 64, peakHours: [[8, 10], [14, 16]], peakBusyPercent: 88, ziipEligiblePercent: 18 },
    { name: 'PROD02', workload: 'online', gp: 12, ziip: 3, memoryGb: 48, peakHours: [[8, 10], [14, 16]], peakBusyPercent: 84, ziipEligiblePercent: 18 },
    { name: 'BATCH01', workload: 'batch', gp: 8, ziip: 2, memoryGb: 32, peakHours: [[22, 5]], peakBusyPercent: 94, ziipEligiblePercent: 12 },
    { name: 'TEST01', workload: 'mixed', gp: 4, ziip: 1, memoryGb: 16, peakHours: [[9, 11], [15, 17]], peakBusyPercent: 60, ziipEligiblePercent: 15 },
  ],
  serviceClasses: [
    { name: 'SYSSTC', workload: 'SYSTEM', goal: { kind: 'system' }, subsystem: 'STC', cpuPerTransactionMs: 50, systems: { PROD01: 1, PROD02: 1, BATCH01: 1, TEST01: 1 } },
    { name: 'CICSHI', workload: 'ONLINE', importance: 1, goal: { kind: 'responseTime', seconds: 0.4 }, subsystem: 'CICS', cpuPerTransactionMs: 2.5, systems: { PROD01: 5, PROD02: 5, TEST01: 1 } },
    { name: 'IMSHI', workload: 'ONLINE', importance: 1, goal: { kind: 'responseTime', seconds: 0.6 }, subsystem: 'IMS', cpuPerTransactionMs: 4, systems: { PROD01: 3, PROD02: 2 } },
    { name: 'DDFHI', workload: 'DB2', importance: 2, goal: { kind: 'responseTime', seconds: 1 }, subsystem: 'DB2', cpuPerTransactionMs: 6, systems: { PROD01: 2, PROD02: 2, TEST01: 1 } },
    { name: 'MQHI', workload: 'ONLINE', importance: 2, goal: { kind: 'velocity', percent: 60 }, subsystem: 'MQ', cpuPerTransactionMs: 1.2, systems: { PROD01: 1, PROD02: 1, BATCH01: 0.5 } },
    { name: 'TSOPRD', workload: 'TSO', importance: 2, goal: { kind: 'responseTime', seconds: 0.5 }, subsystem: 'TSO', cpuPerTransactionMs: 20, systems: { PROD01: 0.3, PROD02: 0.3, TEST01: 1 } },
    { name: 'BATCHHI', workload: 'BATCH', importance: 3, goal: { kind: 'velocity', percent: 40 }, subsystem: 'BATCH', cpuPerTransactionMs: 4000, systems: { BATCH01: 5, PROD01: 0.4, PROD02: 0.4 } },
    { name: 'BATCHLO', workload: 'BATCH', importance: 5, goal: { kind: 'velocity', percent: 15 }, subsystem: 'BATCH', cpuPerTransactionMs: 9000, systems: { BATCH01: 3, TEST01: 1 } },
    { name: 'TESTLO', workload: 'TEST', importance: 5, goal: { kind: 'velocity', percent: 10 }, subsystem: 'STC', cpuPerTransactionMs: 200, systems: { TEST01: 2 } },
  ],
  couplingFacilities: [
    {
      name: 'CF01',
      processors: 2,
      linksPerLpar: 4,
      requestsPerBusyCp: 900,
      structures: [
        { name: 'IRLMLOCK1', type: 'lock' },
        { name: 'DSNDB0G_GBP1', type: 'cache' },
        { name: 'IXC_DEFAULT_1', type: 'list' },
      ],
    },
  ],
  storageArray: {
    name: 'VSP412345',
    model: 'VSP 5600',
    mpBlades: 4,
    coresPerBlade: 4,
    hostPorts: 16,
    portSpeedGbps: 32,
    clprs: [
      { name: 'CLPR0', cacheGb: 512, destageMBps: 900 },
      { name: 'CLPR1', cacheGb: 256, destageMBps: 600 },
    ],
  },
  volumeGroups: [
    { type: 'SYSRES', prefix: 'SYSR', count: 2, model: '3390-9', clpr: 'CLPR0', aliases: 4 },
    { type: 'PAGE', prefix: 'PAGE', count: 8, model: '3390-9', clpr: 'CLPR0', aliases: 2 },
    { type: 'SPOOL', prefix: 'SPOOL', count: 4, model: '3390-9', clpr: 'CLPR1', aliases: 4 },
    { type: 'CATALOG', prefix: 'CAT', count: 2, model: '3390-9', clpr: 'CLPR0', aliases: 8 },
    { type: 'DB2LOG', prefix: 'DB2L', count: 4, model: '3390-27', clpr: 'CLPR1', aliases: 8 },
    { type: 'DB2DATA', prefix: 'DB2D', count: 32, model: '3390-27', clpr: 'CLPR0', aliases: 6 },
    { type: 'USER', prefix: 'USR', count: 60, model: '3390-27', clpr: 'CLPR0', aliases: 6 },
    { type: 'WORK', prefix: 'WRK', count: 30, model: '3390-27', clpr: 'CLPR1', aliases: 6 },
    { type: 'TEMP', prefix: 'TMP', count: 18, model: '3390-9', clpr: 'CLPR1', aliases: 4 },
  ],
  channels: { pathsPerLpar: 4, speedGbps: 16, firstChpid: '40' },
  network: { osaPerLpar: 2, hipersocketsPerLpar: 1 },
  }),
);
