import { allowedLabels, ENTITY_LABEL, metricCatalog, sampleNames, type EntityKind, type MetricDefinition, type MetricFamily } from '@rmf-sim/core';

/**
 * A name that may be a MongoDB field name as it is: a letter or `_`, then letters, digits or `_`, at most 64
 * characters (no `$`, no `.`, not empty, no NUL, not absurdly long).
 */
const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The field name of a label name. Catalogue label names are identifiers and stay as they are; anything else
 * (which a future catalogue might bring) becomes `~` + the hex of its UTF-8 bytes, which is always a valid field
 * name and cannot clash with a safe name (those never start with `~`). {@link decodeField} reverses it.
 *
 * @example
 * ```ts
 * encodeField('cpu_type'); // 'cpu_type'
 * encodeField('a.b');      // '~612e62'
 * ```
 */
export function encodeField(name: string): string {
  return SAFE_FIELD.test(name) ? name : `~${Buffer.from(name, 'utf8').toString('hex')}`;
}

/**
 * Inverse of {@link encodeField}.
 *
 * @example
 * ```ts
 * decodeField('~612e62'); // 'a.b'
 * ```
 */
export function decodeField(field: string): string {
  return field.startsWith('~') ? Buffer.from(field.slice(1), 'hex').toString('utf8') : field;
}

/**
 * Where one sample name's data lives: its collection, entity kind, and which labels the document elements carry.
 *
 * @example
 * ```ts
 * const p = compileLayout('').placements.get('rmf_volumes_iops')!;
 * console.log(p.kind, p.entityLabel, p.elementLabels.map((l) => l.name)); // lpar lpar ['volume_type', 'volume_id']
 * ```
 */
export interface SamplePlacement {
  readonly metric: string;
  readonly family: MetricFamily;
  readonly definition: MetricDefinition;
  /** Kind of the entity its documents are per (`lpar`, `volume`, …). */
  readonly kind: EntityKind;
  /** The label naming that entity (`lpar`, `volser`, …): stored once per document as `meta.entity`. */
  readonly entityLabel: string;
  /** Labels stored on each element (all allowed labels but `sysplex` and the entity label), with their field names. */
  readonly elementLabels: readonly { readonly name: string; readonly field: string }[];
}

/**
 * One metric family's collection.
 *
 * @example
 * ```ts
 * for (const c of store.collections) console.log(c.name, c.kinds.join(','), c.metrics.length);
 * ```
 */
export interface FamilyCollection {
  readonly family: MetricFamily;
  /** Collection name: `<prefix><family>_metrics`. */
  readonly name: string;
  /** Entity kinds whose documents it holds (in catalogue order). */
  readonly kinds: readonly EntityKind[];
  /** Sample names it holds (histograms: `_bucket`, `_sum`, `_count`). */
  readonly metrics: readonly string[];
}

/**
 * The whole layout, derived from the catalogue: collections by family and the placement of every sample name.
 *
 * @example
 * ```ts
 * const { ledger, schema } = compileLayout('rmf_'); // 'rmf_rmf_sim_ledger', 'rmf_rmf_sim_schema'
 * ```
 */
export interface Layout {
  readonly collections: readonly FamilyCollection[];
  readonly byFamily: ReadonlyMap<string, FamilyCollection>;
  readonly placements: ReadonlyMap<string, SamplePlacement>;
  /** `<prefix>rmf_sim_ledger`: claims of documents of time-series collections (see docs/decisions.md). */
  readonly ledger: string;
  /** `<prefix>rmf_sim_schema`: the schema document written by `migrate()`. */
  readonly schema: string;
}

/**
 * Derives collections and placements from core's `metricCatalog`: one collection per family; documents per
 * interval, entity (`entityOf`: kind and name) and sysplex; each document's elements carry the sample's other labels.
 *
 * @example
 * ```ts
 * const layout = compileLayout('rmf_');
 * layout.byFamily.get('cpu')?.name; // 'rmf_cpu_metrics'
 * layout.placements.get('rmf_volume_io_rate')?.kind; // 'volume'
 * ```
 */
export function compileLayout(prefix: string): Layout {
  const placements = new Map<string, SamplePlacement>();
  const families = new Map<MetricFamily, { kinds: EntityKind[]; metrics: string[] }>();
  for (const d of metricCatalog) {
    const f = families.get(d.family) ?? { kinds: [], metrics: [] };
    families.set(d.family, f);
    if (!f.kinds.includes(d.entity)) f.kinds.push(d.entity);
    const entityLabel = ENTITY_LABEL[d.entity];
    for (const metric of sampleNames(d)) {
      f.metrics.push(metric);
      const elementLabels = allowedLabels(metric, d)
        .filter((l) => l !== 'sysplex' && l !== entityLabel)
        .map((name) => ({ name, field: encodeField(name) }));
      placements.set(metric, { metric, family: d.family, definition: d, kind: d.entity, entityLabel, elementLabels });
    }
  }
  const collections = [...families].map(([family, f]) => ({ family, name: `${prefix}${family}_metrics`, kinds: f.kinds, metrics: f.metrics }));
  return {
    collections,
    byFamily: new Map(collections.map((c) => [c.family, c])),
    placements,
    ledger: `${prefix}rmf_sim_ledger`,
    schema: `${prefix}rmf_sim_schema`,
  };
}
