// Regenerates the generated files of the docs from the library: the reference pages (docs/reference/*.md, from
// core's zod schemas and metric catalogue) and the Grafana dashboards and provisioning files (docs/grafana/**).
// `npm run docs:generate`; packages/docs/test/generated.test.ts fails when a committed file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generatedFiles } from '@rmf-sim/docs';

const root = new URL('../..', import.meta.url).pathname;
for (const [path, text] of Object.entries(generatedFiles(root))) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path} (${text.length} bytes)`);
}
