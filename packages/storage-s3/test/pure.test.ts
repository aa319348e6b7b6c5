import { createSimulator, getMetric, metricCatalog, normalizeQuery, recordKey, toRecords, type MetricRecord } from '@rmf-sim/core';
import fc from 'fast-check';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { decodeNdjson, decodeObject, encodeCsv, encodeNdjson, encodeObject, encodeParquet, ParquetStreamWriter, objectKey, parseWindowName, segment, segmentValue, tableColumns, windowName, archiveKey } from '../src/index.js';
import { encodeWindow, mergeRecords, seriesText } from '../src/codec.js';
import { monthsOf, queryScope } from '../src/layout.js';
import { resolveS3Options } from '../src/options.js';

const sim = createSimulator({ seed: 42 });
const T = Date.parse('2026-01-05T09:00:00Z');
const records = toRecords(sim.samples(T));
const layout = { prefix: 'rmf/', windowMs: 300_000 };

describe('layout', () => {
  it('puts a record under metrics/<family>/<SYSPLEX>/<entity>/YYYY/MM/DD/HH/YYYYMMDD_HHMMSS.json.gz of its window', () => {
    const cpu = records.find((r) => r.metric === 'rmf_cpu_utilization_percent' && r.labels.lpar === 'PROD01')!;
    expect(objectKey(layout, cpu)).toBe('rmf/metrics/cpu/SYSPLEX01/PROD01/2026/01/05/09/20260105_090000.json.gz');
    const later = { ...cpu, timestamp: T + 299_999 };
    expect(objectKey(layout, later)).toBe('rmf/metrics/cpu/SYSPLEX01/PROD01/2026/01/05/09/20260105_090000.json.gz');
    expect(objectKey(layout, { ...cpu, timestamp: T + 300_000 })).toBe('rmf/metrics/cpu/SYSPLEX01/PROD01/2026/01/05/09/20260105_090500.json.gz');
    expect(objectKey({ prefix: '', windowMs: 3_600_000 }, { ...cpu, timestamp: T - 1 })).toBe('metrics/cpu/SYSPLEX01/PROD01/2026/01/05/08/20260105_080000.json.gz');
    const volume = records.find((r) => r.metric === 'rmf_volume_io_rate')!;
    expect(objectKey(layout, volume)).toBe(`rmf/metrics/volume/SYSPLEX01/${volume.labels.volser}/2026/01/05/09/20260105_090000.json.gz`);
    // a record without its entity label (a sysplex-wide series) goes under `_`
    const noEntity = records.find((r) => !objectKey(layout, r).split('/')[4]!.match(/^[A-Z0-9]/));
    if (noEntity) expect(objectKey(layout, noEntity).split('/')[4]).toMatch(/^(_|[^/]+)$/);
    expect(archiveKey(layout, Date.parse('2024-02-10T00:00:00Z'))).toBe('rmf/archive/monthly/2024/02/archive_20240201_20240229.json.gz');
  });

  it('key segments round-trip any label value and never contain a slash', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        const s = segment(v);
        expect(s).not.toContain('/');
        expect(s.length).toBeGreaterThan(0);
        expect(segmentValue(s)).toBe(v);
      }),
    );
    expect(segment('')).toBe('_');
    expect(segment('_')).not.toBe('_');
  });

  it('window names round-trip and sort as their instants do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799 }), fc.integer({ min: 0, max: 253_402_300_799 }), (a, b) => {
        const [ta, tb] = [a * 1000, b * 1000];
        expect(parseWindowName(windowName(ta))).toBe(ta);
        expect(windowName(ta) < windowName(tb)).toBe(ta < tb);
      }),
    );
    expect(parseWindowName('2026/01/05/09/20260105_100000.json.gz')).toBeUndefined(); // hour folder and name disagree
    expect(parseWindowName('2026/01/05/09/20260105_090000.json')).toBeUndefined();
  });

  it('lists only the families, sysplexes and entities a query can match', () => {
    const s = queryScope(normalizeQuery({ from: 0, to: 1, family: ['cpu', 'volume'], sysplex: 'PLEXA', lpar: 'PROD01' }));
    expect(s.families).toEqual(['cpu', 'volume']);
    expect([...s.sysplexes!]).toEqual(['PLEXA']);
    // every cpu metric has the LPAR as its entity: only PROD01; volume metrics have volumes and LPARs as entities: any
    const cpuKinds = new Set(metricCatalog.filter((m) => m.family === 'cpu').map((m) => m.entity));
    if (cpuKinds.size === 1 && cpuKinds.has('lpar')) expect([...s.entities.get('cpu')!]).toEqual(['PROD01']);
    expect(queryScope(normalizeQuery({ from: 0, to: 1 })).families.length).toBe(new Set(metricCatalog.map((m) => m.family)).size);
    expect(monthsOf(Date.parse('2026-01-31T23:59:59Z'), Date.parse('2026-03-01T00:00:00Z')).map((m) => new Date(m).toISOString().slice(0, 7))).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsOf(Date.parse('2026-01-31T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z')).map((m) => new Date(m).toISOString().slice(0, 7))).toEqual(['2026-01', '2026-02']);
  });
});

const recordArb = fc
  .record({
    r: fc.constantFrom(...records.slice(0, 200)),
    t: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    v: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0), fc.constant(5e-324)),
  })
  .map(({ r, t, v }): MetricRecord => ({ ...r, timestamp: t, value: v, key: recordKey({ ...r, timestamp: t }) }));

describe('codec', () => {
  it('gzipped NDJSON round-trips every record exactly (keys, labels, values including -0)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { maxLength: 50 }), async (rs) => {
        const back = await decodeObject(await encodeObject(rs));
        const sorted = [...rs].sort((a, b) => a.timestamp - b.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        expect(back.map((r) => r.key)).toEqual(sorted.map((r) => r.key));
        back.forEach((r, i) => {
          expect(Object.is(r.value, sorted[i]!.value)).toBe(true);
          expect({ ...r.labels }).toEqual(Object.fromEntries(Object.entries(sorted[i]!.labels).filter(([, v]) => v !== '')));
        });
      }),
      { numRuns: 50 },
    );
  });

  it('the same records give the same bytes, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(recordArb, { selector: (r) => r.key, maxLength: 40 }).chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))), async ([a, b]) => {
        expect(Buffer.from(await encodeObject(a)).equals(Buffer.from(await encodeObject(b)))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  /** encodeWindow's input of records: parallel arrays, one series object per series key (as the store keeps them). */
  function windowArrays(rs: readonly MetricRecord[]) {
    const series = new Map<string, { key: string; text: Buffer }>();
    const of = (r: MetricRecord) => {
      const key = r.key.slice(0, r.key.lastIndexOf('@'));
      let s = series.get(key);
      if (!s) series.set(key, (s = { key, text: seriesText(r.metric, r.labels) }));
      return s;
    };
    return [rs.map((r) => r.timestamp), rs.map(of), rs.map((r) => r.value)] as const;
  }

  it('encodeWindow writes the bytes of encodeNdjson after the merge, and counts the same duplicates', () => {
    const withDuplicates = fc.array(recordArb, { maxLength: 60 }).chain((rs) => fc.tuple(fc.constant(rs), fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 })));
    fc.assert(
      fc.property(withDuplicates, ([rs, again, stored]) => {
        // some records again (later in the batch, with another value), some keys already stored elsewhere
        const batch = rs.length ? [...rs, ...again.map((i) => ({ ...rs[i % rs.length]!, value: i }))] : rs;
        const alsoStored = new Set(stored.map((i) => batch[i % Math.max(1, batch.length)]?.key).filter((k): k is string => k !== undefined));
        const expected = mergeRecords([], batch, alsoStored);
        const got = encodeWindow(...windowArrays(batch), alsoStored);
        expect(got.bytes.toString('utf8')).toBe(encodeNdjson(expected.records));
        expect(got.records).toBe(expected.records.length);
        expect(got.duplicates).toBe(expected.duplicates);
      }),
      { numRuns: 200 },
    );
  });

  it('encodeWindow of a simulated window (every series, 5 intervals, in the simulator\'s order) is encodeNdjson of it', () => {
    const window = Array.from({ length: 5 }, (_, i) => toRecords(sim.samples(T + i * 15_000))).flat();
    const got = encodeWindow(...windowArrays(window));
    expect(got.duplicates).toBe(0);
    expect(got.records).toBe(window.length);
    expect(got.bytes.equals(Buffer.from(encodeNdjson(window), 'utf8'))).toBe(true);
  });

  it('a line that is not a record is an error naming the line', () => {
    const text = encodeNdjson(records.slice(0, 2));
    expect(decodeNdjson(text)).toHaveLength(2);
    expect(() => decodeNdjson(`${text}{"metric":1}\n`)).toThrow(/line 3/);
    expect(() => decodeNdjson('{oops\n')).toThrow(/line 1/);
  });

  it('merging replaces by key, keeps the last of a key, and counts what was there before', () => {
    const a = records.slice(0, 10);
    const changed = { ...a[3]!, value: 99 };
    const { records: merged, duplicates } = mergeRecords(a, [changed, records[20]!, { ...records[20]!, value: 1 }], new Set([records[30]!.key]));
    expect(merged).toHaveLength(11);
    expect(duplicates).toBe(2); // a[3] was there; records[20] was earlier in the same batch
    expect(merged.find((r) => r.key === a[3]!.key)!.value).toBe(99);
    expect(merged.find((r) => r.key === records[20]!.key)!.value).toBe(1);
    expect(mergeRecords([], [records[30]!], new Set([records[30]!.key])).duplicates).toBe(1);
  });
});

describe('tables', () => {
  it('derives the columns from the catalogue', () => {
    const cols = tableColumns({ metrics: ['rmf_cpu_utilization_percent'] }).map((c) => c.name);
    expect(cols).toEqual(['timestamp', 'metric', 'family', ...getMetric('rmf_cpu_utilization_percent')!.labels, 'value']);
    const all = tableColumns().map((c) => c.name);
    for (const m of metricCatalog) for (const l of m.labels) expect(all).toContain(l);
    expect(all).toContain('le');
    expect(new Set(all).size).toBe(all.length);
  });

  it('Parquet read back by hyparquet holds every record exactly', async () => {
    const file = encodeParquet(records);
    const rows = (await parquetReadObjects({ file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer })) as Record<string, unknown>[];
    expect(rows).toHaveLength(records.length);
    const labels = tableColumns({ metrics: new Set(records.map((r) => r.metric)) }).filter((c) => c.source === 'label').map((c) => c.name);
    const back = new Map(
      rows.map((row) => {
        const l: Record<string, string> = {};
        for (const n of labels) if (row[n] !== null && row[n] !== undefined) l[n] = row[n] as string;
        const ts = row.timestamp instanceof Date ? row.timestamp.getTime() : Number(row.timestamp);
        return [recordKey({ metric: row.metric as string, labels: l, timestamp: ts }), row.value as number];
      }),
    );
    expect(back).toEqual(new Map(records.map((r) => [r.key, r.value])));
    expect(rows.every((row) => row.family === getMetric(row.metric as string)!.family)).toBe(true);
  });

  it('ParquetStreamWriter writes the bytes of encodeParquet, a row group at a time, holding at most one group', async () => {
    const three = [0, 1, 2].flatMap((i) => toRecords(sim.samples(T + i * sim.intervalMs)));
    const columns = tableColumns({ metrics: new Set(three.map((r) => r.metric)) });
    for (const rowGroupSize of [1000, 4096, 100_000]) {
      const parts: Uint8Array[] = [];
      let maxHeld = 0;
      const pq = new ParquetStreamWriter({ columns, rowGroupSize, write: (b) => void parts.push(b) });
      for (let i = 0; i < 3; i++) {
        // one interval per call, in any order inside the call (sorted by the writer)
        await pq.add(three.filter((r) => r.timestamp === T + i * sim.intervalMs).reverse());
        maxHeld = Math.max(maxHeld, (pq as unknown as { held: unknown[] }).held.length);
      }
      await pq.close();
      expect(pq.records).toBe(three.length);
      expect(maxHeld).toBeLessThan(rowGroupSize);
      // row groups went out before the end whenever there was more than one
      if (rowGroupSize < three.length) expect(parts.length).toBeGreaterThan(2);
      const streamed = Buffer.concat(parts);
      expect(streamed.equals(Buffer.from(encodeParquet(three, { columns, rowGroupSize }))), `rowGroupSize ${rowGroupSize}`).toBe(true);
    }
  });

  it('ParquetStreamWriter refuses records out of order, labels outside its columns, and an empty file is valid', async () => {
    const pq = new ParquetStreamWriter({ write: () => {} });
    await pq.add(toRecords(sim.samples(T + sim.intervalMs)));
    await expect(pq.add(toRecords(sim.samples(T)))).rejects.toThrow(/comes before/);
    const narrow = new ParquetStreamWriter({ columns: tableColumns({ metrics: ['rmf_volume_io_rate'] }), write: () => {} });
    await expect(narrow.add(records)).rejects.toThrow(RangeError);
    const parts: Uint8Array[] = [];
    const empty = new ParquetStreamWriter({ write: (b) => void parts.push(b) });
    await empty.close();
    const file = Buffer.concat(parts);
    const rows = await parquetReadObjects({ file: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer });
    expect(rows).toEqual([]);
    await expect(empty.add(records)).rejects.toThrow(/after close/);
  });

  it('CSV quotes what needs quoting and a label outside the columns is an error', () => {
    const r = records[0]!;
    const odd = { ...r, labels: { ...r.labels, sysplex: 'A,"B"' } };
    const csv = encodeCsv([odd]);
    expect(csv.split('\n')[1]).toContain('"A,""B"""');
    expect(() => encodeCsv([r], { columns: tableColumns({ metrics: ['rmf_volume_io_rate'] }) })).toThrow(RangeError);
  });
});

describe('options', () => {
  const base = { endpoint: 'http://127.0.0.1:8080', bucket: 'rmf' };
  const issues = (o: object) => {
    try {
      resolveS3Options(o as never);
      return [];
    } catch (e) {
      expect((e as { code?: string }).code).toBe('ERR_RMF_CONFIG');
      return (e as { issues: { path: (string | number)[]; message: string }[] }).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    }
  };

  it('reject bad values with the path of each', () => {
    expect(issues({ ...base, bucket: 'Bad_Bucket' })[0]).toMatch(/^bucket: bucket names/);
    expect(issues({ endpoint: base.endpoint })[0]).toMatch(/^bucket:/);
    expect(issues({ ...base, window: '7m' })[0]).toMatch(/^window: .*divides an hour/);
    expect(issues({ ...base, window: 'soon' })[0]).toMatch(/^window: /);
    expect(issues({ ...base, concurrency: 0 })[0]).toMatch(/^concurrency:/);
    expect(issues({ ...base, endpoint: 'ftp://x' })[0]).toMatch(/^endpoint: .*http/);
    expect(issues({ ...base, endpoint: 'http://key:secret@host' })[0]).toMatch(/^endpoint: .*credentials/);
    expect(issues({ ...base, credentials: { accessKeyId: '', secretAccessKey: 'x' } })[0]).toMatch(/^credentials.accessKeyId:/);
    expect(issues({ ...base, colour: 'red' })[0]).toMatch(/colour/);
    const client = resolveS3Options(base).client;
    expect(issues({ client, bucket: 'rmf', endpoint: base.endpoint })[0]).toMatch(/^endpoint: give either/);
    expect(issues({ client, bucket: 'rmf', region: 'eu-west-1' })[0]).toMatch(/^region: region applies only/);
    expect(issues({ client: {}, bucket: 'rmf' })[0]).toMatch(/^client: client must be an S3Client/);
    client.destroy();
  });

  it('resolve windows, prefixes and defaults', () => {
    const o = resolveS3Options({ ...base, window: '1h', prefix: 'plex1' });
    expect([o.windowMs, o.prefix, o.concurrency, o.ownsClient]).toEqual([3_600_000, 'plex1/', 8, true]);
    expect(resolveS3Options({ ...base, window: 900 }).windowMs).toBe(900_000);
    expect(resolveS3Options(base).windowMs).toBe(300_000);
    o.client.destroy();
  });
});
