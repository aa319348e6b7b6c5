// Redis for the tests of @rmf-sim/server (shared rate limits and response cache across server instances).
// ensure(): with RMF_SIM_REDIS_URL set, checks that it answers PING; else reuses a Redis on 127.0.0.1:6379 when one
// answers; else installs Debian's redis-server when missing (apt-get) and starts it detached on 127.0.0.1:6379 with
// nothing kept on disk (--save ""), then polls PING until it answers (no fixed sleeps). Tests use unique key prefixes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';

export const DEFAULT_URL = 'redis://127.0.0.1:6379';

/** Sends PING over RESP; resolves true on +PONG. */
function ping(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = connect(port, host);
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

function which(name) {
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/bin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  return undefined;
}

function install() {
  if (process.getuid?.() !== 0) throw new Error('redis: redis-server is not installed and installing it needs root (apt-get install redis-server), or set RMF_SIM_REDIS_URL');
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'redis-server']]) {
    const r = spawnSync('apt-get', args, { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) throw new Error(`redis: apt-get ${args[0]} failed:\n${`${r.stdout}${r.stderr}`.trim().split('\n').slice(-10).join('\n')}`);
  }
}

export async function ensure() {
  const url = new URL(process.env.RMF_SIM_REDIS_URL ?? DEFAULT_URL);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 6379);
  if (await ping(host, port)) return `reused ${host}:${port}`;
  if (process.env.RMF_SIM_REDIS_URL) throw new Error(`redis: RMF_SIM_REDIS_URL (${host}:${port}) does not answer PING`);
  if (!which('redis-server')) install();
  const child = spawn(which('redis-server'), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { detached: true, stdio: 'ignore' });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (!(await ping(host, port))) {
    if (Date.now() > deadline) throw new Error(`redis: redis-server did not answer on ${host}:${port} within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return `started redis-server (pid ${child.pid}) on ${host}:${port}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensure().then(
    (what) => console.log(`redis: ${what}`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
