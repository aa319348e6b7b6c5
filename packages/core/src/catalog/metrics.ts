/**
 * The metric catalogue: every metric rmf-sim produces, declared once — name, help, family, labels, and the
 * sources that fill it (which field of which scope, under which constant label values), with RMF DDS ids and IBM's
 * OpenMetrics names. Series, record schemas, expositions and reports are derived from it.
 * @module
 */
import type { ScopeName } from './scopes.js';

/** Metric family: the grouping stores use for tables and collections. */
export type MetricFamily = 'cpu' | 'memory' | 'wlm' | 'cf' | 'channel' | 'volume' | 'ldev' | 'array' | 'network';

/**
 * One source of a metric's series: every member of `scope` (that matches `where`) gives one series, whose value is
 * the member's `field` and whose labels are the member's label attributes named in the metric's `labels`, plus `set`.
 */
export interface MetricSource {
  readonly scope: ScopeName;
  /** Field path within the scope (see the field catalogue). */
  readonly field: string;
  /** Constant label values of this source's series (e.g. `{ cpu_type: 'ziip' }`): the metric's declared label values. */
  readonly set?: Readonly<Record<string, string>>;
  /** Only the members whose label attributes have these values (members the field does not apply to never count). */
  readonly where?: Readonly<Record<string, string>>;
  /** RMF DDS metric id of what this source's series measure, where one exists. */
  readonly dds?: string;
}

/**
 * How a metric appears under IBM's own RMF DDS OpenMetrics name (`/metrics/m3`): which of its series (`when`),
 * under which name, with which labels renamed (`labels`: ours → IBM's; labels not listed are kept), constant labels
 * added (`set`), and the factor from our unit to IBM's (`scale`, with IBM's `unit`).
 */
export interface IbmMetric {
  readonly name: string;
  readonly when?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Labels of ours IBM does not have (dropped; `when` labels are always dropped). */
  readonly drop?: readonly string[];
  readonly set?: Readonly<Record<string, string>>;
  /** @default 1 */
  readonly scale?: number;
  /** IBM's unit, when it differs from ours (e.g. `frames`). */
  readonly unit?: string;
}

/** A metric as declared (see {@link MetricDefinition} for the derived view everyone reads). */
export interface MetricDeclaration {
  /** Prometheus-style name (for histograms, the base name: samples carry `_bucket`, `_sum`, `_count`). */
  readonly name: string;
  readonly help: string;
  readonly family: MetricFamily;
  /** Label names, in order. Histogram bucket samples add `le`. */
  readonly labels: readonly string[];
  /** True for the predecessor's names and label sets (kept unchanged for compatibility). */
  readonly predecessor?: boolean;
  readonly sources: readonly MetricSource[];
  readonly ibm?: readonly IbmMetric[];
}

const L = ['sysplex', 'lpar'] as const;
const WLM = ['sysplex', 'lpar', 'workload', 'service_class', 'period'] as const;
const ARR = ['sysplex', 'array'] as const;
const RC = ['sysplex', 'lpar', 'report_class'] as const;
/** IBM's labels of a WLM group (a service class: group_type S) on a system. */
const WLM_GROUP = { labels: { lpar: 'sysname', service_class: 'group_name' }, drop: ['workload'], set: { group_type: 'S' } } as const;

/** The declarations, in output order. */
export const declarations = [
  // ---- CPU ----
  {
    name: 'rmf_cpu_utilization_percent',
    help: 'Processor utilization of an LPAR by processor type (zaap: the Java share of zIIP busy, a legacy label).',
    family: 'cpu',
    labels: [...L, 'cpu_type'],
    predecessor: true,
    sources: [
      { scope: 'lpar', field: 'cpu.generalPurposePercent', set: { cpu_type: 'general_purpose' }, dds: '8D0460' },
      { scope: 'lpar', field: 'cpu.ziipPercent', set: { cpu_type: 'ziip' }, dds: '8D39C0' },
      { scope: 'lpar', field: 'cpu.zaapPercent', set: { cpu_type: 'zaap' }, dds: '8D39B0' },
    ],
  },
  { name: 'rmf_cpu_ziip_eligible_on_cp_percent', help: 'zIIP-eligible work that ran on general-purpose processors (zIIP help), in % of the GP capacity.', family: 'cpu', labels: [...L], sources: [{ scope: 'lpar', field: 'cpu.ziipEligibleOnCpPercent' }] },
  { name: 'rmf_cpu_capture_ratio_percent', help: 'Captured CPU time as % of total CPU time (85–95 % is healthy; lower at low utilization or heavy paging).', family: 'cpu', labels: [...L], sources: [{ scope: 'lpar', field: 'cpu.captureRatioPercent' }] },
  { name: 'rmf_lpar_msu_actual', help: 'Actual MSU/h consumed by the LPAR.', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.actualMsu', dds: '8D25E0' }], ibm: [{ name: 'mvs_lpar_actual_msu_h', labels: { cpc: 'cpc_id', lpar: 'lpar_name' }, set: { line_type: 'CP' } }] },
  { name: 'rmf_cpc_msu_capacity', help: 'Capacity of the CPC in MSU/h.', family: 'cpu', labels: ['sysplex', 'cpc'], sources: [{ scope: 'cpc', field: 'capacityMsu', dds: '8D25C0' }], ibm: [{ name: 'mvs_cpc_capacity_msu_h', labels: { cpc: 'cpc_id' } }] },
  { name: 'rmf_lpar_demand_percent', help: 'GP demand of the LPAR in % of its logical GPs, before any limit (over 100: more work than it can run; what capping and PR/SM hold back waits).', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.demandPercent' }] },
  { name: 'rmf_lpar_physical_utilization_percent', help: 'GP dispatch and PR/SM management time of the LPAR in % of the CPC’s physical GPs.', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.physicalTotalPercent' }] },
  { name: 'rmf_lpar_management_percent', help: 'PR/SM management time for the LPAR in % of the CPC’s physical GPs.', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.lparManagementPercent' }] },
  { name: 'rmf_lpar_msu_r4ha', help: 'Four-hour rolling average of the MSU/h the LPAR consumed (soft capping and software pricing read it).', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.r4haMsu' }] },
  { name: 'rmf_lpar_defined_capacity_msu', help: 'Defined capacity in force (the soft capping limit) of the LPAR, MSU/h; 0 without.', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.definedCapacityMsu' }] },
  { name: 'rmf_lpar_capped_percent', help: 'Share of the interval the LPAR was capped (defined capacity, capacity group or absolute capping), in %.', family: 'cpu', labels: ['sysplex', 'cpc', 'lpar'], sources: [{ scope: 'lpar', field: 'cpu.cappedPercent' }] },
  { name: 'rmf_cpc_management_percent', help: 'PR/SM time of the CPC’s GP pool not attributed to any LPAR (the PHYSICAL line), in % of the physical GPs.', family: 'cpu', labels: ['sysplex', 'cpc'], sources: [{ scope: 'cpc', field: 'managementPercent' }] },
  { name: 'rmf_cpc_msu_actual', help: 'Actual MSU/h consumed by all LPARs of the CPC.', family: 'cpu', labels: ['sysplex', 'cpc'], sources: [{ scope: 'cpc', field: 'actualMsu' }] },
  { name: 'rmf_cpc_utilization_percent', help: 'Physical total busy of the CPC’s shared general-purpose processors: the LPARs’ dispatch time and PR/SM’s, in % of the shared pool.', family: 'cpu', labels: ['sysplex', 'cpc'], sources: [{ scope: 'cpc', field: 'utilizationPercent' }] },
  {
    name: 'rmf_lpar_vertical_processors',
    help: 'HiperDispatch vertical polarisation of the LPAR’s logical processors: highs (a whole physical processor each), mediums (the rest of the entitlement), lows (none).',
    family: 'cpu',
    labels: ['sysplex', 'cpc', 'lpar', 'cpu_type', 'polarity'],
    sources: [
      { scope: 'lpar', field: 'hiperDispatch.gp.high', set: { cpu_type: 'general_purpose', polarity: 'high' } },
      { scope: 'lpar', field: 'hiperDispatch.gp.medium', set: { cpu_type: 'general_purpose', polarity: 'medium' } },
      { scope: 'lpar', field: 'hiperDispatch.gp.low', set: { cpu_type: 'general_purpose', polarity: 'low' } },
      { scope: 'lpar', field: 'hiperDispatch.ziip.high', set: { cpu_type: 'ziip', polarity: 'high' } },
      { scope: 'lpar', field: 'hiperDispatch.ziip.medium', set: { cpu_type: 'ziip', polarity: 'medium' } },
      { scope: 'lpar', field: 'hiperDispatch.ziip.low', set: { cpu_type: 'ziip', polarity: 'low' } },
    ],
  },
  {
    name: 'rmf_lpar_parked_processors',
    help: 'Vertical low logical processors parked, averaged over the interval (lows unpark when the LPAR gets more than its entitlement from the pool’s white space).',
    family: 'cpu',
    labels: ['sysplex', 'cpc', 'lpar', 'cpu_type'],
    sources: [
      { scope: 'lpar', field: 'hiperDispatch.gp.parked', set: { cpu_type: 'general_purpose' } },
      { scope: 'lpar', field: 'hiperDispatch.ziip.parked', set: { cpu_type: 'ziip' } },
    ],
  },
  // ---- memory ----
  {
    name: 'rmf_memory_usage_bytes',
    help: 'Storage in use by type: real_storage (central frames in use), virtual_storage (allocated virtual), csa (common service area).',
    family: 'memory',
    labels: [...L, 'memory_type'],
    predecessor: true,
    sources: [
      { scope: 'lpar', field: 'memory.realStorageBytes', set: { memory_type: 'real_storage' } },
      { scope: 'lpar', field: 'memory.virtualStorageBytes', set: { memory_type: 'virtual_storage' } },
      { scope: 'lpar', field: 'memory.csaBytes', set: { memory_type: 'csa' } },
    ],
  },
  { name: 'rmf_memory_real_capacity_bytes', help: 'Central (real) storage online to the LPAR.', family: 'memory', labels: [...L], sources: [{ scope: 'lpar', field: 'memory.realCapacityBytes' }], ibm: [{ name: 'mvs_system_storage_real_storage_frames', labels: { lpar: 'sysname' }, scale: 1 / 4096, unit: 'frames' }] },
  { name: 'rmf_memory_available_bytes', help: 'Central storage available (online less in use).', family: 'memory', labels: [...L], sources: [{ scope: 'lpar', field: 'memory.availableBytes' }], ibm: [{ name: 'mvs_system_storage_frames_available_total', labels: { lpar: 'sysname' }, scale: 1 / 4096, unit: 'frames' }] },
  { name: 'rmf_storage_frames_available_percent', help: 'Central storage frames available, in % of online frames.', family: 'memory', labels: [...L], sources: [{ scope: 'lpar', field: 'memory.framesAvailablePercent', dds: '8D0380' }] },
  { name: 'rmf_storage_page_in_rate', help: 'Page-ins from auxiliary storage per second (near 0 on a well-sized LPAR).', family: 'memory', labels: [...L], sources: [{ scope: 'lpar', field: 'memory.pageInRate', dds: '8D30F0' }] },
  { name: 'rmf_storage_page_out_rate', help: 'Page-outs to auxiliary storage per second (frames stolen when storage runs short).', family: 'memory', labels: [...L], sources: [{ scope: 'lpar', field: 'memory.pageOutRate' }] },
  {
    name: 'rmf_xcf_message_rate',
    help: 'XCF signalling messages of a system per second, sent and received (through the CF’s signalling list structures).',
    family: 'cf',
    labels: [...L, 'direction'],
    sources: [
      { scope: 'lpar', field: 'xcf.sentRate', set: { direction: 'sent' } },
      { scope: 'lpar', field: 'xcf.receivedRate', set: { direction: 'received' } },
    ],
  },
  // ---- WLM ----
  { name: 'rmf_wlm_performance_index', help: 'WLM performance index of a service class period on a system (below 1: goal met).', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'performanceIndex', dds: '8D1020' }] },
  { name: 'rmf_wlm_execution_velocity_percent', help: 'Execution velocity: using / (using + delay) samples, in %.', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'velocityPercent', dds: '8D0F70' }] },
  { name: 'rmf_wlm_using_percent', help: 'Samples in which the work was using a processor or an I/O device, in %.', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'usingPercent', dds: '8D04A0' }] },
  { name: 'rmf_wlm_state_samples', help: 'State samples of a service class period on a system in the interval: the weights for combining its percentages across systems (sysplex velocity) and classes (report classes).', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'samples' }] },
  {
    name: 'rmf_wlm_delay_percent',
    help: 'Samples in which the work was delayed, by reason (cpu, io, storage, capping, enqueue, jes, hsm, xcf, operator, subsystem), in %.',
    family: 'wlm',
    labels: [...WLM, 'reason'],
    sources: [
      { scope: 'serviceClass', field: 'delayPercent.cpu', set: { reason: 'cpu' }, dds: '8D1B40' },
      { scope: 'serviceClass', field: 'delayPercent.io', set: { reason: 'io' }, dds: '8D1A80' },
      { scope: 'serviceClass', field: 'delayPercent.storage', set: { reason: 'storage' }, dds: '8D1BA0' },
      { scope: 'serviceClass', field: 'delayPercent.capping', set: { reason: 'capping' } },
      { scope: 'serviceClass', field: 'delayPercent.enqueue', set: { reason: 'enqueue' }, dds: '8D1A20' },
      { scope: 'serviceClass', field: 'delayPercent.jes', set: { reason: 'jes' } },
      { scope: 'serviceClass', field: 'delayPercent.hsm', set: { reason: 'hsm' } },
      { scope: 'serviceClass', field: 'delayPercent.xcf', set: { reason: 'xcf' } },
      { scope: 'serviceClass', field: 'delayPercent.operator', set: { reason: 'operator' }, dds: '8D1AE0' },
      { scope: 'serviceClass', field: 'delayPercent.subsystem', set: { reason: 'subsystem' }, dds: '8D1C00' },
    ],
    ibm: [
      { name: 'mvs_wlm_group_delay_proc_percent', when: { reason: 'cpu' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_dev_percent', when: { reason: 'io' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_stor_percent', when: { reason: 'storage' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_enq_percent', when: { reason: 'enqueue' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_jes_percent', when: { reason: 'jes' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_hsm_percent', when: { reason: 'hsm' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_xcf_percent', when: { reason: 'xcf' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_oper_percent', when: { reason: 'operator' }, ...WLM_GROUP },
      { name: 'mvs_wlm_group_delay_subs_percent', when: { reason: 'subsystem' }, ...WLM_GROUP },
    ],
  },
  { name: 'rmf_wlm_transaction_rate', help: 'Ended transactions (or job steps) per second.', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'transactionRate', dds: '8D1200' }] },
  {
    name: 'rmf_wlm_appl_percent',
    help: 'APPL%: CPU time of a service class period in % of one processor, by processor type (over 100 when it uses several).',
    family: 'wlm',
    labels: [...WLM, 'cpu_type'],
    sources: [
      { scope: 'serviceClass', field: 'cpu.applCpPercent', set: { cpu_type: 'general_purpose' } },
      { scope: 'serviceClass', field: 'cpu.applZiipPercent', set: { cpu_type: 'ziip' } },
    ],
  },
  { name: 'rmf_wlm_response_time_seconds', help: 'Average time of the transactions (or jobs) of a service class period that ended (not for system work).', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'responseTimeSeconds', dds: '8D1180' }] },
  { name: 'rmf_wlm_goal_achieved_percent', help: 'Transactions of a service class period that met its response-time goal, in %.', family: 'wlm', labels: [...WLM], sources: [{ scope: 'serviceClass', field: 'goalAchievedPercent' }] },
  { name: 'rmf_wlm_report_class_transaction_rate', help: 'Ended transactions (or job steps) per second of a WLM report class on a system (the sum of its periods).', family: 'wlm', labels: [...RC], sources: [{ scope: 'reportClass', field: 'transactionRate' }] },
  {
    name: 'rmf_wlm_report_class_appl_percent',
    help: 'APPL% of a WLM report class on a system by processor type: the CPU time of its periods, in % of one processor.',
    family: 'wlm',
    labels: [...RC, 'cpu_type'],
    sources: [
      { scope: 'reportClass', field: 'cpu.applCpPercent', set: { cpu_type: 'general_purpose' } },
      { scope: 'reportClass', field: 'cpu.applZiipPercent', set: { cpu_type: 'ziip' } },
    ],
  },
  { name: 'rmf_wlm_report_class_velocity_percent', help: 'Execution velocity of a WLM report class on a system: its periods’ using samples over their using and managed delay samples, in %.', family: 'wlm', labels: [...RC], sources: [{ scope: 'reportClass', field: 'velocityPercent' }] },
  { name: 'rmf_wlm_report_class_response_time_seconds', help: 'Average response time of the ended transactions of a WLM report class on a system (0 when none ended).', family: 'wlm', labels: [...RC], sources: [{ scope: 'reportClass', field: 'responseTimeSeconds' }] },
  { name: 'rmf_wlm_report_class_state_samples', help: 'State samples of a WLM report class on a system in the interval (the sum of its periods’).', family: 'wlm', labels: [...RC], sources: [{ scope: 'reportClass', field: 'samples' }] },
  { name: 'rmf_mpb_processing_rate', help: 'Predecessor name: transactions per second by subsystem queue (CICS, IMS, MQ, BATCH), from the WLM service classes.', family: 'wlm', labels: [...L, 'queue_type'], predecessor: true, sources: [{ scope: 'queue', field: 'processingRate' }] },
  { name: 'rmf_mpb_queue_depth', help: 'Predecessor name: average work waiting by subsystem queue (Little’s law over the WLM delays).', family: 'wlm', labels: [...L, 'queue_type'], predecessor: true, sources: [{ scope: 'queue', field: 'depth' }] },
  // ---- coupling facility ----
  { name: 'rmf_clpr_service_time_microseconds', help: 'Predecessor name: coupling facility request service time per CF link (per-interval histogram of requests).', family: 'cf', labels: [...L, 'cf_link'], predecessor: true, sources: [{ scope: 'cfLink', field: 'serviceTime' }] },
  {
    name: 'rmf_clpr_request_rate',
    help: 'Predecessor name: coupling facility requests per second per CF link and request type.',
    family: 'cf',
    labels: [...L, 'cf_link', 'request_type'],
    predecessor: true,
    sources: [
      { scope: 'cfLink', field: 'syncRate', set: { request_type: 'synchronous' } },
      { scope: 'cfLink', field: 'asyncRate', set: { request_type: 'asynchronous' } },
    ],
  },
  { name: 'rmf_cf_processor_utilization_percent', help: 'Coupling facility processor utilization.', family: 'cf', labels: ['sysplex', 'cf'], sources: [{ scope: 'cf', field: 'processorUtilizationPercent', dds: '8D2070' }], ibm: [{ name: 'mvs_cf_processor_utilization_percent', labels: { cf: 'name' } }] },
  { name: 'rmf_cf_total_request_rate', help: 'Requests per second to a coupling facility from all systems.', family: 'cf', labels: ['sysplex', 'cf'], sources: [{ scope: 'cf', field: 'requestRate', dds: '8D21B0' }], ibm: [{ name: 'mvs_cf_request_rate', labels: { cf: 'name' } }] },
  {
    name: 'rmf_cf_request_rate',
    help: 'Coupling facility requests per second from one system, by type (sync, async).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'lpar', 'request_type'],
    sources: [
      { scope: 'cfSystem', field: 'syncRate', set: { request_type: 'sync' } },
      { scope: 'cfSystem', field: 'asyncRate', set: { request_type: 'async' } },
    ],
  },
  {
    name: 'rmf_cf_service_time_seconds',
    help: 'Average coupling facility service time from one system, by type (sync, async).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'lpar', 'request_type'],
    sources: [
      { scope: 'cfSystem', field: 'syncServiceSeconds', set: { request_type: 'sync' } },
      { scope: 'cfSystem', field: 'asyncServiceSeconds', set: { request_type: 'async' } },
    ],
  },
  // ---- coupling facility: storage, processors, subchannels, structures ----
  { name: 'rmf_cf_effective_processors', help: 'CF processors effectively available (dedicated: all; shared: what PR/SM dispatched).', family: 'cf', labels: ['sysplex', 'cf'], sources: [{ scope: 'cf', field: 'effectiveProcessors' }] },
  { name: 'rmf_cf_storage_size_bytes', help: 'Storage of a coupling facility.', family: 'cf', labels: ['sysplex', 'cf'], sources: [{ scope: 'cf', field: 'storage.sizeBytes' }], ibm: [{ name: 'mvs_cf_storage_size_bytes', labels: { cf: 'name' } }] },
  { name: 'rmf_cf_storage_available_bytes', help: 'Storage of a coupling facility not allocated to structures or the dump space.', family: 'cf', labels: ['sysplex', 'cf'], sources: [{ scope: 'cf', field: 'storage.availableBytes' }], ibm: [{ name: 'mvs_cf_storage_available_bytes', labels: { cf: 'name' } }] },
  { name: 'rmf_cf_storage_utilized_percent', help: 'Storage of a coupling facility allocated, in % of its size.', family: 'cf', labels: ['sysplex', 'cf'], sources: [{ scope: 'cf', field: 'storage.utilizedPercent' }], ibm: [{ name: 'mvs_cf_storage_utilized_percent', labels: { cf: 'name' } }] },
  { name: 'rmf_cf_converted_rate', help: 'Synchronous CF requests of a system converted to asynchronous by z/OS (their sync service time would exceed the threshold), per second.', family: 'cf', labels: ['sysplex', 'cf', 'lpar'], sources: [{ scope: 'cfSystem', field: 'convertedRate' }] },
  {
    name: 'rmf_cf_async_percent',
    help: 'Asynchronous CF requests of a system by what happened to them, in % of its async requests: changed (issued sync, changed for lack of a subchannel), delayed (waited for a subchannel).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'lpar', 'kind'],
    sources: [
      { scope: 'cfSystem', field: 'changedPercent', set: { kind: 'changed' } },
      { scope: 'cfSystem', field: 'delayedPercent', set: { kind: 'delayed' } },
    ],
  },
  {
    name: 'rmf_cf_subchannel_percent',
    help: 'A system’s subchannels and paths to a CF: subchannel busy (% of their time), requests delayed for a subchannel and for a path (% of its requests).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'lpar', 'kind'],
    sources: [
      { scope: 'cfSystem', field: 'subchannelBusyPercent', set: { kind: 'subchannel_busy' } },
      { scope: 'cfSystem', field: 'subchannelDelayPercent', set: { kind: 'subchannel_delay' } },
      { scope: 'cfSystem', field: 'pathDelayPercent', set: { kind: 'path_delay' } },
    ],
  },
  {
    name: 'rmf_cf_structure_request_rate',
    help: 'Requests per second to a CF structure from all systems, by type (sync, async).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'structure', 'structure_type', 'request_type'],
    sources: [
      { scope: 'cfStructure', field: 'syncRate', set: { request_type: 'sync' } },
      { scope: 'cfStructure', field: 'asyncRate', set: { request_type: 'async' } },
    ],
  },
  { name: 'rmf_cf_structure_processor_utilization_percent', help: 'CF processor time of a structure’s requests, in % of the CF’s processors (the CF’s utilization is their sum).', family: 'cf', labels: ['sysplex', 'cf', 'structure', 'structure_type'], sources: [{ scope: 'cfStructure', field: 'processorUtilizationPercent' }] },
  { name: 'rmf_cf_structure_size_bytes', help: 'Storage allocated to a CF structure.', family: 'cf', labels: ['sysplex', 'cf', 'structure', 'structure_type'], sources: [{ scope: 'cfStructure', field: 'sizeBytes' }] },
  { name: 'rmf_cf_structure_utilized_percent', help: 'Storage of a CF structure in use, in % of its size (a full structure rejects new entries).', family: 'cf', labels: ['sysplex', 'cf', 'structure', 'structure_type'], sources: [{ scope: 'cfStructure', field: 'utilizedPercent' }] },
  {
    name: 'rmf_cf_structure_lock_contention_percent',
    help: 'Requests to a lock structure that met contention, in % of its requests: all contention, and false contention (two resources hashing to one lock entry).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'structure', 'kind'],
    sources: [
      { scope: 'cfStructure', field: 'contentionPercent', set: { kind: 'total' } },
      { scope: 'cfStructure', field: 'falseContentionPercent', set: { kind: 'false' } },
    ],
  },
  {
    name: 'rmf_cf_structure_cache_rate',
    help: 'Operations per second of a cache structure: reads, writes, castouts, cross-invalidations, directory reclaims.',
    family: 'cf',
    labels: ['sysplex', 'cf', 'structure', 'operation'],
    sources: [
      { scope: 'cfStructure', field: 'readRate', set: { operation: 'read' } },
      { scope: 'cfStructure', field: 'writeRate', set: { operation: 'write' } },
      { scope: 'cfStructure', field: 'castoutRate', set: { operation: 'castout' } },
      { scope: 'cfStructure', field: 'crossInvalidateRate', set: { operation: 'cross_invalidate' } },
      { scope: 'cfStructure', field: 'directoryReclaimRate', set: { operation: 'directory_reclaim' } },
    ],
  },
  {
    name: 'rmf_cf_structure_system_request_rate',
    help: 'Requests per second from one system to one CF structure, by type (sync, async, converted: sync requests converted to async, counted in async).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'structure', 'lpar', 'request_type'],
    sources: [
      { scope: 'cfStructureSystem', field: 'syncRate', set: { request_type: 'sync' } },
      { scope: 'cfStructureSystem', field: 'asyncRate', set: { request_type: 'async' } },
      { scope: 'cfStructureSystem', field: 'convertedRate', set: { request_type: 'converted' } },
    ],
  },
  {
    name: 'rmf_cf_structure_service_time_seconds',
    help: 'Average service time of one system’s requests to one CF structure, by type (sync, async).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'structure', 'lpar', 'request_type'],
    sources: [
      { scope: 'cfStructureSystem', field: 'syncServiceSeconds', set: { request_type: 'sync' } },
      { scope: 'cfStructureSystem', field: 'asyncServiceSeconds', set: { request_type: 'async' } },
    ],
  },
  {
    name: 'rmf_cf_structure_async_percent',
    help: 'Asynchronous requests of one system to one CF structure by what happened to them, in % of its async requests: changed (for lack of a subchannel), delayed (waited for one).',
    family: 'cf',
    labels: ['sysplex', 'cf', 'structure', 'lpar', 'kind'],
    sources: [
      { scope: 'cfStructureSystem', field: 'changedPercent', set: { kind: 'changed' } },
      { scope: 'cfStructureSystem', field: 'delayedPercent', set: { kind: 'delayed' } },
    ],
  },
  // ---- channels and LPAR ports ----
  {
    name: 'rmf_ports_utilization_percent',
    help: 'Predecessor name: utilization of an LPAR’s ports (FICON channel paths, OSA and HiperSockets).',
    family: 'network',
    labels: [...L, 'port_type', 'port_id'],
    predecessor: true,
    sources: [
      { scope: 'channel', field: 'utilizationPercent', set: { port_type: 'FICON' } },
      { scope: 'network', field: 'utilizationPercent' },
    ],
  },
  {
    name: 'rmf_ports_throughput_mbps',
    help: 'Predecessor name: throughput of an LPAR’s ports in MB/s.',
    family: 'network',
    labels: [...L, 'port_type', 'port_id'],
    predecessor: true,
    sources: [
      { scope: 'channel', field: 'throughputMBps', set: { port_type: 'FICON' } },
      { scope: 'network', field: 'throughputMBps' },
    ],
  },
  { name: 'rmf_channel_utilization_percent', help: 'FICON channel path utilization (the LPAR’s share).', family: 'channel', labels: [...L, 'chpid'], sources: [{ scope: 'channel', field: 'utilizationPercent', dds: '8D0090' }] },
  { name: 'rmf_channel_io_rate', help: 'I/O operations per second over a FICON channel path.', family: 'channel', labels: [...L, 'chpid'], sources: [{ scope: 'channel', field: 'ioRate' }] },
  { name: 'rmf_channel_total_utilization_percent', help: 'Busy of a FICON channel path over every LPAR that shares its CHPID (the sum of their utilizations).', family: 'channel', labels: [...L, 'chpid'], sources: [{ scope: 'channel', field: 'totalUtilizationPercent' }] },
  {
    name: 'rmf_channel_throughput_mbps',
    help: 'Data an LPAR reads and writes over a FICON channel path, MB/s.',
    family: 'channel',
    labels: [...L, 'chpid', 'direction'],
    sources: [
      { scope: 'channel', field: 'readMBps', set: { direction: 'read' } },
      { scope: 'channel', field: 'writeMBps', set: { direction: 'write' } },
    ],
  },
  { name: 'rmf_channel_zhpf_rate', help: 'Of the I/O operations over a FICON channel path: those in zHPF (transport mode), per second.', family: 'channel', labels: [...L, 'chpid'], sources: [{ scope: 'channel', field: 'zhpfRate' }] },
  // ---- volumes as each system sees them ----
  { name: 'rmf_volumes_utilization_percent', help: 'Predecessor name: device utilization of a volume caused by this system.', family: 'volume', labels: [...L, 'volume_type', 'volume_id'], predecessor: true, sources: [{ scope: 'lparVolume', field: 'utilizationPercent' }] },
  { name: 'rmf_volumes_iops', help: 'Predecessor name: I/O rate (SSCH/s) of this system to a volume.', family: 'volume', labels: [...L, 'volume_type', 'volume_id'], predecessor: true, sources: [{ scope: 'lparVolume', field: 'ioRate' }] },
  { name: 'rmf_ldev_utilization_percent', help: 'Predecessor name: back-end busy of an LDEV caused by this system’s I/O.', family: 'ldev', labels: [...L, 'device_id'], predecessor: true, sources: [{ scope: 'lparVolume', field: 'ldevUtilizationPercent' }] },
  { name: 'rmf_ldev_response_time_seconds', help: 'Predecessor name: response time of this system’s I/Os by device type (per-interval histogram of I/Os).', family: 'ldev', labels: [...L, 'device_type'], predecessor: true, sources: [{ scope: 'ioResponse', field: 'histogram' }] },
  // ---- volumes, sysplex-wide ----
  {
    name: 'rmf_volume_response_time_seconds',
    help: 'DASD response time of a volume and its components; total = iosq + pend + disc + conn.',
    family: 'volume',
    labels: ['sysplex', 'volser', 'component'],
    sources: [
      { scope: 'volume', field: 'responseTime.total', set: { component: 'total' }, dds: '8D1120' },
      { scope: 'volume', field: 'responseTime.iosq', set: { component: 'iosq' } },
      { scope: 'volume', field: 'responseTime.pend', set: { component: 'pend' } },
      { scope: 'volume', field: 'responseTime.disc', set: { component: 'disc' } },
      { scope: 'volume', field: 'responseTime.conn', set: { component: 'conn' } },
    ],
  },
  { name: 'rmf_volume_io_rate', help: 'I/O rate (SSCH/s) to a volume from all systems.', family: 'volume', labels: ['sysplex', 'volser'], sources: [{ scope: 'volume', field: 'ioRate' }] },
  { name: 'rmf_volume_utilization_percent', help: 'Device utilization of a volume (connect + disconnect time over its exposures).', family: 'volume', labels: ['sysplex', 'volser'], sources: [{ scope: 'volume', field: 'utilizationPercent' }] },
  { name: 'rmf_volume_read_hit_percent', help: 'Read cache hits of the volume’s LDEV, in % of reads.', family: 'volume', labels: ['sysplex', 'volser'], sources: [{ scope: 'volume', field: 'readHitPercent' }] },
  { name: 'rmf_volume_capacity_bytes', help: 'Formatted capacity of the 3390 volume.', family: 'volume', labels: ['sysplex', 'volser'], sources: [{ scope: 'volume', field: 'capacityBytes' }] },
  { name: 'rmf_volume_used_bytes', help: 'Space allocated on the volume (never above its capacity).', family: 'volume', labels: ['sysplex', 'volser'], sources: [{ scope: 'volume', field: 'usedBytes' }] },
  // ---- storage array ----
  // ---- logical control units (SSIDs) ----
  { name: 'rmf_ssid_io_rate', help: 'I/Os per second to the volumes of a logical control unit (SSID), from all systems.', family: 'array', labels: [...ARR, 'ssid'], sources: [{ scope: 'lcu', field: 'ioRate' }] },
  {
    name: 'rmf_ssid_cache_rate',
    help: 'Cache operations of a logical control unit (SSID) per second: reads and read hits, writes and DASD fast writes, sequential reads, read misses staged, tracks destaged.',
    family: 'array',
    labels: [...ARR, 'ssid', 'kind'],
    sources: [
      { scope: 'lcu', field: 'readRate', set: { kind: 'read' } },
      { scope: 'lcu', field: 'readHitRate', set: { kind: 'read_hit' } },
      { scope: 'lcu', field: 'writeRate', set: { kind: 'write' } },
      { scope: 'lcu', field: 'writeHitRate', set: { kind: 'fast_write' } },
      { scope: 'lcu', field: 'sequentialReadRate', set: { kind: 'sequential_read' } },
      { scope: 'lcu', field: 'stagingRate', set: { kind: 'staging' } },
      { scope: 'lcu', field: 'destageRate', set: { kind: 'destage' } },
    ],
  },
  { name: 'rmf_ssid_read_hit_percent', help: 'Read cache hits of a logical control unit (SSID), in % of its reads.', family: 'array', labels: [...ARR, 'ssid'], sources: [{ scope: 'lcu', field: 'readHitPercent' }] },
  { name: 'rmf_clpr_write_pending_percent', help: 'Write-pending data of a cache logical partition in % of its cache (pressure near 30 %, throttling near 50 %, host I/O delayed near 70 %).', family: 'array', labels: [...ARR, 'clpr'], sources: [{ scope: 'clpr', field: 'writePendingPercent' }] },
  { name: 'rmf_clpr_write_throttle_percent', help: 'Host write demand a cache logical partition holds back by inflow control, in % (0 until write pending nears its limit).', family: 'array', labels: [...ARR, 'clpr'], sources: [{ scope: 'clpr', field: 'writeThrottlePercent' }] },
  { name: 'rmf_clpr_read_hit_percent', help: 'Read hits of a cache logical partition, in % of reads.', family: 'array', labels: [...ARR, 'clpr'], sources: [{ scope: 'clpr', field: 'readHitPercent' }] },
  { name: 'rmf_clpr_cache_usage_percent', help: 'Cache in use in a cache logical partition, in %.', family: 'array', labels: [...ARR, 'clpr'], sources: [{ scope: 'clpr', field: 'cacheUsagePercent' }] },
  { name: 'rmf_mpb_utilization_percent', help: 'Utilization of a microprocessor (MP) blade of the array.', family: 'array', labels: [...ARR, 'mpb'], sources: [{ scope: 'mpb', field: 'utilizationPercent' }] },
  { name: 'rmf_port_throughput_mbps', help: 'Throughput of a front-end host port of the array, in MB/s.', family: 'array', labels: [...ARR, 'port'], sources: [{ scope: 'hostPort', field: 'throughputMBps' }] },
  { name: 'rmf_port_iops', help: 'I/O operations per second through a front-end host port.', family: 'array', labels: [...ARR, 'port'], sources: [{ scope: 'hostPort', field: 'iops' }] },
  { name: 'rmf_port_utilization_percent', help: 'Utilization of a front-end host port.', family: 'array', labels: [...ARR, 'port'], sources: [{ scope: 'hostPort', field: 'utilizationPercent' }] },
] as const satisfies readonly MetricDeclaration[];
