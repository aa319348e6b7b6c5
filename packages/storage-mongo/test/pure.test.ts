import { metricCatalog, normalizeQuery, StorageError, toRecords, createSimulator } from '@rmf-sim/core';
import fc from 'fast-check';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError, ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { compileLayout, decodeField, encodeField } from '../src/index.js';
import { Grouper, partId } from '../src/documents.js';
import { classify, duplicateIndexes } from '../src/errors.js';
import { collectionFilter } from '../src/pipelines.js';
import { planFast, planSlow, type StoredPart } from '../src/plan.js';
import { createdLayout, hasTimeSeries, wantsTimeSeries } from '../src/schema.js';

const layout = compileLayout('');
const T = Date.parse('2026-01-05T09:00:00Z');
const sim = createSimulator({ seed: 3 });

describe('field names', () => {
  it('keeps identifiers and encodes anything else into a valid field name that decodes back exactly', () => {
    for (const m of metricCatalog) for (const l of m.labels) expect(encodeField(l)).toBe(l);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const f = encodeField(s);
        expect(f.length).toBeGreaterThan(0);
        expect(f.startsWith('$') || f.includes('.') || f.includes('\u0000')).toBe(false);
        expect(decodeField(f)).toBe(s); // 'binary' strings are whole code points, never lone surrogates
      }),
    );
    expect(encodeField('$where')).toBe('~247768657265');
    expect(encodeField('a.b')).toBe('~612e62');
    expect(encodeField('')).toBe('~');
  });
});

describe('documents', () => {
  it('groups a batch by family, interval, sysplex and entity; a series twice keeps the last and counts as a repeat', () => {
    const records = toRecords(sim.samples(T));
    const { groups, repeats } = new Grouper(layout).group([...records, { ...records[0]!, value: 7 }]);
    expect(repeats).toBe(1);
    expect(groups.reduce((n, g) => n + g.samples.size, 0)).toBe(records.length);
    const g = groups.find((x) => x.samples.has(records[0]!.key.slice(0, records[0]!.key.lastIndexOf('@'))))!;
    expect([...g.samples.values()][0]!.element.value).toBe(7);
    expect(new Set(groups.map((x) => x.key)).size).toBe(groups.length);
  });

  it('refuses a batch whose part of one interval and entity would exceed what a document may hold', () => {
    const big = toRecords(
      Array.from({ length: 1200 }, (_, i) => ({ timestamp: T, metric: 'rmf_wlm_performance_index', labels: { sysplex: 'S', lpar: 'L', workload: 'W', service_class: 'C', period: `${i}`.padEnd(1024, 'x') }, value: 1 })),
    );
    expect(() => new Grouper(layout).group(big)).toThrow(expect.objectContaining({ code: 'ERR_RMF_STORE_RECORD', message: expect.stringMatching(/more than 3670016 bytes .* write it in smaller batches/) }));
    expect(new Grouper(layout).group(big.slice(0, 1000)).groups).toHaveLength(1);
  });

  it('derives part ids from the group and the part number only', () => {
    expect(partId('a', 0).equals(partId('a', 0))).toBe(true);
    expect(partId('a', 0).equals(partId('a', 1))).toBe(false);
    expect(partId('a', 0)).toBeInstanceOf(ObjectId);
  });
});

describe('write plans', () => {
  const records = toRecords(sim.samples(T)).filter((r) => r.metric === 'rmf_cpu_utilization_percent' && r.labels.lpar === 'PROD01');
  const [g] = new Grouper(layout).group(records).groups;
  const stored = (part: number, values: number[], ids = records.map((_, i) => i)): StoredPart => ({
    _id: partId(g!.key, part),
    timestamp: new Date(T),
    meta: g!.meta,
    part,
    metrics: ids.map((i, j) => ({ metric: records[i]!.metric, labels: { cpu_type: records[i]!.labels.cpu_type! }, value: values[j]! })),
  });

  it('fast path: an unknown group is part 0; the rest of a known one the next part; an overlap goes the slow way', () => {
    expect(planFast([g!], () => undefined).fast.map((w) => w.doc.part)).toEqual([0]);
    const first = new Set([...g!.samples.keys()].slice(0, 1));
    const rest = { ...g!, samples: new Map([...g!.samples].slice(1)) };
    expect(planFast([rest], () => ({ timestamp: T, series: first, nextPart: 1 })).fast.map((w) => w.doc.part)).toEqual([1]);
    expect(planFast([g!], () => ({ timestamp: T, series: first, nextPart: 1 })).slow).toEqual([g]);
  });

  it('slow path, regular: counts duplicates, rewrites only changed parts in place, puts new series in a new part', () => {
    const same = records.map((r) => r.value);
    expect(planSlow(layout, 'regular', g!, [stored(0, same)])).toMatchObject({ duplicates: 3, insert: null, replace: [], remove: [] });
    const changed = planSlow(layout, 'regular', g!, [stored(0, [same[0]!], [0]), stored(1, [same[1]! + 1], [1])]);
    expect(changed.duplicates).toBe(2);
    expect(changed.replace).toEqual([{ id: partId(g!.key, 1), part: 1, metrics: [{ metric: records[1]!.metric, labels: { cpu_type: records[1]!.labels.cpu_type }, value: same[1] }] }]);
    expect(changed.insert?.part).toBe(2);
    expect(changed.insert?.samples.map((s) => s.element.value)).toEqual([same[2]]);
    expect(changed.nextPart).toBe(3);
  });

  it('slow path, time-series: a changed part moves into a new part and is removed; a series in two parts is repaired', () => {
    const same = records.map((r) => r.value);
    const p = planSlow(layout, 'timeseries', g!, [stored(0, [same[0]! + 1, same[1]!, same[2]!])]);
    expect(p).toMatchObject({ duplicates: 3, replace: [], remove: [partId(g!.key, 0)] });
    expect(p.insert?.samples.map((s) => s.element.value).sort()).toEqual([...same].sort());
    // left by an interrupted rewrite: series 0 in parts 0 and 1; the batch brings nothing new for it
    const only2 = { ...g!, samples: new Map([...g!.samples].slice(2)) };
    const r = planSlow(layout, 'timeseries', only2, [stored(0, [same[0]!, same[2]!], [0, 2]), stored(1, [same[0]!], [0])]);
    expect(r.remove).toEqual([partId(g!.key, 0)]);
    expect(r.insert?.samples.map((s) => s.series)).toEqual([...g!.samples.keys()].slice(2));
    expect(r.series.size).toBe(2);
  });
});

describe('filters', () => {
  const cpu = layout.byFamily.get('cpu')!;
  it('looks for sysplex and the entity in meta, other labels in the elements; impossible queries match nothing', () => {
    const q = normalizeQuery({ from: 0, to: T, lpar: 'PROD01', labels: { cpu_type: ['ziip', ''] } });
    const f = collectionFilter(layout, cpu, q)!;
    expect(f.documents).toEqual({ timestamp: { $gt: new Date(0), $lte: new Date(T) }, 'meta.kind': 'lpar', 'meta.entity': { $in: ['PROD01'] } });
    expect(f.elements).toEqual({ 'meta.kind': 'lpar', 'metrics.labels.cpu_type': { $in: ['ziip', null] } });
    expect(collectionFilter(layout, cpu, normalizeQuery({ from: 0, to: T, lpar: [] }))).toBeNull();
    expect(collectionFilter(layout, cpu, normalizeQuery({ from: 0, to: T, labels: { volser: 'X' } }))).toBeNull();
    expect(collectionFilter(layout, cpu, normalizeQuery({ from: 0, to: T }))).toEqual({ collection: cpu, documents: { timestamp: { $gt: new Date(0), $lte: new Date(T) } }, elements: null });
  });

  it('names buckets exactly in doubles: the pipeline’s ceil(t / step) · step is the integer bucket end for every epoch-ms instant up to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), fc.integer({ min: 1, max: 400 * 86_400_000 }), (t, step) => {
        const exact = ((BigInt(t) + BigInt(step) - 1n) / BigInt(step)) * BigInt(step);
        expect(Math.ceil(t / step) * step).toBe(Number(exact));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('schema decisions', () => {
  it('uses time-series collections from MongoDB 7.0 on, as asked', () => {
    expect(hasTimeSeries([6, 3, 1])).toBe(false);
    expect(hasTimeSeries([7, 0, 0])).toBe(true);
    expect(hasTimeSeries([8, 2])).toBe(true);
    expect(wantsTimeSeries('auto', [6, 0], 'h')).toBe(false);
    expect(wantsTimeSeries(false, [8, 0], 'h')).toBe(false);
    expect(() => wantsTimeSeries(true, [6, 0, 4], 'h:1')).toThrow(/MongoDB at h:1 is version 6\.0\.4: the store uses time-series collections from 7\.0 on/);
    expect(createdLayout('auto', true, 'timeseries')).toBe('timeseries');
    expect(createdLayout('auto', true, 'collection')).toBe('regular');
    expect(createdLayout(true, true, 'collection')).toBe('timeseries');
  });
});

describe('driver errors', () => {
  it('classifies credentials, connection trouble, namespaces and refused documents', () => {
    expect(classify(new MongoServerError({ code: 18, errmsg: 'Authentication failed.' }))).toBe('ERR_RMF_STORE_AUTH');
    expect(classify(new MongoServerError({ code: 13, errmsg: 'not authorized on rmf to execute command' }))).toBe('ERR_RMF_STORE_AUTH');
    expect(classify(new MongoServerSelectionError('Server selection timed out after 800 ms', { type: 'Unknown' } as never))).toBe('ERR_RMF_STORE_UNAVAILABLE');
    expect(classify(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'))).toBe('ERR_RMF_STORE_UNAVAILABLE');
    expect(classify(new MongoServerError({ code: 91, errmsg: 'The server is in quiesce mode and will shut down' }))).toBe('ERR_RMF_STORE_UNAVAILABLE');
    expect(classify(new MongoServerError({ code: 26, errmsg: 'ns does not exist' }))).toBe('ERR_RMF_STORE_SCHEMA');
    expect(classify(new MongoServerError({ code: 10334, errmsg: 'BSONObj size: 17000000 is invalid' }))).toBe('ERR_RMF_STORE_RECORD');
    expect(classify(new MongoServerError({ code: 2, errmsg: 'bad value' }))).toBe('ERR_RMF_STORE_QUERY');
    expect(classify(new StorageError('ERR_RMF_STORE_UNAVAILABLE', 'x'))).toBe('ERR_RMF_STORE_QUERY'); // passes through storageError() instead
    // a bulk write broken by a network error wraps it in errorResponse
    const bulk = Object.assign(new MongoServerError({ errmsg: 'connect ECONNREFUSED' }), { errorResponse: new MongoNetworkError('connect ECONNREFUSED') });
    expect(classify(bulk)).toBe('ERR_RMF_STORE_UNAVAILABLE');
  });

  it('finds the documents a bulk insert refused as duplicates, and only when all its errors are duplicates', () => {
    const bulk = (writeErrors: unknown) => Object.assign(Object.create({ get name() { return 'MongoBulkWriteError'; } }), { writeErrors });
    expect(duplicateIndexes(bulk([{ index: 2, code: 11000 }, { index: 5, code: 11000 }]))).toEqual(new Set([2, 5]));
    expect(duplicateIndexes(bulk({ index: 1, code: 11000 }))).toEqual(new Set([1]));
    expect(duplicateIndexes(bulk([{ index: 2, code: 11000 }, { index: 3, code: 121 }]))).toBeUndefined();
    expect(duplicateIndexes(bulk([]))).toBeUndefined();
    expect(duplicateIndexes(new MongoNetworkError('x'))).toBeUndefined();
  });
});
