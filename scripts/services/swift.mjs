// OpenStack Swift with its S3 API (s3api + tempauth) for the tests and the benchmark of @rmf-sim/storage-s3.
//
// ensure():
//   - with S3_URL set: checks that the endpoint answers HTTP and uses it (credentials from S3_ACCESS_KEY_ID /
//     S3_SECRET_ACCESS_KEY, else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY);
//   - else, when a Swift proxy answers at 127.0.0.1:8080 (/healthcheck) and accepts the test credentials over SigV4:
//     reuses it (the fast path: one HTTP round trip and one signed request);
//   - else: installs Debian's swift-proxy, swift-object, swift-container, swift-account and memcached when missing
//     (apt-get), writes everything under the repository's .cache/swift/ (swift.conf with its own hash suffix, three
//     one-replica rings, one device, the account/container/object/proxy configs: tempauth user test:tester with
//     secret `testing`, s3api in us-east-1), starts memcached (unless 127.0.0.1:11211 answers) and the four servers
//     detached (they keep running for vitest and later runs), and polls /healthcheck and a signed ListBuckets (no
//     fixed sleeps).
// The proxy's config is per port (proxyConfig(port)) so that a fault test can start, kill and restart a proxy of its
// own in front of the same storage servers (startProxy()).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the configs, rings, data and logs live. */
export const SWIFT_DIR = join(root, '.cache', 'swift');
const etc = join(SWIFT_DIR, 'etc');
const devices = join(SWIFT_DIR, 'srv');
const logs = join(SWIFT_DIR, 'log');

/** The proxy's port when S3_URL is not set. */
export const DEFAULT_PORT = 8080;
/** Credentials of tempauth's `user_test_tester = testing .admin`. */
export const DEFAULT_CREDENTIALS = Object.freeze({ accessKeyId: 'test:tester', secretAccessKey: 'testing' });
export const DEFAULT_REGION = 'us-east-1';
const STORAGE_PORTS = { object: 6200, container: 6201, account: 6202 };
const PACKAGES = ['swift-proxy', 'swift-object', 'swift-container', 'swift-account', 'memcached'];

/**
 * Where the tests connect: `{ endpoint, region, credentials, own, proxies }` (own: the Swift this script manages;
 * proxies: this checkout holds the rings, so startProxy() can put a proxy of its own in front of the running storage
 * servers — not so when the proxy on the port was started from another checkout).
 */
export function s3Target() {
  const endpoint = process.env.S3_URL;
  if (endpoint) {
    const accessKeyId = process.env.S3_ACCESS_KEY_ID ?? process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.S3_SECRET_ACCESS_KEY ?? process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) throw new Error('swift: S3_URL is set but neither S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY nor AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are');
    return { endpoint, region: process.env.S3_REGION ?? process.env.AWS_REGION ?? DEFAULT_REGION, credentials: { accessKeyId, secretAccessKey }, own: false, proxies: false };
  }
  return { endpoint: `http://127.0.0.1:${DEFAULT_PORT}`, region: DEFAULT_REGION, credentials: { ...DEFAULT_CREDENTIALS }, own: true, proxies: existsSync(join(etc, 'object.ring.gz')) };
}

function which(name) {
  for (const dir of ['/usr/bin', '/usr/sbin', '/bin', '/sbin', '/usr/local/bin', '/usr/local/sbin']) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Runs a command; its output is shown only when it fails. */
function run(cmd, args, what, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, ...options });
  if (r.status !== 0) throw new Error(`swift: ${what} failed (${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}):\n${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n')}`);
  return r.stdout;
}

function install() {
  const missing = ['swift-proxy-server', 'swift-object-server', 'swift-container-server', 'swift-account-server', 'swift-ring-builder', 'memcached'].filter((b) => !which(b));
  if (missing.length === 0) return false;
  const asRoot = process.getuid?.() === 0 ? [] : which('sudo') ? ['sudo', '-n'] : null;
  if (!asRoot) throw new Error(`swift: ${missing.join(', ')} missing and this user cannot install Debian packages (not root, no sudo); install ${PACKAGES.join(' ')}, or set S3_URL to an S3 endpoint`);
  const apt = (...args) => (asRoot.length ? run(asRoot[0], [...asRoot.slice(1), 'apt-get', '-o', 'DPkg::Lock::Timeout=300', ...args], `apt-get ${args[0]}`) : run('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], `apt-get ${args[0]}`));
  console.log(`services: swift: installing ${PACKAGES.join(' ')} (apt-get)…`);
  apt('update');
  apt('install', '-y', '--no-install-recommends', ...PACKAGES);
  return true;
}

const common = (port) => `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = ${process.env.USER && process.getuid?.() !== 0 ? process.env.USER : 'root'}
swift_dir = ${etc}
devices = ${devices}
mount_check = false
disable_fallocate = true
log_name = swift
log_level = WARNING
`;

function storageConfig(kind) {
  return `${common(STORAGE_PORTS[kind])}
[pipeline:main]
pipeline = ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}
${kind === 'object' ? '' : `\n[${kind}-replicator]\n[${kind}-auditor]\n`}`;
}

/** Path of the proxy's config for `port` (written on demand). */
export function proxyConfig(port = DEFAULT_PORT) {
  const file = join(etc, `proxy-server-${port}.conf`);
  writeFileSync(
    file,
    `${common(port)}
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:s3api]
use = egg:swift#s3api
location = ${DEFAULT_REGION}

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:11211
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
`,
  );
  return file;
}

/** swift.conf, rings and the storage servers' configs; written once (the rings must not change under the data). */
function configure() {
  for (const d of [etc, join(devices, 'd1'), logs]) mkdirSync(d, { recursive: true });
  const swiftConf = join(etc, 'swift.conf');
  if (!existsSync(swiftConf)) {
    writeFileSync(swiftConf, `[swift-hash]\nswift_hash_path_suffix = ${randomBytes(12).toString('hex')}\nswift_hash_path_prefix = ${randomBytes(12).toString('hex')}\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n`);
  }
  const builder = which('swift-ring-builder');
  for (const [kind, port] of Object.entries(STORAGE_PORTS)) {
    writeFileSync(join(etc, `${kind}-server.conf`), storageConfig(kind));
    if (existsSync(join(etc, `${kind}.ring.gz`))) continue;
    const b = join(etc, `${kind}.builder`);
    run(builder, [b, 'create', '0', '1', '1'], `ring ${kind} create`);
    run(builder, [b, 'add', `r1z1-127.0.0.1:${port}/d1`, '1'], `ring ${kind} add`);
    // rebalance exits 1 with a warning on a one-device ring in some versions; the ring file is what matters
    spawnSync(builder, [b, 'rebalance'], { stdio: 'ignore' });
    if (!existsSync(join(etc, `${kind}.ring.gz`))) throw new Error(`swift: swift-ring-builder wrote no ${kind}.ring.gz`);
  }
}

/** Whether something accepts TCP connections at 127.0.0.1:`port`. */
function listening(port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    const done = (v) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function startDetached(cmd, args, name) {
  const log = openSync(join(logs, `${name}.log`), 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  return child;
}

async function healthy(endpoint, timeoutMs = 1000) {
  try {
    const r = await fetch(new URL('/healthcheck', endpoint), { signal: AbortSignal.timeout(timeoutMs) });
    return r.ok;
  } catch {
    return false;
  }
}

/** A SigV4-signed ListBuckets with the SDK of packages/storage-s3: resolves when the credentials are accepted. */
async function signedCheck(target) {
  // the SDK is a dependency of packages/storage-s3; resolve it from there
  const { S3Client, ListBucketsCommand } = createRequire(join(root, 'packages', 'storage-s3', 'package.json'))('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint: target.endpoint, region: target.region, credentials: target.credentials, forcePathStyle: true, maxAttempts: 1 });
  try {
    await client.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(5000) });
  } finally {
    client.destroy();
  }
}

/**
 * Starts a Swift proxy (s3api, tempauth) on 127.0.0.1:`port` in front of the storage servers and polls until it
 * answers; resolves to its child process (the caller may kill it). Used by ensure() and the fault test.
 */
export async function startProxy(port = DEFAULT_PORT, { detached = true, timeoutMs = 60_000 } = {}) {
  const conf = proxyConfig(port);
  const log = openSync(join(logs, `proxy-${port}.log`), 'a');
  const child = spawn(which('swift-proxy-server'), [conf], { detached, stdio: ['ignore', log, log] });
  if (detached) child.unref();
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(`http://127.0.0.1:${port}`, 500))) {
    if (exited !== null) throw new Error(`swift: the proxy on port ${port} exited (${exited}) before answering; see ${join(logs, `proxy-${port}.log`)}`);
    if (Date.now() > deadline) throw new Error(`swift: the proxy on port ${port} did not answer /healthcheck within ${timeoutMs / 1000} s; see ${join(logs, `proxy-${port}.log`)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

async function startAll() {
  const installed = install();
  configure();
  const started = [];
  if (!(await listening(11211))) {
    startDetached(which('memcached'), ['-l', '127.0.0.1', '-p', '11211', '-U', '0', ...(process.getuid?.() === 0 ? ['-u', 'root'] : [])], 'memcached');
    started.push('memcached');
  }
  for (const [kind, port] of Object.entries(STORAGE_PORTS)) {
    if (await listening(port)) continue;
    startDetached(which(`swift-${kind}-server`), [join(etc, `${kind}-server.conf`)], `${kind}-server`);
    started.push(`${kind}-server`);
  }
  const deadline = Date.now() + 60_000;
  for (const [kind, port] of Object.entries(STORAGE_PORTS)) {
    while (!(await listening(port))) {
      if (Date.now() > deadline) throw new Error(`swift: the ${kind} server does not listen on ${port} after 60 s; see ${join(logs, `${kind}-server.log`)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (!(await healthy(`http://127.0.0.1:${DEFAULT_PORT}`))) {
    if (await listening(DEFAULT_PORT)) throw new Error(`swift: something listens on 127.0.0.1:${DEFAULT_PORT} but is not a healthy Swift proxy; stop it or set S3_URL`);
    await startProxy(DEFAULT_PORT);
    started.push('proxy-server');
  }
  return `${installed ? 'installed and ' : ''}started ${started.join(', ') || 'nothing'} (data in .cache/swift)`;
}

/** Makes sure the S3 endpoint of the tests answers and accepts their credentials; returns what it did. */
export async function ensure() {
  const target = s3Target();
  if (!target.own) {
    try {
      await fetch(target.endpoint, { signal: AbortSignal.timeout(5000) });
    } catch (e) {
      throw new Error(`swift: S3_URL (${target.endpoint}) does not answer: ${e.cause?.code ?? e.message}`);
    }
    return `using S3_URL ${target.endpoint}`;
  }
  let what;
  if (await healthy(target.endpoint)) what = `reused the proxy at ${target.endpoint}`;
  else what = await startAll();
  // the S3 layer and tempauth answer a signed request (a just-started proxy may need memcached a moment longer)
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await signedCheck(target);
      return what;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`swift: ${target.endpoint} answers but a signed ListBuckets fails: ${e.name}: ${e.message}; see ${logs}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Reads the log of a server (for failing tests' messages). */
export function serverLog(name) {
  try {
    return readFileSync(join(logs, `${name}.log`), 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  ensure().then(
    (what) => console.log(`swift: ${what} (${Date.now() - started} ms)`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
