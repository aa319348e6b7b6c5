// Prometheus and promtool for the tests of @rmf-sim/exporter-prometheus (Debian's `prometheus` package).
// ensure() installs the package when `prometheus` or `promtool` is missing and starts nothing: each test starts
// its own server on a free port with a temporary config and storage. Debian's package would start a daemon on
// :9090 from its maintainer scripts; a policy-rc.d that denies service starts is put in place for the install
// (the standard Debian way), and a daemon that the install started anyway is stopped by its pid file.
// Idempotent; `npm test` calls it through scripts/services.mjs, and the tests call it too (beforeAll), so that
// `npx vitest run packages/exporter-prometheus` works on a fresh machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { alive } from '../lib/process.mjs';

const PATHS = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin', '/bin'];

/** Absolute path of an executable on PATH (or the usual places), or undefined. */
export function which(name) {
  for (const dir of PATHS) {
    if (!dir) continue;
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** Paths of the two binaries, or undefined for a missing one. */
export function binaries() {
  return { prometheus: which('prometheus'), promtool: which('promtool') };
}

function version(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return /version (\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown version';
}

const POLICY = '/usr/sbin/policy-rc.d';
const PIDFILE = '/run/prometheus/prometheus.pid';

function install() {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error('prometheus/promtool are missing and installing them needs root: apt-get install prometheus');
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Deny service starts during the install (exit code 101 = "action forbidden" for invoke-rc.d).
  const ownPolicy = !existsSync(POLICY);
  if (ownPolicy) writeFileSync(POLICY, '#!/bin/sh\n# written by rmf-sim scripts/services/prometheus.mjs during apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    const wait = ['-o', 'DPkg::Lock::Timeout=300'];
    execFileSync('apt-get', [...wait, 'update'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
    execFileSync('apt-get', [...wait, 'install', '-y', '--no-install-recommends', 'prometheus'], { env, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000 });
  } finally {
    if (ownPolicy) rmSync(POLICY, { force: true });
  }
  // Should the package have started its daemon anyway, stop exactly that process (by its pid file).
  if (existsSync(PIDFILE)) {
    const pid = Number(readFileSync(PIDFILE, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 1) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // not running
      }
    }
  }
}

const LOCK = join(tmpdir(), 'rmf-sim-prometheus-install.lock');

/** One installer at a time (test files may call ensure() in parallel): a lock directory holding the owner's pid. */
async function withInstallLock(fn) {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e?.code !== 'EEXIST') throw e;
      const owner = Number(existsSync(join(LOCK, 'pid')) ? readFileSync(join(LOCK, 'pid'), 'utf8') : NaN);
      if (Number.isInteger(owner) && !alive(owner)) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another install of prometheus holds ${LOCK}`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Installs Prometheus (and promtool) from Debian's packages if either is missing. Starts nothing. */
export async function ensure() {
  let b = binaries();
  let what = 'present';
  if (!b.prometheus || !b.promtool) {
    await withInstallLock(() => {
      // another process may have installed it while we waited for the lock
      if (!binaries().prometheus || !binaries().promtool) install();
    });
    b = binaries();
    if (!b.prometheus || !b.promtool) throw new Error('apt-get install prometheus did not provide both prometheus and promtool');
    what = 'installed';
  }
  return `${what} (prometheus ${version(b.prometheus)}, promtool at ${b.promtool})`;
}
