/**
 * The flat series list of a topology, derived from the metric catalogue: every source of every metric, read for
 * every member of its scope.
 * @module
 */
import { getField, metricCatalog, scopes, type EntityKind } from './catalog/index.js';
import { at, type Frame } from './model/frame.js';
import type { Members } from './model/members.js';

/** Labels of one series: label name → value. Frozen and shared between samples of the same series. */
export type Labels = Readonly<Record<string, string>>;

/** One series of the flat sample view: where its value lives in the frame. */
export interface SeriesSpec {
  /** Sample name (for histograms: `…_bucket`, `…_sum`, `…_count`). */
  metric: string;
  labels: Labels;
  /** Entity that owns the series, e.g. `lpar:PROD01`; the unit of sharding. */
  owner: string;
  array: Float64Array;
  index: number;
}

function matches(labels: Labels, where: Readonly<Record<string, string>> | undefined): boolean {
  if (!where) return true;
  for (const k in where) if (labels[k] !== where[k]) return false;
  return true;
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
      if (!matches(member.labels, source.where) || !matches(member.labels, getField(source.scope, source.field)!.where)) return;
      const labels: Record<string, string> = {};
      for (const l of def.labels) labels[l] = source.set?.[l] ?? member.labels[l]!;
      const array = at(frame[source.scope], source.field) as Float64Array;
      const base = m * width;
      if (!def.buckets) {
        out.push({ metric: def.name, labels: Object.freeze(labels), owner: member.owner, array, index: base });
        return;
      }
      const nb = def.buckets.length;
      def.buckets.forEach((b, k) => out.push({ metric: `${def.name}_bucket`, labels: Object.freeze({ ...labels, le: String(b) }), owner: member.owner, array, index: base + k }));
      out.push({ metric: `${def.name}_bucket`, labels: Object.freeze({ ...labels, le: '+Inf' }), owner: member.owner, array, index: base + nb });
      out.push({ metric: `${def.name}_sum`, labels: Object.freeze({ ...labels }), owner: member.owner, array, index: base + nb + 1 });
      out.push({ metric: `${def.name}_count`, labels: Object.freeze({ ...labels }), owner: member.owner, array, index: base + nb });
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

/** Every entity of a topology in a fixed order (as the scopes first name them), as `kind:name` owner keys. */
export function entityKeys(members: Members): { kind: EntityKind; key: string }[] {
  const seen = new Set<string>();
  const out: { kind: EntityKind; key: string }[] = [];
  for (const s of scopes) {
    for (const m of members.of[s.name]) {
      if (seen.has(m.owner)) continue;
      seen.add(m.owner);
      out.push({ kind: s.entity, key: m.owner });
    }
  }
  return out;
}

/**
 * The number of series {@link buildSeries} builds for a validated topology (before sharding), counted from the
 * topology alone without allocating anything, so that an oversized topology is refused before it is expanded.
 * Mirrors `buildSeries` metric by metric (a test checks they agree).
 *
 * @example
 * ```ts
 * estimateSeriesCount(defaultTopology); // 4265
 * ```
 */
export function estimateSeriesCount(topology: import('./config.js').Topology): number {
  const L = topology.lpars.length;
  const lparNames = topology.lpars.map((l) => l.name);
  let classes = 0; // (LPAR, service class) pairs
  let rtClasses = 0;
  for (const sc of topology.serviceClasses) {
    const n = lparNames.filter((name) => sc.systems[name]).length;
    classes += n;
    if (sc.goal.kind === 'responseTime') rtClasses += n;
  }
  const links = topology.couplingFacilities.reduce((s, cf) => s + cf.linksPerLpar, 0);
  const CF = topology.couplingFacilities.length;
  const paths = topology.channels.pathsPerLpar;
  const ports = topology.network.osaPerLpar + topology.network.hipersocketsPerLpar;
  const V = topology.volumeGroups.reduce((s, g) => s + g.count, 0);
  const T = new Set(topology.volumeGroups.map((g) => g.model)).size;
  const C = topology.storageArray.clprs.length;
  // a histogram is one series per bound, +Inf, _sum and _count
  const hist = (metric: string) => getMetric(metric)!.buckets!.length + 3;
  return (
    6 * L + 3 + // CPU: utilisation by type (3), zIIP spill, capture ratio, MSU per LPAR; the CPC's 3
    6 * L + // memory: usage by type (3), real capacity, frames available, page-in rate
    7 * classes + rtClasses + // WLM: PI, velocity, using, 3 delays, transaction rate; response time for response-time goals
    2 * L * QUEUE_TYPES.length + // predecessor queues: rate and depth
    L * links * (hist('rmf_clpr_service_time_microseconds') + 2) + // CF link histograms, sync and async request rates
    CF + 4 * CF * L + // CF utilisation; request rate and service time, sync and async, per LPAR
    2 * L * (paths + ports) + 2 * L * paths + // ports (FICON, OSA, HiperSockets) utilisation and throughput; channels
    3 * L * V + L * T * hist('rmf_ldev_response_time_seconds') + // each system's view of each volume; I/O histograms
    10 * V + // volume response components (5), rate, utilisation, read hits, capacity, used
    3 * C + topology.storageArray.mpBlades + 3 * topology.storageArray.hostPorts
  );
}
