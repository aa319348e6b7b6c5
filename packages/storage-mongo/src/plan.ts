import type { ObjectId } from 'mongodb';
import { elementSeries, toDocument, type BatchGroup, type DocumentElement, type DocumentMeta, type GroupSample, type MetricDocument } from './documents.js';
import type { Layout } from './layout.js';

/**
 * How a collection keeps a record once:
 * - `regular`: the part's deterministic `_id` (and, on a real server, the unique index on the natural key) refuses a
 *   second copy of a part; a changed value is replaced in its document in place.
 * - `timeseries`: time-series collections enforce no uniqueness, so every part is first claimed in the ledger (a
 *   regular collection, `_id` = the part's); documents are never updated: a changed part is written again as a new
 *   part, then the old one is deleted.
 *
 * @example
 * ```ts
 * const { layouts } = await store.migrate();
 * console.log(layouts.cpu); // 'timeseries' on MongoDB 7.0+, else 'regular'
 * ```
 */
export type CollectionLayout = 'regular' | 'timeseries';

/** What the store knows of a group it wrote itself: the series stored and the next free part number. */
export interface KnownGroup {
  timestamp: number;
  series: ReadonlySet<string>;
  nextPart: number;
}

/** A part to claim and insert: the document, the group it belongs to, and its series. */
export interface PartWrite {
  group: BatchGroup;
  doc: MetricDocument;
  series: readonly string[];
}

/**
 * The fast path: a group the store has not seen is written as its part 0 (if part 0 exists, the claim fails and the
 * group goes the slow way); a group it wrote itself before and whose stored series the batch does not touch (the
 * rest of an interval, cut off by the previous batch) becomes the next part. Everything else (a rewrite, a retry
 * after a lost acknowledgement) needs to see what is stored: the slow path.
 */
export function planFast(groups: readonly BatchGroup[], known: (key: string) => KnownGroup | undefined): { fast: PartWrite[]; slow: BatchGroup[] } {
  const fast: PartWrite[] = [];
  const slow: BatchGroup[] = [];
  for (const g of groups) {
    const k = known(g.key);
    let overlaps = false;
    if (k) for (const s of g.samples.keys()) if (k.series.has(s)) overlaps = true;
    if (overlaps) slow.push(g);
    else fast.push(partWrite(g, k?.nextPart ?? 0, [...g.samples.values()]));
  }
  return { fast, slow };
}

/** A part of a group holding the given samples. */
export function partWrite(g: BatchGroup, part: number, samples: readonly GroupSample[]): PartWrite {
  return { group: g, doc: toDocument(g, part, samples), series: samples.map((s) => s.series) };
}

/** A stored part as read back (what the slow path needs of it). */
export interface StoredPart {
  _id: ObjectId;
  timestamp: Date;
  meta: DocumentMeta;
  part: number;
  metrics: DocumentElement[];
}

/** What the slow path does for one group. */
export interface SlowPlan {
  /** Records of the batch already stored (replaced, not added). */
  duplicates: number;
  /** A new part to claim and insert (its number may be taken: the store then tries the next), or null. */
  insert: { samples: GroupSample[]; part: number } | null;
  /** `regular`: parts to rewrite in place with these elements (none left: delete the part). */
  replace: { id: ObjectId; part: number; metrics: DocumentElement[] }[];
  /** `timeseries`: parts to delete once the new part is stored (their content moved into it). */
  remove: ObjectId[];
  /** Series stored once the plan ran. */
  series: Set<string>;
  /** Next free part number once the plan ran (assuming `insert` got `part`). */
  nextPart: number;
}

/**
 * The slow path of one group, from what is stored: which records of the batch replace stored ones (duplicates),
 * which parts must change, what goes into a new part. A series found in two parts (left by a rewrite of a
 * time-series part that was cut off between its insert and its delete) keeps the higher part's value; the lower
 * part is rewritten without it, so that the group holds every series once again.
 */
export function planSlow(layout: Layout, mode: CollectionLayout, g: BatchGroup, stored: readonly StoredPart[]): SlowPlan {
  const parts = [...stored].sort((a, b) => a.part - b.part);
  // series → where it is stored (the highest part wins)
  const owner = new Map<string, { at: number; index: number }>();
  const changed = new Set<number>(); // indexes into parts
  const drop = parts.map(() => new Set<number>()); // per part: element indexes to drop (superseded)
  const series = parts.map((p) => p.metrics.map((e) => elementSeries(layout, p.meta, e)));
  parts.forEach((_, i) => {
    series[i]!.forEach((s, j) => {
      const prev = owner.get(s);
      if (prev) {
        drop[prev.at]!.add(prev.index);
        changed.add(prev.at);
      }
      owner.set(s, { at: i, index: j });
    });
  });
  let duplicates = 0;
  const updates = parts.map(() => new Map<number, number>()); // element index → new value
  const fresh: GroupSample[] = [];
  for (const sample of g.samples.values()) {
    const at = owner.get(sample.series);
    if (!at) {
      fresh.push(sample);
      continue;
    }
    duplicates++;
    const current = parts[at.at]!.metrics[at.index]!.value;
    if (!Object.is(current, sample.element.value)) {
      updates[at.at]!.set(at.index, sample.element.value);
      changed.add(at.at);
    }
  }
  const rewritten = (i: number): DocumentElement[] =>
    parts[i]!.metrics.flatMap((e, j) => {
      if (drop[i]!.has(j)) return [];
      const v = updates[i]!.get(j);
      return [v === undefined ? e : { ...e, value: v }];
    });
  const allSeries = new Set<string>([...owner.keys(), ...fresh.map((s) => s.series)]);
  const nextFree = parts.length ? parts[parts.length - 1]!.part + 1 : 0;
  const order = [...changed].sort((a, b) => a - b);
  if (mode === 'regular') {
    return {
      duplicates,
      insert: fresh.length ? { samples: fresh, part: nextFree } : null,
      replace: order.map((i) => ({ id: parts[i]!._id, part: parts[i]!.part, metrics: rewritten(i) })),
      remove: [],
      series: allSeries,
      nextPart: fresh.length ? nextFree + 1 : nextFree,
    };
  }
  // time-series: one new part with the fresh samples and the content of every changed part; then delete those parts
  const moved: GroupSample[] = order.flatMap((i) => rewritten(i).map((element) => ({ series: elementSeries(layout, parts[i]!.meta, element), element })));
  const samples = [...moved, ...fresh];
  return {
    duplicates,
    insert: samples.length ? { samples, part: nextFree } : null,
    replace: [],
    remove: order.map((i) => parts[i]!._id),
    series: allSeries,
    nextPart: samples.length ? nextFree + 1 : nextFree,
  };
}
