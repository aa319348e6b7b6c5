// Inlined at build time by the bundler (only the `version` field), so ESM and CJS builds agree
// and nothing is read from disk at run time.
import { version as packageVersion } from '../package.json';

/** Version of `@rmf-sim/server`. */
export const VERSION: string = packageVersion;
