// MariaDB for the tests and the benchmark of @rmf-sim/storage-mysql.
//
// ensure():
//   - with RMF_SIM_MYSQL_URL set: checks that server answers, and creates the URL's database if missing;
//   - else, if 127.0.0.1:3306 answers as root without a password: reuses it and creates the `rmf_sim_test` database;
//   - else: installs Debian's mariadb-server when its binaries are missing (apt-get update + install), initialises a
//     data directory under the repository's .cache/mariadb/ (once), starts mariadbd on 127.0.0.1:3306 detached
//     (it keeps running after this script, for vitest and later runs), and polls until it answers (no fixed sleeps).
// Tests then create their own uniquely named databases and drop them (see packages/storage-mysql/test/db.ts); ensure()
// also drops such databases left over by killed runs more than 6 hours ago.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The URL the tests use when RMF_SIM_MYSQL_URL is not set. */
export const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/rmf_sim_test';

// mysql2 is a dev dependency of packages/storage-mysql; resolve it from there.
const require = createRequire(join(root, 'packages', 'storage-mysql', 'package.json'));
const mysql = require('mysql2/promise');

function parse(url) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 3306), user: decodeURIComponent(u.username || 'root'), password: decodeURIComponent(u.password), database: decodeURIComponent(u.pathname.slice(1)) || 'rmf_sim_test' };
}

/** Connects once; resolves to the connection, or rejects with the driver's error. */
async function connect({ host, port, user, password }, timeout = 3000) {
  return mysql.createConnection({ host, port, user, password, connectTimeout: timeout });
}

async function createDatabase(c, name) {
  if (!/^[A-Za-z0-9_$]{1,64}$/.test(name)) throw new Error(`mariadb: bad database name ${name}`);
  await c.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
}

const refused = (e) => ['ECONNREFUSED', 'ENOENT', 'EADDRNOTAVAIL'].includes(e?.code);

function which(name) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin']) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Runs a command; its output is shown only when it fails. */
function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.status !== 0) throw new Error(`mariadb: ${what} failed (${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}):\n${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n')}`);
}

function installServer() {
  const asRoot = process.getuid?.() === 0 ? [] : which('sudo') ? ['sudo', '-n'] : null;
  if (!asRoot) throw new Error('mariadb: mariadb-server is not installed and this user cannot install it (not root, no sudo); install it, or set RMF_SIM_MYSQL_URL to a MySQL/MariaDB server');
  const apt = (...args) => (asRoot.length ? run(asRoot[0], [...asRoot.slice(1), 'apt-get', ...args], `apt-get ${args[0]}`) : run('apt-get', args, `apt-get ${args[0]}`));
  console.log('services: mariadb: installing mariadb-server (apt-get)…');
  apt('update');
  apt('install', '-y', '--no-install-recommends', 'mariadb-server');
}

/** Socket path: under .cache when short enough (Unix sockets are limited to 107 bytes), else in the temp dir. */
function socketPath(dir) {
  const p = join(dir, 'mariadbd.sock');
  return Buffer.byteLength(p) < 100 ? p : join(tmpdir(), `rmf-sim-mariadb-${createHash('sha1').update(root).digest('hex').slice(0, 12)}.sock`);
}

/** Starts an own mariadbd on 127.0.0.1:`target.port` with its data under `dir` (default .cache/mariadb); resolves once it answers. */
export async function startOwnServer(target, dir = join(root, '.cache', 'mariadb')) {
  if (!which('mariadbd') || !which('mariadb-install-db')) installServer();
  const mariadbd = which('mariadbd');
  const installDb = which('mariadb-install-db');
  if (!mariadbd || !installDb) throw new Error('mariadb: mariadbd or mariadb-install-db still missing after installing mariadb-server');
  const data = join(dir, 'data');
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(data, 'mysql'))) {
    console.log(`services: mariadb: initialising ${data}`);
    run(installDb, ['--no-defaults', '--user=root', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db'], 'mariadb-install-db');
  }
  const log = openSync(join(dir, 'mariadbd.log'), 'a');
  const args = ['--no-defaults', '--user=root', `--datadir=${data}`, '--bind-address=127.0.0.1', `--port=${target.port}`, `--socket=${socketPath(dir)}`, `--pid-file=${join(dir, 'mariadbd.pid')}`, '--skip-log-bin', '--innodb-flush-log-at-trx-commit=2', '--local-infile=1', '--max-allowed-packet=64M'];
  const child = spawn(mariadbd, args, { detached: true, stdio: ['ignore', log, log] });
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  child.unref();
  // poll readiness: connect until it answers (or the server died)
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const c = await connect(target, 1000);
      child.removeAllListeners('exit');
      return { c, pid: child.pid };
    } catch (e) {
      if (exited !== null) throw new Error(`mariadb: mariadbd exited (${exited}) before answering; see ${join(dir, 'mariadbd.log')}`);
      if (Date.now() > deadline) throw new Error(`mariadb: mariadbd did not answer within 60 s (${e.code ?? e.message}); see ${join(dir, 'mariadbd.log')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Drops databases that the tests (`rmf_t_<tag>_<pid>_<time>_<n>`) or the benchmark (`rmf_bench_<tag>_<pid>_<time>`)
 * created more than 6 hours ago and could not drop (a run that was killed). `<time>` is epoch ms in base 36.
 */
async function dropStaleDatabases(c) {
  const [rows] = await c.query("SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'rmf\\_t\\_%' OR SCHEMA_NAME LIKE 'rmf\\_bench\\_%'");
  let dropped = 0;
  for (const { name } of rows) {
    const m = /^rmf_(?:t|bench)_[a-z]+_\d+_([0-9a-z]+)(?:_\d+)?$/.exec(name);
    if (!m || Date.now() - parseInt(m[1], 36) < 6 * 3_600_000) continue;
    await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
    dropped++;
  }
  return dropped;
}

/** Makes sure the tests' server answers and their database exists; returns what it did. */
export async function ensure() {
  const fromEnv = process.env.RMF_SIM_MYSQL_URL;
  const target = parse(fromEnv ?? DEFAULT_URL);
  let c;
  let what;
  try {
    c = await connect(target);
    what = `reused ${target.host}:${target.port}`;
  } catch (e) {
    if (fromEnv) throw new Error(`mariadb: RMF_SIM_MYSQL_URL (${target.host}:${target.port}) does not answer: ${e.code ?? e.message}`);
    if (!refused(e)) throw new Error(`mariadb: 127.0.0.1:3306 answers but not as root without a password (${e.code ?? e.message}); set RMF_SIM_MYSQL_URL`);
    const started = await startOwnServer(target);
    c = started.c;
    what = `started mariadbd (pid ${started.pid}) on ${target.host}:${target.port}, data in .cache/mariadb`;
  }
  try {
    await createDatabase(c, target.database);
    what += `, database ${target.database}`;
    const dropped = await dropStaleDatabases(c);
    if (dropped) what += `, dropped ${dropped} stale test database(s)`;
  } finally {
    await c.end();
  }
  return what;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensure().then(
    (what) => console.log(`mariadb: ${what}`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
