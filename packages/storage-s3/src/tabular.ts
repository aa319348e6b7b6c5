import { getMetric, metricCatalog, type MetricFamily, type MetricRecord } from '@rmf-sim/core';
import { ByteWriter, ParquetWriter, parquetWriteBuffer, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { compareRecords, numberText } from './codec.js';

/** One column of a CSV or Parquet export. */
export interface TableColumn {
  /** Column name: `timestamp`, `metric`, `family`, a label name, or `value`. */
  readonly name: string;
  /** `timestamp`: ms since the epoch (Parquet: TIMESTAMP_MILLIS, UTC; CSV: ISO 8601); `string` (absent labels are null / empty); `double`. */
  readonly type: 'timestamp' | 'string' | 'double';
  /** Whether the column may be null (labels a record does not carry). */
  readonly nullable: boolean;
  /** Where the value comes from: the record's field, or one of its labels. */
  readonly source: 'timestamp' | 'metric' | 'family' | 'label' | 'value';
}

/** Options of {@link tableColumns}. */
export interface TableColumnsOptions {
  /** Sample names or catalogue names whose labels become columns. @default every metric of the catalogue */
  metrics?: Iterable<string>;
  /** Add a `family` column (leave it out where the family is a partition of the path). @default true */
  family?: boolean;
}

/**
 * The columns of a table of records, derived from the metric catalogue: `timestamp`, `metric`, optionally `family`,
 * then the label names of the given metrics in catalogue order (and `le` where a histogram is among them), then
 * `value`. Derived, never hand-written: a label added to the catalogue is a column of the next export.
 *
 * @example
 * ```ts
 * tableColumns({ metrics: ['rmf_cpu_utilization_percent'] }).map((c) => c.name);
 * // ['timestamp', 'metric', 'family', 'sysplex', 'lpar', 'cpu_type', 'value']
 * ```
 */
export function tableColumns(options: TableColumnsOptions = {}): TableColumn[] {
  const wanted = options.metrics ? new Set([...options.metrics].map((m) => getMetric(m)?.name ?? m)) : undefined;
  const labels: string[] = [];
  let histogram = false;
  for (const def of metricCatalog) {
    if (wanted && !wanted.has(def.name)) continue;
    for (const l of def.labels) if (!labels.includes(l)) labels.push(l);
    if (def.type === 'histogram') histogram = true;
  }
  if (histogram && !labels.includes('le')) labels.push('le');
  return [
    { name: 'timestamp', type: 'timestamp', nullable: false, source: 'timestamp' },
    { name: 'metric', type: 'string', nullable: false, source: 'metric' },
    ...(options.family === false ? [] : [{ name: 'family', type: 'string', nullable: false, source: 'family' } as const]),
    ...labels.map((name) => ({ name, type: 'string', nullable: true, source: 'label' }) as const),
    { name: 'value', type: 'double', nullable: false, source: 'value' },
  ];
}

/** The columns of every metric of one family (without `family`: it is the partition). */
export function familyColumns(family: MetricFamily): TableColumn[] {
  return tableColumns({ metrics: metricCatalog.filter((m) => m.family === family).map((m) => m.name), family: false });
}

function columnsFor(records: readonly MetricRecord[], columns: readonly TableColumn[] | undefined): readonly TableColumn[] {
  return columns ?? tableColumns({ metrics: new Set(records.map((r) => r.metric)) });
}

function checkLabels(records: readonly MetricRecord[], columns: readonly TableColumn[]): void {
  const names = new Set(columns.filter((c) => c.source === 'label').map((c) => c.name));
  for (const r of records) {
    for (const [l, v] of Object.entries(r.labels)) {
      if (v !== '' && !names.has(l)) throw new RangeError(`record ${r.key} has label ${l}, which is not a column (${[...names].join(', ')})`);
    }
  }
}

/** Options of {@link encodeParquet}. */
export interface EncodeParquetOptions {
  /** The columns. @default tableColumns({ metrics: the records' metrics }) */
  columns?: readonly TableColumn[];
  /** Rows per row group. @default 100000 */
  rowGroupSize?: number;
}

/**
 * Encodes records as one Parquet file (SNAPPY pages, statistics, rows ordered by timestamp then key), with columns from
 * {@link tableColumns}; `timestamp` is TIMESTAMP_MILLIS (UTC), labels are nullable strings, `value` is DOUBLE. Throws a
 * `RangeError` for a record with a label that is not a column.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('hour.parquet', encodeParquet(toRecords(sim.samples('2026-01-05T09:00:00Z'))));
 * ```
 */
export function encodeParquet(records: readonly MetricRecord[], options: EncodeParquetOptions = {}): Uint8Array {
  const columns = columnsFor(records, options.columns);
  checkLabels(records, columns);
  const sorted = [...records].sort(compareRecords);
  return new Uint8Array(parquetWriteBuffer({ columnData: columnSources(sorted, columns), rowGroupSize: options.rowGroupSize ?? PARQUET_ROW_GROUP_SIZE, createdBy: PARQUET_CREATED_BY }));
}

/** Rows per Parquet row group of {@link encodeParquet} and {@link ParquetStreamWriter}. */
const PARQUET_ROW_GROUP_SIZE = 100_000;
const PARQUET_CREATED_BY = '@rmf-sim/storage-s3 (hyparquet-writer)';

/** The Parquet columns of `sorted` records: timestamp as TIMESTAMP, value as DOUBLE, the rest as (nullable) strings. */
function columnSources(sorted: readonly MetricRecord[], columns: readonly TableColumn[]): ColumnSource[] {
  return columns.map((c) => {
    let data: unknown[];
    switch (c.source) {
      case 'timestamp':
        data = sorted.map((r) => new Date(r.timestamp));
        break;
      case 'metric':
        data = sorted.map((r) => r.metric);
        break;
      case 'family':
        data = sorted.map((r) => getMetric(r.metric)?.family ?? null);
        break;
      case 'value':
        data = sorted.map((r) => r.value);
        break;
      default:
        data = sorted.map((r) => (r.labels[c.name] ? r.labels[c.name] : null));
    }
    return { name: c.name, data, type: c.type === 'timestamp' ? 'TIMESTAMP' : c.type === 'double' ? 'DOUBLE' : 'STRING', nullable: c.nullable };
  });
}

/** Options of {@link ParquetStreamWriter}. */
export interface ParquetStreamOptions {
  /** The columns (all records must fit them: see {@link tableColumns}, {@link familyColumns}). @default tableColumns() */
  columns?: readonly TableColumn[];
  /** Rows per row group: records are held until a group is full, then encoded and handed to `write`. @default 100000 */
  rowGroupSize?: number;
  /**
   * Receives the file's bytes in order: the header with the first row group, a row group at a time, the footer at
   * {@link ParquetStreamWriter.close}. Each array is the receiver's (not reused). A returned promise is awaited before
   * more is encoded (back-pressure).
   */
  write: (bytes: Uint8Array) => void | Promise<void>;
}

/**
 * A Parquet file written as it goes: the bytes of {@link encodeParquet} for the same records and options (same row
 * groups, same encoding), but with at most one row group of records held, so memory stays bounded whatever the
 * number of records. Records must come in the order of the file (timestamp, then key): each {@link add} call's
 * records are sorted, and a call whose first record sorts before the previous call's last is refused (a `RangeError`),
 * so adding one interval after another is the natural use.
 *
 * @example
 * ```ts
 * const fd = openSync('range.parquet', 'w');
 * const pq = new ParquetStreamWriter({ columns: tableColumns(), write: (bytes) => void writeSync(fd, bytes) });
 * for (const t of ends) await pq.add(toRecords(sim.samples(t)));
 * await pq.close();
 * closeSync(fd);
 * ```
 */
export class ParquetStreamWriter {
  private readonly columns: readonly TableColumn[];
  private readonly groupSize: number;
  private readonly out: ByteWriter & { flush(): void | Promise<void> };
  private readonly pq: ParquetWriter;
  private held: MetricRecord[] = [];
  private last: MetricRecord | undefined;
  private closed = false;
  /** Records added so far. */
  records = 0;

  constructor(options: ParquetStreamOptions) {
    this.columns = options.columns ?? tableColumns();
    this.groupSize = options.rowGroupSize ?? PARQUET_ROW_GROUP_SIZE;
    if (!(Number.isInteger(this.groupSize) && this.groupSize > 0)) throw new RangeError(`rowGroupSize: expected a positive integer, got ${this.groupSize}`);
    const write = options.write;
    // hyparquet-writer's ByteWriter with a flush after each row group: hands out what it holds and starts again
    const out = Object.assign(new ByteWriter(1 << 20), {
      flush(): void | Promise<void> {
        const bytes = new Uint8Array(out.buffer, 0, out.index).slice();
        out.index = 0;
        return write(bytes);
      },
      finish(): void | Promise<void> {
        return out.flush();
      },
    });
    this.out = out;
    const schema = schemaFromColumnData({ columnData: columnSources([], this.columns) });
    this.pq = new ParquetWriter({ writer: out, schema, createdBy: PARQUET_CREATED_BY });
  }

  /** Adds records (sorted here; see the class for the order across calls); writes each row group that fills. */
  async add(records: readonly MetricRecord[]): Promise<void> {
    if (this.closed) throw new RangeError('ParquetStreamWriter: add after close');
    if (records.length === 0) return;
    checkLabels(records, this.columns);
    const sorted = [...records].sort(compareRecords);
    if (this.last && compareRecords(sorted[0]!, this.last) < 0) {
      throw new RangeError(`ParquetStreamWriter: record ${sorted[0]!.key} comes before ${this.last.key}, already added (records must come in timestamp, then key order)`);
    }
    this.last = sorted[sorted.length - 1];
    this.records += sorted.length;
    for (const r of sorted) {
      this.held.push(r);
      if (this.held.length === this.groupSize) await this.writeGroup();
    }
  }

  private async writeGroup(): Promise<void> {
    const group = this.held;
    this.held = [];
    // the types are in the schema, made from the same sources
    const columnData = columnSources(group, this.columns).map(({ name, data }) => ({ name, data }));
    await this.pq.write({ columnData, rowGroupSize: group.length });
  }

  /** Writes the last row group and the footer; the file is then complete. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.held.length > 0) await this.writeGroup();
    await this.pq.finish();
  }
}

/** A CSV field, quoted when it holds a comma, a quote, or a line break (RFC 4180). */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Encodes records as CSV (RFC 4180, a header line, `\n` line ends, rows ordered by timestamp then key): `timestamp` in
 * ISO 8601 (UTC, ms), absent labels empty, values as the shortest text that parses back to the same double.
 *
 * @example
 * ```ts
 * encodeCsv(records).split('\n')[0]; // timestamp,metric,family,sysplex,lpar,…,value
 * ```
 */
export function encodeCsv(records: readonly MetricRecord[], options: { columns?: readonly TableColumn[] } = {}): string {
  const columns = columnsFor(records, options.columns);
  checkLabels(records, columns);
  const sorted = [...records].sort(compareRecords);
  let out = `${columns.map((c) => csvField(c.name)).join(',')}\n`;
  for (const r of sorted) {
    const row = columns.map((c) => {
      switch (c.source) {
        case 'timestamp':
          return new Date(r.timestamp).toISOString();
        case 'metric':
          return csvField(r.metric);
        case 'family':
          return getMetric(r.metric)?.family ?? '';
        case 'value':
          return numberText(r.value);
        default:
          return csvField(r.labels[c.name] ?? '');
      }
    });
    out += `${row.join(',')}\n`;
  }
  return out;
}
