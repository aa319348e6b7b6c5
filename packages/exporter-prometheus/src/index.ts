/**
 * `@rmf-sim/exporter-prometheus`: Prometheus and OpenMetrics exposition of rmf-sim's simulated RMF Monitor III
 * metrics and of the simulator's own metrics.
 *
 * - {@link renderExposition}: a pure function, the samples of one interval → exposition text;
 * - {@link createPrometheusExporter}: follows a simulator interval by interval (cumulative histograms, own
 *   metrics), renders fast and registers its families in a prom-client `Registry`;
 * - {@link startExporter}: serves an exporter over HTTP with content negotiation.
 * @packageDocumentation
 * @module @rmf-sim/exporter-prometheus
 */
export { renderExposition } from './exposition.js';
export type { ExpositionOptions } from './exposition.js';
export { createPrometheusExporter } from './exporter.js';
export type { PrometheusExporter, PrometheusExporterOptions } from './exporter.js';
export { startExporter } from './server.js';
export type { StartExporterOptions, ExporterServer } from './server.js';
export { negotiateFormat, contentTypeOf, escapeLabelValue, formatLabels, formatValue, PROMETHEUS_CONTENT_TYPE, OPENMETRICS_CONTENT_TYPE } from './format.js';
export type { ExpositionFormat } from './format.js';
export type { Naming } from './naming.js';
export { SIMULATION_DURATION_BUCKETS } from './own.js';
export type { StorageOperationEvent } from './own.js';
