/**
 * The one catalogue: scopes (what the model computes numbers for), fields (every number of a snapshot) and metrics
 * (named views of fields with labels). Everything else — series, frames, snapshots, record schemas, expositions,
 * reports — is derived from it.
 * @module
 */
import { deepFreeze } from '../freeze.js';
import { getField, type FieldDefinition, type Unit } from './fields.js';
import { declarations, type IbmMetric, type MetricDeclaration, type MetricFamily, type MetricSource } from './metrics.js';
import { ENTITY_LABEL, SCOPE, scopes, type EntityKind, type ScopeName } from './scopes.js';

export { ENTITY_LABEL, SCOPE, scopes, QUEUE_TYPES, NETWORK_PORT_TYPES, STRUCTURE_TYPES } from './scopes.js';
export type { EntityKind, ScopeDefinition, ScopeName, ScopeLabels } from './scopes.js';
export { fields, getField, fieldWidth, matchesWhere } from './fields.js';
export type { FieldDefinition, FieldPath, HistogramPath, Unit } from './fields.js';
export type { MetricFamily, MetricSource, IbmMetric, MetricDeclaration } from './metrics.js';
export { jobMetrics, jobSamples, JOB_LABELS } from './jobs.js';
export type { JobMetricDefinition, JobSample } from './jobs.js';

/** One metric, declared once; stores, exporters and reports derive their schemas from these entries. */
export interface MetricDefinition {
  /** Prometheus-style name (for histograms, the base name: samples carry `_bucket`, `_sum`, `_count`). */
  readonly name: string;
  readonly help: string;
  /** Unit of every value (the unit of its fields). */
  readonly unit: Unit;
  readonly type: 'gauge' | 'histogram';
  /** Label names, in order. Histogram bucket samples add `le`. */
  readonly labels: readonly string[];
  readonly family: MetricFamily;
  /** The entity every series of the metric belongs to (its owner, the unit of sharding). */
  readonly entity: EntityKind;
  /** True for the predecessor's names and label sets (kept unchanged for compatibility). */
  readonly predecessor: boolean;
  /** Where the values come from: a field of a scope, per source, with constant label values. */
  readonly sources: readonly MetricSource[];
  /**
   * The values a label can take where they are fixed (not names from the topology): the sources' constants and the
   * scopes' declared attribute values, by label (e.g. `cpu_type: ['general_purpose', 'ziip', 'zaap']`).
   */
  readonly labelValues: Readonly<Record<string, readonly string[]>>;
  /** RMF DDS metric ids where one exists; `when` narrows an id to the series with those label values. */
  readonly dds?: readonly { readonly id: string; readonly when?: Readonly<Record<string, string>> }[];
  /** IBM's own RMF DDS OpenMetrics names of the metric (or of some of its series), with their labels and scale. */
  readonly ibm: readonly IbmMetric[];
  /** Histogram upper bounds (without +Inf). */
  readonly buckets?: readonly number[];
  /** Bounds every value obeys (percentages 0–100, non-negative quantities). */
  readonly range: readonly [number, number];
}

/** Name of a metric in the {@link metricCatalog}. */
export type MetricName = (typeof declarations)[number]['name'];

function fail(m: MetricDeclaration, message: string): never {
  throw new Error(`metric catalogue: ${m.name}: ${message}`);
}

/** Derives the full definition of a declared metric, checking that it is consistent with its scopes and fields. */
function define(m: MetricDeclaration): MetricDefinition {
  if (m.sources.length === 0) fail(m, 'no sources');
  const fieldsOf: FieldDefinition[] = m.sources.map((s) => getField(s.scope, s.field) ?? fail(m, `no field ${s.scope}.${s.field}`));
  const first = fieldsOf[0]!;
  const entity = SCOPE[first.scope].entity;
  const labelValues: Record<string, string[]> = {};
  m.sources.forEach((s, i) => {
    const fd = fieldsOf[i]!;
    if (fd.unit !== first.unit) fail(m, `sources mix units ${first.unit} and ${fd.unit}`);
    if (Boolean(fd.buckets) !== Boolean(first.buckets) || (fd.buckets && fd.buckets.join() !== first.buckets!.join())) fail(m, 'sources mix histograms and numbers');
    const scope = SCOPE[s.scope];
    if (scope.entity !== entity) fail(m, `sources of entities ${entity} and ${scope.entity}`);
    const set = s.set ?? {};
    for (const l of m.labels) if (!(l in scope.labels) && !(l in set)) fail(m, `label ${l} is neither an attribute of scope ${s.scope} nor set by the source`);
    const add = (k: string, v: string) => (labelValues[k] ??= []).includes(v) || labelValues[k]!.push(v);
    for (const [k, v] of Object.entries(set)) {
      if (!m.labels.includes(k)) fail(m, `source sets ${k}, which is not a label of the metric`);
      add(k, v);
    }
    for (const [k, values] of Object.entries(scope.labelValues ?? {})) if (m.labels.includes(k) && !(k in set)) for (const v of values) add(k, v);
    for (const k of Object.keys(s.where ?? {})) if (!(k in scope.labels)) fail(m, `where on ${k}, which scope ${s.scope} does not have`);
  });
  if (!m.labels.includes(ENTITY_LABEL[entity])) fail(m, `labels lack the entity label ${ENTITY_LABEL[entity]}`);
  const dds = m.sources.filter((s) => s.dds).map((s) => (s.set && m.sources.length > 1 ? { id: s.dds!, when: { ...s.set } } : { id: s.dds! }));
  for (const x of m.ibm ?? []) for (const k of Object.keys(x.when ?? {})) if (!m.labels.includes(k)) fail(m, `IBM name ${x.name} selects on ${k}, not a label`);
  return {
    name: m.name,
    help: m.help,
    unit: first.unit,
    type: first.buckets ? 'histogram' : 'gauge',
    labels: [...m.labels],
    family: m.family,
    entity,
    predecessor: m.predecessor ?? false,
    sources: m.sources.map((s) => ({ ...s })),
    labelValues,
    ...(dds.length ? { dds } : {}),
    ibm: (m.ibm ?? []).map((x) => ({ ...x })),
    ...(first.buckets ? { buckets: [...first.buckets] } : {}),
    range: first.range ?? [0, Number.MAX_VALUE],
  };
}

/**
 * Every metric rmf-sim produces, declared once: name, help, unit, type, labels, family, entity, sources (fields),
 * declared label values, RMF DDS ids and IBM names where they exist. The predecessor's `rmf_*` names keep their
 * label sets.
 *
 * @example
 * ```ts
 * const cpu = metricCatalog.find((m) => m.name === 'rmf_cpu_utilization_percent');
 * console.log(cpu?.labels, cpu?.labelValues.cpu_type); // ['sysplex', 'lpar', 'cpu_type'] ['general_purpose', 'ziip', 'zaap']
 * ```
 */
export const metricCatalog: readonly MetricDefinition[] = deepFreeze((declarations as readonly MetricDeclaration[]).map(define));

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


/**
 * The shard unit of every scope, named by the unit's first scope in catalogue order. Shards are dealt units, not
 * whole entities: an entity's scopes form one unit only where they must stay together, so that an LPAR's service
 * classes, its volume views or its CF links can go to different shards (an LPAR is a sixth of the default
 * topology's series, too big a piece for 8 shards). Scopes of one entity are in one unit when
 *
 * - metrics of one family read both: stores group an entity's records by family (an S3 window object, a MongoDB
 *   document per `family × entity × interval`, rewritten by a read-merge-write), so one group has one writer;
 * - one is nested in the other below the entity's top level (`couplingFacilities[].structures[].systems[]`): a
 *   nested member is only listed inside its parent;
 * - no metric reads a scope (address spaces): it stays with the entity's top-level scope.
 *
 * The unit holding the entity's top-level scope is its root unit (its key is the entity's, `lpar:PROD01`); the
 * others are keyed `lpar:PROD01/serviceClass`. Derived from the catalogue; nothing here is declared twice.
 *
 * @example
 * ```ts
 * SHARD_UNIT.lparVolume; // 'lparVolume' (with ioResponse: both are read by the ldev family)
 * SHARD_UNIT.cfStructureSystem; // 'cf' (the cf family reads the CF's every scope)
 * ```
 */
export const SHARD_UNIT: Readonly<Record<ScopeName, ScopeName>> = Object.freeze(shardUnits());

function shardUnits(): Record<ScopeName, ScopeName> {
  const order = scopes.map((s) => s.name);
  const up = new Map<ScopeName, ScopeName>(order.map((s) => [s, s]));
  const find = (s: ScopeName): ScopeName => (up.get(s) === s ? s : find(up.get(s)!));
  // the component's first scope names it (so an entity's top-level scope names its root unit)
  const join = (a: ScopeName, b: ScopeName) => {
    const [x, y] = [find(a), find(b)].sort((p, q) => order.indexOf(p) - order.indexOf(q)) as [ScopeName, ScopeName];
    up.set(y, x);
  };
  const root = (s: ScopeName) => scopes.find((d) => d.entity === SCOPE[s].entity)!.name;
  const group = new Map<string, ScopeName>();
  const read = new Set<ScopeName>();
  for (const m of metricCatalog)
    for (const src of m.sources) {
      read.add(src.scope);
      const key = `${m.family} ${m.entity}`;
      join(src.scope, group.get(key) ?? src.scope);
      group.set(key, src.scope);
    }
  for (const s of scopes) {
    const parentPath = s.snapshotPath.split('.').slice(0, -1).join('.');
    const parent = scopes.find((p) => p.snapshotPath === parentPath);
    if (parent && parent.entity === s.entity && parent.name !== root(s.name)) join(s.name, parent.name);
    if (!read.has(s.name)) join(s.name, root(s.name));
  }
  return Object.fromEntries(order.map((s) => [s, find(s)])) as Record<ScopeName, ScopeName>;
}
