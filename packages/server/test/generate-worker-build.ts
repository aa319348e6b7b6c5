// The unit tests run the sources (vitest), but a worker thread runs plain JavaScript: this bundles
// src/generate-worker.ts with esbuild (with the same source aliases as vitest.config.ts) into a temporary file, once
// per test file, and points RMF_SIM_GENERATE_WORKER at it. The built package's own worker is tested by bin.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
let built: Promise<string> | undefined;

/** Bundles the worker from the sources (once) and makes `generate --workers N` use it; returns its path. */
export function useSourceWorker(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmf-gen-worker-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = join(dir, 'generate-worker.mjs');
    await build({
      entryPoints: [here('../src/generate-worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      alias: { '@rmf-sim/core': here('../../core/src/index.ts') },
      // CommonJS packages bundled into ESM call require(): give them one
      banner: { js: "import { createRequire as __rmfCreateRequire } from 'node:module'; const require = __rmfCreateRequire(import.meta.url);" },
    });
    process.env.RMF_SIM_GENERATE_WORKER = outfile;
    return outfile;
  })();
  return built;
}
