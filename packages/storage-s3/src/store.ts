import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  aggregateRecords,
  checkMeasurement,
  describeSeries,
  entityOf,
  getMetric,
  MAX_TIMESTAMP,
  RmfSimError,
  normalizeAggregate,
  normalizeQuery,
  selectRecords,
  StorageError,
  toEpochMs,
  type AggregatePoint,
  type AggregateQuery,
  type Instant,
  type MetricFamily,
  type MetricRecord,
  type MetricStore,
  type NormalizedQuery,
  type RecordQuery,
  type WriteOptions,
  type WriteResult,
} from '@rmf-sim/core';
import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { compareRecords, decodeObject, encodeObject, encodeWindow, gzipBytes, mergeRecords, seriesText, type WindowSeries } from './codec.js';
import { KeyedMutex, Semaphore, SharedLock } from './concurrency.js';
import { isNoSuchBucket, isNotFound, isNotImplemented, isPreconditionFailed, storageError } from './errors.js';
import {
  archiveKey,
  archivePrefix,
  entityPrefix,
  exportKey,
  FAMILIES,
  familyPrefix,
  isoDate,
  manifestKey,
  markerKey,
  monthOf,
  monthsOf,
  objectKey,
  parseWindowName,
  queryScope,
  segmentValue,
  windowName,
  windowStart,
  type Layout,
} from './layout.js';
import { resolveS3Options, type S3StoreOptions } from './options.js';
import { encodeCsv, encodeParquet, familyColumns, type TableColumn } from './tabular.js';

const DAY = 86_400_000;
/** Up to this many months, a read lists each month's archive folder; beyond it, the whole archive folder once. */
const ARCHIVE_LISTS_PER_MONTH_UP_TO = 3;
/** Up to this many windows per entity, a read fetches the windows' keys without listing them first. */
const GUESSED_WINDOWS_UP_TO = 2;
/** With `listBeforeWrite`: how many entity-hours' listings are kept. */
const MAX_LISTED_HOURS = 20_000;
/** Windows a write encodes ahead of the request slots (see `write`). */
const PIPELINED_WINDOWS = 4;
/** Without `listBeforeWrite`: how many keys of window objects the store has PUT are kept (see `believedToExist`). */
const MAX_WRITTEN_KEYS = 20_000;
/** Read–merge–PUT rounds of one window whose `If-Match` PUTs are refused (another writer) before a write gives up. */
const MAX_MERGE_ATTEMPTS = 8;
/** An ETag no object has (the probe's `If-Match` that must be refused). */
const NO_SUCH_ETAG = `"${'0'.repeat(32)}"`;
/** Version of the object layout, kept in the layout marker. */
export const LAYOUT_VERSION = 1;

/** What {@link S3Store.migrate} did. */
export interface S3MigrationReport {
  /** Whether the bucket was created. */
  createdBucket: boolean;
  /** Whether the layout marker was written (a new prefix). */
  createdLayout: boolean;
  /** The layout's window, seconds. */
  windowSeconds: number;
  /** What the server's answers to the probe showed (see {@link ConditionalSupport}); `'off'` with `conditionalWrites: 'off'`. */
  conditionalWrites: ConditionalSupport | 'off';
}

/**
 * Which conditional PUTs the server honours, as the store's probe found: `'create-and-replace'` (`If-None-Match: *`
 * and `If-Match`: new windows in one request, merges guarded against other writers), `'create'` (`If-None-Match: *`
 * only: new windows in one request, merges PUT without a condition), `'none'` (a GET before every window's PUT).
 */
export type ConditionalSupport = 'create-and-replace' | 'create' | 'none';

/** What {@link S3Store.compact} did. */
export interface CompactionReport {
  /** Key of the month's archive. */
  archive: string;
  /** Records in the archive. */
  records: number;
  /** Window objects merged into it (and then deleted). */
  windows: number;
  /** Size of the archive, bytes. */
  bytes: number;
}

/** A range of UTC days to export, and optionally the families. */
export interface ExportRange {
  /** Start (the UTC day holding it is the first day exported). */
  from: Instant;
  /** End, inclusive (the UTC day holding it is the last day exported). */
  to: Instant;
  /** Families to export. @default every family */
  family?: MetricFamily | readonly MetricFamily[];
}

/** One file of an export. */
export interface ExportFile {
  key: string;
  family: MetricFamily;
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  records: number;
  bytes: number;
  /** SHA-256 of the file, hex. */
  sha256: string;
}

/** The manifest of one export (also written as JSON next to the files). */
export interface ExportManifest {
  format: 'csv' | 'parquet';
  /** Key of the manifest itself. */
  key: string;
  /** First and last UTC day exported, `YYYY-MM-DD`. */
  firstDay: string;
  lastDay: string;
  /** A day's file holds the records with timestamps in [day 00:00, next day 00:00) UTC. */
  files: ExportFile[];
  /** Columns of each family's files. */
  columns: Record<string, { name: string; type: TableColumn['type']; nullable: boolean }[]>;
  records: number;
}

/**
 * A {@link MetricStore} on S3 (or Swift, MinIO, Ceph, …): one gzipped NDJSON object per time window and series entity,
 * monthly archives, CSV and Parquet exports.
 *
 * @example
 * ```ts
 * const store = createS3Store({ endpoint: 'http://127.0.0.1:8080', credentials, bucket: 'rmf', window: '5m' });
 * await store.migrate();
 * await store.write(toRecords(sim.samples('2026-01-05T09:00:00Z')));
 * await store.compact('2026-01');
 * await store.exportParquet({ from: '2026-01-05', to: '2026-01-05' });
 * ```
 */
export interface S3Store extends MetricStore {
  /** The S3 client (yours, or the store's own). */
  readonly $client: S3Client;
  readonly bucket: string;
  /** Key prefix ('' or ending in `/`). */
  readonly prefix: string;
  /** Window of one object, ms. */
  readonly windowMs: number;
  /**
   * The object window again, as core's sink contract names it: a batch of whole windows writes each object once (a
   * batch that ends inside a window makes the next one read and merge it), so `rmf-sim backfill` cuts its batches there.
   */
  readonly batchWindowMs: number;
  /**
   * Creates the bucket when missing and writes the layout marker (`<prefix>_rmf-sim/layout.json`: version and window);
   * fails with `ERR_RMF_STORE_SCHEMA` when the prefix holds a layout of another window. Idempotent. Unless
   * `conditionalWrites: 'off'`, it then asks the server once whether it honours conditional PUTs (the probe a first
   * write would otherwise send) and reports the answer.
   */
  migrate(): Promise<S3MigrationReport>;
  /** The key of the window object that holds a record. */
  keyOf(record: Pick<MetricRecord, 'metric' | 'labels' | 'timestamp'>): string;
  /**
   * Merges every window object of the UTC month holding `month` (an instant, or `'YYYY-MM'`) (and the month's archive, if any) into the month's
   * archive `archive/monthly/YYYY/MM/archive_YYYYMMDD_YYYYMMDD.json.gz`, then deletes the window objects. Readers see
   * the same records before, during and after (window objects win over the archive for the same key). Idempotent.
   */
  compact(month: Instant | `${number}-${number}`): Promise<CompactionReport>;
  /** Writes CSV files `exports/csv/<family>_metrics_YYYYMMDD.csv` of whole UTC days, and their manifest. */
  exportCsv(range: ExportRange): Promise<ExportManifest>;
  /** Writes Parquet files `exports/parquet/family=<family>/date=YYYY-MM-DD/<family>_YYYYMMDD.parquet` of whole UTC days, and their manifest. */
  exportParquet(range: ExportRange): Promise<ExportManifest>;
  /** Resolves when the bucket answers (a HEAD of the bucket); rejects with the typed error otherwise. */
  ping(signal?: AbortSignal): Promise<void>;
  /** Objects and bytes under the prefix, by area (`metrics` per family, `archive`, `exports`), from one listing. */
  summary(): Promise<S3Summary>;
  /** Writes the records of a range (default: everything) as one gzipped NDJSON object `backup/backup_<from>_<to>.json.gz`. */
  backup(options?: { from?: Instant; to?: Instant }): Promise<{ location: string; records: number; objects: number; bytes: number }>;
  /** {@link exportParquet} (default) or {@link exportCsv} of a range, for the server's export route. */
  exportRange(options: { from: Instant; to: Instant; format?: string }): Promise<{ location: string; records: number; objects: number; bytes: number }>;
}

/** What {@link S3Store.summary} reports (a plain JSON object). */
export type S3Summary = {
  bucket: string;
  prefix: string;
  windowSeconds: number;
  objects: number;
  bytes: number;
  /** `metrics/<family>`, `archive`, `exports/csv`, `exports/parquet`, `backup`, `other` → objects and bytes. */
  areas: Record<string, { objects: number; bytes: number }>;
};

interface Listing {
  keys: { key: string; etag?: string }[];
  prefixes: string[];
}

/** A validated series as the writer keeps it (per frozen labels object). */
interface WriterSeries extends WindowSeries {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `<prefix>metrics/<family>/<SYSPLEX>/<entity>/`. */
  readonly entity: string;
}

/** The incoming records of one window object, as parallel arrays. */
interface WindowGroup {
  readonly key: string;
  readonly entity: string;
  readonly start: number;
  readonly month: number;
  readonly timestamps: number[];
  readonly series: WriterSeries[];
  readonly values: number[];
}

interface CachedArchive {
  etag: string;
  records: MetricRecord[];
  keys: Set<string>;
}

/** Adds the Content-MD5 header that DeleteObjects requires on servers without the newer flexible checksums (Swift). */
function withContentMd5<C extends { middlewareStack: { add: (...a: never[]) => unknown } }>(command: C): C {
  (command.middlewareStack.add as unknown as (mw: unknown, o: unknown) => void)(
    (next: (a: unknown) => Promise<unknown>) => async (args: { request?: { body?: unknown; headers?: Record<string, string> } }) => {
      const req = args.request;
      if (req?.headers && (typeof req.body === 'string' || req.body instanceof Uint8Array)) {
        req.headers['content-md5'] = createHash('md5').update(req.body).digest('base64');
      }
      return next(args);
    },
    { step: 'build', name: 'rmfSimContentMd5' },
  );
  return command;
}

class S3StoreImpl implements S3Store {
  readonly $client: S3Client;
  readonly bucket: string;
  readonly prefix: string;
  readonly windowMs: number;
  readonly batchWindowMs: number;
  private readonly layout: Layout;
  private readonly ownsClient: boolean;
  private readonly target: string;
  private readonly multipartThreshold: number;
  private readonly requests: Semaphore;
  private readonly windows = new KeyedMutex();
  private readonly lock = new SharedLock();
  private readonly archives = new Map<string, CachedArchive>();
  private readonly series = new WeakMap<object, WriterSeries>();
  /** With `listBeforeWrite`: per entity and hour (`…/<entity>/YYYY/MM/DD/HH/`), the window keys known to exist. */
  private readonly listBeforeWrite: boolean;
  private readonly hours = new Map<string, Promise<Set<string>>>();
  /** With `listBeforeWrite`: per family folder (`<prefix>metrics/<family>/`), whether a listing found it empty. */
  private readonly emptyFamilies = new Map<string, Promise<boolean>>();
  private checked: Promise<void> | null = null;
  private closed = false;
  private readonly conditionalWrites: 'auto' | 'off' | 'require';
  /** The probe's answer, once asked (a failed probe is asked again). */
  private support: Promise<ConditionalSupport> | null = null;
  /** Keys of window objects this store has PUT (or tried to), newest last, bounded: reason to believe they exist. */
  private readonly written = new Set<string>();

  constructor(options: S3StoreOptions) {
    const o = resolveS3Options(options);
    this.$client = o.client;
    this.ownsClient = o.ownsClient;
    this.target = o.target;
    this.bucket = o.bucket;
    this.prefix = o.prefix;
    this.windowMs = o.windowMs;
    this.batchWindowMs = o.windowMs;
    this.layout = { prefix: o.prefix, windowMs: o.windowMs };
    this.multipartThreshold = o.multipartThreshold;
    this.listBeforeWrite = o.listBeforeWrite;
    this.conditionalWrites = o.conditionalWrites;
    this.requests = new Semaphore(o.concurrency);
  }

  /**
   * Whether a window object may exist: always, unless `listBeforeWrite`, where the hour of the window is listed once
   * (then kept, with the store's own PUTs added) and a key it does not show is known to be absent. Before the first
   * hour of a family, one LIST of a single key asks whether the family holds any window object at all; while it held
   * none, its hours need no listing (their sets start empty and hold the store's own PUTs).
   */
  private async mayExist(key: string): Promise<boolean> {
    if (!this.listBeforeWrite) return true;
    const hour = hourOf(key);
    let known = this.hours.get(hour);
    if (!known) {
      const family = this.familyFolderOf(key);
      let empty = this.emptyFamilies.get(family);
      if (!empty) {
        const asked = this.send<{ Contents?: unknown[] }>(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: family, MaxKeys: 1 }), `list ${family} in`).then((r) => !r.Contents?.length);
        asked.catch(() => this.emptyFamilies.get(family) === asked && this.emptyFamilies.delete(family));
        this.emptyFamilies.set(family, (empty = asked));
      }
      const listed = empty.then(async (none) => (none ? new Set<string>() : new Set((await this.list(hour)).keys.map((k) => k.key))));
      listed.catch(() => this.hours.get(hour) === listed && this.hours.delete(hour)); // a failed listing is asked again next time
      this.hours.set(hour, (known = listed));
      // bounded: a backfill walks forward, so the oldest hours go first; a forgotten hour may hold the store's own
      // PUTs, so its family is no longer known to be empty (its hours are listed from then on)
      while (this.hours.size > MAX_LISTED_HOURS) {
        const gone = this.hours.keys().next().value!;
        this.hours.delete(gone);
        this.emptyFamilies.delete(this.familyFolderOf(gone));
      }
    }
    return (await known).has(key);
  }

  /** `<prefix>metrics/<family>/` of a window key or hour folder. */
  private familyFolderOf(key: string): string {
    return key.slice(0, key.indexOf('/', this.prefix.length + 'metrics/'.length) + 1);
  }

  /**
   * Forgets every listing kept for `listBeforeWrite` and the keys the store PUT (retention, compaction and close
   * change or end what they knew).
   */
  private forgetListings(): void {
    this.hours.clear();
    this.emptyFamilies.clear();
    this.written.clear();
  }

  /**
   * Marks a window object as existing in its hour's listing (when it is kept), before its PUT is sent: a PUT that
   * fails after the object was stored (a lost acknowledgement) must still leave the key "may exist".
   */
  private async mayHaveWritten(key: string): Promise<void> {
    this.written.delete(key);
    this.written.add(key);
    if (this.written.size > MAX_WRITTEN_KEYS) this.written.delete(this.written.values().next().value!);
    const known = this.hours.get(hourOf(key));
    if (known) (await known).add(key);
  }

  /**
   * With conditional creates: whether the store has reason to believe a window object exists, so that it reads it
   * first instead of sending a PUT with `If-None-Match: *` that would be refused (the whole body uploaded for a 412).
   * With `listBeforeWrite`, what the hour's listing and the store's own PUTs say; else whether this store PUT the key
   * (a live writer rewrites its current windows every interval). A wrong "no" costs a refused PUT, a wrong "yes" a
   * GET's 404: both are then handled, neither loses a record.
   */
  private believedToExist(key: string): Promise<boolean> | boolean {
    return this.listBeforeWrite ? this.mayExist(key) : this.written.has(key);
  }

  /**
   * Which conditional PUTs the server honours (`'none'` with `conditionalWrites: 'off'`), probed once per store; with
   * `'require'`, an `ERR_RMF_STORE_SCHEMA` unless both.
   */
  private async conditionalSupport(): Promise<ConditionalSupport> {
    if (this.conditionalWrites === 'off') return 'none';
    const asked = (this.support ??= this.probe());
    asked.catch(() => this.support === asked && (this.support = null)); // a failed probe (a network error) is asked again
    const s = await asked;
    if (this.conditionalWrites === 'require' && s !== 'create-and-replace') {
      throw new StorageError(
        'ERR_RMF_STORE_SCHEMA',
        `bucket ${this.bucket} at ${this.target} does not honour conditional PUTs (${s === 'create' ? 'If-None-Match: * only, not If-Match' : 'neither If-None-Match nor If-Match'}), which conditionalWrites: 'require' requires: use a server that does (AWS S3, MinIO, …), or conditionalWrites: 'auto' with one writer per bucket and prefix`,
      );
    }
    return s;
  }

  /**
   * Asks the server whether it honours conditional PUTs, on a probe object of the store's own (then deleted): written
   * plainly, then PUT with `If-None-Match: *` (must be refused: 412), with `If-Match` of an ETag it does not have
   * (must be refused) and with `If-Match` of its own ETag (must be stored). A server that ignores a header stores
   * the PUT instead (and would overwrite windows); one that does not implement it answers 501 (Swift's s3api) or 400.
   * The key is the store's own (a random name), so that stores probing the same prefix at once do not disturb each
   * other; a process that dies mid-probe leaves its probe object (a hundred bytes) behind.
   */
  private async probe(): Promise<ConditionalSupport> {
    const key = `${this.prefix}_rmf-sim/conditional-probe-${randomUUID()}`;
    const body = 'rmf-sim: does this server honour If-None-Match and If-Match on PUT? (deleted after the probe)\n';
    const attempt = async (condition: PutCondition): Promise<'stored' | 'refused' | 'unsupported'> => {
      try {
        await this.put(key, body, 'text/plain; charset=utf-8', undefined, condition);
        return 'stored';
      } catch (e) {
        if (isPreconditionFailed(e) || ('IfMatch' in condition && isNotFound(e))) return 'refused'; // If-Match of a missing object: 404 on AWS
        if (isNotImplemented(e)) return 'unsupported';
        throw e;
      }
    };
    const etag = await this.put(key, body, 'text/plain; charset=utf-8');
    try {
      if ((await attempt({ IfNoneMatch: '*' })) !== 'refused') return 'none';
      if ((await attempt({ IfMatch: NO_SUCH_ETAG })) !== 'refused') return 'create';
      if (etag === undefined || (await attempt({ IfMatch: etag })) !== 'stored') return 'create';
      return 'create-and-replace';
    } finally {
      await this.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), `delete ${key} from`).catch(() => undefined); // a probe object left behind harms nothing
    }
  }

  private check(): void {
    if (this.closed) throw new StorageError('ERR_RMF_CLOSED', `the S3 store (bucket ${this.bucket}) is closed`);
  }

  /** Sends a command through the request limit; SDK errors become `StorageError`s. */
  private async send<T>(command: unknown, what: string, signal?: AbortSignal): Promise<T> {
    try {
      return await this.requests.run(() => (this.$client.send as (c: unknown, o?: unknown) => Promise<T>)(command, signal ? { abortSignal: signal } : undefined));
    } catch (e) {
      throw storageError(e, this.target, this.bucket, what);
    }
  }

  /** The object's bytes, or undefined when it does not exist. */
  private async getBytes(key: string, signal?: AbortSignal): Promise<{ bytes: Uint8Array; etag?: string } | undefined> {
    try {
      return await this.requests.run(async () => {
        const r = await this.$client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), signal ? { abortSignal: signal } : undefined);
        return { bytes: await r.Body!.transformToByteArray(), etag: r.ETag };
      });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw storageError(e, this.target, this.bucket, `read ${key} from`);
    }
  }

  private async getRecords(key: string, signal?: AbortSignal): Promise<MetricRecord[] | undefined> {
    const got = await this.getBytes(key, signal);
    return got && this.decode(key, got.bytes);
  }

  private async decode(key: string, bytes: Uint8Array): Promise<MetricRecord[]> {
    try {
      return await decodeObject(bytes);
    } catch (e) {
      throw new StorageError('ERR_RMF_STORE_QUERY', `object ${key} in bucket ${this.bucket} is not gzipped rmf-sim NDJSON: ${(e as Error).message}`, { cause: e });
    }
  }

  /** PUTs an object (multipart above the threshold; a condition goes on the PUT or the completion); its ETag. */
  private async put(key: string, body: Uint8Array | string, contentType: string, signal?: AbortSignal, condition?: PutCondition): Promise<string | undefined> {
    const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    const params = { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType, ...condition };
    if (size <= this.multipartThreshold) {
      return (await this.send<{ ETag?: string }>(new PutObjectCommand(params), `write ${key} to`, signal)).ETag;
    }
    try {
      const r = await this.requests.run(() =>
        new Upload({ client: this.$client, params, partSize: this.multipartThreshold, queueSize: 4, leavePartsOnError: false, ...(signal ? { abortController: abortControllerOf(signal) } : {}) }).done(),
      );
      return (r as { ETag?: string }).ETag;
    } catch (e) {
      throw storageError(e, this.target, this.bucket, `upload ${key} to`);
    }
  }

  /** A conditional PUT: true when stored, false when the server refused it because the condition did not hold (412, 409). */
  private async putIf(key: string, body: Uint8Array, condition: PutCondition, signal: AbortSignal | undefined): Promise<boolean> {
    try {
      await this.put(key, body, 'application/gzip', signal, condition);
      return true;
    } catch (e) {
      if (isPreconditionFailed(e)) return false;
      throw e;
    }
  }

  private async deleteKeys(keys: readonly string[], signal?: AbortSignal): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += 1000) batches.push(keys.slice(i, i + 1000) as string[]);
    await Promise.all(
      batches.map(async (batch) => {
        const r = await this.send<{ Errors?: { Key?: string; Code?: string; Message?: string }[] }>(
          withContentMd5(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
          `delete ${batch.length} objects from`,
          signal,
        );
        const failed = (r.Errors ?? []).filter((e) => e.Code !== 'NoSuchKey');
        if (failed.length) throw new StorageError(failed.some((e) => e.Code === 'AccessDenied') ? 'ERR_RMF_STORE_AUTH' : 'ERR_RMF_STORE_QUERY', `cannot delete ${failed.length} objects from bucket ${this.bucket} at ${this.target}: ${failed[0]!.Key}: ${failed[0]!.Code} ${failed[0]!.Message ?? ''}`.trim());
      }),
    );
  }

  /** Lists keys (and common prefixes with a delimiter) under `prefix`, after `startAfter`, up to `until` inclusive. */
  private async list(prefix: string, options: { delimiter?: string; startAfter?: string; until?: string } = {}): Promise<Listing> {
    const out: Listing = { keys: [], prefixes: [] };
    let token: string | undefined;
    for (;;) {
      const r = await this.send<{ Contents?: { Key?: string; ETag?: string }[]; CommonPrefixes?: { Prefix?: string }[]; IsTruncated?: boolean; NextContinuationToken?: string }>(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(options.delimiter ? { Delimiter: options.delimiter } : {}), ...(options.startAfter && !token ? { StartAfter: options.startAfter } : {}), ...(token ? { ContinuationToken: token } : {}) }),
        `list ${prefix || '/'} in`,
      );
      for (const c of r.Contents ?? []) {
        if (options.until !== undefined && c.Key! > options.until) return out;
        out.keys.push({ key: c.Key!, ...(c.ETag ? { etag: c.ETag } : {}) });
      }
      for (const p of r.CommonPrefixes ?? []) out.prefixes.push(p.Prefix!);
      if (!r.IsTruncated || !r.NextContinuationToken) return out;
      token = r.NextContinuationToken;
    }
  }

  /** Checks once that the bucket exists and holds this layout (the first use of a store). */
  private ready(): Promise<void> {
    this.checked ??= (async () => {
      const got = await this.getMarker();
      if (!got) throw new StorageError('ERR_RMF_STORE_SCHEMA', `bucket ${this.bucket} at ${this.target} has no rmf-sim layout under prefix ${JSON.stringify(this.prefix)}: call migrate() first`);
      this.checkMarker(got);
    })().catch((e: unknown) => {
      this.checked = null;
      throw e;
    });
    return this.checked;
  }

  private async getMarker(): Promise<{ version?: unknown; windowSeconds?: unknown } | undefined> {
    const got = await this.getBytes(markerKey(this.layout));
    if (!got) return undefined;
    try {
      return JSON.parse(Buffer.from(got.bytes).toString('utf8')) as { version?: unknown; windowSeconds?: unknown };
    } catch (e) {
      throw new StorageError('ERR_RMF_STORE_SCHEMA', `${markerKey(this.layout)} in bucket ${this.bucket} is not JSON`, { cause: e });
    }
  }

  private checkMarker(m: { version?: unknown; windowSeconds?: unknown }): void {
    if (m.version !== LAYOUT_VERSION) throw new StorageError('ERR_RMF_STORE_SCHEMA', `bucket ${this.bucket} prefix ${JSON.stringify(this.prefix)} holds layout version ${String(m.version)}; this library reads version ${LAYOUT_VERSION}`);
    if (m.windowSeconds !== this.windowMs / 1000) {
      throw new StorageError('ERR_RMF_STORE_SCHEMA', `bucket ${this.bucket} prefix ${JSON.stringify(this.prefix)} holds windows of ${String(m.windowSeconds)} s, not ${this.windowMs / 1000} s: open it with window: ${String(m.windowSeconds)} (a layout's window never changes, or objects of two windows would hold the same records)`);
    }
  }

  async migrate(): Promise<S3MigrationReport> {
    this.check();
    let createdBucket = false;
    try {
      await this.requests.run(() => this.$client.send(new HeadBucketCommand({ Bucket: this.bucket })));
    } catch (e) {
      if (!isNotFound(e) && !isNoSuchBucket(e)) throw storageError(e, this.target, this.bucket, 'find');
      try {
        await this.requests.run(() => this.$client.send(new CreateBucketCommand({ Bucket: this.bucket })));
        createdBucket = true;
      } catch (c) {
        const code = (c as { name?: string }).name;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw storageError(c, this.target, this.bucket, 'create');
      }
    }
    const marker = await this.getMarker();
    if (marker) {
      this.checkMarker(marker);
    } else {
      const body = `${JSON.stringify({ version: LAYOUT_VERSION, windowSeconds: this.windowMs / 1000, layout: 'metrics/<family>/<SYSPLEX>/<entity>/YYYY/MM/DD/HH/YYYYMMDD_HHMMSS.json.gz', writer: '@rmf-sim/storage-s3' }, null, 2)}\n`;
      await this.put(markerKey(this.layout), body, 'application/json');
    }
    this.checked = Promise.resolve();
    const conditionalWrites = this.conditionalWrites === 'off' ? 'off' : await this.conditionalSupport();
    return { createdBucket, createdLayout: !marker, windowSeconds: this.windowMs / 1000, conditionalWrites };
  }

  keyOf(record: Pick<MetricRecord, 'metric' | 'labels' | 'timestamp'>): string {
    return objectKey(this.layout, record);
  }

  /**
   * The month's archive (its records and keys), cached by ETag; undefined when the month has none. `listing` is what
   * a listing of the archive folder already says (the key's ETag, or absent), so that no LIST is sent for it.
   */
  private async archive(monthStart: number, signal?: AbortSignal, listing?: ReadonlyMap<string, string | undefined>): Promise<CachedArchive | undefined> {
    const key = archiveKey(this.layout, monthStart);
    const listed = listing ? (listing.has(key) ? { key, etag: listing.get(key) } : undefined) : (await this.list(archivePrefix(this.layout, monthStart))).keys.find((k) => k.key === key);
    if (!listed) {
      this.archives.delete(key);
      return undefined;
    }
    const cached = this.archives.get(key);
    if (cached && listed.etag && cached.etag === listed.etag) return cached;
    const got = await this.getBytes(key, signal);
    if (!got) return undefined;
    let records: MetricRecord[];
    try {
      records = await decodeObject(got.bytes);
    } catch (e) {
      throw new StorageError('ERR_RMF_STORE_QUERY', `archive ${key} in bucket ${this.bucket} is not gzipped rmf-sim NDJSON: ${(e as Error).message}`, { cause: e });
    }
    const entry = { etag: got.etag ?? listed.etag ?? '', records, keys: new Set(records.map((r) => r.key)) };
    // keep the two most recent months: a live writer touches one, a backfill walks forward
    this.archives.set(key, entry);
    while (this.archives.size > 2) this.archives.delete(this.archives.keys().next().value!);
    return entry;
  }

  /**
   * The series of a labels object as a window writer needs it (validated, keyed, its entity's key prefix and its
   * line text), computed once per frozen labels object and metric (the simulator shares one per series).
   */
  private seriesOf(metric: string, labels: Readonly<Record<string, string>>): WriterSeries {
    const frozen = Object.isFrozen(labels);
    if (frozen) {
      const cached = this.series.get(labels);
      if (cached !== undefined && cached.metric === metric) return cached;
    }
    const l = frozen ? labels : Object.freeze({ ...labels });
    const info = describeSeries(metric, l);
    const entity = entityPrefix(this.layout, info.definition.family, l.sysplex, entityOf(metric, l)?.name);
    const s: WriterSeries = { metric, labels: l, key: info.key, entity, text: seriesText(metric, l) };
    if (frozen) this.series.set(labels, s);
    return s;
  }

  /**
   * Validates and keys a whole batch (a bad record writes nothing) and groups it by window object, as parallel
   * arrays per object: no record object or key string is built per record.
   */
  private group(records: readonly MetricRecord[]): Map<string, WindowGroup> {
    const groups = new Map<string, WindowGroup>();
    const names = new Map<number, string>();
    let last: WindowGroup | undefined;
    for (const r of records) {
      const s = this.seriesOf(r.metric, r.labels);
      checkMeasurement(r.metric, r.timestamp, r.value);
      const start = windowStart(this.layout, r.timestamp);
      let g = last !== undefined && last.start === start && last.entity === s.entity ? last : undefined;
      if (g === undefined) {
        let name = names.get(start);
        if (name === undefined) names.set(start, (name = windowName(start)));
        const key = s.entity + name;
        g = groups.get(key);
        if (g === undefined) groups.set(key, (g = { key, entity: s.entity, start, month: monthOf(r.timestamp).start, timestamps: [], series: [], values: [] }));
      }
      g.timestamps.push(r.timestamp);
      g.series.push(s);
      g.values.push(r.value);
      last = g;
    }
    return groups;
  }

  async write(records: readonly MetricRecord[], options: WriteOptions = {}): Promise<WriteResult> {
    this.check();
    // validate (and key) the whole batch first: a bad record writes nothing; keys are recomputed, never trusted
    const groups = this.group(records);
    await this.ready();
    if (groups.size === 0) return { written: 0, duplicates: 0 };
    const support = await this.conditionalSupport();
    const own = followSignal(options.signal);
    return this.lock.shared(async () => {
      const signal = own.signal;
      // the months' archives (for the duplicates count) are looked up while the windows are read and encoded
      const archived = new Map<number, Promise<ReadonlySet<string> | undefined>>();
      for (const g of groups.values()) {
        if (archived.has(g.month)) continue;
        const keys = this.archive(g.month, signal).then((a) => a?.keys);
        keys.catch(() => undefined); // awaited (and thrown) by each window of the month
        archived.set(g.month, keys);
      }
      // a few more windows in flight than requests: while every request slot waits on the server, the next windows
      // are encoded and gzipped (the CPU work overlaps the requests instead of coming before them); the largest
      // objects first, so that the last requests of a write, with fewer in flight, are short ones
      const queue = [...groups.values()].sort((a, b) => b.timestamps.length - a.timestamps.length);
      let next = 0;
      let duplicates = 0;
      let failed = false;
      const worker = async () => {
        while (!failed && next < queue.length) {
          const g = queue[next++]!;
          try {
            const d = await this.windows.run(g.key, () => this.writeWindow(g, archived.get(g.month)!, support, signal));
            duplicates += d; // not `duplicates += await …`, which would add to the value read before the await
          } catch (e) {
            failed = true; // the other workers finish the window they hold and stop
            throw e;
          }
        }
      };
      // every worker settles before the write does (and so before the shared lock is released): a failed write
      // leaves no request of its own in flight behind it
      const settled = await Promise.allSettled(Array.from({ length: Math.min(queue.length, this.requests.limit + PIPELINED_WINDOWS) }, worker));
      const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (rejected) throw rejected.reason;
      return { written: records.length, duplicates };
    }).finally(own.release);
  }

  /**
   * Writes one window object: the incoming records alone when the object does not exist, else merged into it. With
   * conditional creates, a window the store has no reason to believe exists is PUT with `If-None-Match: *` first (one
   * request); a refusal (it exists: another writer's, an earlier run's, or this store's own PUT whose answer was lost)
   * leads to the merge. Without them, a GET first (404 for a new window).
   */
  private async writeWindow(g: WindowGroup, archivedKeys: Promise<ReadonlySet<string> | undefined>, support: ConditionalSupport, signal: AbortSignal | undefined): Promise<number> {
    signal?.throwIfAborted();
    if (support === 'none') {
      const existing = (await this.mayExist(g.key)) ? await this.getRecords(g.key, signal) : undefined;
      const archived = await archivedKeys;
      if (existing === undefined) return (await this.create(g, archived, undefined, signal))!; // no condition: always stored
      const merged = mergeRecords(existing, incomingRecords(g), archived);
      if (!changes(existing, merged.records)) return merged.duplicates;
      await this.mayHaveWritten(g.key);
      await this.put(g.key, await encodeObject(merged.records), 'application/gzip', signal);
      return merged.duplicates;
    }
    if (!(await this.believedToExist(g.key))) {
      const created = await this.create(g, await archivedKeys, { IfNoneMatch: '*' }, signal);
      if (created !== undefined) return created;
    }
    return this.merge(g, archivedKeys, support === 'create-and-replace', signal);
  }

  /**
   * PUTs a new window from the incoming arrays (the bytes `encodeObject` gives the same records); its duplicates, or
   * undefined when the condition was refused.
   */
  private async create(g: WindowGroup, archived: ReadonlySet<string> | undefined, condition: PutCondition | undefined, signal: AbortSignal | undefined): Promise<number | undefined> {
    const { bytes, duplicates } = encodeWindow(g.timestamps, g.series, g.values, archived);
    const body = await gzipBytes(bytes);
    await this.mayHaveWritten(g.key); // before the PUT: one whose answer is lost may have been stored
    if (!condition) {
      await this.put(g.key, body, 'application/gzip', signal);
      return duplicates;
    }
    return (await this.putIf(g.key, body, condition, signal)) ? duplicates : undefined;
  }

  /**
   * Reads, merges and PUTs a window with conditional PUTs: `If-Match` of the ETag read when `guarded` (else no
   * condition: one writer), `If-None-Match: *` when it turned out absent. A refused PUT means another write came in
   * between: the window is read and merged again, up to {@link MAX_MERGE_ATTEMPTS} times.
   */
  private async merge(g: WindowGroup, archivedKeys: Promise<ReadonlySet<string> | undefined>, guarded: boolean, signal: AbortSignal | undefined): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const got = await this.getBytes(g.key, signal);
      const archived = await archivedKeys;
      if (got === undefined) {
        const created = await this.create(g, archived, { IfNoneMatch: '*' }, signal);
        if (created !== undefined) return created;
      } else {
        const existing = await this.decode(g.key, got.bytes);
        const merged = mergeRecords(existing, incomingRecords(g), archived);
        if (!changes(existing, merged.records)) return merged.duplicates;
        const body = await encodeObject(merged.records);
        await this.mayHaveWritten(g.key);
        if (!guarded || got.etag === undefined) {
          await this.put(g.key, body, 'application/gzip', signal);
          return merged.duplicates;
        }
        if (await this.putIf(g.key, body, { IfMatch: got.etag }, signal)) return merged.duplicates;
      }
      if (attempt >= MAX_MERGE_ATTEMPTS) {
        throw new StorageError(
          'ERR_RMF_STORE_UNAVAILABLE',
          `cannot write ${g.key} to bucket ${this.bucket} at ${this.target}: it changed between read and write ${MAX_MERGE_ATTEMPTS} times in a row (412 Precondition Failed): another writer is writing the same window; retry later`,
        );
      }
    }
  }

  /** Keys of the window objects in the scope, with window starts in [firstWindow, lastWindow]. */
  private async windowKeys(
    scope: { families: readonly string[]; sysplexes?: ReadonlySet<string> | undefined; entities?: ReadonlyMap<string, ReadonlySet<string> | undefined> },
    firstWindow: number,
    lastWindow: number,
    { guess = false }: { guess?: boolean } = {},
  ): Promise<string[]> {
    const first = windowName(firstWindow);
    const last = windowName(lastWindow);
    // a range of a window or two: the keys are known, and fetching one that is not there (404) costs what listing
    // would, so the caller that tolerates absent keys (a read) gets them without a LIST per entity
    const windows = (lastWindow - firstWindow) / this.windowMs + 1;
    const known = guess && windows <= GUESSED_WINDOWS_UP_TO ? Array.from({ length: windows }, (_, i) => windowName(firstWindow + i * this.windowMs)) : undefined;
    const perFamily = await Promise.all(
      scope.families.map(async (family) => {
        const base = familyPrefix(this.layout, family);
        const sysplexes = (await this.list(base, { delimiter: '/' })).prefixes.map((p) => p.slice(base.length, -1)).filter((s) => !scope.sysplexes || scope.sysplexes.has(s));
        const wanted = scope.entities?.get(family);
        const perSysplex = await Promise.all(
          sysplexes.map(async (s) => {
            const sp = `${base}${s}/`;
            const entities = (await this.list(sp, { delimiter: '/' })).prefixes.map((p) => p.slice(sp.length, -1)).filter((e) => !wanted || wanted.has(e));
            const perEntity = await Promise.all(
              entities.map(async (e) => {
                const ep = entityPrefix(this.layout, family, segmentValue(s), segmentValue(e));
                if (known) return known.map((w) => ep + w);
                const listed = await this.list(ep, { startAfter: ep + first.slice(0, -1), until: ep + last });
                return listed.keys.map((k) => k.key).filter((k) => {
                  const t = parseWindowName(k.slice(ep.length));
                  return t !== undefined && t >= firstWindow && t <= lastWindow;
                });
              }),
            );
            return perEntity.flat();
          }),
        );
        return perSysplex.flat();
      }),
    );
    return perFamily.flat();
  }

  /** Every record the query selects: window objects over the month archives, merged by key, filtered, by timestamp. */
  private async select(q: NormalizedQuery): Promise<MetricRecord[]> {
    if (q.metrics.size === 0 || q.toMs <= q.fromMs) return [];
    for (const values of q.labels.values()) if (values.size === 0) return [];
    const firstWindow = windowStart(this.layout, Math.floor(q.fromMs) + 1);
    const lastWindow = windowStart(this.layout, q.toMs);
    const [keys, archives] = await Promise.all([this.windowKeys(queryScope(q), firstWindow, lastWindow, { guess: true }), this.archivesOf(q.fromMs, q.toMs)]);
    const byKey = new Map<string, MetricRecord>();
    for (const a of archives) if (a) for (const r of selectRecords(a.records, q)) byKey.set(r.key, r);
    const objects = await Promise.all(keys.map((k) => this.getRecords(k)));
    for (const records of objects) if (records) for (const r of selectRecords(records, q)) byKey.set(r.key, r);
    return [...byKey.values()].sort(compareRecords);
  }

  /**
   * The archives of the months that intersect (fromMs, toMs]: one LIST per month for a range of a few months, else
   * one listing of the whole archive folder (a range from 1970 would otherwise cost a LIST for each of 700 months).
   */
  private async archivesOf(fromMs: number, toMs: number): Promise<(CachedArchive | undefined)[]> {
    const months = monthsOf(fromMs, toMs);
    if (months.length <= ARCHIVE_LISTS_PER_MONTH_UP_TO) return Promise.all(months.map((m) => this.archive(m)));
    const listing = new Map((await this.list(`${this.prefix}archive/monthly/`)).keys.map((k) => [k.key, k.etag] as const));
    const archived = months.filter((m) => listing.has(archiveKey(this.layout, m)));
    return Promise.all(archived.map((m) => this.archive(m, undefined, listing)));
  }

  async read(query: RecordQuery): Promise<MetricRecord[]> {
    this.check();
    const q = normalizeQuery(query);
    await this.ready();
    return this.select(q);
  }

  async count(query: RecordQuery): Promise<number> {
    return (await this.read(query)).length;
  }

  async aggregate(query: AggregateQuery): Promise<AggregatePoint[]> {
    this.check();
    const q = normalizeAggregate(query);
    await this.ready();
    return aggregateRecords(await this.select(q), q);
  }

  async deleteBefore(before: Instant): Promise<void> {
    this.check();
    const cutoff = toEpochMs(before, 'before');
    await this.ready();
    await this.lock.exclusive(async () => {
      this.forgetListings();
      // window objects: those ending by the cutoff go; the one holding it keeps its records from the cutoff on
      const keys = await this.windowKeys({ families: FAMILIES }, 0, windowStart(this.layout, cutoff));
      const gone: string[] = [];
      await Promise.all(
        keys.map(async (key) => {
          const start = parseWindowName(key.slice(key.length - windowName(0).length))!;
          if (start + this.windowMs <= cutoff) gone.push(key);
          else await this.rewriteFrom(key, cutoff, gone);
        }),
      );
      // archives: months ending by the cutoff go; the month holding it is rewritten
      const archives = (await this.list(`${this.prefix}archive/monthly/`)).keys.map((k) => k.key);
      await Promise.all(
        archives.map(async (key) => {
          const m = /\/(\d{4})\/(\d{2})\/archive_\d{8}_\d{8}\.json\.gz$/.exec(key);
          if (!m) return;
          const { start, end } = monthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
          if (end <= cutoff) gone.push(key);
          else if (start < cutoff) await this.rewriteFrom(key, cutoff, gone);
          this.archives.delete(key);
        }),
      );
      await this.deleteKeys(gone);
    });
  }

  /** Keeps an object's records at or after `cutoff` (deleting the object when none are left). */
  private async rewriteFrom(key: string, cutoff: number, gone: string[]): Promise<void> {
    const records = await this.getRecords(key);
    if (!records) return;
    const kept = records.filter((r) => r.timestamp >= cutoff);
    if (kept.length === records.length) return;
    if (kept.length === 0) gone.push(key);
    else await this.put(key, await encodeObject(kept), 'application/gzip');
  }

  async compact(month: Instant): Promise<CompactionReport> {
    this.check();
    const { start, end } = monthOf(toEpochMs(typeof month === 'string' && /^\d{4}-\d{2}$/.test(month) ? `${month}-01` : month, 'month'));
    await this.ready();
    return this.lock.exclusive(async () => {
      this.forgetListings();
      const keys = await this.windowKeys({ families: FAMILIES }, start, windowStart(this.layout, end - 1));
      const archive = await this.archive(start);
      const byKey = new Map<string, MetricRecord>();
      for (const r of archive?.records ?? []) byKey.set(r.key, r);
      const objects = await Promise.all(keys.map((k) => this.getRecords(k)));
      for (const records of objects) for (const r of records ?? []) byKey.set(r.key, r);
      const key = archiveKey(this.layout, start);
      const body = await encodeObject(byKey.values());
      // the archive first, then the windows: a crash in between leaves both, which readers merge to the same records
      if (keys.length > 0 || !archive) await this.put(key, body, 'application/gzip');
      this.archives.delete(key);
      await this.deleteKeys(keys);
      return { archive: key, records: byKey.size, windows: keys.length, bytes: body.byteLength };
    });
  }

  exportCsv(range: ExportRange): Promise<ExportManifest> {
    return this.export('csv', range);
  }

  exportParquet(range: ExportRange): Promise<ExportManifest> {
    return this.export('parquet', range);
  }

  private async export(format: 'csv' | 'parquet', range: ExportRange): Promise<ExportManifest> {
    this.check();
    const q = normalizeQuery({ from: range.from, to: range.to, ...(range.family !== undefined ? { family: range.family } : {}) });
    const families = FAMILIES.filter((f) => queryScope(q).families.includes(f));
    const firstDay = Math.floor(q.fromMs / DAY) * DAY;
    const lastDay = Math.floor(q.toMs / DAY) * DAY;
    await this.ready();
    const files: ExportFile[] = [];
    const columns = Object.fromEntries(families.map((f) => [f, familyColumns(f)]));
    for (let day = firstDay; day <= lastDay; day += DAY) {
      // the day's records: timestamps in [day, day + 1 d)
      const records = await this.select(normalizeQuery({ from: day - 1, to: day + DAY - 1, family: families }));
      const byFamily = new Map<string, MetricRecord[]>(families.map((f) => [f, []]));
      for (const r of records) byFamily.get(familyOfRecord(r))?.push(r);
      await Promise.all(
        families.map(async (family) => {
          const key = exportKey(this.layout, format, family, day);
          const rows = byFamily.get(family)!;
          if (rows.length === 0) {
            await this.deleteKeys([key]); // a day emptied by retention since an earlier export
            return;
          }
          const body = format === 'csv' ? encodeCsv(rows, { columns: columns[family]! }) : encodeParquet(rows, { columns: columns[family]! });
          await this.put(key, body, format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet');
          files.push({ key, family, date: isoDate(day), records: rows.length, bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength, sha256: createHash('sha256').update(body).digest('hex') });
        }),
      );
    }
    files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const manifest: ExportManifest = {
      format,
      key: manifestKey(this.layout, format, firstDay, lastDay),
      firstDay: isoDate(firstDay),
      lastDay: isoDate(lastDay),
      files,
      columns: Object.fromEntries(Object.entries(columns).map(([f, cs]) => [f, cs.map(({ name, type, nullable }) => ({ name, type, nullable }))])),
      records: files.reduce((a, f) => a + f.records, 0),
    };
    await this.put(manifest.key, `${JSON.stringify(manifest, null, 2)}\n`, 'application/json');
    return manifest;
  }

  async ping(signal?: AbortSignal): Promise<void> {
    this.check();
    await this.send(new HeadBucketCommand({ Bucket: this.bucket }), 'reach', signal).catch((e: unknown) => {
      // a HEAD has no body: a 404 is the missing bucket
      if ((e as { cause?: unknown }).cause && isNotFound((e as { cause?: unknown }).cause)) throw storageError(Object.assign(new Error('NoSuchBucket'), { Code: 'NoSuchBucket' }), this.target, this.bucket, 'reach');
      throw e;
    });
  }

  async summary(): Promise<S3Summary> {
    this.check();
    const areas: Record<string, { objects: number; bytes: number }> = {};
    let objects = 0;
    let bytes = 0;
    let token: string | undefined;
    do {
      const r = await this.send<{ Contents?: { Key?: string; Size?: number }[]; IsTruncated?: boolean; NextContinuationToken?: string }>(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ...(token ? { ContinuationToken: token } : {}) }),
        'list',
      );
      for (const c of r.Contents ?? []) {
        const rest = c.Key!.slice(this.prefix.length);
        const area = /^metrics\/[^/]+/.exec(rest)?.[0] ?? /^exports\/[^/]+/.exec(rest)?.[0] ?? (/^(archive|backup)\//.exec(rest)?.[1] || 'other');
        const a = (areas[area] ??= { objects: 0, bytes: 0 });
        a.objects++;
        a.bytes += c.Size ?? 0;
        objects++;
        bytes += c.Size ?? 0;
      }
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    return { bucket: this.bucket, prefix: this.prefix, windowSeconds: this.windowMs / 1000, objects, bytes, areas };
  }

  async backup(options: { from?: Instant; to?: Instant } = {}): Promise<{ location: string; records: number; objects: number; bytes: number }> {
    this.check();
    const q = normalizeQuery({ from: options.from ?? 0, to: options.to ?? MAX_TIMESTAMP });
    await this.ready();
    const records = await this.select(q);
    const body = await encodeObject(records);
    const stamp = (t: number) => new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
    const key = `${this.prefix}backup/backup_${stamp(q.fromMs)}_${stamp(q.toMs)}.json.gz`;
    await this.put(key, body, 'application/gzip');
    return { location: `s3://${this.bucket}/${key}`, records: records.length, objects: 1, bytes: body.byteLength };
  }

  async exportRange(options: { from: Instant; to: Instant; format?: string }): Promise<{ location: string; records: number; objects: number; bytes: number }> {
    const format = options.format ?? 'parquet';
    if (format !== 'parquet' && format !== 'csv') throw new RmfSimError('ERR_RMF_ARGUMENT', `format must be parquet or csv, not ${JSON.stringify(format)}`);
    const m = await this.export(format, { from: options.from, to: options.to });
    return { location: `s3://${this.bucket}/${m.key}`, records: m.records, objects: m.files.length, bytes: m.files.reduce((a, f) => a + f.bytes, 0) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.archives.clear();
    this.forgetListings();
    if (this.ownsClient) this.$client.destroy();
  }
}

/** The conditions of a conditional PUT (PutObjectCommand's `IfNoneMatch`, `IfMatch`). */
type PutCondition = { IfNoneMatch: '*' } | { IfMatch: string };

/** The incoming records of a window group as records (for a merge with an existing object). */
function incomingRecords(g: WindowGroup): MetricRecord[] {
  return g.timestamps.map((t, i): MetricRecord => {
    const s = g.series[i]!;
    return { key: `${s.key}@${t}`, timestamp: t, metric: s.metric, labels: s.labels, value: g.values[i]! };
  });
}

/** The hour folder of a window object's key (`…/<entity>/YYYY/MM/DD/HH/`): windows divide an hour. */
const hourOf = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

const familyOfRecord = (r: MetricRecord): string => getMetric(r.metric)!.family;

/** Whether merging changed what the object held (a re-run of the same records writes nothing). */
function changes(before: readonly MetricRecord[], after: readonly MetricRecord[]): boolean {
  if (before.length !== after.length) return true;
  const old = new Map(before.map((r) => [r.key, r.value]));
  for (const r of after) if (!Object.is(old.get(r.key), r.value)) return true;
  return false;
}

/**
 * A signal of one call's own that follows the caller's: the SDK adds an abort listener per request, and a write has
 * more requests in flight than Node's warning limit of 10 listeners on one signal; they go on this one (no limit),
 * while the caller's long-lived signal (the pipeline's) carries one listener per call, removed when the call ends.
 */
function followSignal(outer: AbortSignal | undefined): { signal: AbortSignal | undefined; release: () => void } {
  if (!outer) return { signal: undefined, release: () => undefined };
  const own = new AbortController();
  setMaxListeners(0, own.signal);
  if (outer.aborted) {
    own.abort(outer.reason);
    return { signal: own.signal, release: () => undefined };
  }
  const onAbort = () => own.abort(outer.reason);
  outer.addEventListener('abort', onAbort, { once: true });
  return { signal: own.signal, release: () => outer.removeEventListener('abort', onAbort) };
}

function abortControllerOf(signal: AbortSignal): AbortController {
  const c = new AbortController();
  if (signal.aborted) c.abort(signal.reason);
  else signal.addEventListener('abort', () => c.abort(signal.reason), { once: true });
  return c;
}

/**
 * Creates an {@link S3Store}. Validates the options (a `ConfigError` listing every problem with its path); connects on
 * first use. Call `migrate()` once per bucket and prefix (it creates the bucket when missing).
 *
 * @example
 * ```ts
 * import { createS3Store } from '@rmf-sim/storage-s3';
 * const store = createS3Store({
 *   endpoint: 'http://127.0.0.1:8080', // Swift's S3 API, MinIO, … (path-style); leave out for AWS S3
 *   credentials: { accessKeyId: 'test:tester', secretAccessKey: 'testing' },
 *   bucket: 'rmf-metrics',
 *   window: '5m',
 * });
 * await store.migrate();
 * ```
 */
export function createS3Store(options: S3StoreOptions): S3Store {
  return new S3StoreImpl(options);
}
