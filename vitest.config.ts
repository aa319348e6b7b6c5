import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; test/dist.test.ts checks the built packages separately.
    alias: {
      '@rmf-sim/core/system-clock': here('./packages/core/runtime/system-clock.ts'),
      '@rmf-sim/core': here('./packages/core/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    sequence: { shuffle: { files: false, tests: true } },
  },
});
