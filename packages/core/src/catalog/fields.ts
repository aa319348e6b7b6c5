/**
 * Fields: every number a snapshot carries, declared once with its scope, unit and meaning. The interval frame the
 * model writes is allocated from this list, snapshots are assembled from it and metrics read it.
 * @module
 */
import type { ScopeName } from './scopes.js';

/** Unit of a field or metric. */
export type Unit =
  | 'percent'
  | 'bytes'
  | 'seconds'
  | 'microseconds'
  | 'per_second'
  | 'megabytes_per_second'
  | 'msu_per_hour'
  | 'count'
  | 'ratio';

/** One number of a scope's members: `path` is its place in the member's snapshot object (`cpu.ziipPercent`). */
export interface FieldDefinition {
  readonly scope: ScopeName;
  readonly path: string;
  readonly unit: Unit;
  readonly help: string;
  /** Bounds every value obeys. @default [0, Number.MAX_VALUE] (percentages: [0, 100]) */
  readonly range?: readonly [number, number];
  /**
   * A per-interval histogram of observations instead of one number: its upper bounds (without +Inf). In the frame it
   * takes `buckets.length + 2` numbers per member (cumulative counts, the count, the sum); in a snapshot an
   * {@link IntervalHistogram}.
   */
  readonly buckets?: readonly number[];
  /** Only members whose label attributes have these values (or one of these) carry the field (others show no such key). */
  readonly where?: Readonly<Record<string, string | readonly string[]>>;
}

const f = <const S extends ScopeName, const P extends string>(scope: S, path: P, unit: Unit, help: string, extra: { range?: readonly [number, number]; buckets?: readonly number[]; where?: Record<string, string | readonly string[]> } = {}) => ({ scope, path, unit, help, ...extra });

const defs = [
  // ---- CPC ----
  f('cpc', 'capacityMsu', 'msu_per_hour', 'Capacity of the CPC in MSU/h.'),
  f('cpc', 'actualMsu', 'msu_per_hour', 'MSU/h consumed by all LPARs of the CPC.'),
  f('cpc', 'utilizationPercent', 'percent', 'Physical total busy of the CPC’s shared general-purpose processors: the shared LPARs’ dispatch and management time and PR/SM’s own (PHYSICAL), in % of the shared pool.'),
  f('cpc', 'managementPercent', 'percent', 'PR/SM time of the GP pool not attributed to any LPAR (the CPC report’s PHYSICAL line), in % of the physical GPs.'),
  // ---- LPAR: CPU ----
  f('lpar', 'cpu.generalPurposePercent', 'percent', 'GP busy, in % of the LPAR’s logical general-purpose processors.'),
  f('lpar', 'cpu.ziipPercent', 'percent', 'zIIP busy, in % of the LPAR’s zIIPs (0 without zIIPs).'),
  f('lpar', 'cpu.zaapPercent', 'percent', 'Legacy zAAP view: the Java share of zIIP busy (never above it).'),
  f('lpar', 'cpu.ziipEligibleOnCpPercent', 'percent', 'zIIP-eligible work that ran on general-purpose processors (zIIP help), in % of the GP capacity.'),
  f('lpar', 'cpu.captureRatioPercent', 'percent', 'Captured CPU time as % of total CPU time (85–95 % is healthy; lower at low utilization or heavy paging).'),
  f('lpar', 'cpu.actualMsu', 'msu_per_hour', 'MSU/h consumed by the LPAR.'),
  f('lpar', 'cpu.logicalTotalPercent', 'percent', 'GP busy including the LPAR’s PR/SM management time, in % of its logical GPs.'),
  f('lpar', 'cpu.physicalEffectivePercent', 'percent', 'The LPAR’s GP dispatch time in % of the CPC’s physical GPs.'),
  f('lpar', 'cpu.physicalTotalPercent', 'percent', 'The LPAR’s GP dispatch and PR/SM management time in % of the CPC’s physical GPs.'),
  f('lpar', 'cpu.lparManagementPercent', 'percent', 'PR/SM management time for the LPAR in % of the CPC’s physical GPs (more with more logical processors per entitled one).'),
  f('lpar', 'cpu.ziipPhysicalEffectivePercent', 'percent', 'The LPAR’s zIIP dispatch time in % of the CPC’s physical zIIP capacity.'),
  f('lpar', 'cpu.definedCapacityMsu', 'msu_per_hour', 'Defined capacity in force (soft capping limit), MSU/h; 0 without.'),
  f('lpar', 'cpu.r4haMsu', 'msu_per_hour', 'Four-hour rolling average of the MSU/h consumed (48 five-minute points), as software pricing and soft capping read it.'),
  f('lpar', 'cpu.cappedPercent', 'percent', 'Share of the interval the LPAR was capped (defined capacity, capacity group or absolute capping), in %.'),
  f('lpar', 'cpu.demandPercent', 'percent', 'GP demand in % of the LPAR’s GPs before capacity limits (over 100: CPU-constrained; the excess waits as CPU delay).', { range: [0, Number.MAX_VALUE] }),
  // ---- LPAR: HiperDispatch (vertical polarisation from the entitlement; lows parked unless the LPAR gets white space) ----
  f('lpar', 'hiperDispatch.gp.high', 'count', 'Vertical high logical GPs (each carries a whole physical GP of the LPAR’s entitlement; dedicated GPs are all high).'),
  f('lpar', 'hiperDispatch.gp.medium', 'count', 'Vertical medium logical GPs (they carry the fraction of the entitlement beyond the highs).'),
  f('lpar', 'hiperDispatch.gp.low', 'count', 'Vertical low logical GPs (no entitlement: parked unless the LPAR wants more than its share and the pool has white space).'),
  f('lpar', 'hiperDispatch.gp.parked', 'count', 'Vertical low logical GPs parked, averaged over the interval (never more than the lows).'),
  f('lpar', 'hiperDispatch.ziip.high', 'count', 'Vertical high logical zIIPs.'),
  f('lpar', 'hiperDispatch.ziip.medium', 'count', 'Vertical medium logical zIIPs.'),
  f('lpar', 'hiperDispatch.ziip.low', 'count', 'Vertical low logical zIIPs.'),
  f('lpar', 'hiperDispatch.ziip.parked', 'count', 'Vertical low logical zIIPs parked, averaged over the interval (cores, not SMT threads).'),
  // ---- LPAR: memory ----
  f('lpar', 'memory.realCapacityBytes', 'bytes', 'Central (real) storage online to the LPAR.'),
  f('lpar', 'memory.realStorageBytes', 'bytes', 'Central storage frames in use.'),
  f('lpar', 'memory.availableBytes', 'bytes', 'Central storage frames available (online less in use).'),
  f('lpar', 'memory.virtualStorageBytes', 'bytes', 'Virtual storage allocated.'),
  f('lpar', 'memory.csaBytes', 'bytes', 'Common service area in use.'),
  f('lpar', 'memory.framesAvailablePercent', 'percent', 'Central storage frames available, in % of online frames.'),
  f('lpar', 'memory.pageInRate', 'per_second', 'Page-ins from auxiliary storage per second (near 0 on a well-sized LPAR).'),
  f('lpar', 'memory.pageOutRate', 'per_second', 'Page-outs to auxiliary storage per second (frames stolen when storage runs short).'),
  // ---- LPAR: XCF signalling (every path is a CF list structure: the topology has no CTC paths) ----
  f('lpar', 'xcf.sentRate', 'per_second', 'XCF messages the system sent per second (each one a write to an XCF signalling list structure).'),
  f('lpar', 'xcf.receivedRate', 'per_second', 'XCF messages the system received per second (each one a read from an XCF signalling list structure); sysplex-wide equal to the messages sent.'),
  // ---- WLM service class periods ----
  f('serviceClass', 'performanceIndex', 'ratio', 'WLM performance index (below 1: goal met); none for system work without a goal.', { where: { goal_kind: ['responseTime', 'velocity'] } }),
  f('serviceClass', 'velocityPercent', 'percent', 'Execution velocity: using / (using + delay) samples, in %.'),
  f('serviceClass', 'samples', 'count', 'State samples of the period\'s work on the system in the interval (one per work unit per one-second cycle it had work): its processor-using samples are its CPU seconds, its device-using samples the connect time of its non-paging I/O, the rest follow from its state percentages; its using and delay samples are the sums of its address spaces\'. The weights of its percentages in sysplex-wide and report-class figures.'),
  f('serviceClass', 'usingPercent', 'percent', 'Samples in which the work was using a processor or an I/O device, in %.'),
  f('serviceClass', 'usingBy.processor', 'percent', 'Samples in which the work was using a processor, in %.'),
  f('serviceClass', 'usingBy.device', 'percent', 'Samples in which the work was using an I/O device (connected: WLM counts the connect time of non-paging DASD I/O), in %.'),
  f('serviceClass', 'delayPercent.cpu', 'percent', 'Samples delayed for a processor, in %.'),
  f('serviceClass', 'delayPercent.io', 'percent', 'Samples delayed for I/O, in %.'),
  f('serviceClass', 'delayPercent.storage', 'percent', 'Samples delayed for storage (paging), in %.'),
  f('serviceClass', 'delayPercent.ziip', 'percent', 'Of the processor delay: samples delayed for a zIIP, in %.'),
  f('serviceClass', 'delayPercent.capping', 'percent', 'Samples delayed because the LPAR was capped (soft, group or absolute capping), in %.'),
  f('serviceClass', 'delayPercent.enqueue', 'percent', 'Samples delayed for an ENQ (a serialised resource another job holds), in %.'),
  f('serviceClass', 'delayPercent.jes', 'percent', 'Samples delayed for JES (job start and end, spool), in %.'),
  f('serviceClass', 'delayPercent.hsm', 'percent', 'Samples delayed for HSM (data set recalls), in %.'),
  f('serviceClass', 'delayPercent.xcf', 'percent', 'Samples delayed for XCF (cross-system signalling), in %.'),
  f('serviceClass', 'delayPercent.operator', 'percent', 'Samples delayed for the operator (replies, mounts), in %.'),
  f('serviceClass', 'delayPercent.subsystem', 'percent', 'Samples delayed for a subsystem the work calls (e.g. CICS waiting on DB2), in %.'),
  f('serviceClass', 'transactionRate', 'per_second', 'Ended transactions (or job steps) per second.'),
  f('serviceClass', 'cpu.applCpPercent', 'percent', 'APPL% CP: CPU time on general-purpose processors in % of one processor (over 100 when it uses several).', { range: [0, Number.MAX_VALUE] }),
  f('serviceClass', 'cpu.applZiipPercent', 'percent', 'APPL% IIP: CPU time on zIIPs in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('serviceClass', 'responseTimeSeconds', 'seconds', 'Average time of the transactions (or jobs) that ended: active + queue + conversion + ineligible + affinity (not for system work).', { where: { goal_kind: ['responseTime', 'velocity', 'discretionary'] } }),
  f('serviceClass', 'responseTimeBreakdown.activeSeconds', 'seconds', 'Of the response time: active (running or delayed while started).', { where: { goal_kind: ['responseTime', 'velocity', 'discretionary'] } }),
  f('serviceClass', 'responseTimeBreakdown.queueSeconds', 'seconds', 'Of the response time: waiting to be started (JES input queue, CICS queue).', { where: { goal_kind: ['responseTime', 'velocity', 'discretionary'] } }),
  f('serviceClass', 'responseTimeBreakdown.conversionSeconds', 'seconds', 'Of the response time: JCL conversion (batch).', { where: { goal_kind: ['responseTime', 'velocity', 'discretionary'] } }),
  f('serviceClass', 'responseTimeBreakdown.ineligibleSeconds', 'seconds', 'Of the response time: ineligible to run (resource group or scheduling environment).', { where: { goal_kind: ['responseTime', 'velocity', 'discretionary'] } }),
  f('serviceClass', 'responseTimeBreakdown.affinitySeconds', 'seconds', 'Of the response time: waiting for a system with the resources it needs (resource/system affinity).', { where: { goal_kind: ['responseTime', 'velocity', 'discretionary'] } }),
  f('serviceClass', 'goalAchievedPercent', 'percent', 'Transactions that met the response-time goal, in % (periods with a response-time goal).', { where: { goal_kind: 'responseTime' } }),
  f('serviceClass', 'queueDepth', 'count', 'Average work units waiting (Little’s law over the delays).'),
  // ---- WLM report classes (each the combination of its service class periods on the system) ----
  f('reportClass', 'samples', 'count', 'State samples of its periods in the interval (their sum).'),
  f('reportClass', 'velocityPercent', 'percent', 'Execution velocity: its periods’ using samples over their using and processor, capping, I/O and paging delay samples, in %.'),
  f('reportClass', 'usingPercent', 'percent', 'Samples in which its work was using a processor or a device, in % of its samples.'),
  f('reportClass', 'usingBy.processor', 'percent', 'Samples in which its work was using a processor, in %.'),
  f('reportClass', 'usingBy.device', 'percent', 'Samples in which its work was using a device, in %.'),
  f('reportClass', 'delayPercent.cpu', 'percent', 'Samples delayed for a processor, in %.'),
  f('reportClass', 'delayPercent.ziip', 'percent', 'Of the processor delay: samples delayed for a zIIP, in %.'),
  f('reportClass', 'delayPercent.capping', 'percent', 'Samples delayed by capping, in %.'),
  f('reportClass', 'delayPercent.io', 'percent', 'Samples delayed for I/O, in %.'),
  f('reportClass', 'delayPercent.storage', 'percent', 'Samples delayed for storage (paging), in %.'),
  f('reportClass', 'delayPercent.enqueue', 'percent', 'Samples delayed for an ENQ, in %.'),
  f('reportClass', 'delayPercent.jes', 'percent', 'Samples delayed for JES, in %.'),
  f('reportClass', 'delayPercent.hsm', 'percent', 'Samples delayed for HSM, in %.'),
  f('reportClass', 'delayPercent.xcf', 'percent', 'Samples delayed for XCF, in %.'),
  f('reportClass', 'delayPercent.operator', 'percent', 'Samples delayed for the operator, in %.'),
  f('reportClass', 'delayPercent.subsystem', 'percent', 'Samples delayed for a subsystem, in %.'),
  f('reportClass', 'transactionRate', 'per_second', 'Ended transactions (or job steps) per second of its periods (their sum).'),
  f('reportClass', 'cpu.applCpPercent', 'percent', 'APPL% CP of its periods (their sum), in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('reportClass', 'cpu.applZiipPercent', 'percent', 'APPL% zIIP of its periods (their sum), in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('reportClass', 'responseTimeSeconds', 'seconds', 'Average time of the ended transactions of its periods that have a response time (transaction-weighted; 0 when none ended).'),
  // ---- predecessor queues ----
  f('queue', 'processingRate', 'per_second', 'Transactions per second of the subsystem’s service classes.'),
  f('queue', 'depth', 'count', 'Average work waiting in the subsystem’s service classes.'),
  // ---- CF links as each system uses them ----
  f('cfLink', 'syncRate', 'per_second', 'Synchronous CF requests per second over the link.'),
  f('cfLink', 'asyncRate', 'per_second', 'Asynchronous CF requests per second over the link.'),
  f('cfLink', 'serviceTime', 'microseconds', 'Service times of the link’s CF requests (per-interval histogram).', { buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000] }),
  // ---- channel paths and network ports ----
  f('channel', 'utilizationPercent', 'percent', 'FICON channel path utilization (this system’s share).'),
  f('channel', 'ioRate', 'per_second', 'I/O operations per second over the channel path.'),
  f('channel', 'throughputMBps', 'megabytes_per_second', 'Data transferred over the channel path, MB/s.'),
  f('channel', 'readMBps', 'megabytes_per_second', 'Of the data over the channel path: read from the volumes (by their read share and transfer sizes), MB/s.'),
  f('channel', 'writeMBps', 'megabytes_per_second', 'Of the data over the channel path: written to the volumes, MB/s.'),
  f('channel', 'totalUtilizationPercent', 'percent', 'Busy of the physical channel path over every LPAR that shares the CHPID: the sum of their utilizations.'),
  f('channel', 'totalReadMBps', 'megabytes_per_second', 'Data read over the physical channel path by every LPAR that shares it, MB/s.'),
  f('channel', 'totalWriteMBps', 'megabytes_per_second', 'Data written over the physical channel path by every LPAR that shares it, MB/s.'),
  f('channel', 'busUtilizationPercent', 'percent', 'Busy of the channel adapter’s internal bus (CHANNEL’s bus busy): grows with the data the physical channel moves for every sharing LPAR, about 1 % per 70 MB/s, far below the link’s busy.'),
  f('channel', 'zhpfRate', 'per_second', 'Of the I/O operations over the path: those in zHPF (transport mode), per second (the rest run in FICON command mode).'),
  f('channel', 'ficonActive', 'count', 'FICON command-mode operations open on the path at a time (their rate × their time in pending, disconnect and connect).'),
  f('channel', 'zhpfActive', 'count', 'zHPF operations open on the path at a time.'),
  f('network', 'utilizationPercent', 'percent', 'Utilization of the OSA or HiperSockets port.'),
  f('network', 'throughputMBps', 'megabytes_per_second', 'Throughput of the OSA or HiperSockets port, MB/s.'),
  // ---- each system's view of each volume ----
  f('lparVolume', 'ioRate', 'per_second', 'I/O rate (SSCH/s) of this system to the volume.'),
  f('lparVolume', 'utilizationPercent', 'percent', 'Device utilization of the volume caused by this system.'),
  f('lparVolume', 'ldevUtilizationPercent', 'percent', 'Back-end busy of the volume’s LDEV caused by this system’s I/O.'),
  f('ioResponse', 'histogram', 'seconds', 'Response times of this system’s I/Os to the device type (per-interval histogram).', { buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] }),
  // ---- coupling facilities ----
  f('cf', 'processorUtilizationPercent', 'percent', 'Coupling facility processor utilization.'),
  f('cf', 'requestRate', 'per_second', 'Requests per second to the coupling facility from all systems.'),
  f('cfSystem', 'syncRate', 'per_second', 'Synchronous requests per second from the system.'),
  f('cfSystem', 'asyncRate', 'per_second', 'Asynchronous requests per second from the system.'),
  f('cfSystem', 'syncServiceSeconds', 'seconds', 'Average service time of the system’s synchronous requests.'),
  f('cfSystem', 'asyncServiceSeconds', 'seconds', 'Average service time of the system’s asynchronous requests.'),
  // ---- coupling facilities: storage, processors, subchannels, structures ----
  f('cf', 'effectiveProcessors', 'count', 'CF processors effectively available (dedicated: all of them; shared: what PR/SM dispatched).'),
  f('cf', 'storage.sizeBytes', 'bytes', 'CF storage (control storage: the structures, the dump space and what is free).'),
  f('cf', 'storage.availableBytes', 'bytes', 'CF storage not allocated to structures or the dump space.'),
  f('cf', 'storage.utilizedPercent', 'percent', 'CF storage allocated, in % of its size.'),
  f('cfSystem', 'convertedRate', 'per_second', 'Synchronous requests of the system that z/OS converted to asynchronous (heuristic conversion: the sync service time would exceed its threshold), per second.'),
  f('cfSystem', 'changedPercent', 'percent', 'Asynchronous requests of the system that were issued sync and changed to async because no subchannel was free, in % of its async requests.'),
  f('cfSystem', 'delayedPercent', 'percent', 'Asynchronous requests of the system that waited for a subchannel, in % of its async requests.'),
  f('cfSystem', 'subchannelBusyPercent', 'percent', 'Busy of the system’s subchannels to the CF, in % of their time.'),
  f('cfSystem', 'subchannelDelayPercent', 'percent', 'Requests of the system delayed because every subchannel was busy, in %.'),
  f('cfSystem', 'pathDelayPercent', 'percent', 'Requests of the system delayed because every coupling path was busy, in %.'),
  f('cfStructure', 'requestRate', 'per_second', 'Requests per second to the structure from all systems (sync and async).'),
  f('cfStructure', 'syncRate', 'per_second', 'Synchronous requests per second to the structure from all systems.'),
  f('cfStructure', 'asyncRate', 'per_second', 'Asynchronous requests per second to the structure from all systems.'),
  f('cfStructure', 'processorUtilizationPercent', 'percent', 'CF processor time the structure’s requests use, in % of the CF’s processors (the CF’s utilization is their sum).'),
  f('cfStructure', 'sizeBytes', 'bytes', 'Storage allocated to the structure.'),
  f('cfStructure', 'utilizedPercent', 'percent', 'Storage of the structure in use (entries and elements), in % of its size (a full structure rejects new entries).'),
  f('cfStructure', 'contentionPercent', 'percent', 'Lock requests that met contention, in % of the structure’s requests.', { where: { structure_type: 'lock' } }),
  f('cfStructure', 'falseContentionPercent', 'percent', 'Lock requests that met false contention (two resources hashing to one lock entry), in % of the structure’s requests.', { where: { structure_type: 'lock' } }),
  f('cfStructure', 'readRate', 'per_second', 'Cache reads per second (pages read from the structure).', { where: { structure_type: 'cache' } }),
  f('cfStructure', 'writeRate', 'per_second', 'Cache writes per second (changed pages written to the structure).', { where: { structure_type: 'cache' } }),
  f('cfStructure', 'castoutRate', 'per_second', 'Changed pages cast out from the structure to DASD per second.', { where: { structure_type: 'cache' } }),
  f('cfStructure', 'crossInvalidateRate', 'per_second', 'Cross-invalidation signals per second (other systems’ copies of a written page invalidated).', { where: { structure_type: 'cache' } }),
  f('cfStructure', 'directoryReclaimRate', 'per_second', 'Directory entries reclaimed per second (the directory is full: cached copies are invalidated to make room).', { where: { structure_type: 'cache' } }),
  f('cfStructure', 'changedEntries', 'count', 'Directory entries of changed pages not yet cast out to DASD: a store-in cache (DB2 group buffer pool) holds the writes of the last castout cycle, at most half the entries in use; a store-through cache (IMS, RACF) none.', { where: { structure_type: 'cache' } }),
  f('cfStructure', 'changedElements', 'count', 'Data elements holding changed pages not yet cast out (a 4 KiB page is one element): at most the changed entries and the elements in use.', { where: { structure_type: 'cache' } }),
  f('cfStructureSystem', 'syncRate', 'per_second', 'Synchronous requests per second from the system to the structure.'),
  f('cfStructureSystem', 'asyncRate', 'per_second', 'Asynchronous requests per second from the system to the structure.'),
  f('cfStructureSystem', 'syncServiceSeconds', 'seconds', 'Average service time of the system’s synchronous requests to the structure.'),
  f('cfStructureSystem', 'asyncServiceSeconds', 'seconds', 'Average service time of the system’s asynchronous requests to the structure.'),
  f('cfStructureSystem', 'convertedRate', 'per_second', 'Synchronous requests of the system to the structure converted to asynchronous, per second.'),
  f('cfStructureSystem', 'changedPercent', 'percent', 'Async requests of the system to the structure changed from sync for lack of a subchannel, in % of its async requests.'),
  f('cfStructureSystem', 'delayedPercent', 'percent', 'Async requests of the system to the structure that waited for a subchannel, in % of its async requests.'),
  // ---- volumes, sysplex-wide ----
  f('volume', 'ioRate', 'per_second', 'I/O rate (SSCH/s) to the volume from all systems.'),
  f('volume', 'readRate', 'per_second', 'Read I/Os per second.'),
  f('volume', 'writeRate', 'per_second', 'Write I/Os per second.'),
  f('volume', 'throughputMBps', 'megabytes_per_second', 'Data transferred, MB/s.'),
  f('volume', 'readHitPercent', 'percent', 'Read cache hits of the volume’s LDEV, in % of reads.'),
  f('volume', 'utilizationPercent', 'percent', 'Device utilization (connect + disconnect time over the volume’s exposures).'),
  f('volume', 'responseTime.total', 'seconds', 'DASD response time: iosq + pend + disc + conn.'),
  f('volume', 'responseTime.iosq', 'seconds', 'IOS queue time (waiting for a free exposure: base or alias).'),
  f('volume', 'responseTime.pend', 'seconds', 'Pending time (channel, port and device-busy delays).'),
  f('volume', 'responseTime.pendDeviceBusy', 'seconds', 'Of the pending time: device busy (every exposure of the volume busy, the I/O waits for the device).'),
  f('volume', 'responseTime.pendCmr', 'seconds', 'Of the pending time: command response (CMR) delay, the control unit’s answer to the first command (host-port busy).'),
  f('volume', 'responseTime.disc', 'seconds', 'Disconnect time (cache misses staged, write-pending waits).'),
  f('volume', 'responseTime.conn', 'seconds', 'Connect time (data transfer).'),
  f('volume', 'capacityBytes', 'bytes', 'Formatted capacity of the 3390 volume.'),
  f('volume', 'usedBytes', 'bytes', 'Space allocated on the volume (never above its capacity).'),
  f('volume', 'pavExposures', 'count', 'Exposures (the base and its aliases) busy at a time on average, at least 1: the PAV count RMF shows.'),
  // ---- logical control units (SSIDs), sums and rate-weighted means of their volumes ----
  f('lcu', 'ioRate', 'per_second', 'I/Os per second to the LCU’s volumes from all systems (the sum of its volumes’).'),
  f('lcu', 'readRate', 'per_second', 'Read I/Os per second.'),
  f('lcu', 'writeRate', 'per_second', 'Write I/Os per second.'),
  f('lcu', 'readHitRate', 'per_second', 'Reads served from cache per second.'),
  f('lcu', 'writeHitRate', 'per_second', 'Writes accepted into cache and NVS (DASD fast write) per second: every write the array takes (inflow control holds the rest back at the host).'),
  f('lcu', 'sequentialReadRate', 'per_second', 'Of the reads: sequential ones (prestaged), per second.'),
  f('lcu', 'sequentialReadHitRate', 'per_second', 'Sequential reads served from cache per second.'),
  f('lcu', 'sequentialWriteRate', 'per_second', 'Of the writes: sequential ones, per second.'),
  f('lcu', 'stagingRate', 'per_second', 'Read misses staged from the drives per second (normal, not sequential, I/O).'),
  f('lcu', 'sequentialTrackRate', 'per_second', 'Tracks prestaged per second for sequential reads.'),
  f('lcu', 'destageRate', 'per_second', 'Tracks destaged from cache to the drives per second (the data the writes changed, asynchronously).'),
  f('lcu', 'readHitPercent', 'percent', 'Read hits in % of reads (100 without reads).'),
  f('lcu', 'cacheBytes', 'bytes', 'Cache of the subsystem the LCU reports (the array’s, over all CLPRs).'),
  f('lcu', 'cacheAvailableBytes', 'bytes', 'Of the cache: not in use.'),
  f('lcu', 'nvsBytes', 'bytes', 'Non-volatile storage (write cache) of the subsystem.'),
  // ---- storage array ----
  f('clpr', 'writePendingPercent', 'percent', 'Write-pending data in % of the partition’s cache (pressure near 30 %, throttling near 50 %, host I/O delayed near 70 %).'),
  f('clpr', 'readHitPercent', 'percent', 'Read hits of the partition, in % of reads.'),
  f('clpr', 'cacheUsagePercent', 'percent', 'Cache in use in the partition, in %.'),
  f('clpr', 'writeMBps', 'megabytes_per_second', 'Host writes into the partition, MB/s.'),
  f('clpr', 'writeThrottlePercent', 'percent', 'Host write demand held back by inflow control, in % (0 until write pending nears its limit).'),
  f('mpb', 'utilizationPercent', 'percent', 'Utilization of the MP blade.'),
  f('hostPort', 'throughputMBps', 'megabytes_per_second', 'Throughput of the host port, MB/s.'),
  f('hostPort', 'iops', 'per_second', 'I/O operations per second through the host port.'),
  f('hostPort', 'utilizationPercent', 'percent', 'Utilization of the host port.'),
  // ---- address spaces (one member per ASID of a system; see catalog/jobs.ts for what is exported) ----
  f('addressSpace', 'samples', 'count', 'State samples of the address space in the interval: one per second (RMF Monitor III\'s cycle) while it is active, idle and unknown included.'),
  f('addressSpace', 'cpu.applCpPercent', 'percent', 'APPL% CP of the address space: its own CPU time on general-purpose processors (TCB and SRB), in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'cpu.applZiipPercent', 'percent', 'APPL% IIP of the address space: its own CPU time on zIIPs, in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'cpu.eapplCpPercent', 'percent', 'EAppl% CP: its CPU time on general-purpose processors and that of the enclaves it owns (DB2 DIST: the DDF work), in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'cpu.eapplZiipPercent', 'percent', 'EAppl% IIP: its zIIP time and that of the enclaves it owns, in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'cpu.tcbPercent', 'percent', 'Its own CPU time (GPs and zIIPs) under TCBs, in % of one processor; with `cpu.srbPercent` it is its APPL% (no client SRBs are modelled).', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'cpu.srbPercent', 'percent', 'Its own CPU time (GPs and zIIPs) in SRB mode, in % of one processor.', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'cpu.enclaveSrbPercent', 'percent', 'CPU time of the enclaves it owns (preemptible enclave SRBs: DB2 DIST’s DDF work), in % of one processor: its EAppl% less its APPL%.', { range: [0, Number.MAX_VALUE] }),
  f('addressSpace', 'usingPercent', 'percent', 'Samples in which it was using a processor or a device, in % of its samples.'),
  f('addressSpace', 'usingBy.processor', 'percent', 'Samples in which it was using a processor, in %: its CPU time (APPL%, GP and zIIP), at most 100.'),
  f('addressSpace', 'usingBy.device', 'percent', 'Samples in which it was using a device, in %: the connect time of its own non-paging I/O (at the system\'s average connect time per I/O).'),
  f('addressSpace', 'delayPercent.cpu', 'percent', 'Samples delayed for a processor, in %.'),
  f('addressSpace', 'delayPercent.ziip', 'percent', 'Of the processor delay: samples delayed for a zIIP, in %.'),
  f('addressSpace', 'delayPercent.capping', 'percent', 'Samples delayed by capping, in %.'),
  f('addressSpace', 'delayPercent.io', 'percent', 'Samples delayed for a device, in %.'),
  f('addressSpace', 'delayPercent.storage', 'percent', 'Samples delayed for storage (paging), in %.'),
  f('addressSpace', 'delayPercent.enqueue', 'percent', 'Samples delayed for an ENQ another job holds, in %.'),
  f('addressSpace', 'delayPercent.jes', 'percent', 'Samples delayed for JES, in %.'),
  f('addressSpace', 'delayPercent.hsm', 'percent', 'Samples delayed for HSM, in %.'),
  f('addressSpace', 'delayPercent.xcf', 'percent', 'Samples delayed for XCF, in %.'),
  f('addressSpace', 'delayPercent.operator', 'percent', 'Samples delayed for the operator (replies, mounts, messages), in %.'),
  f('addressSpace', 'delayPercent.operatorMount', 'percent', 'Of the operator delay: samples waiting for a volume mount, in %.'),
  f('addressSpace', 'delayPercent.operatorMessage', 'percent', 'Of the operator delay: samples waiting for the reply to a message (WTOR), in %.'),
  f('addressSpace', 'delayPercent.operatorQuiesce', 'percent', 'Of the operator delay: samples quiesced by the operator (swappable work only), in %; mount + message + quiesce = operator.'),
  f('addressSpace', 'delayPercent.subsystem', 'percent', 'Samples delayed for a subsystem it calls, in %.'),
  f('addressSpace', 'idlePercent', 'percent', 'Samples in which it was idle, in % (using + delays + idle + unknown = 100; an address space without work is 100 % idle).'),
  f('addressSpace', 'unknownPercent', 'percent', 'Samples in which it was in no state RMF knows (neither using, delayed nor idle), in %.'),
  f('addressSpace', 'storage.workingSetFrames', 'count', 'Central storage frames of its private area in use (working set); the system’s frames in use are these summed plus CSA.'),
  f('addressSpace', 'storage.fixedFrames', 'count', 'Of its working set: fixed frames.'),
  f('addressSpace', 'storage.csaBytes', 'bytes', 'Common service area it has allocated (the system’s CSA in use is these summed).'),
  f('addressSpace', 'storage.sqaBytes', 'bytes', 'System queue area it has allocated.'),
  f('addressSpace', 'storage.pageInRate', 'per_second', 'Its page-ins per second (the system’s are these summed).'),
  f('addressSpace', 'storage.divFrames', 'count', 'Of its working set: central storage frames of Data-in-Virtual objects it maps (VSAM linear data sets: DB2, MQ); 0 for most address spaces. Never above its working set less its fixed frames.'),
  f('addressSpace', 'storage.auxSlots', 'count', 'Slots it occupies on the local page data sets (its pages paged out to auxiliary storage): the system’s pages on auxiliary storage (page-out rate × a page’s 10-minute residence there, plus the stolen pages still to come back after a storage shortage) split by its pageable frames and storage delay; 0 on a system that does not page.'),
  f('addressSpace', 'storage.sharedPages', 'count', 'Shared pages it views (RMF’s shared page views: IARVSERV sharing, z/OS UNIX fork and shared memory; not part of its working set): a few for most address spaces, hundreds for z/OS UNIX work.'),
  f('addressSpace', 'storage.sharedPagesValid', 'count', 'Of its shared pages: those valid in central storage (never above `storage.sharedPages`; fewer when frames run short).'),
  f('addressSpace', 'elapsedSeconds', 'seconds', 'Time since its job (or TSO session) started; 0 for a started task.'),
  f('addressSpace', 'ioRate', 'per_second', 'Its I/O (SSCH) per second; the system’s are these summed (paging is *MASTER*’s).'),
  f('addressSpace', 'device.connectPercent', 'percent', 'Connect time of its I/O, in % of the interval: Σ over the volumes it uses of its I/O there × the volume’s connect time per I/O.'),
  f('addressSpace', 'device.topVolumeIoRate', 'per_second', 'Its I/O per second to its main volume (`topVolume`, the heaviest of the static set it uses); on every volume Σ address spaces’ ≤ the system’s I/O rate to it.'),
  f('addressSpace', 'device.topVolumeUsingPercent', 'percent', 'Samples using its main volume, in %: the connect time of its I/O there (so the jobs on a volume add up to at most its connect time).'),
  f('addressSpace', 'device.topVolumeDelayPercent', 'percent', 'Of `delayPercent.io`: the samples delayed for its main volume, the largest part of its device delay.'),
] as const;

/** Every field, declared once. */
export const fields: readonly FieldDefinition[] = defs.map((d) => ({ ...d, range: 'range' in d ? d.range : d.unit === 'percent' ? ([0, 100] as const) : ([0, Number.MAX_VALUE] as const) }));

type Defs = (typeof defs)[number];
/** The field paths of a scope, as a union of strings. */
export type FieldPath<S extends ScopeName> = Extract<Defs, { scope: S }>['path'];
/** The histogram field paths of a scope. */
export type HistogramPath<S extends ScopeName> = Extract<Defs, { scope: S; buckets: readonly number[] }>['path'];

/** Looks a field up by scope and path. */
export function getField(scope: ScopeName, path: string): FieldDefinition | undefined {
  return byKey.get(`${scope}.${path}`);
}
const byKey = new Map(fields.map((d) => [`${d.scope}.${d.path}`, d]));

/** Numbers a member of the field takes in the frame: 1, or the histogram's buckets + count + sum. */
export function fieldWidth(field: FieldDefinition): number {
  return field.buckets ? field.buckets.length + 2 : 1;
}

/** True when a member's labels satisfy a `where` clause (each value equal, or one of a list). */
export function matchesWhere(labels: Readonly<Record<string, string>>, where: Readonly<Record<string, string | readonly string[]>> | undefined): boolean {
  if (!where) return true;
  for (const k in where) {
    const want = where[k]!;
    const have = labels[k];
    if (typeof want === 'string' ? have !== want : have === undefined || !want.includes(have)) return false;
  }
  return true;
}
