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
