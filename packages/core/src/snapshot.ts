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
  /** GP busy including the LPAR's PR/SM management time, % of its logical GPs. */
  logicalTotalPercent: number;
  /** The LPAR's GP dispatch time, % of the CPC's physical GPs. */
  physicalEffectivePercent: number;
  /** Its dispatch and PR/SM management time, % of the CPC's physical GPs. */
  physicalTotalPercent: number;
  /** PR/SM management time for it, % of the CPC's physical GPs. */
  lparManagementPercent: number;
  /** Its zIIP dispatch time, % of the CPC's physical zIIP capacity. */
  ziipPhysicalEffectivePercent: number;
  /** Defined capacity in force (soft capping limit), MSU/h; 0 without. */
  definedCapacityMsu: number;
  /** Four-hour rolling average of the MSU/h consumed. */
  r4haMsu: number;
  /** Share of the interval it was capped, % (100 or 0). */
  cappedPercent: number;
  /** Demand for GP capacity, % (over 100: CPU-constrained; the excess becomes CPU delay). */
  demandPercent: number;
}

/** HiperDispatch's vertical polarisation of one processor type of an LPAR, and its parked lows. */
export interface VerticalSnapshot {
  high: number;
  medium: number;
  low: number;
  /** Lows parked, averaged over the interval (≤ low). */
  parked: number;
}

export interface MemorySnapshot {
  realCapacityBytes: number;
  realStorageBytes: number;
  availableBytes: number;
  virtualStorageBytes: number;
  csaBytes: number;
  framesAvailablePercent: number;
  pageInRate: number;
  pageOutRate: number;
}

export interface ServiceClassSnapshot {
  serviceClass: string;
  workload: string;
  period: number;
  /** 1 (most important) … 5; 0 for system work (goal `system`), dispatched first; 6 for discretionary work, last. */
  importance: number;
  goal: { kind: 'responseTime'; seconds: number; percentile?: number } | { kind: 'velocity'; percent: number } | { kind: 'system' } | { kind: 'discretionary' };
  /** Its WLM report class, if it has one. */
  reportClass?: string;
  /** CPU seconds (GP and zIIP) per transaction (or job step) that ends in this period. */
  cpuPerTransactionSeconds: number;
  /** Absent for work without a goal (system, discretionary). */
  performanceIndex?: number;
  /** State samples of the period's work in the interval (using + delay samples are its address spaces' sums): the weights of its percentages when systems or classes are combined. */
  samples: number;
  velocityPercent: number;
  usingPercent: number;
  usingBy: { processor: number; device: number };
  /** Delay samples by reason, % (`ziip` is the zIIP part of `cpu`). */
  delayPercent: { cpu: number; io: number; storage: number; ziip: number; capping: number; enqueue: number; jes: number; hsm: number; xcf: number; operator: number; subsystem: number };
  transactionRate: number;
  /** APPL%: CPU time on GPs and on zIIPs, in % of one processor. */
  cpu: { applCpPercent: number; applZiipPercent: number };
  /** Average time of the ended transactions (or jobs), and its parts; absent for system work. */
  responseTimeSeconds?: number;
  responseTimeBreakdown?: { activeSeconds: number; queueSeconds: number; conversionSeconds: number; ineligibleSeconds: number; affinitySeconds: number };
  /** Transactions that met a response-time goal, %. */
  goalAchievedPercent?: number;
  /** Average work units waiting (Little's law). */
  queueDepth: number;
}

/**
 * A WLM report class on one system: the combination of the service class periods it reports there (samples,
 * transactions and CPU are their sums; percentages their sample-weighted means; velocity over the summed samples).
 */
export interface ReportClassSnapshot {
  name: string;
  /** The service classes whose periods it reports on this system. */
  serviceClasses: string[];
  samples: number;
  velocityPercent: number;
  usingPercent: number;
  usingBy: { processor: number; device: number };
  delayPercent: { cpu: number; ziip: number; capping: number; io: number; storage: number; enqueue: number; jes: number; hsm: number; xcf: number; operator: number; subsystem: number };
  transactionRate: number;
  cpu: { applCpPercent: number; applZiipPercent: number };
  /** Transaction-weighted average response time of its periods that have one (0 when none ended). */
  responseTimeSeconds: number;
}

export interface LparSnapshot {
  name: string;
  workload: 'online' | 'batch' | 'mixed';
  cpu: CpuSnapshot;
  /** HiperDispatch: vertical high, medium and low logical processors by type, and the parked lows. */
  hiperDispatch: { gp: VerticalSnapshot; ziip: VerticalSnapshot };
  /** XCF signalling: messages sent and received per second (all through the CF's signalling list structures). */
  xcf: { sentRate: number; receivedRate: number };
  memory: MemorySnapshot;
  wlm: ServiceClassSnapshot[];
  /** Its WLM report classes (those with a period on this system), in the topology's order. */
  reportClasses: ReportClassSnapshot[];
  /** Predecessor's subsystem queues (CICS, IMS, MQ, BATCH). */
  queues: { queueType: 'CICS' | 'IMS' | 'MQ' | 'BATCH'; processingRate: number; depth: number }[];
  cfLinks: { cf: string; link: string; syncRate: number; asyncRate: number; serviceTime: IntervalHistogram }[];
  channels: {
    chpid: string;
    hostPort: string;
    /** Path type (`FC_S` switched FICON, `FC` point to point) and whether other LPARs share the CHPID. */
    pathType: string;
    shared: boolean;
    /** This LPAR's part of the path's busy; `totalUtilizationPercent` is the sum over every LPAR sharing it. */
    utilizationPercent: number;
    totalUtilizationPercent: number;
    ioRate: number;
    /** Of `ioRate`: zHPF operations (the rest are FICON command mode). */
    zhpfRate: number;
    ficonActive: number;
    zhpfActive: number;
    /** MB/s; `throughputMBps === readMBps + writeMBps`. */
    throughputMBps: number;
    readMBps: number;
    writeMBps: number;
    totalReadMBps: number;
    totalWriteMBps: number;
    /** The channel adapter's bus busy, from the physical channel's total MB/s. */
    busUtilizationPercent: number;
  }[];
  network: { portType: 'OSA' | 'Hipersocket'; portId: string; utilizationPercent: number; throughputMBps: number }[];
  /** This system's view of each volume it uses, and of the volume's LDEV. */
  volumes: { volser: string; volumeType: string; ldev: string; ioRate: number; utilizationPercent: number; ldevUtilizationPercent: number }[];
  /** Response-time histograms of this system's I/Os by device type. */
  ioResponse: { deviceType: string; histogram: IntervalHistogram }[];
  /** Its address spaces in the interval (every ASID in use; `active` ones did something), in ASID order. */
  addressSpaces: AddressSpaceSnapshot[];
  /** ENQ contention in the interval: each contended resource with its holder and the address spaces waiting for it. */
  enqueues: EnqueueSnapshot[];
}

/**
 * One address space of a system in one interval. Its percentages are of its own samples (one per second while it is
 * active): using the processor for its CPU time, a device for the connect time of its I/O, the delays in proportion,
 * idle or unknown the rest. Its service class period's using and delay samples (`samples` × %) are the sums of its
 * active address spaces' (the period counts its work's samples only, so its percentages are higher); its CPU, I/O,
 * page-ins, working set and CSA add up to the class's and the system's.
 */
export interface AddressSpaceSnapshot {
  /** Job name (started task, TSO user id, batch job; `INIT` for an initiator without a job). */
  jobName: string;
  /** JES id: `STC…`, `TSU…`, `JOB…` (empty for system address spaces started before JES and idle initiators). */
  jobId: string;
  /** ASID, decimal. */
  asid: number;
  /** `STC` (started task), `TSO`, `BATCH` (a job in an initiator), `INIT` (an initiator waiting for work), `SYS` (system address space). */
  type: 'SYS' | 'STC' | 'TSO' | 'BATCH' | 'INIT';
  /** JES job class of a batch job (`''` otherwise). */
  jobClass: string;
  serviceClass: string;
  period: number;
  /** Its WLM report class (`''` without one). */
  reportClass: string;
  /** It used CPU or a device in the interval (the PROC report's rows). */
  active: boolean;
  /** Seconds since the job (or TSO session) started, 0 for a started task. */
  elapsedSeconds: number;
  samples: number;
  cpu: { applCpPercent: number; applZiipPercent: number; eapplCpPercent: number; eapplZiipPercent: number; tcbPercent: number; srbPercent: number; enclaveSrbPercent: number };
  usingPercent: number;
  usingBy: { processor: number; device: number };
  /** The delays by reason; `operatorMount`, `operatorMessage` and `operatorQuiesce` are the parts of `operator` (they add up to it). */
  delayPercent: {
    cpu: number;
    ziip: number;
    capping: number;
    io: number;
    storage: number;
    enqueue: number;
    jes: number;
    hsm: number;
    xcf: number;
    operator: number;
    operatorMount: number;
    operatorMessage: number;
    operatorQuiesce: number;
    subsystem: number;
  };
  /** Idle samples (using + delays + idle + unknown = 100). */
  idlePercent: number;
  /** Samples in no state RMF knows (neither using, delayed nor idle). */
  unknownPercent: number;
  /**
   * Frames and pages: the working set and its fixed and Data-in-Virtual frames (`fixedFrames + divFrames ≤
   * workingSetFrames`), CSA and SQA, page-ins, the slots it occupies on the page data sets (0 on a system that does
   * not page), and the shared pages it uses and of them those valid in central (`sharedPagesValid ≤ sharedPages`;
   * shared pages are not in the working set).
   */
  storage: { workingSetFrames: number; fixedFrames: number; csaBytes: number; sqaBytes: number; pageInRate: number; divFrames: number; auxSlots: number; sharedPages: number; sharedPagesValid: number };
  ioRate: number;
  /** Volser of its main volume: the heaviest of the small static set of its system's volumes it does I/O to (`''`: none). */
  topVolume: string;
  /** Its I/O by volume: connect time (% of the interval) and its part of its main volume (I/O, using and delay samples). */
  device: { connectPercent: number; topVolumeIoRate: number; topVolumeUsingPercent: number; topVolumeDelayPercent: number };
}

/** A contended resource (a GRS ENQ) of one system: who holds it and who waits. Percentages are the waiters' `delayPercent.enqueue`. */
export interface EnqueueSnapshot {
  /** Major (queue) name, e.g. `SYSDSN`. */
  major: string;
  /** Minor (resource) name, e.g. a data set name. */
  minor: string;
  /** `SYSTEMS` (sysplex-wide) or `SYSTEM`. */
  scope: 'SYSTEMS' | 'SYSTEM';
  holder: { jobName: string; asid: number; status: 'EO' | 'SO' };
  waiters: { jobName: string; asid: number; status: 'EW' | 'SW' }[];
}

export interface VolumeSnapshot {
  volser: string;
  volumeType: string;
  model: string;
  devnum: string;
  ldev: string;
  clpr: string;
  mpb: string;
  /** RMF device type (`33909`), SSID of its LCU, SMS storage group, how its aliases are managed. */
  deviceType: string;
  ssid: string;
  storageGroup: string;
  pav: 'hyper' | 'static';
  ioRate: number;
  readRate: number;
  writeRate: number;
  throughputMBps: number;
  readHitPercent: number;
  utilizationPercent: number;
  /** Seconds; `total === iosq + pend + disc + conn`; `pendDeviceBusy + pendCmr <= pend` (the rest: channel busy). */
  responseTime: { total: number; iosq: number; pend: number; disc: number; conn: number; pendDeviceBusy: number; pendCmr: number };
  capacityBytes: number;
  usedBytes: number;
  pavExposures: number;
}

/** A logical control unit (SSID) of the array: the cache statistics of its volumes (CACHSUM). */
export interface LcuSnapshot {
  ssid: string;
  /** LCU number and CU id (hex), control-unit type-model (`2107-996`). */
  lcu: string;
  cuId: string;
  typeModel: string;
  /** Rates per second; `ioRate === readRate + writeRate`, hits never above their I/Os. */
  ioRate: number;
  readRate: number;
  writeRate: number;
  readHitRate: number;
  writeHitRate: number;
  sequentialReadRate: number;
  sequentialReadHitRate: number;
  sequentialWriteRate: number;
  stagingRate: number;
  sequentialTrackRate: number;
  destageRate: number;
  readHitPercent: number;
  cacheBytes: number;
  cacheAvailableBytes: number;
  nvsBytes: number;
}

export interface CfSnapshot {
  name: string;
  /** Machine type, hardware version (CFOVER's "Version") and CFCC level. */
  model: string;
  version: string;
  cfLevel: number;
  /** CF processors defined, whether they are dedicated, and the PR/SM weight of shared ones (0 when dedicated). */
  processors: number;
  dedicated: boolean;
  weight: number;
  /** Coupling link type (ICP, CS5, CL5, CL6), subchannels per link and the CHPIDs of each system's links. */
  linkType: string;
  subchannelsPerLink: number;
  paths: string[];
  processorUtilizationPercent: number;
  /** Requests per second from all systems: the sum over its structures. */
  requestRate: number;
  effectiveProcessors: number;
  storage: { sizeBytes: number; availableBytes: number; utilizedPercent: number };
  /** Each system's requests: the sums over the structures of its requests (rates), their averages (times, %). */
  systems: {
    lpar: string;
    syncRate: number;
    asyncRate: number;
    syncServiceSeconds: number;
    asyncServiceSeconds: number;
    convertedRate: number;
    changedPercent: number;
    delayedPercent: number;
    subchannelBusyPercent: number;
    subchannelDelayPercent: number;
    pathDelayPercent: number;
  }[];
  structures: CfStructureSnapshot[];
}

/** One structure of a CF: its totals over the systems, its storage, and (lock, cache) its own counters. */
export interface CfStructureSnapshot {
  name: string;
  type: 'lock' | 'cache' | 'list';
  /** What it serves (`xcf`, `grs`, `db2Lock`, `db2Gbp`, …). */
  use: string;
  requestRate: number;
  syncRate: number;
  asyncRate: number;
  processorUtilizationPercent: number;
  sizeBytes: number;
  utilizedPercent: number;
  /** Lock structures only. */
  contentionPercent?: number;
  falseContentionPercent?: number;
  /** Cache structures only. */
  readRate?: number;
  writeRate?: number;
  castoutRate?: number;
  crossInvalidateRate?: number;
  directoryReclaimRate?: number;
  /** Cache structures only: changed (not yet cast out) directory entries and data elements. */
  changedEntries?: number;
  changedElements?: number;
  /** Systems connected to it (one connector each: those that run the work it serves); the number of `systems[].connected`. */
  connectors: number;
  /** The most connectors it allows (XES; an IRLM lock structure by the width of its lock entries). */
  maxConnectors: number;
  /** Its CFRM policy entry (INITSIZE is `sizeBytes`). */
  policy: { minSizeBytes: number; maxSizeBytes: number; rebuildPercent: number; preferenceList: string[] };
  systems: { lpar: string; connected: boolean; syncRate: number; asyncRate: number; syncServiceSeconds: number; asyncServiceSeconds: number; convertedRate: number; changedPercent: number; delayedPercent: number }[];
}

export interface ClprSnapshot {
  name: string;
  writePendingPercent: number;
  readHitPercent: number;
  cacheUsagePercent: number;
  writeMBps: number;
  writeThrottlePercent: number;
}

export interface StorageArraySnapshot {
  name: string;
  model: string;
  clprs: ClprSnapshot[];
  lcus: LcuSnapshot[];
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
  cpc: { name: string; model: string; capacityMsu: number; actualMsu: number; utilizationPercent: number; managementPercent: number } | null;
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
  Check<Measured<'serviceClass', ServiceClassSnapshot, 'period' | 'importance' | 'goal' | 'cpuPerTransactionSeconds'>>,
  Check<Measured<'reportClass', ReportClassSnapshot>>,
  Check<Measured<'queue', LparSnapshot['queues'][number]>>,
  Check<Measured<'cfLink', LparSnapshot['cfLinks'][number]>>,
  Check<Measured<'channel', LparSnapshot['channels'][number]>>,
  Check<Measured<'network', LparSnapshot['network'][number]>>,
  Check<Measured<'lparVolume', LparSnapshot['volumes'][number]>>,
  Check<Measured<'ioResponse', LparSnapshot['ioResponse'][number]>>,
  Check<Measured<'cf', CfSnapshot, 'cfLevel' | 'processors' | 'weight' | 'subchannelsPerLink'>>,
  Check<Measured<'cfSystem', CfSnapshot['systems'][number]>>,
  Check<Measured<'cfStructure', CfStructureSnapshot, 'connectors' | 'maxConnectors' | 'policy'>>,
  Check<Measured<'cfStructureSystem', CfStructureSnapshot['systems'][number]>>,
  Check<Measured<'volume', VolumeSnapshot>>,
  Check<Measured<'lcu', LcuSnapshot>>,
  Check<Measured<'clpr', ClprSnapshot>>,
  Check<Measured<'mpb', StorageArraySnapshot['mpBlades'][number]>>,
  Check<Measured<'hostPort', StorageArraySnapshot['hostPorts'][number]>>,
  Check<Measured<'addressSpace', AddressSpaceSnapshot, 'asid' | 'period'>>,
];
