import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** How the server treats `If-None-Match` / `If-Match` on PUT. */
export type Conditionals = 'honour' | 'ignore' | 'not-implemented' | 'create-only';

/** One request the server answered. */
export interface MemoryRequest {
  method: string;
  bucket: string;
  /** The object key ('' for a bucket request). */
  key: string;
  query: Record<string, string>;
  ifNoneMatch?: string;
  ifMatch?: string;
  status: number;
}

interface StoredObject {
  body: Buffer;
  etag: string;
  contentType: string;
}

interface SdkHttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unxml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/**
 * An S3 server in memory, as the request handler of a real `S3Client` (its serializers, deserializers and error
 * parsing all run): buckets, PutObject (with `If-None-Match: *` and `If-Match` honoured atomically, ignored, or
 * answered 501 as Swift's s3api does), GetObject, HeadBucket, CreateBucket, ListObjectsV2 (prefix, delimiter,
 * start-after, pagination), DeleteObject(s). `beforePut` runs before a PUT of an object is decided (to interleave
 * another writer between a store's GET and its PUT); `log` holds every request with its answer.
 */
export class MemoryS3 {
  readonly buckets = new Map<string, Map<string, StoredObject>>();
  readonly log: MemoryRequest[] = [];
  beforePut: ((key: string, request: MemoryRequest) => Promise<void> | void) | undefined;
  /** Runs after a PUT was stored, before it is answered: throwing there is an answer lost on the way back. */
  afterPut: ((key: string, request: MemoryRequest) => void) | undefined;
  /** Keys that listings leave out (a listing that lags behind PUTs). */
  readonly unlisted = new Set<string>();
  /** A fault for a request: `'lost'` (it never arrives), `'unanswered'` (it is carried out, its answer lost). */
  fault: ((method: string, key: string) => 'lost' | 'unanswered' | undefined) | undefined;

  constructor(public conditionals: Conditionals = 'honour') {}

  /** A client of this server. */
  client(): S3Client {
    return new S3Client({
      endpoint: 'http://memory.invalid',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'memory', secretAccessKey: 'memory' },
      maxAttempts: 1,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { handle: (request: SdkHttpRequest) => this.handle(request), destroy: () => undefined } as never,
    });
  }

  /** Requests of a kind so far (`PUT`, `GET`, …), optionally of keys matching a pattern. */
  count(method: string, key?: RegExp): number {
    return this.log.filter((r) => r.method === method && (!key || key.test(r.key))).length;
  }

  private async handle(request: SdkHttpRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> {
    const fault = this.fault?.(request.method, decodeURIComponent(request.path));
    const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    if (fault === 'lost') throw reset();
    const answer = await this.answer(request);
    if (fault === 'unanswered') throw reset();
    return answer;
  }

  private async answer(request: SdkHttpRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Readable } }> {
    const [bucket = '', ...rest] = request.path.replace(/^\//, '').split('/');
    const key = rest.map((s) => decodeURIComponent(s)).join('/');
    const query = Object.fromEntries(Object.entries(request.query ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v[0]! : (v ?? '')]));
    const header = (name: string) => Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)?.[1];
    const entry: MemoryRequest = { method: request.method, bucket: decodeURIComponent(bucket), key, query, status: 0 };
    const inm = header('if-none-match');
    const im = header('if-match');
    if (inm !== undefined) entry.ifNoneMatch = inm;
    if (im !== undefined) entry.ifMatch = im;
    const answer = (status: number, body = '', headers: Record<string, string> = {}) => {
      entry.status = status;
      this.log.push(entry);
      return { response: { statusCode: status, headers: { 'content-type': 'application/xml', ...headers }, body: Readable.from(body === '' ? [] : [Buffer.from(body)]) } };
    };
    const error = (status: number, code: string, message: string) => answer(status, request.method === 'HEAD' ? '' : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`);
    const objects = this.buckets.get(entry.bucket);
    if (key === '') {
      if (request.method === 'PUT') {
        if (!objects) this.buckets.set(entry.bucket, new Map());
        return answer(200);
      }
      if (!objects) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (request.method === 'HEAD') return answer(200);
      if (request.method === 'GET' && query['list-type'] === '2') return answer(200, this.list(entry.bucket, objects, query));
      if (request.method === 'POST' && 'delete' in query) {
        const body = typeof request.body === 'string' ? request.body : Buffer.from(request.body as Uint8Array).toString('utf8');
        for (const m of body.matchAll(/<Key>([^<]*)<\/Key>/g)) objects.delete(unxml(m[1]!));
        return answer(200, '<?xml version="1.0" encoding="UTF-8"?><DeleteResult></DeleteResult>');
      }
      return error(501, 'NotImplemented', `${request.method} of a bucket`);
    }
    if (!objects) return error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (request.method === 'GET') {
      const o = objects.get(key);
      if (!o) return error(404, 'NoSuchKey', 'The specified key does not exist.');
      entry.status = 200;
      this.log.push(entry);
      return { response: { statusCode: 200, headers: { etag: o.etag, 'content-type': o.contentType, 'content-length': String(o.body.byteLength) }, body: Readable.from([o.body]) } };
    }
    if (request.method === 'DELETE') {
      objects.delete(key);
      return answer(204);
    }
    if (request.method === 'PUT') {
      const conditional = inm !== undefined || im !== undefined;
      if (conditional && this.conditionals === 'not-implemented') return error(501, 'NotImplemented', 'Conditional object PUTs are not supported.');
      if (im !== undefined && this.conditionals === 'create-only') return error(501, 'NotImplemented', 'If-Match on PUT is not supported.');
      await this.beforePut?.(key, entry);
      const body = Buffer.from(typeof request.body === 'string' ? Buffer.from(request.body) : (request.body as Uint8Array));
      const current = objects.get(key);
      if (this.conditionals !== 'ignore') {
        if (inm === '*' && current) return error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
        if (im !== undefined && current?.etag !== im) return error(current ? 412 : 404, current ? 'PreconditionFailed' : 'NoSuchKey', 'At least one of the pre-conditions you specified did not hold');
      }
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      objects.set(key, { body, etag, contentType: header('content-type') ?? 'application/octet-stream' });
      if (this.afterPut) {
        entry.status = 200;
        try {
          this.afterPut(key, entry);
        } catch (e) {
          this.log.push(entry);
          throw e;
        }
      }
      return answer(200, '', { etag });
    }
    return error(501, 'NotImplemented', `${request.method} of an object`);
  }

  private list(bucket: string, objects: Map<string, StoredObject>, q: Record<string, string>): string {
    const prefix = q.prefix ?? '';
    const after = q['continuation-token'] || q['start-after'] || '';
    const max = Number(q['max-keys'] ?? 1000);
    const keys: string[] = [];
    const prefixes = new Set<string>();
    let truncated = false;
    let last = '';
    for (const k of [...objects.keys()].sort()) {
      if (!k.startsWith(prefix) || k <= after || this.unlisted.has(k)) continue;
      const cut = q.delimiter ? k.indexOf(q.delimiter, prefix.length) : -1;
      const p = cut >= 0 ? k.slice(0, cut + q.delimiter!.length) : undefined;
      if (p !== undefined && prefixes.has(p)) continue;
      if (keys.length + prefixes.size >= max) {
        truncated = true;
        break;
      }
      if (p !== undefined) prefixes.add(p);
      else keys.push(k);
      last = p ?? k;
    }
    // a continuation after a common prefix skips the rest of it
    const token = truncated ? (last.endsWith(q.delimiter ?? '\u0000') ? `${last}\uffff` : last) : '';
    return [
      '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Name>${xml(bucket)}</Name><Prefix>${xml(prefix)}</Prefix><KeyCount>${keys.length + prefixes.size}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`,
      truncated ? `<NextContinuationToken>${xml(token)}</NextContinuationToken>` : '',
      ...keys.map((k) => `<Contents><Key>${xml(k)}</Key><ETag>${xml(objects.get(k)!.etag)}</ETag><Size>${objects.get(k)!.body.byteLength}</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified></Contents>`),
      ...[...prefixes].map((p) => `<CommonPrefixes><Prefix>${xml(p)}</Prefix></CommonPrefixes>`),
      '</ListBucketResult>',
    ].join('');
  }
}
