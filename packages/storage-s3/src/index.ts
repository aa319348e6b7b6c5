/**
 * `@rmf-sim/storage-s3`: an S3 (Swift, MinIO, …) archive and query store for rmf-sim: one gzipped NDJSON object per
 * fixed time window and entity under deterministic keys, idempotent writes, reads listed by prefix and fetched with
 * bounded concurrency, monthly compaction, and CSV and Parquet exports with Hive-style partitions.
 * @packageDocumentation
 * @module @rmf-sim/storage-s3
 */
export { createS3Store, LAYOUT_VERSION } from './store.js';
export type { S3Store, S3Summary, S3MigrationReport, ConditionalSupport, CompactionReport, ExportRange, ExportFile, ExportManifest } from './store.js';
export type { S3StoreOptions, S3Credentials } from './options.js';
export { encodeParquet, encodeCsv, tableColumns, familyColumns, ParquetStreamWriter } from './tabular.js';
export type { TableColumn, TableColumnsOptions, EncodeParquetOptions, ParquetStreamOptions } from './tabular.js';
export { encodeNdjson, decodeNdjson, encodeObject, decodeObject } from './codec.js';
export { objectKey, archiveKey, exportKey, manifestKey, windowName, parseWindowName, segment, segmentValue } from './layout.js';
export type { Layout } from './layout.js';
