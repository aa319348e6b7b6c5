/**
 * Scopes: the kinds of things the model computes numbers for, one member per instance (an LPAR, a service class
 * on an LPAR, a volume as one system sees it, …). Every field of the metric catalogue belongs to a scope; every
 * series is one member of a scope read through one field.
 * @module
 */

/** Kind of entity a metric describes; also the unit of sharding (each entity belongs to exactly one shard). */
export type EntityKind = 'cpc' | 'lpar' | 'cf' | 'volume' | 'lcu' | 'clpr' | 'mpb' | 'hostPort';

/**
 * The label that names the entity of each kind in a metric's labels (`lpar:PROD01` → label `lpar`). Every metric's
 * labels include the label of its {@link MetricDefinition.entity | entity}.
 */
export const ENTITY_LABEL: Readonly<Record<EntityKind, string>> = Object.freeze({
  cpc: 'cpc',
  lpar: 'lpar',
  cf: 'cf',
  volume: 'volser',
  lcu: 'ssid',
  clpr: 'clpr',
  mpb: 'mpb',
  hostPort: 'port',
});

/** Names of the scopes. */
export type ScopeName =
  | 'cpc'
  | 'lpar'
  | 'serviceClass'
  | 'reportClass'
  | 'queue'
  | 'cfLink'
  | 'channel'
  | 'network'
  | 'lparVolume'
  | 'ioResponse'
  | 'cf'
  | 'cfSystem'
  | 'cfStructure'
  | 'cfStructureSystem'
  | 'volume'
  | 'lcu'
  | 'clpr'
  | 'mpb'
  | 'hostPort'
  | 'addressSpace';

/** One scope: what a member is, which entity owns it, where it sits in a snapshot and the labels it carries. */
export interface ScopeDefinition {
  readonly name: ScopeName;
  readonly help: string;
  /** The entity that owns every member (the series' owner, the unit of sharding). */
  readonly entity: EntityKind;
  /** Where the members appear in a {@link Snapshot}, e.g. `lpars[].wlm[]`. */
  readonly snapshotPath: string;
  /**
   * Label attributes of every member: label name → what its value is. A metric's labels are chosen from these
   * (plus constants of its sources); attributes no metric shows may still select members (`where`).
   */
  readonly labels: Readonly<Record<string, string>>;
  /** The values a label attribute can take, where they are fixed (not names from the topology). */
  readonly labelValues?: Readonly<Record<string, readonly string[]>>;
}

const SYSPLEX = { sysplex: 'sysplex name' } as const;
const LPAR = { ...SYSPLEX, lpar: 'MVS system name (the LPAR)' } as const;

const defs = [
  { name: 'cpc', help: 'The central processor complex.', entity: 'cpc', snapshotPath: 'cpc', labels: { ...SYSPLEX, cpc: 'CPC name' } },
  { name: 'lpar', help: 'A logical partition (one z/OS system).', entity: 'lpar', snapshotPath: 'lpars[]', labels: { ...LPAR, cpc: 'CPC name' } },
  {
    name: 'serviceClass',
    help: 'A WLM service class period running on one system.',
    entity: 'lpar',
    snapshotPath: 'lpars[].wlm[]',
    labels: { ...LPAR, workload: 'WLM workload', service_class: 'service class name', period: 'service class period number', goal_kind: 'goal type: responseTime, velocity, system or discretionary (selects members; not exported)', report_class: 'WLM report class (empty without one)' },
    labelValues: { goal_kind: ['responseTime', 'velocity', 'system', 'discretionary'] },
  },
  {
    name: 'reportClass',
    help: 'A WLM report class on one system: the sum of the service class periods it reports (samples, transactions and CPU add up; percentages are sample-weighted, the response time transaction-weighted).',
    entity: 'lpar',
    snapshotPath: 'lpars[].reportClasses[]',
    labels: { ...LPAR, report_class: 'WLM report class name' },
  },
  { name: 'queue', help: 'A subsystem work queue of one system (the predecessor’s CICS, IMS, MQ, BATCH).', entity: 'lpar', snapshotPath: 'lpars[].queues[]', labels: { ...LPAR, queue_type: 'subsystem' }, labelValues: { queue_type: ['CICS', 'IMS', 'MQ', 'BATCH'] } },
  { name: 'cfLink', help: 'A coupling facility link as one system uses it.', entity: 'lpar', snapshotPath: 'lpars[].cfLinks[]', labels: { ...LPAR, cf: 'coupling facility name', cf_link: 'link id: CF name and link number' } },
  {
    name: 'channel',
    help: 'A FICON channel path of one system.',
    entity: 'lpar',
    snapshotPath: 'lpars[].channels[]',
    labels: { ...LPAR, chpid: 'channel path id (hex)', port_id: 'the predecessor’s port id (the CHPID)' },
  },
  { name: 'network', help: 'An OSA or HiperSockets port of one system.', entity: 'lpar', snapshotPath: 'lpars[].network[]', labels: { ...LPAR, port_type: 'OSA or Hipersocket', port_id: 'port id' }, labelValues: { port_type: ['OSA', 'Hipersocket'] } },
  {
    name: 'lparVolume',
    help: 'A DASD volume (and its LDEV) as one system uses it.',
    entity: 'lpar',
    snapshotPath: 'lpars[].volumes[]',
    labels: { ...LPAR, volser: 'volume serial', volume_type: 'volume group type (SYSRES, WORK, USER, …)', volume_id: 'the predecessor’s volume id (the volser)', device_id: 'LDEV id of the array (CU:LDEV)' },
  },
  { name: 'ioResponse', help: 'The I/Os of one system to one device type.', entity: 'lpar', snapshotPath: 'lpars[].ioResponse[]', labels: { ...LPAR, device_type: '3390 model' } },
  { name: 'cf', help: 'A coupling facility.', entity: 'cf', snapshotPath: 'couplingFacilities[]', labels: { ...SYSPLEX, cf: 'coupling facility name' } },
  { name: 'cfSystem', help: 'The requests of one system to one coupling facility.', entity: 'cf', snapshotPath: 'couplingFacilities[].systems[]', labels: { ...SYSPLEX, cf: 'coupling facility name', lpar: 'MVS system name' } },
  {
    name: 'cfStructure',
    help: 'A structure of a coupling facility (all systems together).',
    entity: 'cf',
    snapshotPath: 'couplingFacilities[].structures[]',
    labels: { ...SYSPLEX, cf: 'coupling facility name', structure: 'CF structure name', structure_type: 'structure type: lock, cache or list' },
    labelValues: { structure_type: ['lock', 'cache', 'list'] },
  },
  {
    name: 'cfStructureSystem',
    help: 'The requests of one system to one CF structure.',
    entity: 'cf',
    snapshotPath: 'couplingFacilities[].structures[].systems[]',
    labels: { ...SYSPLEX, cf: 'coupling facility name', structure: 'CF structure name', structure_type: 'structure type: lock, cache or list', lpar: 'MVS system name' },
    labelValues: { structure_type: ['lock', 'cache', 'list'] },
  },
  { name: 'volume', help: 'A DASD volume, sysplex-wide.', entity: 'volume', snapshotPath: 'volumes[]', labels: { ...SYSPLEX, volser: 'volume serial', volume_type: 'volume group type' } },
  {
    name: 'lcu',
    help: 'A logical control unit of the storage array (its SSID): the cache statistics of its volumes, sysplex-wide (the CACHSUM report).',
    entity: 'lcu',
    snapshotPath: 'storageArray.lcus[]',
    labels: { ...SYSPLEX, array: 'storage array name', ssid: 'subsystem id (hex)', lcu: 'LCU number (hex)' },
  },
  { name: 'clpr', help: 'A cache logical partition of the storage array.', entity: 'clpr', snapshotPath: 'storageArray.clprs[]', labels: { ...SYSPLEX, array: 'storage array name', clpr: 'CLPR name' } },
  { name: 'mpb', help: 'A microprocessor (MP) blade of the storage array.', entity: 'mpb', snapshotPath: 'storageArray.mpBlades[]', labels: { ...SYSPLEX, array: 'storage array name', mpb: 'MP blade name' } },
  { name: 'hostPort', help: 'A front-end host port of the storage array.', entity: 'hostPort', snapshotPath: 'storageArray.hostPorts[]', labels: { ...SYSPLEX, array: 'storage array name', port: 'host port name' } },
  {
    name: 'addressSpace',
    help: 'An address space (ASID) of one system: a started task, a subsystem region, a TSO user, a batch initiator and the job it runs. Its occupant changes with time; no metric of the series catalogue reads it (see jobMetrics).',
    entity: 'lpar',
    snapshotPath: 'lpars[].addressSpaces[]',
    labels: { ...LPAR, asid: 'ASID in decimal' },
  },
] as const satisfies readonly ScopeDefinition[];

/** Every scope, in the order snapshots list them. */
export const scopes: readonly ScopeDefinition[] = defs;

/** Scope by name. */
export const SCOPE: Readonly<Record<ScopeName, ScopeDefinition>> = Object.fromEntries(defs.map((d) => [d.name, d])) as unknown as Record<ScopeName, ScopeDefinition>;

/** Label attributes of a scope's members, by scope (a type: each member's labels object has exactly these keys). */
export type ScopeLabels = { [D in (typeof defs)[number] as D['name']]: keyof D['labels'] & string };

/** The predecessor's subsystem queues: one `queue` member per type and system, in this order. */
export const QUEUE_TYPES = SCOPE.queue.labelValues!.queue_type! as readonly ('CICS' | 'IMS' | 'MQ' | 'BATCH')[];
/** Types of CF structures (the `structure_type` label), in the order the catalogue declares them. */
export const STRUCTURE_TYPES = SCOPE.cfStructure.labelValues!.structure_type! as readonly ('lock' | 'cache' | 'list')[];
/** Port types of the `network` scope, in member order within a system (OSA ports first). */
export const NETWORK_PORT_TYPES = SCOPE.network.labelValues!.port_type! as readonly ('OSA' | 'Hipersocket')[];
