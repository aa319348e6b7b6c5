import { beforeAll, describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';
import { ensureBuilt } from './helpers.js';

// The README's example must compile (type-checked) and run as written against the built package, and print
// exactly what the README says it prints.
describe('README example', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('runs and prints what it promises', () => {
    const { readme, output } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 'exporter-dds' });
    const promised = /It prints:\s+```text\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(output).toBe(promised);
  }, 180_000); // compiles and runs the example in a child process: slow on a loaded machine
});
