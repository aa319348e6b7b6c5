/**
 * How catalogue metrics become exported metric families under each naming scheme.
 * @module
 */
import { getMetric, type IbmMetric, type Labels, type MetricDefinition } from '@rmf-sim/core';

/**
 * Which names to export:
 * - `'rmf'`: the catalogue's `rmf_*` names and label sets (the predecessor's names unchanged);
 * - `'ibm'`: IBM's RMF DDS OpenMetrics `mvs_*` names where the catalogue declares one (`MetricDefinition.ibm`), the
 *   `rmf_*` name for every other series (so nothing is lost);
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

/** The OpenMetrics unit of a family, if its name carries it as a suffix (as OpenMetrics requires). */
function omUnit(name: string, unit: string): string {
  return unit && name.endsWith(`_${unit}`) ? unit : '';
}

function suffixOf(sampleName: string, base: string): string {
  return sampleName.length > base.length ? sampleName.slice(base.length) : '';
}

const identity = (l: Labels): Labels => l;

const rmfCache = new Map<string, FamilyMapping>();
const ibmCache = new Map<IbmMetric, FamilyMapping>();

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

/**
 * The `mvs_*` family of one of a catalogue metric's IBM names (`def.ibm`): IBM's name, labels (renamed, dropped,
 * constants added), unit and scale as the catalogue declares them; `labels()` is `null` for the series it does not
 * cover (`when`).
 */
export function ibmFamily(def: MetricDefinition, ibm: IbmMetric): FamilyMapping {
  let m = ibmCache.get(ibm);
  if (!m) {
    const rename = ibm.labels ?? {};
    const when = ibm.when ?? {};
    const whenKeys = Object.keys(when);
    const drop = new Set([...(ibm.drop ?? []), ...whenKeys]);
    const set = ibm.set ?? {};
    const relabel = (l: Labels): Labels | null => {
      for (const k of whenKeys) if (l[k] !== when[k]) return null;
      const out: Record<string, string> = {};
      for (const k in l) if (!drop.has(k)) out[rename[k] ?? k] = l[k]!;
      for (const k in set) out[k] = set[k]!;
      return Object.freeze(out);
    };
    const base = def.name;
    const name = ibm.name;
    m = Object.freeze({
      name,
      help: `${def.help} (IBM RMF DDS name of ${def.name}${whenKeys.length ? ` where ${whenKeys.map((k) => `${k}="${when[k]}"`).join(', ')}` : ''}${ibm.unit ? `, in ${ibm.unit}` : ''})`,
      type: def.type,
      unit: omUnit(name, ibm.unit ?? def.unit),
      scale: ibm.scale ?? 1,
      sampleName: (s: string) => name + suffixOf(s, base),
      labels: relabel,
    });
    ibmCache.set(ibm, m);
  }
  return m;
}

/** One exported series: the family it belongs to and its exported labels. */
export interface SeriesMapping {
  family: FamilyMapping;
  labels: Labels;
}

/**
 * Where one core series goes under a naming scheme, in export order. In `'ibm'` mode a series that none of its
 * metric's IBM names covers keeps its `rmf_*` family.
 * Metrics unknown to the catalogue get an `unknown`-typed family of their own name.
 */
export function mapSeries(metric: string, labels: Labels, naming: Naming): SeriesMapping[] {
  const def = getMetric(metric);
  if (!def) return [{ family: unknownFamily(metric), labels }];
  const rmf = { family: rmfFamily(def), labels };
  if (naming === 'rmf') return [rmf];
  for (const ibm of def.ibm) {
    const family = ibmFamily(def, ibm);
    const mapped = family.labels(labels);
    if (mapped) return naming === 'ibm' ? [{ family, labels: mapped }] : [rmf, { family, labels: mapped }];
  }
  return [rmf];
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
