/**
 * The BUILT executable (dist/cli.js) as a child process, for the tests that run it the way `npx rmf-sim` does;
 * builds first (turbo, from the repository root) when dist is missing or older than the sources.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const root = join(pkgDir, '..', '..');
export const cli = join(pkgDir, 'dist', 'cli.js');
const coreDir = join(root, 'packages', 'core');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export function needsBuild(): boolean {
  const builtServer = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  const builtCore = ['index.js', 'system-clock.js'].map((f) => join(coreDir, 'dist', f)).reduce((t, f) => Math.min(t, existsSync(f) ? statSync(f).mtimeMs : 0), Infinity);
  const serverSources = Math.max(newest(join(pkgDir, 'src')), newest(join(pkgDir, 'package.json')));
  const coreSources = Math.max(newest(join(coreDir, 'src')), newest(join(coreDir, 'runtime')));
  return builtServer === 0 || builtCore === 0 || serverSources > builtServer || coreSources > builtCore;
}

/** Runs the binary; resolves with the exit code (or signal), stdout and stderr. */
export function spawnCli(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
  return startCli(args, onStdout).done;
}

/** Starts the binary: the child process, and a promise of its exit code (or signal), stdout and stderr. */
export function startCli(args: string[], onStdout?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    onStdout?.(stdout, child);
  });
  child.stdout.on('error', () => {});
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { process: child, done };
}


/** Builds the server (and what it depends on) when dist is missing or stale. */
export function ensureBuilt(): void {
  if (needsBuild()) execFileSync('npx', ['turbo', 'run', 'build', '--filter=@rmf-sim/server...', '--output-logs=errors-only'], { cwd: root, stdio: 'pipe' });
}
