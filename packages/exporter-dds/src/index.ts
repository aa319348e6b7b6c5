/**
 * `@rmf-sim/exporter-dds`: an emulation of IBM's RMF Distributed Data Server (GPMSERVE) answering from an rmf-sim
 * simulator, so that real DDS clients (Zowe ZEBRA, IBM's RMF Grafana data source, RMF PM) connect to it.
 *
 * - {@link createDds}: the pure part, a request → a DDS document (the JSON form's object);
 * - {@link renderXml}: the same document as `ddsml`; `JSON.stringify` gives the JSON form;
 * - {@link createDdsHandler} / {@link startDdsServer}: the thin `node:http` part.
 * @packageDocumentation
 * @module @rmf-sim/exporter-dds
 */
export { createDds } from './dds.js';
export type { Dds, DdsOptions, DdsEndpoint, InjectedError } from './dds.js';
export { createDdsHandler, startDdsServer, negotiateForm, JSON_CONTENT_TYPE, XML_CONTENT_TYPE } from './handler.js';
export type { DdsHandler, DdsHandlerOptions, StartDdsServerOptions, DdsServer } from './handler.js';
export { renderXml } from './xml.js';
export { renderReptrans } from './reptrans.js';
export { renderM3, groupOf } from './m3.js';
export { REPORT_TABLE } from './columns.js';
export type { ReportSpec, ColumnSource, ReportContext } from './columns.js';
export { SERVED_REPORTS } from './reports.js';
export { DDS_IDS } from './perform.js';
export { SAMPLE_CATALOGUE } from './generated/catalogue.js';
export type { SampleCatalogue, SampleReport, SampleMetric, ColumnType } from './catalogue-types.js';
export type { DdsDocument, DdsReport, DdsRow, DdsMessage, DdsTimeData, DdsMetricHeader, DdsResourceRef, DdsContainedResource, DdsMetricListEntry } from './document.js';
export type { TimeZoneInput } from './time.js';
