/**
 * `@rmf-sim/storage-mongo`: a MongoDB sink and query store for rmf-sim, with documents per interval and entity derived
 * from the metric catalogue, time-series collections where the server has them, idempotent writes, and reads,
 * bucketed aggregates and latest snapshots through the aggregation pipeline.
 * @packageDocumentation
 * @module @rmf-sim/storage-mongo
 */
export { createMongoStore } from './store.js';
export type { MongoStore, MongoSummary, LatestQuery, LparSnapshot } from './store.js';
export type { MongoStoreOptions } from './options.js';
export { compileLayout, encodeField, decodeField } from './layout.js';
export type { Layout, FamilyCollection, SamplePlacement } from './layout.js';
export { documentsOf } from './documents.js';
export type { MetricDocument, DocumentMeta, DocumentElement } from './documents.js';
export type { CollectionLayout } from './plan.js';
export { SCHEMA_VERSION } from './schema.js';
export type { MigrationReport } from './schema.js';
