#!/usr/bin/env node
// First step of `npm start`, `npm test`, `npm run bench` and `npm run docs`: installs the dependencies when
// they are missing or stale, and says nothing when they are up to date. Plain Node, no dependencies: it must
// run on a fresh clone before anything is installed.
//
// Installs when
//   - node_modules/ (or its node_modules/.package-lock.json stamp) is missing: `npm ci` if package-lock.json
//     exists, `npm install` otherwise;
//   - package-lock.json, the root package.json or any workspace package.json is newer than the stamp:
//     `npm install`.
// Set RMF_SIM_SKIP_SETUP=1 to skip the check entirely.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => relative(root, p) || '.';

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`setup: rmf-sim needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}
if (process.env.RMF_SIM_SKIP_SETUP === '1') process.exit(0);

const mtime = (p) => {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
};

/** package.json of every workspace: `packages/*`-style globs (one trailing `*`) and literal paths. */
function workspaceManifests() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const patterns = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? []);
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const base = join(root, pattern.slice(0, -2));
      if (!existsSync(base)) continue;
      for (const entry of readdirSync(base, { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(join(base, entry.name));
      }
    } else if (!pattern.includes('*')) {
      dirs.push(join(root, pattern));
    } else {
      console.warn(`setup: workspace pattern "${pattern}" is not understood; its package.json files are not watched.`);
    }
  }
  return dirs.map((d) => join(d, 'package.json')).filter((f) => existsSync(f));
}

const lockfile = join(root, 'package-lock.json');
const stampFile = join(root, 'node_modules', '.package-lock.json');
const stamp = mtime(stampFile);

let command;
let reason;
if (!existsSync(join(root, 'node_modules')) || stamp === undefined) {
  command = existsSync(lockfile) ? 'ci' : 'install';
  reason = existsSync(join(root, 'node_modules')) ? 'node_modules/.package-lock.json is missing' : 'node_modules is missing';
} else {
  const newer = [lockfile, join(root, 'package.json'), ...workspaceManifests()].find((f) => (mtime(f) ?? 0) > stamp);
  if (newer) {
    command = 'install';
    reason = `${rel(newer)} is newer than node_modules`;
  }
}
if (!command) process.exit(0);

console.log(`setup: ${reason}: running npm ${command}`);
// Under `npm run`, npm_execpath is the npm that started us: use the same one with the same node.
const npmCli = process.env.npm_execpath;
const viaNode = npmCli && /npm-cli\.[cm]?js$/.test(npmCli);
const args = [command, '--include=dev', '--no-audit', '--no-fund'];
const result = viaNode
  ? spawnSync(process.execPath, [npmCli, ...args], { cwd: root, stdio: 'inherit' })
  : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.error) {
  console.error(`setup: could not run npm: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`setup: npm ${command} failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status || 1);
}
// npm leaves the stamp untouched when nothing changed; touch it so that an edit which did not change the
// dependency tree (a new script, a description) does not trigger an install on every run.
if (existsSync(stampFile)) {
  const now = new Date();
  utimesSync(stampFile, now, now);
}
