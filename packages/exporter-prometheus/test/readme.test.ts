import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, root } from './helpers.js';

// The README's example must compile (type-checked) and run as written against the built package, and print
// what the README says it prints.
describe('README example', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('runs and prints what it promises', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const promised = /It prints[^\n]*:\s+```text\n([\s\S]*?)```/.exec(readme)![1]!;
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    const dir = mkdtempSync(join(root, 'node_modules/.cache/readme-exporter-'));
    const file = join(dir, 'example.mts');
    writeFileSync(file, code);
    const ts = execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--outDir', dir, file], { cwd: root, encoding: 'utf8' });
    expect(ts).toBe('');
    const out = execFileSync(process.execPath, [join(dir, 'example.mjs')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    // the MSU value depends on core's model version: compare it as a number, everything else verbatim
    const numberless = (text: string) => text.replace(/^(mvs_lpar_actual_msu_h\{[^}]*\}) \d+(\.\d+)?$/m, '$1 <n>');
    expect(numberless(out)).toBe(numberless(promised));
    expect(out).toMatch(/^mvs_lpar_actual_msu_h\{sysplex="SYSPLEX01",cpc_id="CPC1",lpar_name="PROD01"\} \d+(\.\d+)?\n/);
  });
});
