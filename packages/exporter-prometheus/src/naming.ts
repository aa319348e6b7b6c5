/**
 * How catalogue metrics become exported metric families under each naming scheme.
 * @module
 */
import { getMetric, type Labels, type MetricDefinition } from '@rmf-sim/core';

/**
 * Which names to export:
 * - `'rmf'`: the catalogue's `rmf_*` names and label sets (the predecessor's names unchanged);
 * - `'ibm'`: IBM's RMF DDS OpenMetrics `mvs_*` names where the catalogue has one (`ibmName`), the `rmf_*` name
 *   for every other metric (so nothing is lost);
 * - `'both'`: every `rmf_*` family, plus a `mvs_*` copy of the metrics that have an IBM name.
 *
 * @example
 * ```ts
 * renderExposition(sim.samples(t), { naming: 'both' }); // rmf_lpar_msu_actual{…} and mvs_lpar_actual_msu_h{…}
 * ```
 */
export type Naming = 'rmf' | 'ibm' | 'both';

/** The naming schemes, for validation. */
export const NAMINGS: readonly Naming[] = ['rmf', 'ibm', 'both'];

/** Metric family type as exported. */
export type FamilyType = 'gauge' | 'counter' | 'histogram' | 'unknown';

/** One exported metric family derived from a catalogue metric. */
export interface FamilyMapping {
  /** Family name (histograms: the base name; counters: without `_total`). */
  readonly name: string;
  readonly help: string;
  readonly type: FamilyType;
  /** OpenMetrics unit, or `''` when the family name does not end in `_<unit>` (OpenMetrics requires it). */
  readonly unit: string;
  /** Multiplier applied to core's value (1 except for unit conversions of IBM names). */
  readonly scale: number;
  /** Core's sample name → exported sample name (`…_bucket`, `…_sum`, `…_count` keep their suffix). */
  sampleName(coreSampleName: string): string;
  /** Core's labels → exported labels, or `null` when the series is not part of this family. */
  labels(labels: Labels): Labels | null;
}

/**
 * What the catalogue's `ibmName` alone does not say, from IBM's DDS OpenMetrics names (DOMAIN.md §3):
 * the label names IBM uses, unit conversions and which series an IBM name covers.
 * (Candidates to move into core's catalogue as `ibm: { name, labels, scale, when }`.)
 */
const IBM_ADJUST: Readonly<Record<string, { rename?: Record<string, string>; scale?: number; unit?: string; when?: Record<string, string> }>> = {
  // mvs_lpar_actual_msu_h{cpc_id,lpar_name,…}
  rmf_lpar_msu_actual: { rename: { cpc: 'cpc_id', lpar: 'lpar_name' } },
  rmf_cpc_msu_capacity: { rename: { cpc: 'cpc_id' } },
  // a frame is 4 KiB: IBM counts real storage in frames, core in bytes
  rmf_memory_real_capacity_bytes: { rename: { lpar: 'sysname' }, scale: 1 / 4096, unit: 'frames' },
  // "delay_proc" is the processor delay only
  rmf_wlm_delay_percent: { rename: { lpar: 'sysname' }, when: { reason: 'cpu' } },
};

/** The OpenMetrics unit of a family, if its name carries it as a suffix (as OpenMetrics requires). */
function omUnit(name: string, unit: string): string {
  return unit && name.endsWith(`_${unit}`) ? unit : '';
}

function suffixOf(sampleName: string, base: string): string {
  return sampleName.length > base.length ? sampleName.slice(base.length) : '';
}

const identity = (l: Labels): Labels => l;

const rmfCache = new Map<string, FamilyMapping>();
const ibmCache = new Map<string, FamilyMapping | null>();

/** The `rmf_*` family of a catalogue metric: names and labels as core produces them. */
export function rmfFamily(def: MetricDefinition): FamilyMapping {
  let m = rmfCache.get(def.name);
  if (!m) {
    m = Object.freeze({
      name: def.name,
      help: def.help,
      type: def.type,
      unit: omUnit(def.name, def.unit),
      scale: 1,
      sampleName: (s: string) => s,
      labels: identity,
    });
    rmfCache.set(def.name, m);
  }
  return m;
}

/** The `mvs_*` family of a catalogue metric, or `null` when it has no IBM name. */
export function ibmFamily(def: MetricDefinition): FamilyMapping | null {
  let m = ibmCache.get(def.name);
  if (m === undefined) {
    const ibmName = def.ibmName;
    if (!ibmName) m = null;
    else {
      const adj = IBM_ADJUST[def.name] ?? {};
      const rename = adj.rename ?? {};
      const when = adj.when ?? {};
      const whenKeys = Object.keys(when);
      const relabel = (l: Labels): Labels | null => {
        for (const k of whenKeys) if (l[k] !== when[k]) return null;
        const out: Record<string, string> = {};
        for (const k in l) if (!(k in when)) out[rename[k] ?? k] = l[k]!;
        return Object.freeze(out);
      };
      const base = def.name;
      m = Object.freeze({
        name: ibmName,
        help: `${def.help} (IBM RMF DDS name of ${def.name}${adj.scale && adj.unit ? `, in ${adj.unit}` : ''})`,
        type: def.type,
        unit: omUnit(ibmName, adj.unit ?? def.unit),
        scale: adj.scale ?? 1,
        sampleName: (s: string) => ibmName + suffixOf(s, base),
        labels: whenKeys.length || Object.keys(rename).length ? relabel : identity,
      });
    }
    ibmCache.set(def.name, m);
  }
  return m;
}

/** One exported series: the family it belongs to and its exported labels. */
export interface SeriesMapping {
  family: FamilyMapping;
  labels: Labels;
}

/**
 * Where one core series goes under a naming scheme, in export order. In `'ibm'` mode a series that its IBM
 * family does not cover (e.g. the I/O delay of `rmf_wlm_delay_percent`) keeps its `rmf_*` family.
 * Metrics unknown to the catalogue get an `unknown`-typed family of their own name.
 */
export function mapSeries(metric: string, labels: Labels, naming: Naming): SeriesMapping[] {
  const def = getMetric(metric);
  if (!def) return [{ family: unknownFamily(metric), labels }];
  const rmf = { family: rmfFamily(def), labels };
  const ibm = naming === 'rmf' ? null : ibmFamily(def);
  const ibmLabels = ibm ? ibm.labels(labels) : null;
  if (!ibm || !ibmLabels) return [rmf];
  const mapped = { family: ibm, labels: ibmLabels };
  return naming === 'ibm' ? [mapped] : [rmf, mapped];
}

const unknownCache = new Map<string, FamilyMapping>();
function unknownFamily(metric: string): FamilyMapping {
  let m = unknownCache.get(metric);
  if (!m) {
    m = Object.freeze({ name: metric, help: '', type: 'unknown' as const, unit: '', scale: 1, sampleName: (s: string) => s, labels: identity });
    unknownCache.set(metric, m);
  }
  return m;
}
