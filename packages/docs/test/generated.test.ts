import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricCatalog } from '@rmf-sim/core';
import { describe, expect, it } from 'vitest';
import { generatedFiles, referencePages } from '../src/pages.js';
import { schemaDocs } from '../src/reference.js';

const root = new URL('../../..', import.meta.url).pathname;
const pages = referencePages(root);
const files = generatedFiles(root);

describe('generated files of the docs', () => {
  it.each(Object.keys(files))('%s is up to date (run `npm run docs:generate` after changing core or the specs)', (path) => {
    expect(readFileSync(join(root, path), 'utf8')).toBe(files[path]);
  });

  it('the metric reference lists every catalogue metric once, with its unit, DDS ids and IBM names', () => {
    const page = pages['docs/reference/metrics.md']!;
    for (const m of metricCatalog) {
      const rows = page.split('\n').filter((l) => l.startsWith(`| \`${m.name}\``));
      expect(rows, m.name).toHaveLength(1);
      expect(rows[0]).toContain(` ${m.unit} `);
      for (const d of m.dds ?? []) expect(rows[0]).toContain(d.id);
      for (const x of m.ibm) expect(rows[0]).toContain(x.name);
    }
  });

  it('the configuration reference documents every incident kind and options from their doc comments', () => {
    const page = pages['docs/reference/configuration.md']!;
    for (const t of ['cpuLoop', 'cacheWritePending', 'monthEndSurge', 'enqContention']) expect(page).toContain(`### \`${t}\``);
    expect(page).toMatch(/\| `cpc\.gp` \| integer \| yes \| ≥ 1, ≤ 256 \| {2}\| Physical shared general-purpose processors of the CPC\. \|/);
    expect(page).toMatch(/\| `intervalSeconds` \| integer \| {2}\| ≥ 1, ≤ 3600 \| `15` \| RMF interval length in seconds/);
  });

  it('schemaDocs matches an object literal by its keys and follows spreads', () => {
    const text = `const common = {\n  /** When. */\n  start: z.string(),\n};\nz.object({\n  /** Kind. */\n  type: z.literal('a'),\n  ...common,\n});`;
    expect(schemaDocs([{ name: 'x.ts', text }]).get('start,type')).toEqual({ type: 'Kind.', start: 'When.' });
  });
});
