import { describe, expect, it } from 'vitest';
import { runReadmeExample } from '../../../scripts/test-support/readme-example.js';

// The README's first example must compile (strict) and run as written against the built package.
describe('README example', () => {
  it('runs and prints what it promises', () => {
    const { output } = runReadmeExample(new URL('../README.md', import.meta.url), { name: 'core' });
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe('true');
    expect(output).toMatch(/\{\s+total: [\d.e-]+,\s+iosq: [\d.e-]+,\s+pend: [\d.e-]+,\s+disc: [\d.e-]+,\s+conn: [\d.e-]+,\s+pendDeviceBusy: [\d.e-]+,\s+pendCmr: [\d.e-]+\s+\}/);
    expect(lines.filter((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z PROD01 \d+% PROD02 \d+% BATCH01 \d+% TEST01 \d+%$/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^\d+ metric families$/);
  }, 180_000); // compiles and runs the example in a child process: slow on a loaded machine
});
