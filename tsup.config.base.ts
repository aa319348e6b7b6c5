import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every package uses: ESM + CJS + `.d.ts`/`.d.cts`, Node 20 target.
 * A package's own `tsup.config.ts` is one line that names its entry points.
 */
export function packageConfig(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    ...extra,
  });
}
