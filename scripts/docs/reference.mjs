// Regenerates the reference pages (docs/reference/configuration.md, docs/reference/metrics.md) from core's zod
// schemas and metric catalogue. `npm run docs:reference`; packages/docs/test/reference.test.ts fails when they are stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { referencePages } from '@rmf-sim/docs';

const root = new URL('../..', import.meta.url).pathname;
for (const [path, text] of Object.entries(referencePages(root))) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`wrote ${path} (${text.length} bytes)`);
}
