#!/usr/bin/env node
// Checks every publishable package (packages/*, not private) as its users will get it. Runs at the end of
// `npm test`, after the build:
//   publint   package.json fields and exports against the files `npm pack` would publish (warnings fail too)
//   attw      @arethetypeswrong/cli on the packed tarball, profile node16: node16 from CJS, node16 from ESM and
//             bundler resolution must all find the right types (node10 is ignored: it cannot see subpath exports)
//   import    import() of every export subpath by package name from the repo root (the ESM build)
//   require   require() of the same through createRequire (the CJS build)
// and both must expose the package's main named export (createSimulator, runCli, ...).
// A package whose src/index.ts does not exist yet is skipped with a message. Exits 1 on any failure.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/** Named exports each entry point must provide, by package and export subpath. */
const EXPECTED = {
  '@rmf-sim/core': { '.': ['createSimulator'], './system-clock': ['systemClock'] },
  '@rmf-sim/server': { '.': ['runCli', 'createRmfServer'] },
  '@rmf-sim/exporter-prometheus': { '.': ['createPrometheusExporter', 'renderExposition', 'startExporter'] },
  '@rmf-sim/exporter-dds': { '.': ['createDds', 'createDdsHandler', 'startDdsServer', 'renderXml'] },
  '@rmf-sim/storage-mysql': { '.': ['createMysqlStore'] },
  '@rmf-sim/storage-mongo': { '.': ['createMongoStore'] },
  '@rmf-sim/storage-s3': { '.': ['createS3Store', 'encodeParquet'] },
};

// attw's node16 profile ignores the node10 resolution; these are the resolutions that must be clean.
/** spawnSync's result shape, without blocking: the packages are checked two (or more) at a time. */
function run(cmd, args, { timeout = 120_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ status: null, stdout, stderr, error });
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, error: status === null ? new Error(`${cmd} timed out or was killed`) : undefined });
    });
  });
}

const ATTW_RESOLUTIONS = new Set(['node16-cjs', 'node16-esm', 'bundler']);

function packages() {
  const base = join(root, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(base, d.name, 'package.json')))
    .map((d) => ({ dir: join(base, d.name), pkg: JSON.parse(readFileSync(join(base, d.name, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** Export subpaths with code (not `./package.json`, not patterns). */
function subpaths(pkg) {
  const exp = pkg.exports;
  if (!exp || typeof exp === 'string' || !Object.keys(exp).some((k) => k.startsWith('.'))) return ['.'];
  return Object.keys(exp).filter((k) => k.startsWith('.') && !k.endsWith('.json') && !k.includes('*'));
}

async function runPublint(dir) {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const { messages, pkg } = await publint({ pkgDir: dir, level: 'suggestion', pack: 'npm', strict: true });
  const lines = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
  const failed = messages.some((m) => m.type !== 'suggestion');
  return { ok: !failed, detail: lines };
}

async function runAttw(dir) {
  const r = await run(bin('attw'), ['--pack', dir, '--profile', 'node16', '--format', 'json']);
  if (r.error) return { ok: false, detail: [`could not run attw: ${r.error.message}`] };
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return { ok: false, detail: [`attw exited ${r.status}:`, ...(r.stdout + r.stderr).trim().split('\n').slice(-20)] };
  }
  const detail = [];
  if (report.analysis?.types === false) detail.push('the package contains no type declarations');
  const problems = (report.analysis?.problems ?? []).filter((p) => !p.resolutionKind || ATTW_RESOLUTIONS.has(p.resolutionKind));
  for (const p of problems) detail.push(`${p.kind}${p.entrypoint ? ` in "${p.entrypoint}"` : ''}${p.resolutionKind ? ` (${p.resolutionKind})` : ''}`);
  if (r.status !== 0 && detail.length === 0) detail.push(`attw exited ${r.status}`, ...r.stderr.trim().split('\n').slice(-10));
  if (detail.length) {
    // Print attw's own table for the details.
    const table = await run(bin('attw'), ['--pack', dir, '--profile', 'node16', '--format', 'ascii', '--no-color']);
    detail.push(...(table.stdout ?? '').trim().split('\n'));
  }
  return { ok: detail.length === 0, detail };
}

/**
 * Loads each subpath by package name in a fresh node process at the repo root, so resolution goes through
 * node_modules/<name> (the workspace link) and the package's exports map, exactly as a user's would.
 */
async function runSmoke(name, pkg, mode) {
  const specs = subpaths(pkg).map((sub) => ({ id: sub === '.' ? name : `${name}/${sub.slice(2)}`, expected: EXPECTED[name]?.[sub] ?? [] }));
  const script =
    mode === 'import'
      ? `const specs = ${JSON.stringify(specs)}; const bad = [];
         for (const { id, expected } of specs) {
           const file = import.meta.resolve(id);
           if (!/\\.m?js$/.test(file)) bad.push(id + ' resolves to ' + file + ', not an ESM file');
           const m = await import(id);
           for (const k of expected) if (typeof m[k] === 'undefined') bad.push(id + ' has no export ' + k);
           console.log(id + ' -> ' + file.replace(${JSON.stringify('file://' + root + '/')}, '') + ' [' + Object.keys(m).length + ' exports]');
         }
         if (bad.length) { console.error(bad.join('\\n')); process.exit(1); }`
      : `const { createRequire } = require('node:module');
         const req = createRequire(${JSON.stringify(join(root, 'package.json'))});
         const specs = ${JSON.stringify(specs)}; const bad = [];
         for (const { id, expected } of specs) {
           const file = req.resolve(id);
           if (!/\\.c?js$/.test(file) || /\\.mjs$/.test(file)) bad.push(id + ' resolves to ' + file + ', not a CJS file');
           const m = req(id);
           for (const k of expected) if (typeof m[k] === 'undefined') bad.push(id + ' has no export ' + k);
           console.log(id + ' -> ' + file.replace(${JSON.stringify(root + '/')}, '') + ' [' + Object.keys(m).length + ' exports]');
         }
         if (bad.length) { console.error(bad.join('\\n')); process.exit(1); }`;
  const args = mode === 'import' ? ['--input-type=module', '-e', script] : ['--input-type=commonjs', '-e', script];
  const r = await run(process.execPath, args, { timeout: 60_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').filter(Boolean);
  if (r.error) out.push(r.error.message);
  return { ok: r.status === 0, detail: r.status === 0 ? [] : out.slice(-15) };
}

const CHECKS = ['publint', 'attw', 'import', 'require'];
const rows = [];
let failed = false;

/** One package's row. publint and attw both pack the package, so they run one after the other. */
async function check({ dir, pkg }) {
  const name = pkg.name;
  if (!existsSync(join(dir, 'src', 'index.ts'))) return { name, note: `SKIP: ${join('packages', dir.split(/[\\/]/).pop(), 'src/index.ts')} does not exist yet` };
  if (subpaths(pkg).length && !existsSync(join(dir, 'dist'))) {
    failed = true;
    return { name, results: Object.fromEntries(CHECKS.map((c) => [c, { ok: false, detail: [] }])), note: 'FAIL: dist/ missing (build first)' };
  }
  const [publint, attw, imported, required] = await Promise.all([
    runPublint(dir)
      .catch((e) => ({ ok: false, detail: [String(e?.stack ?? e)] }))
      .then(async (p) => [p, await runAttw(dir)]),
    runSmoke(name, pkg, 'import'),
    runSmoke(name, pkg, 'require'),
  ]).then(([[p, a], i, r]) => [p, a, i, r]);
  const results = { publint, attw, import: imported, require: required };
  if (Object.values(results).some((r) => !r.ok)) failed = true;
  return { name, results };
}

// a pool as wide as the machine (two here): about half the wall time of checking them one by one
const queue = packages();
const slots = queue.map(() => undefined);
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(queue.length, Math.max(2, availableParallelism())) }, async () => {
    while (next < queue.length) {
      const i = next++;
      slots[i] = await check(queue[i]);
    }
  }),
);
rows.push(...slots);

const width = Math.max(7, ...rows.map((r) => r.name.length));
console.log(`\ncheck-packages (node ${process.version})`);
console.log(`${'package'.padEnd(width)}  ${CHECKS.map((c) => c.padEnd(7)).join(' ')}`);
for (const row of rows) {
  const cells = row.results ? CHECKS.map((c) => (row.results[c].ok ? 'PASS' : 'FAIL').padEnd(7)).join(' ') : '';
  console.log(`${row.name.padEnd(width)}  ${cells}${row.note ? (cells ? ' ' : '') + row.note : ''}`.trimEnd());
}
for (const row of rows) {
  for (const c of CHECKS) {
    const r = row.results?.[c];
    if (r && !r.ok && r.detail.length) console.log(`\n${row.name} ${c}:\n  ${r.detail.join('\n  ')}`);
    else if (r && r.ok && r.detail.length) console.log(`\n${row.name} ${c} (suggestions):\n  ${r.detail.join('\n  ')}`);
  }
}
if (rows.length === 0) {
  console.log('no publishable packages found');
  failed = true;
}
console.log(failed ? '\ncheck-packages: FAIL' : '\ncheck-packages: PASS');
process.exit(failed ? 1 : 0);
