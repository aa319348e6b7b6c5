/**
 * `@rmf-sim/docs` (private): generators of the documentation's reference pages and plots, the Grafana dashboards'
 * and alert rules' helpers, used by `scripts/docs/*.mjs` and by the tests under `packages/docs/test`.
 * @module
 */
export { configReference, metricReference, schemaDocs } from './reference.js';
export type { SchemaDocs } from './reference.js';
export { referencePages } from './pages.js';
