import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The README's first example must run as written against the built package.
describe('README example', () => {
  it('runs and prints what it promises', () => {
    const root = new URL('../../..', import.meta.url).pathname;
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /## Example\s+```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
    const dir = mkdtempSync(join(root, 'node_modules/.cache/readme-'));
    const file = join(dir, 'example.mts');
    writeFileSync(file, code);
    // compile with the repo's TypeScript (this also type-checks the example), then run on the built package
    const ts = execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', '--outDir', dir, file], { cwd: root, encoding: 'utf8' });
    expect(ts).toBe('');
    const out = execFileSync(process.execPath, [join(dir, 'example.mjs')], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('true');
    expect(out).toMatch(/\{\s+total: [\d.e-]+,\s+iosq: [\d.e-]+,\s+pend: [\d.e-]+,\s+disc: [\d.e-]+,\s+conn: [\d.e-]+\s+\}/);
    expect(lines.filter((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z PROD01 \d+% PROD02 \d+% BATCH01 \d+% TEST01 \d+%$/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^\d+ metric families$/);
  });
});
