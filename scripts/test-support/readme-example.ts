import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Repository root. */
export const repoRoot = new URL('../..', import.meta.url).pathname;

/**
 * Compiles the first ```ts block under `## Example` of a package README with the repo's TypeScript (so the example
 * is type-checked as a user would see it) and runs it on the built packages; returns what it printed.
 * The compiled file lives under node_modules/.cache so that `@rmf-sim/*` resolve to the workspace packages.
 */
export function runReadmeExample(readme: URL, { name, env = {}, timeoutMs = 120_000 }: { name: string; env?: Record<string, string>; timeoutMs?: number }): { readme: string; output: string } {
  const text = readFileSync(readme, 'utf8');
  const code = /## Example\s+```ts\n([\s\S]*?)```/.exec(text)?.[1];
  if (!code) throw new Error(`${readme.pathname} has no \`## Example\` with a ts block`);
  mkdirSync(join(repoRoot, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(repoRoot, `node_modules/.cache/readme-${name}-`));
  const file = join(dir, 'example.mts');
  writeFileSync(file, code);
  const tsc = ['--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--strict', '--skipLibCheck', '--outDir', dir, file];
  const diagnostics = execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), ...tsc], { cwd: repoRoot, encoding: 'utf8' });
  if (diagnostics !== '') throw new Error(`the README example does not compile:\n${diagnostics}`);
  const output = execFileSync(process.execPath, [join(dir, 'example.mjs')], { cwd: repoRoot, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } });
  return { readme: text, output };
}
