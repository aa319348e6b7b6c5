import { S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '@rmf-sim/core';
import { z } from 'zod';

/** Static credentials (else the SDK's default chain: environment, profile, instance role, …). */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Options of {@link createS3Store}: either `client` or `endpoint` (or neither: AWS S3 itself, with the SDK's
 * region and credential chains).
 *
 * @example
 * ```ts
 * const swift: S3StoreOptions = { endpoint: 'http://127.0.0.1:8080', region: 'us-east-1', credentials: { accessKeyId: 'test:tester', secretAccessKey: 'testing' }, bucket: 'rmf' };
 * const mine: S3StoreOptions = { client: new S3Client({ region: 'eu-central-1' }), bucket: 'rmf-archive', prefix: 'plex1/', window: '1h' };
 * ```
 */
export interface S3StoreOptions {
  /** Your `S3Client`: the store uses it and never destroys it (exposed as `$client`). */
  client?: S3Client;
  /** Endpoint of an S3-compatible server (Swift, MinIO, Ceph, …): the store creates its own client (path-style unless `forcePathStyle: false`). */
  endpoint?: string;
  /** Region (own client). @default 'us-east-1' when `endpoint` is given, else the SDK's region chain */
  region?: string;
  /** Credentials (own client). @default the SDK's credential chain (AWS_ACCESS_KEY_ID, …) */
  credentials?: S3Credentials;
  /** Path-style URLs (`endpoint/bucket/key`; own client). @default true with `endpoint`, else false */
  forcePathStyle?: boolean;
  /** Bucket (3–63 characters: a–z, 0–9, `.` and `-`). */
  bucket: string;
  /** Key prefix of everything the store writes, e.g. `rmf/` (a trailing `/` is added). @default '' */
  prefix?: string;
  /**
   * Time window of one object: seconds, or `'30s'`, `'5m'`, `'1h'`; it must divide an hour. Every record lands in the
   * window object its timestamp falls in, whatever batch it came in. Fixed per bucket and prefix by `migrate()`.
   * @default '5m'
   */
  window?: number | string;
  /** Requests in flight at once (reads, writes, deletes). @default 8 */
  concurrency?: number;
  /** Attempts of one request, with the SDK's backoff (own client). @default 3 */
  maxAttempts?: number;
  /** Time to connect, ms (own client). @default 5000 */
  connectionTimeoutMs?: number;
  /** Time a request may take without a byte received, ms (own client). @default 30000 */
  requestTimeoutMs?: number;
  /** Objects above this size go up as multipart uploads (archives, exports), bytes. @default 16 MiB */
  multipartThreshold?: number;
  /**
   * Before it first writes into an hour of an entity, the store lists that hour's window objects once and then skips
   * the GET of every window the listing (and its own writes since) shows absent: about one request per new window
   * (its PUT) instead of two, which is what a backfill into an empty range mostly does. First it lists one key of the
   * family's folder: while the family held no window object, its hours are not listed at all. Safe only with **one writer
   * per bucket and prefix** (the store's rule anyway) and an S3 whose listings show a PUT at once (AWS S3, MinIO);
   * Swift's container listings can lag behind a PUT from another process, so leave it off there when two processes
   * take turns on the same windows. The listings are forgotten by `deleteBefore()`, `compact()` and `close()`.
   * Where the server honours conditional writes (see `conditionalWrites`), the listing is only a hint: a window it
   * shows absent is created with `If-None-Match: *`, so one it missed is merged after the server's 412 instead of
   * replaced, and the option is safe on any such server. It then saves little (a new window costs one request either
   * way): only the refused PUT of a window that exists but that this store did not write.
   * @default false
   */
  listBeforeWrite?: boolean;
  /**
   * Conditional PUTs of window objects. `'auto'`: before its first write the store asks the server once whether it
   * honours `If-None-Match` and `If-Match` on PUT (a probe object `<prefix>_rmf-sim/conditional-probe-<uuid>`: written, PUT
   * again with `If-None-Match: *`, with `If-Match` of a wrong and of the right ETag, then deleted). Where it honours
   * both, a window the store has no reason to believe exists is PUT with `If-None-Match: *` (one request); a 412 means
   * it exists: the store reads it, merges, and PUTs with `If-Match` of the ETag it read, re-reading and retrying on
   * another 412, so two writers never lose each other's records. Where it honours only `If-None-Match`, a window that
   * exists is merged and PUT without a condition (one writer per bucket and prefix). Where it honours neither (Swift's
   * s3api answers 501; some S3-compatible servers ignore the headers and would overwrite), every window is read before
   * it is written (a GET, 404 for a new one) and PUT without a condition. `'off'`: no probe, always the GET first.
   * `'require'`: probe, and fail writes with `ERR_RMF_STORE_SCHEMA` unless the server honours both headers.
   * @default 'auto'
   */
  conditionalWrites?: 'auto' | 'off' | 'require';
}

/** Options after validation. */
export interface ResolvedS3Options {
  client: S3Client;
  ownsClient: boolean;
  /** The endpoint for messages (no credentials). */
  target: string;
  bucket: string;
  prefix: string;
  windowMs: number;
  concurrency: number;
  multipartThreshold: number;
  listBeforeWrite: boolean;
  conditionalWrites: 'auto' | 'off' | 'require';
}

const UNIT = { s: 1, m: 60, h: 3600 } as const;

/** Seconds of a window option (`300`, `'300s'`, `'5m'`, `'1h'`), or undefined when it is not one. */
export function windowSeconds(w: number | string): number | undefined {
  if (typeof w === 'number') return w;
  const m = /^(\d+)(s|m|h)$/.exec(w.trim());
  return m ? Number(m[1]) * UNIT[m[2] as keyof typeof UNIT] : undefined;
}

const clientLike = z.custom<S3Client>((c) => {
  const s = c as Record<string, unknown> | null;
  return !!s && typeof s === 'object' && typeof s.send === 'function' && typeof s.destroy === 'function' && !!s.config;
}, 'client must be an S3Client (from @aws-sdk/client-s3)');

const ownClientOnly = ['region', 'credentials', 'forcePathStyle', 'maxAttempts', 'connectionTimeoutMs', 'requestTimeoutMs'] as const;

const schema = z
  .object({
    client: clientLike.optional(),
    endpoint: z
      .string()
      .url('endpoint must be a URL such as http://127.0.0.1:8080')
      .refine((u) => /^https?:$/.test(new URL(u).protocol), 'endpoint must be an http:// or https:// URL')
      .refine((u) => !new URL(u).username && !new URL(u).password, 'endpoint must not carry credentials: give them as credentials')
      .optional(),
    region: z.string().regex(/^[a-z0-9-]{1,32}$/, 'region is a name such as us-east-1').optional(),
    credentials: z
      .object({ accessKeyId: z.string().min(1, 'accessKeyId is empty'), secretAccessKey: z.string().min(1, 'secretAccessKey is empty'), sessionToken: z.string().min(1).optional() })
      .optional(),
    forcePathStyle: z.boolean().optional(),
    bucket: z
      .string({ error: 'bucket is required' })
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket names are 3–63 characters a–z, 0–9, . and -, starting and ending with a letter or digit')
      .refine((b) => !b.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(b), 'bucket names contain no ".." and are not IP addresses'),
    prefix: z
      .string()
      .max(512, 'prefix is at most 512 characters')
      .refine((p) => !p.startsWith('/') && !p.includes('//'), 'prefix must not start with / or contain //')
      .default(''),
    window: z
      .union([z.number(), z.string()])
      .default('5m')
      .superRefine((w, ctx) => {
        const s = windowSeconds(w);
        if (s === undefined) ctx.addIssue({ code: 'custom', message: `window ${JSON.stringify(w)} is not seconds or '30s', '5m', '1h'` });
        else if (!Number.isInteger(s) || s < 1 || 3600 % s !== 0) ctx.addIssue({ code: 'custom', message: `window must be a whole number of seconds that divides an hour (1, 2, …, 300, 600, 900, 1800, 3600), not ${s}` });
      }),
    concurrency: z.number().int().min(1).max(256).default(8),
    maxAttempts: z.number().int().min(1).max(20).optional(),
    connectionTimeoutMs: z.number().int().min(1).max(600_000).optional(),
    requestTimeoutMs: z.number().int().min(1).max(3_600_000).optional(),
    multipartThreshold: z
      .number()
      .int()
      .min(5 * 1024 * 1024, 'multipartThreshold is at least 5 MiB (the S3 minimum part size)')
      .default(16 * 1024 * 1024),
    listBeforeWrite: z.boolean().default(false),
    conditionalWrites: z.enum(['auto', 'off', 'require'], { error: "conditionalWrites is 'auto', 'off' or 'require'" }).default('auto'),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.client && o.endpoint) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'give either client (your S3Client) or endpoint, not both' });
    if (o.client) for (const k of ownClientOnly) if (o[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} applies only to the store's own client; set it on your S3Client` });
  });

/** Validates the options and creates the store's own client; throws `ConfigError` listing every problem with its path. */
export function resolveS3Options(input: S3StoreOptions): ResolvedS3Options {
  const r = schema.safeParse(input);
  if (!r.success) throw ConfigError.fromZod(r.error);
  const o = r.data;
  const prefix = o.prefix === '' || o.prefix.endsWith('/') ? o.prefix : `${o.prefix}/`;
  const common = { bucket: o.bucket, prefix, windowMs: windowSeconds(o.window)! * 1000, concurrency: o.concurrency, multipartThreshold: o.multipartThreshold, listBeforeWrite: o.listBeforeWrite, conditionalWrites: o.conditionalWrites };
  if (o.client) return { ...common, client: o.client, ownsClient: false, target: 'your S3Client' };
  const client = new S3Client({
    ...(o.endpoint ? { endpoint: o.endpoint, forcePathStyle: o.forcePathStyle ?? true } : o.forcePathStyle !== undefined ? { forcePathStyle: o.forcePathStyle } : {}),
    ...(o.region ? { region: o.region } : o.endpoint ? { region: 'us-east-1' } : {}),
    ...(o.credentials ? { credentials: o.credentials } : {}),
    maxAttempts: o.maxAttempts ?? 3,
    // checksums only where the API requires one: S3-compatible servers differ in the flexible checksums they know
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: o.connectionTimeoutMs ?? 5000, requestTimeout: o.requestTimeoutMs ?? 30_000 },
  });
  return { ...common, client, ownsClient: true, target: o.endpoint ?? `S3 (${o.region ?? 'default region'})` };
}
