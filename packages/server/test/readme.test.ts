import { createSimulator } from '@rmf-sim/core';
import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';

// The README's example must compile (strict) and run as written against the built package.
describe('README example', () => {
  it('runs against the built package and prints what it promises', () => {
    const { output } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 'server' });
    const lines = output.trim().split('\n');
    const want = createSimulator({ seed: 42 })
      .samples('2026-01-05T09:00:00Z')
      .filter((s) => s.metric === 'rmf_cpu_utilization_percent' && s.labels.lpar === 'PROD01')
      .map((s) => `${s.labels.cpu_type} ${s.value.toFixed(3)}`);
    expect(want).toHaveLength(3);
    expect(lines).toEqual([...want, '400 application/problem+json; charset=utf-8 at']);
  }, 180_000); // compiles and runs the example in a child process: slow on a loaded machine
});

// The checked command examples of `rmf-sim backfill`: each line runs (in-process, in a scratch directory) and exits 0.
describe('README command examples', () => {
  it('the checked examples of rmf-sim backfill and topology run as written', async () => {
    const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { run } = await import('./helpers.js');
    const text = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /Checked examples[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(text)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'rmf-readme-'));
    try {
      const commands = block!.trim().split('\n');
      expect(commands.length).toBeGreaterThanOrEqual(4);
      for (const line of commands) {
        const [command, redirect] = line.split(' > ');
        const argv = command!.trim().split(/\s+/);
        expect(argv[0]).toBe('rmf-sim');
        const r = await run(argv.slice(1), { cwd: dir });
        expect(r.code, `${line}\n${r.stderr}`).toBe(0);
        if (redirect) writeFileSync(join(dir, redirect.trim()), r.stdout);
        if (argv[1] === 'backfill' || argv.includes('--to-store')) expect(r.stderr).toMatch(/backfill done: \d+ intervals/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
