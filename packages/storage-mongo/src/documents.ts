import { checkMeasurement, describeSeries, seriesKey, StorageError, type EntityKind, type Labels, type MetricRecord } from '@rmf-sim/core';
import { ObjectId } from 'mongodb';
import { createHash } from 'node:crypto';
import { decodeField, type FamilyCollection, type Layout, type SamplePlacement } from './layout.js';

/**
 * The series identity a document is about: the sysplex, and the entity (core's `entityOf`: kind and name).
 *
 * @example
 * ```ts
 * const meta: DocumentMeta = { sysplex: 'SYSPLEX01', kind: 'volume', entity: 'USR001' };
 * ```
 */
export interface DocumentMeta {
  /** Value of the `sysplex` label (`''` where the samples have none). */
  sysplex: string;
  kind: EntityKind;
  /** Value of the entity's label (`lpar`, `volser`, …; `''` where the samples have none). */
  entity: string;
}

/**
 * One sample inside a document: metric and label values are values here, never field names.
 *
 * @example
 * ```ts
 * const e: DocumentElement = { metric: 'rmf_volume_response_time_seconds', labels: { component: 'disc' }, value: 0.0012 };
 * ```
 */
export interface DocumentElement {
  metric: string;
  /** The sample's labels other than `sysplex` and the entity's label (those are in `meta`), empty values left out. */
  labels: Record<string, string>;
  value: number;
}

/**
 * A stored document: the samples of one metric family for one interval, sysplex and entity that one write brought
 * (`part` numbers the writes that added to the same interval and entity, from 0).
 *
 * @example
 * ```ts
 * const doc = await store.$client.db(store.database).collection<MetricDocument>('cpu_metrics').findOne({ 'meta.entity': 'PROD01' });
 * // { _id, timestamp: 2026-01-05T09:00:00Z, meta: { sysplex: 'SYSPLEX01', kind: 'lpar', entity: 'PROD01' }, part: 0,
 * //   metrics: [{ metric: 'rmf_cpu_utilization_percent', labels: { cpu_type: 'ziip' }, value: 45.3 }, …] }
 * ```
 */
export interface MetricDocument {
  _id: ObjectId;
  timestamp: Date;
  meta: DocumentMeta;
  part: number;
  metrics: DocumentElement[];
}

/** One record of a batch, validated and placed. */
export interface GroupSample {
  /** `seriesKey(metric, labels)`. */
  series: string;
  element: DocumentElement;
}

/** The records of one batch for one collection, interval, sysplex and entity. */
export interface BatchGroup {
  /** Identity of the group (collection, interval, sysplex, entity) as one string. */
  key: string;
  collection: FamilyCollection;
  timestamp: number;
  meta: DocumentMeta;
  /** Series key → sample; a series given twice in the batch keeps the last. */
  samples: Map<string, GroupSample>;
  /** Estimated BSON size of the group's elements, bytes. */
  bytes: number;
}

/** Longest label value a store accepts, characters. */
export const MAX_LABEL_CHARS = 1024;
/** Largest group (one batch's samples of one interval, sysplex, entity and family), estimated bytes: a time-series measurement may hold 4 MB. */
export const MAX_GROUP_BYTES = 3.5 * 1024 * 1024;

/** What is computed once per series (per frozen labels object). */
interface SeriesInfo {
  metric: string;
  series: string;
  placement: SamplePlacement;
  sysplex: string;
  entity: string;
  labels: Record<string, string>;
  bytes: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Groups a batch by collection, interval, sysplex and entity, validating every record first (catalogue metric and
 * labels, integer timestamp, finite value, label values MongoDB stores exactly): a bad record throws `StorageError`
 * `ERR_RMF_STORE_RECORD` and nothing is written. Returns the groups and the number of records that repeated a
 * series already earlier in the batch (they count as duplicates; the last one wins).
 */
export class Grouper {
  private readonly cache = new WeakMap<object, SeriesInfo>();
  constructor(private readonly layout: Layout) {}

  private info(metric: string, labels: Labels): SeriesInfo {
    const cached = this.cache.get(labels);
    if (cached !== undefined && cached.metric === metric) return cached;
    const { key } = describeSeries(metric, labels);
    const placement = this.layout.placements.get(metric);
    if (!placement) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: no collection holds this metric (run store.migrate() after upgrading core)`);
    const element: Record<string, string> = {};
    let bytes = metric.length + 40;
    for (const [name, value] of Object.entries(labels)) {
      if (value.length > MAX_LABEL_CHARS) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: label ${name} is longer than ${MAX_LABEL_CHARS} characters`);
      if (LONE_SURROGATE.test(value)) throw new StorageError('ERR_RMF_STORE_RECORD', `${metric}: label ${name} is not valid Unicode (a lone surrogate), which BSON cannot store exactly: ${JSON.stringify(value)}`);
      bytes += value.length * 3;
    }
    for (const { name, field } of placement.elementLabels) {
      const v = labels[name];
      if (v !== undefined && v !== '') {
        element[field] = v;
        bytes += field.length + 8;
      }
    }
    const info: SeriesInfo = { metric, series: key, placement, sysplex: labels.sysplex ?? '', entity: labels[placement.entityLabel] ?? '', labels: element, bytes };
    if (cached === undefined && Object.isFrozen(labels)) this.cache.set(labels, info);
    return info;
  }

  group(records: readonly MetricRecord[]): { groups: BatchGroup[]; repeats: number } {
    const groups = new Map<string, BatchGroup>();
    let repeats = 0;
    for (const r of records) {
      const s = this.info(r.metric, r.labels);
      checkMeasurement(r.metric, r.timestamp, r.value);
      const key = groupKey(s.placement.family, r.timestamp, s.sysplex, s.placement.kind, s.entity);
      let g = groups.get(key);
      if (!g) {
        const collection = this.layout.byFamily.get(s.placement.family)!;
        groups.set(key, (g = { key, collection, timestamp: r.timestamp, meta: { sysplex: s.sysplex, kind: s.placement.kind, entity: s.entity }, samples: new Map(), bytes: 0 }));
      }
      if (g.samples.has(s.series)) repeats++;
      else g.bytes += s.bytes;
      g.samples.set(s.series, { series: s.series, element: { metric: r.metric, labels: s.labels, value: r.value } });
      if (g.bytes > MAX_GROUP_BYTES) {
        throw new StorageError('ERR_RMF_STORE_RECORD', `${r.metric}: the batch holds more than ${MAX_GROUP_BYTES} bytes of samples of one interval and entity (${s.placement.kind} ${JSON.stringify(s.entity)}); write it in smaller batches`);
      }
    }
    return { groups: [...groups.values()], repeats };
  }
}

/** Identity of a group as one string (NUL-separated: no label value needs escaping). */
export function groupKey(family: string, timestamp: number, sysplex: string, kind: string, entity: string): string {
  return `${family}\u0000${timestamp}\u0000${sysplex}\u0000${kind}\u0000${entity}`;
}

/**
 * The `_id` of a part: the first 12 bytes of the SHA-256 of the group's identity and the part number, as an
 * ObjectId. Deterministic, so that writing the same part twice is refused by the `_id` index (regular collections)
 * or the ledger (time-series collections).
 */
export function partId(groupKeyString: string, part: number): ObjectId {
  return new ObjectId(createHash('sha256').update(`${groupKeyString}\u0000${part}`).digest().subarray(0, 12));
}

/** A document of a group: the given samples as part `part`. */
export function toDocument(g: Pick<BatchGroup, 'key' | 'timestamp' | 'meta'>, part: number, samples: Iterable<GroupSample>): MetricDocument {
  return { _id: partId(g.key, part), timestamp: new Date(g.timestamp), meta: g.meta, part, metrics: Array.from(samples, (s) => s.element) };
}

/** The labels of an element, back as the record's: the element's labels, the sysplex and the entity's label. */
export function recordLabels(placement: SamplePlacement, meta: Pick<DocumentMeta, 'sysplex' | 'entity'>, element: Pick<DocumentElement, 'labels'>): Record<string, string> {
  const labels: Record<string, string> = {};
  if (meta.sysplex !== '') labels.sysplex = meta.sysplex;
  if (meta.entity !== '') labels[placement.entityLabel] = meta.entity;
  for (const [field, value] of Object.entries(element.labels)) labels[decodeField(field)] = value;
  return labels;
}

/**
 * The record an element of a stored document stands for, with its key; undefined for a metric this version of the
 * catalogue does not know (written by a newer version).
 */
export function toRecord(layout: Layout, timestamp: number, meta: Pick<DocumentMeta, 'sysplex' | 'entity'>, element: DocumentElement): MetricRecord | undefined {
  const placement = layout.placements.get(element.metric);
  if (!placement) return undefined;
  const labels = recordLabels(placement, meta, element);
  return { key: `${seriesKey(element.metric, labels)}@${timestamp}`, timestamp, metric: element.metric, labels: Object.freeze(labels), value: element.value };
}

/** The series key of a stored element (to match it with a batch's samples). */
export function elementSeries(layout: Layout, meta: DocumentMeta, element: DocumentElement): string {
  const placement = layout.placements.get(element.metric);
  return placement ? seriesKey(element.metric, recordLabels(placement, meta, element)) : `?${element.metric}`;
}

/**
 * The documents a batch becomes in a store that holds none of it yet (part 0 of each interval, sysplex and entity),
 * with their collections: what `write()` inserts on its fast path. Validates like `write()`.
 *
 * @example
 * ```ts
 * const docs = documentsOf(compileLayout(''), toRecords(createSimulator({ seed: 42 }).samples('2026-01-05T09:00:00Z')));
 * console.log(docs.length); // one document per interval, sysplex and entity (a few hundred for the default topology)
 * ```
 */
export function documentsOf(layout: Layout, records: readonly MetricRecord[]): { collection: string; document: MetricDocument }[] {
  return new Grouper(layout).group(records).groups.map((g) => ({ collection: g.collection.name, document: toDocument(g, 0, g.samples.values()) }));
}
