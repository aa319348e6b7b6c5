/**
 * Helpers shared by the tests of every rmf-sim package (private, not published).
 * @module
 */
export { fakeClock } from './clock.js';
export type { FakeClock } from './clock.js';
export { tcpProxy } from './proxy.js';
export type { TcpProxy } from './proxy.js';
export { rejection } from './rejection.js';
export type { Rejection } from './rejection.js';
export { freePort, poll, promtoolBackfill, promtoolCheck, promtoolCheckRules, scrapeConfig, startPrometheus } from './prometheus.js';
export type { MatrixSeries, RunningPrometheus, StartPrometheusOptions, VectorSample } from './prometheus.js';
