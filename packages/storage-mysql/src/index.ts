/**
 * `@rmf-sim/storage-mysql`: a MySQL/MariaDB sink and query store for rmf-sim, with a schema derived from the metric
 * catalogue, idempotent bulk writes, time-bucket aggregation, and daily partitions with retention.
 * @packageDocumentation
 * @module @rmf-sim/storage-mysql
 */
export { createMysqlStore } from './store.js';
export type { MysqlStore } from './store.js';
export type { MysqlStoreOptions, MysqlConnectionOptions, CallbackPool } from './options.js';
export { familyTables } from './schema.js';
export type { FamilyTable } from './schema.js';
export { migrations, SCHEMA_VERSION } from './migrations.js';
export type { Migration, MigrationContext, MigrationReport } from './migrations.js';
