import { DeleteObjectsCommand, DeleteBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

const root = new URL('../../../', import.meta.url).pathname;

/** Where the tests connect: S3_URL and its credentials when set, else the Swift that scripts/services/swift.mjs ensures. */
export interface S3Target {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Whether it is the Swift that the scripts manage. */
  own: boolean;
  /** Whether this checkout can start a proxy of its own in front of it (the fault test needs one). */
  proxies: boolean;
}

function target(): S3Target {
  // ensure() reuses a Swift that answers (fast) and starts one otherwise, so that `npx vitest run packages/storage-s3` works alone
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `import { ensure, s3Target } from '${root}scripts/services/swift.mjs'; await ensure(); console.log(JSON.stringify(s3Target()));`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
    env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1' },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as S3Target;
}

export const S3 = target();

/** A client of the test endpoint. */
export function testClient(overrides: Partial<ConstructorParameters<typeof S3Client>[0]> = {}): S3Client {
  return new S3Client({ endpoint: S3.endpoint, region: S3.region, credentials: { ...S3.credentials }, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...overrides });
}

let counter = 0;

/** A unique bucket name (`rmf-t-<tag>-<pid>-<time>-<n>`); `drop()` empties and deletes it. */
export function freshBucket(tag: string) {
  const name = `rmf-t-${tag}-${process.pid}-${Date.now().toString(36)}-${counter++}`.toLowerCase().slice(0, 63);
  return { name, drop: () => dropBucket(name) };
}

/** Empties and deletes a bucket (when it exists). */
export async function dropBucket(name: string): Promise<void> {
  const c = testClient();
  try {
    for (;;) {
      const r = await c.send(new ListObjectsV2Command({ Bucket: name }));
      const keys = (r.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length === 0) break;
      const cmd = new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: keys, Quiet: true } });
      cmd.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { body?: string; headers: Record<string, string> };
          req.headers['content-md5'] = createHash('md5').update(req.body!).digest('base64');
          return next(args);
        },
        { step: 'build', name: 'md5' },
      );
      await c.send(cmd);
    }
    await c.send(new DeleteBucketCommand({ Bucket: name }));
  } catch (e) {
    if ((e as { name?: string }).name !== 'NoSuchBucket') throw e;
  } finally {
    c.destroy();
  }
}

/** Every key of a bucket. */
export async function listKeys(bucket: string, prefix = ''): Promise<string[]> {
  const c = testClient();
  const out: string[] = [];
  let token: string | undefined;
  try {
    do {
      const r = await c.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      out.push(...(r.Contents ?? []).map((o) => o.Key!));
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
  } finally {
    c.destroy();
  }
  return out;
}
