// Ensures the external services the tests need are installed and running: runs every
// scripts/services/*.mjs in name order (each exports `async function ensure()` and is idempotent:
// it reuses a service that already answers, installs from Debian's packages what is missing, and starts
// what is not running). Called by `npm test` before vitest. Set RMF_SIM_SKIP_SERVICES=1 to skip.
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

if (process.env.RMF_SIM_SKIP_SERVICES === '1') process.exit(0);
const dir = new URL('./services/', import.meta.url);
const files = (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.mjs')).sort();
for (const f of files) {
  const started = Date.now();
  const mod = await import(pathToFileURL(new URL(f, dir).pathname).href);
  if (typeof mod.ensure !== 'function') throw new Error(`scripts/services/${f} exports no ensure()`);
  const what = await mod.ensure();
  console.log(`services: ${f.replace(/\.mjs$/, '')} ${what ?? 'ready'} (${Date.now() - started} ms)`);
}
