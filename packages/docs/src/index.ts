/**
 * `@rmf-sim/docs` (private): generators of the documentation's reference pages and plots, the Grafana dashboards'
 * and alert rules' helpers, used by `scripts/docs/*.mjs` and by the tests under `packages/docs/test`.
 * @module
 */
export { configReference, metricReference, schemaDocs } from './reference.js';
export type { SchemaDocs } from './reference.js';
export { referencePages, generatedFiles } from './pages.js';
export { dashboards, grafanaDashboard, grafanaFiles, dashboardExpressions } from './dashboards.js';
export type { DashboardSpec, PanelSpec, QuerySpec, VariableSpec, GrafanaDashboard } from './dashboards.js';
export { weekScenario, BASELINE_FROM, WEEK_FROM, WEEK_TO, WEEK_SEED, WEEK_KINDS } from './scenario.js';
export { writeOpenMetricsHistory } from './backfill.js';
export type { HistoryOptions } from './backfill.js';
export { parseAlertRules, parseDuration, selectorsOf, sampleFilter, firings, scoreAlerts } from './alerts.js';
export type { AlertRule, Selector, Firing, ScoreOptions, Detection, AlertScore } from './alerts.js';
export { runSnippets, snippetsOf } from './snippets.js';
export type { Snippet } from './snippets.js';
export { plots, renderSvg, weekPlots, dasdPlot, writePendingPlot, monthEndPlot } from './plots.js';
export type { Plot } from './plots.js';
