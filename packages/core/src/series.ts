/**
 * The flat series list of a topology, derived from the metric catalogue: every source of every metric, read for
 * every member of its scope.
 * @module
 */
import { getField, matchesWhere, metricCatalog, scopes } from './catalog/index.js';
import { lcuCount } from './config.js';
import { at, type Frame } from './model/frame.js';
import type { Members } from './model/members.js';
import { reportClassOf } from './wlm.js';

/** Labels of one series: label name → value. Frozen and shared between samples of the same series. */
export type Labels = Readonly<Record<string, string>>;

/** One series of the flat sample view: where its value lives in the frame. */
export interface SeriesSpec {
  /** Sample name (for histograms: `…_bucket`, `…_sum`, `…_count`). */
  metric: string;
  labels: Labels;
  /** Entity that owns the series, e.g. `lpar:PROD01`. */
  owner: string;
  /** Its shard unit, e.g. `lpar:PROD01/serviceClass` (see `SHARD_UNIT`). */
  unit: string;
  array: Float64Array;
  index: number;
}

/**
 * Builds the flat series list in a fixed order: metric by metric as the catalogue lists them; within a metric,
 * source by source for sources of different scopes, else member by member (each member's sources together).
 */
export function buildSeries(members: Members, frame: Frame): SeriesSpec[] {
  const out: SeriesSpec[] = [];
  for (const def of metricCatalog) {
    const width = def.buckets ? def.buckets.length + 2 : 1;
    const emit = (source: (typeof def.sources)[number], m: number) => {
      const member = members.of[source.scope][m]!;
      if (!matchesWhere(member.labels, source.where) || !matchesWhere(member.labels, getField(source.scope, source.field)!.where)) return;
      const labels: Record<string, string> = {};
      for (const l of def.labels) labels[l] = source.set?.[l] ?? member.labels[l]!;
      const array = at(frame[source.scope], source.field) as Float64Array;
      const base = m * width;
      if (!def.buckets) {
        out.push({ metric: def.name, labels: Object.freeze(labels), owner: member.owner, unit: member.unit, array, index: base });
        return;
      }
      const nb = def.buckets.length;
      def.buckets.forEach((b, k) => out.push({ metric: `${def.name}_bucket`, labels: Object.freeze({ ...labels, le: String(b) }), owner: member.owner, unit: member.unit, array, index: base + k }));
      out.push({ metric: `${def.name}_bucket`, labels: Object.freeze({ ...labels, le: '+Inf' }), owner: member.owner, unit: member.unit, array, index: base + nb });
      out.push({ metric: `${def.name}_sum`, labels: Object.freeze({ ...labels }), owner: member.owner, unit: member.unit, array, index: base + nb + 1 });
      out.push({ metric: `${def.name}_count`, labels: Object.freeze({ ...labels }), owner: member.owner, unit: member.unit, array, index: base + nb });
    };
    const sameScope = def.sources.every((s) => s.scope === def.sources[0]!.scope);
    if (sameScope) {
      const n = members.of[def.sources[0]!.scope].length;
      for (let m = 0; m < n; m++) for (const s of def.sources) emit(s, m);
    } else {
      for (const s of def.sources) for (let m = 0; m < members.of[s.scope].length; m++) emit(s, m);
    }
  }
  return out;
}

/** Every shard unit of a topology in a fixed order (as the scopes first name them), as unit keys (`Member.unit`). */
export function unitKeys(members: Members): string[] {
  const seen = new Set<string>();
  for (const s of scopes) for (const m of members.of[s.name]) seen.add(m.unit);
  return [...seen];
}

/**
 * The number of series `buildSeries` builds for a validated topology (before sharding), counted from the
 * catalogue and the topology alone without building any member or series, so that an oversized topology is
 * refused before it is expanded: every source of every metric gives one series per member of its scope (one per
 * bound, `+Inf`, `_sum` and `_count` for a histogram). A test checks it equals `buildSeries`' count.
 *
 * @example
 * ```ts
 * estimateSeriesCount(defaultTopology) === createSimulator({ seed: 1 }).series.length; // true
 * ```
 */
export function estimateSeriesCount(topology: import('./config.js').Topology): number {
  const L = topology.lpars.length;
  const names = topology.lpars.map((l) => l.name);
  // service class periods on the systems that run the class, optionally only those of some goal kinds
  const classesOf = (goal?: string | readonly string[]) =>
    topology.serviceClasses.reduce((n, sc) => {
      const kinds = (sc.periods ?? [{ goal: sc.goal }]).map((p) => p.goal.kind);
      const periods = kinds.filter((k) => goal === undefined || (typeof goal === 'string' ? k === goal : goal.includes(k))).length;
      return n + periods * names.filter((l) => sc.systems[l]).length;
    }, 0);
  const V = topology.volumeGroups.reduce((n, g) => n + g.count, 0);
  const CF = topology.couplingFacilities.length;
  const structures = topology.couplingFacilities.flatMap((cf) => cf.structures);
  const queueTypes = scopes.find((sc) => sc.name === 'queue')!.labelValues!.queue_type!.length;
  const size: Record<import('./catalog/index.js').ScopeName, number> = {
    cpc: 1,
    lpar: L,
    serviceClass: classesOf(),
    reportClass: (() => {
      const rc = reportClassOf(topology);
      return names.reduce((n, l) => n + new Set(topology.serviceClasses.flatMap((sc, i) => (sc.systems[l] && rc[i] ? [rc[i]] : []))).size, 0);
    })(),
    queue: L * queueTypes,
    cfLink: L * topology.couplingFacilities.reduce((n, cf) => n + cf.linksPerLpar, 0),
    channel: L * topology.channels.pathsPerLpar,
    network: L * (topology.network.osaPerLpar + topology.network.hipersocketsPerLpar),
    lparVolume: L * V,
    ioResponse: L * new Set(topology.volumeGroups.map((g) => g.model)).size,
    cf: CF,
    cfSystem: CF * L,
    cfStructure: structures.length,
    cfStructureSystem: structures.length * L,
    volume: V,
    lcu: lcuCount(topology.storageArray.controlUnits.devicesPerLcu, V),
    clpr: topology.storageArray.clprs.length,
    mpb: topology.storageArray.mpBlades,
    hostPort: topology.storageArray.hostPorts,
    // no metric of the series catalogue reads address spaces (see catalog/jobs.ts)
    addressSpace: 0,
  };
  /** Members of a scope whose labels match `where` (the filters the catalogue uses). */
  const members = (scope: import('./catalog/index.js').ScopeName, where: Readonly<Record<string, string | readonly string[]>>) => {
    const keys = Object.keys(where);
    if (keys.length === 0) return size[scope];
    if (scope === 'serviceClass' && keys.every((k) => k === 'goal_kind')) return classesOf(where.goal_kind);
    if (scope === 'cfStructure' && keys.every((k) => k === 'structure_type')) return structures.filter((s) => matchesWhere({ structure_type: s.type }, where)).length;
    throw new Error(`internal: estimateSeriesCount cannot count ${scope} members where ${JSON.stringify(where)}`);
  };
  let n = 0;
  for (const def of metricCatalog) {
    const width = def.buckets ? def.buckets.length + 3 : 1;
    for (const src of def.sources) n += width * members(src.scope, { ...getField(src.scope, src.field)!.where, ...src.where });
  }
  return n;
}
