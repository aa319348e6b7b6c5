import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import ServiceAwareSequencer from './scripts/test-support/sequencer.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// .ci/run sets RMF_SIM_VITEST_JSON to a file path to collect the pass/fail counts of each run.
const jsonReport = process.env.RMF_SIM_VITEST_JSON;

export default defineConfig({
  resolve: {
    // Unit tests run against the sources; scripts/check-packages.mjs (after vitest in npm test) and each package's
    // readme test check the built packages.
    alias: {
      '@rmf-sim/core/system-clock': here('./packages/core/runtime/system-clock.ts'),
      '@rmf-sim/core': here('./packages/core/src/index.ts'),
      '@rmf-sim/exporter-prometheus': here('./packages/exporter-prometheus/src/index.ts'),
      '@rmf-sim/storage-mysql': here('./packages/storage-mysql/src/index.ts'),
      '@rmf-sim/exporter-dds': here('./packages/exporter-dds/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    // vitest's default on 2 cores is one worker; most long files wait on MariaDB, Swift or Prometheus, so two run
    // side by side (the sequencer keeps the Swift-bound ones apart; see scripts/test-support/sequencer.ts)
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: ServiceAwareSequencer, shuffle: { files: false, tests: true } },
    ...(jsonReport ? { reporters: ['default', 'json'], outputFile: { json: jsonReport } } : {}),
  },
});
