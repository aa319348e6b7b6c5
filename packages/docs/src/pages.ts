/**
 * The generated pages of the documentation, by path under the repository root: the thin I/O part that reads core's
 * sources for the schema docs and hands them to the pure renderers.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grafanaFiles } from './dashboards.js';
import { configReference, metricReference, schemaDocs } from './reference.js';

/** Sources whose zod schemas the configuration reference documents. */
const SCHEMA_SOURCES = ['packages/core/src/config.ts', 'packages/core/src/incidents.ts'];

/** Every generated reference page (path relative to the repository root → content). */
export function referencePages(root: string): Record<string, string> {
  const docs = schemaDocs(SCHEMA_SOURCES.map((name) => ({ name, text: readFileSync(join(root, name), 'utf8') })));
  return {
    'docs/reference/configuration.md': configReference(docs),
    'docs/reference/metrics.md': metricReference(),
  };
}

/** Every generated file of the docs: the reference pages, the Grafana dashboards and their provisioning files. */
export function generatedFiles(root: string): Record<string, string> {
  return { ...referencePages(root), ...grafanaFiles() };
}
