import { beforeAll, describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';
import { ensureBuilt } from './helpers.js';

// The README's example must compile (type-checked) and run as written against the built package, and print
// what the README says it prints.
describe('README example', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('runs and prints what it promises', () => {
    const { readme, output: out } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 'exporter' });
    const promised = /It prints[^\n]*:\s+```text\n([\s\S]*?)```/.exec(readme)![1]!;
    // the MSU value depends on core's model version: compare it as a number, everything else verbatim
    const numberless = (text: string) => text.replace(/^(mvs_lpar_actual_msu_h\{[^}]*\}) \d+(\.\d+)?$/m, '$1 <n>');
    expect(numberless(out)).toBe(numberless(promised));
    expect(out).toMatch(/^mvs_lpar_actual_msu_h\{sysplex="SYSPLEX01",cpc_id="CPC1",lpar_name="PROD01",line_type="CP"\} \d+(\.\d+)?\n/);
  }, 180_000); // compiles and runs the example in a child process: slow on a loaded machine
});
