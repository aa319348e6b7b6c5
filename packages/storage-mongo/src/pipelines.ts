import { ENTITY_LABEL, type EntityKind, type NormalizedAggregate, type NormalizedQuery } from '@rmf-sim/core';
import type { Document } from 'mongodb';
import { encodeField, type FamilyCollection, type Layout } from './layout.js';

/** Filters of a query on one collection: on documents (before `$unwind`) and on their elements (after). */
export interface CollectionFilter {
  collection: FamilyCollection;
  /** `$match` on documents: the time range and, per entity kind, sysplex and entity. */
  documents: Document;
  /** `$match` on unwound elements (`metrics.*`), or null when every element of the matched documents matches. */
  elements: Document | null;
}

/** `{ $in: values }` for a field that is `''` where a record has no such label (meta fields are always set). */
const inMeta = (values: ReadonlySet<string>) => ({ $in: [...values] });
/** The same for an element label, which is absent (not `''`) where a record has none: `null` matches absent. */
const inElement = (values: ReadonlySet<string>) => {
  const set = [...values].filter((v) => v !== '');
  return { $in: values.has('') ? [...set, null] : set };
};

const orOf = (conditions: Document[]): Document => (conditions.length === 1 ? conditions[0]! : { $or: conditions });

/**
 * The `$match` stages that select exactly the records of a query in one collection, or null when none can match.
 * A label is looked for where it is stored: `sysplex` in `meta.sysplex`, the entity's label in `meta.entity` (for
 * documents of that entity kind), any other in the elements' `labels`; a label a metric does not have counts as `''`.
 *
 * @example
 * ```ts
 * const q = normalizeQuery({ from: 0, to: Date.parse('2026-01-06T00:00:00Z'), lpar: 'PROD01', family: 'cpu' });
 * collectionFilter(compileLayout(''), compileLayout('').byFamily.get('cpu')!, q);
 * // { documents: { timestamp: { $gt: …, $lte: … }, 'meta.kind': 'lpar', 'meta.entity': { $in: ['PROD01'] } }, elements: null, … }
 * ```
 */
export function collectionFilter(layout: Layout, collection: FamilyCollection, q: NormalizedQuery): CollectionFilter | null {
  const docOr: Document[] = [];
  const elemOr: Document[] = [];
  let everyElement = true;
  for (const kind of collection.kinds) {
    const all = collection.metrics.filter((m) => layout.placements.get(m)!.kind === kind);
    const metrics = all.filter((m) => q.metrics.has(m));
    if (metrics.length === 0) continue;
    const doc: Document = { 'meta.kind': kind };
    const elem: Document = {};
    let possible = true;
    for (const [label, values] of q.labels) {
      if (label === 'sysplex') doc['meta.sysplex'] = inMeta(values);
      else if (label === ENTITY_LABEL[kind]) doc['meta.entity'] = inMeta(values);
      else if (metrics.some((m) => layout.placements.get(m)!.elementLabels.some((l) => l.name === label))) elem[`metrics.labels.${encodeField(label)}`] = inElement(values);
      else if (!values.has('')) possible = false; // no metric of this kind has the label: every record counts as ''
      if (values.size === 0) possible = false;
    }
    if (!possible) continue;
    if (metrics.length < all.length) elem['metrics.metric'] = { $in: metrics };
    if (Object.keys(elem).length > 0) everyElement = false;
    docOr.push(doc);
    elemOr.push({ 'meta.kind': kind, ...elem });
  }
  if (docOr.length === 0) return null;
  const range = { timestamp: { $gt: new Date(q.fromMs), $lte: new Date(q.toMs) } };
  // documents of every kind of the collection without further conditions need no kind condition at all
  const plainKinds = docOr.length === collection.kinds.length && docOr.every((d) => Object.keys(d).length === 1);
  return { collection, documents: plainKinds ? range : { ...range, ...orOf(docOr) }, elements: everyElement ? null : orOf(elemOr) };
}

/** The pipeline of `read()` on one collection: matching documents in time order, unwound to their matching elements. */
export function readPipeline(f: CollectionFilter): Document[] {
  return [{ $match: f.documents }, { $sort: { timestamp: 1 } }, { $unwind: '$metrics' }, ...(f.elements ? [{ $match: f.elements }] : []), { $project: { _id: 0, timestamp: 1, meta: 1, metrics: 1 } }];
}

/** The pipeline of `count()` on one collection: the elements' number, summed without unwinding when every element of the matched documents counts. */
export function countPipeline(f: CollectionFilter): Document[] {
  if (!f.elements) return [{ $match: f.documents }, { $group: { _id: null, n: { $sum: { $size: '$metrics' } } } }];
  return [{ $match: f.documents }, { $unwind: '$metrics' }, { $match: f.elements }, { $count: 'n' }];
}

/** Where a label of a metric is in an unwound document, as an aggregation expression. */
export function labelPath(layout: Layout, metric: string, label: string): string {
  const p = layout.placements.get(metric)!;
  if (label === 'sysplex') return '$meta.sysplex';
  if (label === p.entityLabel) return '$meta.entity';
  return `$metrics.labels.${encodeField(label)}`;
}

/**
 * The pipeline of `aggregate()`: buckets named by their end (`ceil(t / step) · step`, exact in doubles for every
 * epoch-ms timestamp up to the year 9999), grouped by bucket and the `by` labels (as `l0`, `l1`, … so that no label
 * name or value becomes a field name). `avg`, `min` and `max` are accumulators; `pNN` sorts the values, pushes them
 * in order and picks rank `max(1, ceil(NN · n / 100))` (nearest rank, as the store contract defines it).
 */
export function aggregatePipeline(layout: Layout, f: CollectionFilter, q: NormalizedAggregate): Document[] {
  const ms = { $toLong: '$timestamp' };
  const bucket = { $multiply: [{ $ceil: { $divide: [ms, q.stepMs] } }, q.stepMs] };
  const id: Document = { b: bucket };
  q.by.forEach((l, i) => (id[`l${i}`] = labelPath(layout, q.metric, l)));
  const head = [{ $match: f.documents }, { $unwind: '$metrics' }, ...(f.elements ? [{ $match: f.elements }] : [])];
  if (q.fn === 'avg' || q.fn === 'min' || q.fn === 'max') {
    return [...head, { $group: { _id: id, v: { [`$${q.fn}`]: '$metrics.value' }, n: { $sum: 1 } } }];
  }
  const p = Number(q.fn.slice(1));
  const rank = { $max: [1, { $ceil: { $divide: [{ $multiply: [p, '$n'] }, 100] } }] };
  return [
    ...head,
    { $sort: { 'metrics.value': 1 } },
    { $group: { _id: id, values: { $push: '$metrics.value' }, n: { $sum: 1 } } },
    { $project: { _id: 1, n: 1, v: { $arrayElemAt: ['$values', { $subtract: [rank, 1] }] } } },
  ];
}

/** The latest interval of every LPAR in a collection, up to `atMs`: `{ _id: { s: sysplex, e: lpar }, t: Date }`. */
export function latestPipeline(q: NormalizedQuery): Document[] {
  const match: Document = { 'meta.kind': 'lpar' satisfies EntityKind, timestamp: { $lte: new Date(q.toMs) } };
  const sysplex = q.labels.get('sysplex');
  const lpar = q.labels.get(ENTITY_LABEL.lpar);
  if (sysplex) match['meta.sysplex'] = inMeta(sysplex);
  if (lpar) match['meta.entity'] = inMeta(lpar);
  return [{ $match: match }, { $group: { _id: { s: '$meta.sysplex', e: '$meta.entity' }, t: { $max: '$timestamp' } } }];
}

/** The documents of the given LPARs at the given intervals, unwound. */
export function snapshotPipeline(wanted: readonly { sysplex: string; lpar: string; timestamp: number }[]): Document[] {
  return [
    { $match: { 'meta.kind': 'lpar' satisfies EntityKind, $or: wanted.map((w) => ({ 'meta.sysplex': w.sysplex, 'meta.entity': w.lpar, timestamp: new Date(w.timestamp) })) } },
    { $unwind: '$metrics' },
    { $project: { _id: 0, timestamp: 1, meta: 1, metrics: 1 } },
  ];
}

/** Index names the store creates. */
export const INDEX = { naturalKey: 'rmf_natural_key', entityTime: 'rmf_entity_time', metaTime: 'rmf_meta_time', ttl: 'rmf_ttl', ledgerTime: 'rmf_time' } as const;

/** An index to create: key pattern and options. */
export interface IndexSpec {
  key: Document;
  name: string;
  unique?: boolean;
  expireAfterSeconds?: number;
}

/**
 * Indexes of a family collection. Regular: the natural key of a part (interval, sysplex, kind, entity, part), unique
 * (the guard against a second copy on a real server, and the index of time-range reads), and (entity, time) for
 * reads of one LPAR or volume. Time-series: (sysplex, kind, entity, time) for the same reads (uniqueness is not
 * possible there). `ttlIndexSeconds`: a TTL index on `timestamp` (not for a real time-series collection, whose TTL is
 * its `expireAfterSeconds`).
 */
export function collectionIndexes(layout: 'regular' | 'timeseries', ttlIndexSeconds: number | undefined): IndexSpec[] {
  const ttl = ttlIndexSeconds !== undefined ? [{ key: { timestamp: 1 }, name: INDEX.ttl, expireAfterSeconds: ttlIndexSeconds }] : [];
  if (layout === 'timeseries') return [{ key: { 'meta.sysplex': 1, 'meta.kind': 1, 'meta.entity': 1, timestamp: 1 }, name: INDEX.metaTime }, ...ttl];
  return [
    { key: { timestamp: 1, 'meta.sysplex': 1, 'meta.kind': 1, 'meta.entity': 1, part: 1 }, name: INDEX.naturalKey, unique: true },
    { key: { 'meta.entity': 1, timestamp: 1 }, name: INDEX.entityTime },
    ...ttl,
  ];
}

/**
 * How much longer a ledger entry lives than the data it claims, when a TTL is set: a claim must never expire
 * before its documents (the TTL monitor runs every 60 s and may lag), or a rewrite after the claim's expiry would
 * take the fast path and add a second copy.
 */
export const LEDGER_TTL_MARGIN_SECONDS = 86_400;

/** Indexes of the ledger: time (for `deleteBefore`) and, with a TTL, the TTL index one day longer than the data's. */
export function ledgerIndexes(ttlSeconds: number | undefined): IndexSpec[] {
  return [
    { key: { timestamp: 1, _id: 1 }, name: INDEX.ledgerTime },
    ...(ttlSeconds !== undefined ? [{ key: { timestamp: 1 }, name: INDEX.ttl, expireAfterSeconds: ttlSeconds + LEDGER_TTL_MARGIN_SECONDS }] : []),
  ];
}

/** The `create` options of a time-series family collection. */
export function timeSeriesOptions(granularity: 'seconds' | 'minutes' | 'hours', ttlSeconds: number | undefined): Document {
  return { timeseries: { timeField: 'timestamp', metaField: 'meta', granularity }, ...(ttlSeconds !== undefined ? { expireAfterSeconds: ttlSeconds } : {}) };
}
