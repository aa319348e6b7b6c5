import { deepFreeze } from './freeze.js';
/** Kind of entity a metric describes; also the unit of sharding (each entity belongs to exactly one shard). */
export type EntityKind = 'cpc' | 'lpar' | 'cf' | 'volume' | 'clpr' | 'mpb' | 'hostPort';

/**
 * The label that names the entity of each kind in a metric's labels (`lpar:PROD01` → label `lpar`). Every metric's
 * labels include the label of its {@link MetricDefinition.entity | entity}.
 */
export const ENTITY_LABEL: Readonly<Record<EntityKind, string>> = Object.freeze({
  cpc: 'cpc',
  lpar: 'lpar',
  cf: 'cf',
  volume: 'volser',
  clpr: 'clpr',
  mpb: 'mpb',
  hostPort: 'port',
});

/** Metric family: the grouping stores use for tables and collections. */
export type MetricFamily = 'cpu' | 'memory' | 'wlm' | 'cf' | 'channel' | 'volume' | 'ldev' | 'array' | 'network';

/** One metric, declared once. Stores, exporters and reports derive their schemas from these entries. */
export interface MetricDefinition {
  /** Prometheus-style name (for histograms, the base name: samples carry `_bucket`, `_sum`, `_count`). */
  readonly name: string;
  readonly help: string;
  readonly unit: 'percent' | 'bytes' | 'seconds' | 'microseconds' | 'per_second' | 'mbps' | 'msu_per_hour' | 'count' | 'ratio';
  readonly type: 'gauge' | 'histogram';
  /** Label names, in order. Histogram bucket samples add `le`. */
  readonly labels: readonly string[];
  readonly family: MetricFamily;
  readonly entity: EntityKind;
  /** True for the predecessor's names and label sets (kept unchanged for compatibility). */
  readonly predecessor: boolean;
  /** RMF DDS metric ids where one exists; `when` narrows an id to samples with those label values. */
  readonly dds?: readonly { readonly id: string; readonly when?: Readonly<Record<string, string>> }[];
  /** IBM's own Prometheus name (DDS OpenMetrics), where one exists. */
  readonly ibmName?: string;
  /** Histogram upper bounds (without +Inf). */
  readonly buckets?: readonly number[];
  /** Bounds every value obeys (percentages 0–100, non-negative quantities). */
  readonly range: readonly [number, number];
}

const PCT = [0, 100] as const;
const NONNEG = [0, Number.MAX_VALUE] as const;
const L = ['sysplex', 'lpar'] as const;
const WLM = ['sysplex', 'lpar', 'workload', 'service_class', 'period'] as const;
const ARR = ['sysplex', 'array'] as const;

const defs = [
  // ---- CPU ----
  { name: 'rmf_cpu_utilization_percent', help: 'Processor utilization of an LPAR by processor type (zaap: the Java share of zIIP busy, a legacy label).', unit: 'percent', type: 'gauge', labels: [...L, 'cpu_type'], family: 'cpu', entity: 'lpar', predecessor: true, range: PCT, dds: [{ id: '8D0460', when: { cpu_type: 'general_purpose' } }, { id: '8D39C0', when: { cpu_type: 'ziip' } }, { id: '8D39B0', when: { cpu_type: 'zaap' } }] },
  { name: 'rmf_cpu_ziip_eligible_on_cp_percent', help: 'zIIP-eligible work that ran on general-purpose processors because the zIIPs were full, in % of the GP capacity.', unit: 'percent', type: 'gauge', labels: [...L], family: 'cpu', entity: 'lpar', predecessor: false, range: PCT },
  { name: 'rmf_cpu_capture_ratio_percent', help: 'Captured CPU time as % of total CPU time (85–95 % is healthy; lower at low utilization or heavy paging).', unit: 'percent', type: 'gauge', labels: [...L], family: 'cpu', entity: 'lpar', predecessor: false, range: PCT, dds: [{ id: '8D3030' }] },
  { name: 'rmf_lpar_msu_actual', help: 'Actual MSU/h consumed by the LPAR.', unit: 'msu_per_hour', type: 'gauge', labels: ['sysplex', 'cpc', 'lpar'], family: 'cpu', entity: 'lpar', predecessor: false, range: NONNEG, dds: [{ id: '8D25E0' }], ibmName: 'mvs_lpar_actual_msu_h' },
  { name: 'rmf_cpc_msu_capacity', help: 'Capacity of the CPC in MSU/h.', unit: 'msu_per_hour', type: 'gauge', labels: ['sysplex', 'cpc'], family: 'cpu', entity: 'cpc', predecessor: false, range: NONNEG, dds: [{ id: '8D25C0' }], ibmName: 'mvs_cpc_capacity_msu_h' },
  { name: 'rmf_cpc_msu_actual', help: 'Actual MSU/h consumed by all LPARs of the CPC.', unit: 'msu_per_hour', type: 'gauge', labels: ['sysplex', 'cpc'], family: 'cpu', entity: 'cpc', predecessor: false, range: NONNEG },
  { name: 'rmf_cpc_utilization_percent', help: 'Busy of the CPC’s physical shared general-purpose processors.', unit: 'percent', type: 'gauge', labels: ['sysplex', 'cpc'], family: 'cpu', entity: 'cpc', predecessor: false, range: PCT },
  // ---- memory ----
  { name: 'rmf_memory_usage_bytes', help: 'Storage in use by type: real_storage (central frames in use), virtual_storage (allocated virtual), csa (common service area).', unit: 'bytes', type: 'gauge', labels: [...L, 'memory_type'], family: 'memory', entity: 'lpar', predecessor: true, range: NONNEG },
  { name: 'rmf_memory_real_capacity_bytes', help: 'Central (real) storage online to the LPAR.', unit: 'bytes', type: 'gauge', labels: [...L], family: 'memory', entity: 'lpar', predecessor: false, range: NONNEG, ibmName: 'mvs_system_storage_real_storage_frames' },
  { name: 'rmf_storage_frames_available_percent', help: 'Central storage frames available, in % of online frames.', unit: 'percent', type: 'gauge', labels: [...L], family: 'memory', entity: 'lpar', predecessor: false, range: PCT, dds: [{ id: '8D0380' }] },
  { name: 'rmf_storage_page_in_rate', help: 'Page-ins from auxiliary storage per second (near 0 on a well-sized LPAR).', unit: 'per_second', type: 'gauge', labels: [...L], family: 'memory', entity: 'lpar', predecessor: false, range: NONNEG, dds: [{ id: '8D30F0' }] },
  // ---- WLM ----
  { name: 'rmf_wlm_performance_index', help: 'WLM performance index of a service class period on a system (below 1: goal met).', unit: 'ratio', type: 'gauge', labels: [...WLM], family: 'wlm', entity: 'lpar', predecessor: false, range: NONNEG, dds: [{ id: '8D1000' }] },
  { name: 'rmf_wlm_execution_velocity_percent', help: 'Execution velocity: using / (using + delay) samples, in %.', unit: 'percent', type: 'gauge', labels: [...WLM], family: 'wlm', entity: 'lpar', predecessor: false, range: PCT, dds: [{ id: '8D0F60' }] },
  { name: 'rmf_wlm_using_percent', help: 'Samples in which the work was using a processor or an I/O device, in %.', unit: 'percent', type: 'gauge', labels: [...WLM], family: 'wlm', entity: 'lpar', predecessor: false, range: PCT },
  { name: 'rmf_wlm_delay_percent', help: 'Samples in which the work was delayed, by reason (cpu, io, storage), in %.', unit: 'percent', type: 'gauge', labels: [...WLM, 'reason'], family: 'wlm', entity: 'lpar', predecessor: false, range: PCT, dds: [{ id: '8D0160' }], ibmName: 'mvs_wlm_group_delay_proc_percent' },
  { name: 'rmf_wlm_transaction_rate', help: 'Ended transactions (or job steps) per second.', unit: 'per_second', type: 'gauge', labels: [...WLM], family: 'wlm', entity: 'lpar', predecessor: false, range: NONNEG },
  { name: 'rmf_wlm_response_time_seconds', help: 'Average response time of a service class period with a response-time goal.', unit: 'seconds', type: 'gauge', labels: [...WLM], family: 'wlm', entity: 'lpar', predecessor: false, range: NONNEG },
  { name: 'rmf_mpb_processing_rate', help: 'Predecessor name: transactions per second by subsystem queue (CICS, IMS, MQ, BATCH), from the WLM service classes.', unit: 'per_second', type: 'gauge', labels: [...L, 'queue_type'], family: 'wlm', entity: 'lpar', predecessor: true, range: NONNEG },
  { name: 'rmf_mpb_queue_depth', help: 'Predecessor name: average work waiting by subsystem queue (Little’s law over the WLM delays).', unit: 'count', type: 'gauge', labels: [...L, 'queue_type'], family: 'wlm', entity: 'lpar', predecessor: true, range: NONNEG },
  // ---- coupling facility ----
  { name: 'rmf_clpr_service_time_microseconds', help: 'Predecessor name: coupling facility request service time per CF link (per-interval histogram of requests).', unit: 'microseconds', type: 'histogram', labels: [...L, 'cf_link'], family: 'cf', entity: 'lpar', predecessor: true, range: NONNEG, buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000] },
  { name: 'rmf_clpr_request_rate', help: 'Predecessor name: coupling facility requests per second per CF link and request type.', unit: 'per_second', type: 'gauge', labels: [...L, 'cf_link', 'request_type'], family: 'cf', entity: 'lpar', predecessor: true, range: NONNEG },
  { name: 'rmf_cf_processor_utilization_percent', help: 'Coupling facility processor utilization.', unit: 'percent', type: 'gauge', labels: ['sysplex', 'cf'], family: 'cf', entity: 'cf', predecessor: false, range: PCT, ibmName: 'mvs_cf_processor_utilization_percent' },
  { name: 'rmf_cf_request_rate', help: 'Coupling facility requests per second from one system, by type (sync, async).', unit: 'per_second', type: 'gauge', labels: ['sysplex', 'cf', 'lpar', 'request_type'], family: 'cf', entity: 'cf', predecessor: false, range: NONNEG, ibmName: 'mvs_cf_request_rate' },
  { name: 'rmf_cf_service_time_seconds', help: 'Average coupling facility service time from one system, by type (sync, async).', unit: 'seconds', type: 'gauge', labels: ['sysplex', 'cf', 'lpar', 'request_type'], family: 'cf', entity: 'cf', predecessor: false, range: NONNEG },
  // ---- channels and LPAR ports ----
  { name: 'rmf_ports_utilization_percent', help: 'Predecessor name: utilization of an LPAR’s ports (FICON channel paths, OSA and HiperSockets).', unit: 'percent', type: 'gauge', labels: [...L, 'port_type', 'port_id'], family: 'network', entity: 'lpar', predecessor: true, range: PCT },
  { name: 'rmf_ports_throughput_mbps', help: 'Predecessor name: throughput of an LPAR’s ports in MB/s.', unit: 'mbps', type: 'gauge', labels: [...L, 'port_type', 'port_id'], family: 'network', entity: 'lpar', predecessor: true, range: NONNEG },
  { name: 'rmf_channel_utilization_percent', help: 'FICON channel path utilization (the LPAR’s share).', unit: 'percent', type: 'gauge', labels: [...L, 'chpid'], family: 'channel', entity: 'lpar', predecessor: false, range: PCT, dds: [{ id: '8D0090' }] },
  { name: 'rmf_channel_io_rate', help: 'I/O operations per second over a FICON channel path.', unit: 'per_second', type: 'gauge', labels: [...L, 'chpid'], family: 'channel', entity: 'lpar', predecessor: false, range: NONNEG },
  // ---- volumes as each system sees them ----
  { name: 'rmf_volumes_utilization_percent', help: 'Predecessor name: device utilization of a volume caused by this system.', unit: 'percent', type: 'gauge', labels: [...L, 'volume_type', 'volume_id'], family: 'volume', entity: 'lpar', predecessor: true, range: PCT },
  { name: 'rmf_volumes_iops', help: 'Predecessor name: I/O rate (SSCH/s) of this system to a volume.', unit: 'per_second', type: 'gauge', labels: [...L, 'volume_type', 'volume_id'], family: 'volume', entity: 'lpar', predecessor: true, range: NONNEG },
  { name: 'rmf_ldev_utilization_percent', help: 'Predecessor name: back-end busy of an LDEV caused by this system’s I/O.', unit: 'percent', type: 'gauge', labels: [...L, 'device_id'], family: 'ldev', entity: 'lpar', predecessor: true, range: PCT },
  { name: 'rmf_ldev_response_time_seconds', help: 'Predecessor name: response time of this system’s I/Os by device type (per-interval histogram of I/Os).', unit: 'seconds', type: 'histogram', labels: [...L, 'device_type'], family: 'ldev', entity: 'lpar', predecessor: true, range: NONNEG, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] },
  // ---- volumes, sysplex-wide ----
  { name: 'rmf_volume_response_time_seconds', help: 'DASD response time of a volume and its components; total = iosq + pend + disc + conn.', unit: 'seconds', type: 'gauge', labels: ['sysplex', 'volser', 'component'], family: 'volume', entity: 'volume', predecessor: false, range: NONNEG, dds: [{ id: '8D1120', when: { component: 'total' } }] },
  { name: 'rmf_volume_io_rate', help: 'I/O rate (SSCH/s) to a volume from all systems.', unit: 'per_second', type: 'gauge', labels: ['sysplex', 'volser'], family: 'volume', entity: 'volume', predecessor: false, range: NONNEG },
  { name: 'rmf_volume_utilization_percent', help: 'Device utilization of a volume (connect + disconnect time over its exposures).', unit: 'percent', type: 'gauge', labels: ['sysplex', 'volser'], family: 'volume', entity: 'volume', predecessor: false, range: PCT },
  { name: 'rmf_volume_read_hit_percent', help: 'Read cache hits of the volume’s LDEV, in % of reads.', unit: 'percent', type: 'gauge', labels: ['sysplex', 'volser'], family: 'volume', entity: 'volume', predecessor: false, range: PCT, dds: [{ id: '8D2210' }] },
  { name: 'rmf_volume_capacity_bytes', help: 'Formatted capacity of the 3390 volume.', unit: 'bytes', type: 'gauge', labels: ['sysplex', 'volser'], family: 'volume', entity: 'volume', predecessor: false, range: NONNEG },
  { name: 'rmf_volume_used_bytes', help: 'Space allocated on the volume (never above its capacity).', unit: 'bytes', type: 'gauge', labels: ['sysplex', 'volser'], family: 'volume', entity: 'volume', predecessor: false, range: NONNEG },
  // ---- storage array ----
  { name: 'rmf_clpr_write_pending_percent', help: 'Write-pending data of a cache logical partition in % of its cache (pressure near 30 %, throttling near 50 %, host I/O delayed near 70 %).', unit: 'percent', type: 'gauge', labels: [...ARR, 'clpr'], family: 'array', entity: 'clpr', predecessor: false, range: PCT },
  { name: 'rmf_clpr_read_hit_percent', help: 'Read hits of a cache logical partition, in % of reads.', unit: 'percent', type: 'gauge', labels: [...ARR, 'clpr'], family: 'array', entity: 'clpr', predecessor: false, range: PCT },
  { name: 'rmf_clpr_cache_usage_percent', help: 'Cache in use in a cache logical partition, in %.', unit: 'percent', type: 'gauge', labels: [...ARR, 'clpr'], family: 'array', entity: 'clpr', predecessor: false, range: PCT },
  { name: 'rmf_mpb_utilization_percent', help: 'Utilization of a microprocessor (MP) blade of the array.', unit: 'percent', type: 'gauge', labels: [...ARR, 'mpb'], family: 'array', entity: 'mpb', predecessor: false, range: PCT },
  { name: 'rmf_port_throughput_mbps', help: 'Throughput of a front-end host port of the array, in MB/s.', unit: 'mbps', type: 'gauge', labels: [...ARR, 'port'], family: 'array', entity: 'hostPort', predecessor: false, range: NONNEG },
  { name: 'rmf_port_iops', help: 'I/O operations per second through a front-end host port.', unit: 'per_second', type: 'gauge', labels: [...ARR, 'port'], family: 'array', entity: 'hostPort', predecessor: false, range: NONNEG },
  { name: 'rmf_port_utilization_percent', help: 'Utilization of a front-end host port.', unit: 'percent', type: 'gauge', labels: [...ARR, 'port'], family: 'array', entity: 'hostPort', predecessor: false, range: PCT },
] as const satisfies readonly MetricDefinition[];

/** Name of a metric in the {@link metricCatalog}. */
export type MetricName = (typeof defs)[number]['name'];

/**
 * Every metric rmf-sim produces, declared once: name, help, unit, type, labels, family, entity,
 * RMF DDS ids and IBM names where they exist. The predecessor's `rmf_*` names keep their label sets.
 *
 * @example
 * ```ts
 * const cpu = metricCatalog.find((m) => m.name === 'rmf_cpu_utilization_percent');
 * console.log(cpu?.labels); // ['sysplex', 'lpar', 'cpu_type']
 * ```
 */
export const metricCatalog: readonly MetricDefinition[] = deepFreeze(defs.map((d) => ({ ...d })) as MetricDefinition[]);

const byName = new Map(metricCatalog.map((m) => [m.name, m]));

/** Looks a metric up by name (a histogram's `_bucket`/`_sum`/`_count` sample names resolve to it too). */
export function getMetric(name: string): MetricDefinition | undefined {
  return byName.get(name) ?? byName.get(name.replace(/_(bucket|sum|count)$/, ''));
}

/**
 * The entity a sample belongs to: its kind (the metric's {@link MetricDefinition.entity}) and its name (the value of
 * that kind's {@link ENTITY_LABEL} label), or `undefined` for a metric outside the catalogue or labels without the
 * entity's label. Stores group records by it (a document per interval and LPAR, an object key per entity, …).
 *
 * @example
 * ```ts
 * entityOf('rmf_volume_io_rate', { sysplex: 'SYSPLEX01', volser: 'USR001' }); // { kind: 'volume', name: 'USR001' }
 * entityOf('rmf_volumes_iops', { sysplex: 'SYSPLEX01', lpar: 'PROD01', volume_type: 'USER', volume_id: 'USR001' }); // { kind: 'lpar', name: 'PROD01' }
 * ```
 */
export function entityOf(metric: string, labels: Readonly<Record<string, string>>): { kind: EntityKind; name: string } | undefined {
  const def = getMetric(metric);
  if (!def) return undefined;
  const name = labels[ENTITY_LABEL[def.entity]];
  return name === undefined || name === '' ? undefined : { kind: def.entity, name };
}
