/** A per-interval histogram: cumulative counts of observations at or below each bound. */
export interface IntervalHistogram {
  /** Upper bounds, ascending (without +Inf). */
  bounds: number[];
  /** Cumulative counts, one per bound. */
  counts: number[];
  /** All observations in the interval (the +Inf bucket). */
  count: number;
  /** Sum of the observed values. */
  sum: number;
}

/** Processor view of one LPAR. */
export interface CpuSnapshot {
  /** GP busy, % of the LPAR's logical GPs. */
  generalPurposePercent: number;
  /** zIIP busy, % of its zIIPs (0 without zIIPs). */
  ziipPercent: number;
  /** Legacy zAAP view: the Java share of zIIP busy (≤ ziipPercent). */
  zaapPercent: number;
  /** zIIP-eligible work that ran on GPs, % of GP capacity. */
  ziipEligibleOnCpPercent: number;
  /** Captured / total CPU time, %. */
  captureRatioPercent: number;
  /** MSU/h consumed. */
  actualMsu: number;
  /** Demand for GP capacity, % (over 100: CPU-constrained; the excess becomes CPU delay). */
  demandPercent: number;
}

export interface MemorySnapshot {
  realCapacityBytes: number;
  realStorageBytes: number;
  virtualStorageBytes: number;
  csaBytes: number;
  framesAvailablePercent: number;
  pageInRate: number;
}

export interface ServiceClassSnapshot {
  serviceClass: string;
  workload: string;
  period: number;
  importance: number;
  goal: { kind: 'responseTime'; seconds: number } | { kind: 'velocity'; percent: number };
  performanceIndex: number;
  velocityPercent: number;
  usingPercent: number;
  delayPercent: { cpu: number; io: number; storage: number };
  transactionRate: number;
  /** Present for response-time goals. */
  responseTimeSeconds?: number;
  /** Average work units waiting (Little's law). */
  queueDepth: number;
}

export interface LparSnapshot {
  name: string;
  workload: 'online' | 'batch' | 'mixed';
  cpu: CpuSnapshot;
  memory: MemorySnapshot;
  wlm: ServiceClassSnapshot[];
  /** Predecessor's subsystem queues (CICS, IMS, MQ, BATCH). */
  queues: { queueType: 'CICS' | 'IMS' | 'MQ' | 'BATCH'; processingRate: number; depth: number }[];
  cfLinks: { cf: string; link: string; syncRate: number; asyncRate: number; serviceTime: IntervalHistogram }[];
  channels: { chpid: string; hostPort: string; utilizationPercent: number; ioRate: number; throughputMBps: number }[];
  network: { portType: 'OSA' | 'Hipersocket'; portId: string; utilizationPercent: number; throughputMBps: number }[];
  /** This system's view of each volume it uses, and of the volume's LDEV. */
  volumes: { volser: string; volumeType: string; ldev: string; ioRate: number; utilizationPercent: number; ldevUtilizationPercent: number }[];
  /** Response-time histograms of this system's I/Os by device type. */
  ioResponse: { deviceType: string; histogram: IntervalHistogram }[];
}

export interface VolumeSnapshot {
  volser: string;
  volumeType: string;
  model: string;
  devnum: string;
  ldev: string;
  clpr: string;
  mpb: string;
  ioRate: number;
  readRate: number;
  writeRate: number;
  throughputMBps: number;
  readHitPercent: number;
  utilizationPercent: number;
  /** Seconds; `total === iosq + pend + disc + conn`. */
  responseTime: { total: number; iosq: number; pend: number; disc: number; conn: number };
  capacityBytes: number;
  usedBytes: number;
}

export interface CfSnapshot {
  name: string;
  processorUtilizationPercent: number;
  systems: { lpar: string; syncRate: number; asyncRate: number; syncServiceSeconds: number; asyncServiceSeconds: number }[];
}

export interface ClprSnapshot {
  name: string;
  writePendingPercent: number;
  readHitPercent: number;
  cacheUsagePercent: number;
  writeMBps: number;
}

export interface StorageArraySnapshot {
  name: string;
  model: string;
  clprs: ClprSnapshot[];
  mpBlades: { name: string; utilizationPercent: number }[];
  hostPorts: { name: string; throughputMBps: number; iops: number; utilizationPercent: number }[];
}

/**
 * One RMF interval of the whole sysplex (or of one shard of it), as a plain JSON-serialisable object.
 * Its values are exactly those of {@link Simulator.samples} for the same instant.
 */
export interface Snapshot {
  /** End of the interval, ISO-8601 UTC. */
  timestamp: string;
  /** End of the interval, epoch ms. */
  epochMs: number;
  intervalSeconds: number;
  /** Version of the generation algorithm: the same seed and version give the same values. */
  modelVersion: number;
  sysplex: string;
  cpc: { name: string; model: string; capacityMsu: number; actualMsu: number; utilizationPercent: number } | null;
  lpars: LparSnapshot[];
  couplingFacilities: CfSnapshot[];
  volumes: VolumeSnapshot[];
  storageArray: StorageArraySnapshot;
}

// ---- compile-time check: the numbers of every snapshot object are exactly the catalogue's fields of its scope ----
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]-?: NonNullable<T[K]> extends number | IntervalHistogram
    ? `${P}${K}`
    : NonNullable<T[K]> extends readonly unknown[]
      ? never
      : NonNullable<T[K]> extends object
        ? Leaves<NonNullable<T[K]>, `${P}${K}.`>
        : never;
}[keyof T & string];
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
type Measured<S extends import('./catalog/index.js').ScopeName, T, Attrs extends keyof T = never> = Exact<Leaves<Omit<T, Attrs>>, import('./catalog/index.js').FieldPath<S>>;
/** @internal */
export type CatalogueCheck = [
  Check<Measured<'cpc', NonNullable<Snapshot['cpc']>>>,
  Check<Measured<'lpar', LparSnapshot>>,
  Check<Measured<'serviceClass', ServiceClassSnapshot, 'period' | 'importance'>>,
  Check<Measured<'queue', LparSnapshot['queues'][number]>>,
  Check<Measured<'cfLink', LparSnapshot['cfLinks'][number]>>,
  Check<Measured<'channel', LparSnapshot['channels'][number]>>,
  Check<Measured<'network', LparSnapshot['network'][number]>>,
  Check<Measured<'lparVolume', LparSnapshot['volumes'][number]>>,
  Check<Measured<'ioResponse', LparSnapshot['ioResponse'][number]>>,
  Check<Measured<'cf', CfSnapshot>>,
  Check<Measured<'cfSystem', CfSnapshot['systems'][number]>>,
  Check<Measured<'volume', VolumeSnapshot>>,
  Check<Measured<'clpr', ClprSnapshot>>,
  Check<Measured<'mpb', StorageArraySnapshot['mpBlades'][number]>>,
  Check<Measured<'hostPort', StorageArraySnapshot['hostPorts'][number]>>,
];
