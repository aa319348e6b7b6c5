import { deepFreeze } from './freeze.js';
import { topologySchema, type Topology } from './config.js';

/**
 * The predecessor's sysplex, made complete: SYSPLEX01 on one z15 CPC with four LPARs
 * (PROD01 16 CPs / 64 GB online, peaks 08–10 and 14–16; PROD02 12 / 48 GB online; BATCH01 8 / 32 GB batch, peak 22–05;
 * TEST01 4 / 16 GB mixed, peaks 09–11 and 15–17), zIIPs, WLM service classes, two coupling facilities (CF01 internal, CF02 over ICA SR links; two dedicated ICFs each, with the
 * structures of a data-sharing sysplex: XCF signalling, GRS star, DB2 lock, SCA and group buffer pools, IMS, CICS, MQ,
 * logger, JES2 checkpoint, RACF) and a
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
  cpc: { name: 'CPC1', model: '8561', capacitySetting: '730', serial: '02-0A7F8', gp: 30, ziip: 6, icf: 4, capacityMsu: 2550, capacityGroups: [{ name: 'PRODGRP', limitMsu: 2100 }] },
  lpars: [
    { name: 'PROD01', workload: 'online', gp: 16, ziip: 4, memoryGb: 64, peakHours: [[8, 10], [14, 16]], peakBusyPercent: 88, ziipEligiblePercent: 18, weight: 450, ziipWeight: 400, capacityGroup: 'PRODGRP' },
    { name: 'PROD02', workload: 'online', gp: 12, ziip: 3, memoryGb: 48, peakHours: [[8, 10], [14, 16]], peakBusyPercent: 84, ziipEligiblePercent: 18, weight: 330, ziipWeight: 300, capacityGroup: 'PRODGRP' },
    { name: 'BATCH01', workload: 'batch', gp: 8, ziip: 2, memoryGb: 32, peakHours: [[22, 5]], peakBusyPercent: 94, ziipEligiblePercent: 12, weight: 150, ziipWeight: 200, definedCapacityMsu: 600 },
    { name: 'TEST01', workload: 'mixed', gp: 4, ziip: 1, memoryGb: 16, peakHours: [[9, 11], [15, 17]], peakBusyPercent: 60, ziipEligiblePercent: 15, weight: 70, ziipWeight: 100, absoluteCapping: 3.5 },
  ],
  serviceClasses: [
    { name: 'SYSSTC', workload: 'SYSTEM', description: 'System started tasks', goal: { kind: 'system' }, subsystem: 'STC', cpuPerTransactionMs: 50, systems: { PROD01: 1, PROD02: 1, BATCH01: 1, TEST01: 1 } },
    { name: 'CICSHI', workload: 'ONLINE', description: 'CICS production transactions', importance: 1, goal: { kind: 'responseTime', seconds: 0.4 }, subsystem: 'CICS', cpuPerTransactionMs: 2.5, systems: { PROD01: 5, PROD02: 5, TEST01: 1 } },
    { name: 'IMSHI', workload: 'ONLINE', description: 'IMS production transactions', importance: 1, goal: { kind: 'responseTime', seconds: 0.6 }, subsystem: 'IMS', cpuPerTransactionMs: 4, systems: { PROD01: 3, PROD02: 2 } },
    { name: 'DDFHI', workload: 'DB2', description: 'DB2 distributed (DDF) work', importance: 2, goal: { kind: 'responseTime', seconds: 1, percentile: 85 }, subsystem: 'DB2', cpuPerTransactionMs: 6, systems: { PROD01: 2, PROD02: 2, TEST01: 1 } },
    { name: 'MQHI', workload: 'ONLINE', description: 'MQ production', importance: 2, goal: { kind: 'velocity', percent: 60 }, subsystem: 'MQ', cpuPerTransactionMs: 1.2, systems: { PROD01: 1, PROD02: 1, BATCH01: 0.5 } },
    {
      name: 'TSOPRD',
      workload: 'TSO',
      description: 'TSO users',
      goal: { kind: 'responseTime', seconds: 0.5 },
      periods: [
        { durationServiceUnits: 1000, importance: 2, goal: { kind: 'responseTime', seconds: 0.5, percentile: 90 } },
        { durationServiceUnits: 10000, importance: 3, goal: { kind: 'responseTime', seconds: 2 } },
        { importance: 4, goal: { kind: 'velocity', percent: 20 } },
      ],
      subsystem: 'TSO',
      cpuPerTransactionMs: 20,
      systems: { PROD01: 0.3, PROD02: 0.3, TEST01: 1 },
    },
    {
      name: 'BATCHHI',
      workload: 'BATCH',
      description: 'Production batch, high',
      goal: { kind: 'velocity', percent: 40 },
      periods: [
        { durationServiceUnits: 50000, importance: 3, goal: { kind: 'velocity', percent: 40 } },
        { importance: 4, goal: { kind: 'velocity', percent: 25 } },
      ],
      subsystem: 'BATCH',
      cpuPerTransactionMs: 4000,
      systems: { BATCH01: 5, PROD01: 0.4, PROD02: 0.4 },
    },
    { name: 'BATCHLO', workload: 'BATCH', description: 'Production batch, low', importance: 5, goal: { kind: 'velocity', percent: 15 }, subsystem: 'BATCH', cpuPerTransactionMs: 9000, systems: { BATCH01: 3, TEST01: 1 } },
    { name: 'TESTLO', workload: 'TEST', description: 'Test work (discretionary)', goal: { kind: 'discretionary' }, subsystem: 'STC', cpuPerTransactionMs: 200, systems: { TEST01: 2 } },
  ],
  reportClasses: [
    { name: 'RSYSTEM', description: 'System started tasks', serviceClasses: ['SYSSTC'] },
    { name: 'RCICSPRD', description: 'CICS production', subsystems: ['CICS'] },
    { name: 'RIMSPRD', description: 'IMS production', subsystems: ['IMS'] },
    { name: 'RDB2DDF', description: 'DB2 distributed (DDF)', subsystems: ['DB2'] },
    { name: 'RMQPRD', description: 'MQ production', subsystems: ['MQ'] },
    { name: 'RTSO', description: 'TSO users', subsystems: ['TSO'] },
    { name: 'RBATPROD', description: 'Production batch', serviceClasses: ['BATCHHI', 'BATCHLO'] },
    { name: 'RTEST', description: 'Test work', serviceClasses: ['TESTLO'] },
  ],
  resourceGroups: [{ name: 'TESTCAP', description: 'Cap test work', maxServiceUnits: 20000, serviceClasses: ['TESTLO'] }],
  couplingFacilities: [
    {
      name: 'CF01',
      processors: 2,
      storageGb: 16,
      linksPerLpar: 4,
      requestsPerBusyCp: 900,
      structures: [
        { name: 'IXC_DEFAULT_1', type: 'list', use: 'xcf', sizeMb: 64 },
        { name: 'IXC_BIG_1', type: 'list', use: 'xcf', sizeMb: 128, weight: 1 },
        { name: 'ISGLOCK', type: 'lock', use: 'grs', sizeMb: 32 },
        { name: 'IGWLOCK00', type: 'lock', use: 'other', sizeMb: 64, weight: 1, asyncPercent: 2 },
        { name: 'DSNDB0G_LOCK1', type: 'lock', use: 'db2Lock', sizeMb: 256 },
        { name: 'DSNDB0G_GBP0', type: 'cache', use: 'db2Gbp', sizeMb: 512, weight: 1 },
        { name: 'DSNDB0G_GBP1', type: 'cache', use: 'db2Gbp', sizeMb: 2048, weight: 4 },
        { name: 'DSNDB0G_GBP2', type: 'cache', use: 'db2Gbp', sizeMb: 1024, weight: 2 },
        { name: 'IMSIRLM01', type: 'lock', use: 'imsLock', sizeMb: 128 },
        { name: 'IMS_OSAM1', type: 'cache', use: 'imsCache', sizeMb: 256 },
        { name: 'DFHXQLS_PRODTSQ1', type: 'list', use: 'cics', sizeMb: 64 },
        { name: 'SYSTEM_OPERLOG', type: 'list', use: 'logger', sizeMb: 256 },
        { name: 'JES2CKPT1', type: 'list', use: 'jes', sizeMb: 32 },
        { name: 'IRRXCF00_B001', type: 'cache', use: 'racf', sizeMb: 16 },
      ],
    },
    {
      name: 'CF02',
      processors: 2,
      storageGb: 16,
      linksPerLpar: 2,
      linkType: 'CS5',
      distanceKm: 0.1,
      requestsPerBusyCp: 600,
      structures: [
        { name: 'IXC_DEFAULT_2', type: 'list', use: 'xcf', sizeMb: 64 },
        { name: 'IXC_BIG_2', type: 'list', use: 'xcf', sizeMb: 128, weight: 1 },
        { name: 'DSNDB0G_SCA', type: 'list', use: 'db2Sca', sizeMb: 64 },
        { name: 'DSNDB0G_GBP3', type: 'cache', use: 'db2Gbp', sizeMb: 1024, weight: 2 },
        { name: 'DSNDB0G_GBP32K', type: 'cache', use: 'db2Gbp', sizeMb: 512, weight: 1 },
        { name: 'IMS_VSAM1', type: 'cache', use: 'imsCache', sizeMb: 256 },
        { name: 'DFHCFLS_PRODCFT1', type: 'list', use: 'cics', sizeMb: 64 },
        { name: 'DFHNCLS_PRODNC1', type: 'list', use: 'cics', sizeMb: 16, weight: 0.3 },
        { name: 'QSG1CSQ_ADMIN', type: 'list', use: 'mq', sizeMb: 64, weight: 0.5 },
        { name: 'QSG1APPL1', type: 'list', use: 'mq', sizeMb: 256 },
        { name: 'SYSTEM_LOGREC', type: 'list', use: 'logger', sizeMb: 128, weight: 0.3 },
        { name: 'LOG_DFHLOG_001', type: 'list', use: 'logger', sizeMb: 512 },
        { name: 'ISTGENERIC', type: 'list', use: 'other', sizeMb: 32 },
        { name: 'IRRXCF00_P001', type: 'cache', use: 'racf', sizeMb: 16 },
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
