// MongoDB for the tests and the benchmark of @rmf-sim/storage-mongo.
//
// No real mongod installs on these machines (Debian ships none; mongodb-memory-server downloads binaries), so:
//   - with MONGO_URL set: checks that the server answers (ping) and uses it;
//   - else: the MongoDB wire-protocol emulator CongoDB (inside @push.rocks/smartmongo 2.2.0, pinned with npm overrides
//     in tools/mongo-emulator/package.json: its own folder, not a workspace, in no published package), installed
//     there with `npm ci --prefix tools/mongo-emulator` (from the npm registry) when missing, started detached on a
//     free port of 127.0.0.1, in memory. It writes where it listens to .cache/mongo-emulator/state.json, which the
//     tests and the bench read (see mongoUrl() below); a running emulator is reused. Readiness is polled (ping),
//     never waited for by a fixed sleep.
// Tests create uniquely named databases and drop them.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive } from '../lib/process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tool = join(root, 'tools', 'mongo-emulator');
const cache = join(root, '.cache', 'mongo-emulator');
/** Where the running emulator says it listens: `{ url, port, pid }`. */
export const STATE_FILE = join(cache, 'state.json');

// the driver is a dev dependency of packages/storage-mongo; resolve it from there
const require = createRequire(join(root, 'packages', 'storage-mongo', 'package.json'));
const { MongoClient } = require('mongodb');

/** Resolves when `url` answers a ping within `timeoutMs`, rejects with the driver's error otherwise. */
async function ping(url, timeoutMs = 2000) {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close().catch(() => undefined);
  }
}

function readState() {
  try {
    const s = JSON.parse(readFileSync(STATE_FILE, 'utf8'));
    return typeof s?.url === 'string' && Number.isInteger(s?.pid) ? s : null;
  } catch {
    return null;
  }
}

/** The URL the tests use: MONGO_URL, else the emulator's (once ensure() ran), else undefined. */
export function mongoUrl() {
  return process.env.MONGO_URL || readState()?.url;
}

function installEmulator() {
  if (existsSync(join(tool, 'node_modules', '@push.rocks', 'smartmongo', 'dist_ts', 'congodb', 'index.js'))) return false;
  console.log('services: mongo: installing the emulator into tools/mongo-emulator (npm ci)…');
  // its own lock file and overrides; engine-strict off: the emulator's dependencies declare no engines we rely on
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--prefix', tool, '--no-audit', '--no-fund', '--engine-strict=false', '--loglevel=error'], { cwd: tool, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
  return true;
}

/** Starts the emulator detached and polls until it answers; resolves to its state. */
async function startEmulator() {
  mkdirSync(cache, { recursive: true });
  rmSync(STATE_FILE, { force: true });
  const log = openSync(join(cache, 'emulator.log'), 'a');
  const child = spawn(process.execPath, [join(tool, 'start.mjs'), STATE_FILE, process.env.RMF_SIM_MONGO_PORT ?? '0'], { cwd: tool, detached: true, stdio: ['ignore', log, log] });
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  child.unref();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const state = readState();
    if (state && state.pid === child.pid) {
      try {
        await ping(state.url, 1000);
        child.removeAllListeners('exit');
        return state;
      } catch {
        // listening but not answering yet
      }
    }
    if (exited !== null) throw new Error(`mongo: the emulator exited (${exited}) before answering; see ${join(cache, 'emulator.log')}`);
    if (Date.now() > deadline) throw new Error(`mongo: the emulator did not answer within 30 s; see ${join(cache, 'emulator.log')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let ensuring;

/** Makes sure a MongoDB (MONGO_URL, or the emulator) answers; returns what it did. Idempotent; concurrent calls share one run. */
export function ensure() {
  ensuring ??= (async () => {
    const fromEnv = process.env.MONGO_URL;
    if (fromEnv) {
      try {
        await ping(fromEnv, 5000);
      } catch (e) {
        throw new Error(`mongo: MONGO_URL does not answer: ${e.message}`);
      }
      return 'using MONGO_URL';
    }
    const state = readState();
    if (state && alive(state.pid)) {
      try {
        await ping(state.url, 1000);
        return `reused the emulator at ${state.url} (pid ${state.pid})`;
      } catch {
        // a stale state file, or a process that is not ours any more: start a new emulator
      }
    }
    const installed = installEmulator();
    const started = await startEmulator();
    return `${installed ? 'installed and ' : ''}started the emulator at ${started.url} (pid ${started.pid}), state in .cache/mongo-emulator`;
  })().finally(() => {
    ensuring = undefined;
  });
  return ensuring;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensure().then(
    (what) => console.log(`mongo: ${what}`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
