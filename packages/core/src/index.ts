/**
 * `@rmf-sim/core`: a pure, deterministic simulator of IBM z/OS RMF Monitor III performance data.
 * @packageDocumentation
 * @module @rmf-sim/core
 */
export { createSimulator } from './simulator.js';
export type { Simulator, Sample, Clock, RangeOptions, LiveOptions, SimulatorEvents, SnapshotOptions } from './simulator.js';
export { defaultTopology } from './topology.js';
export { metricCatalog, getMetric, entityOf, ENTITY_LABEL } from './catalog/index.js';
export type { MetricDefinition, MetricName, MetricFamily, EntityKind, MetricSource, IbmMetric, ScopeDefinition, ScopeName, FieldDefinition, Unit } from './catalog/index.js';
export { scopes, fields, getField, SCOPE, SHARD_UNIT } from './catalog/index.js';
export { jobMetrics, jobSamples, JOB_LABELS } from './catalog/index.js';
export type { JobMetricDefinition, JobSample } from './catalog/index.js';
export { topologySchema, simulatorOptionsSchema, parseTopology } from './config.js';
export { partitions, polarise, DEFAULT_WEIGHT_PER_PROCESSOR } from './prsm.js';
export type { Partition, PartitionGroup, Polarisation } from './prsm.js';
export { combinePeriods, performanceIndexOf, responseTimePerformanceIndex, reportClassOf, serviceUnitsPerCpuSecond, resourceGroupOf, classServiceUnitsPerSecond, resourceGroupActual } from './wlm.js';
export type { CombinedPeriods, ResourceGroup } from './wlm.js';
export { structureGeometry, type StructureGeometry } from './model/cfs.js';
export type { StructureUse } from './config.js';
export type { SimulatorOptions, Topology, TopologyInput, PatternsInput, LoadEffect, LoadContext, WorkloadKind } from './config.js';
export { RmfSimError, ConfigError, formatPath } from './errors.js';
export type { RmfSimErrorCode, ConfigIssue } from './errors.js';
export { PatternEngine, builtinProfiles } from './patterns.js';
export { MODEL_VERSION } from './model/evaluate.js';
export { valueNoise, hashString, hashUnit } from './noise.js';
export { writeFastNumber, MAX_NUMBER_CHARS } from './number-text.js';
export { toEpochMs, toSimulatedMs, INSTANT_RANGE } from './time.js';
export type { Instant, CalendarFields } from './time.js';
export { estimateSeriesCount } from './series.js';
export type { Labels } from './series.js';
export { incidentSchema } from './incidents.js';
export type { Incident, IncidentInput, IncidentType, ExpectedMove } from './incidents.js';
export { movingAverage, linearTrend, msuHistory, r4ha, capacityForecast } from './trend.js';
export type { LinearTrend, MsuPoint, CapacityForecast } from './trend.js';
export { createFixture, fixtureTopology } from './fixture.js';
export type { Fixture, FixtureOptions } from './fixture.js';
export type * from './snapshot.js';
// write pipeline and stores
export { createWritePipeline } from './pipeline/pipeline.js';
export type { WritePipeline, WritePipelineEvents, WrittenEvent, RetryEvent, DroppedEvent, BackpressureEvent, ListenerErrorEvent, SinkStats, PipelineStats } from './pipeline/pipeline.js';
export type { WritePipelineOptions, RetryOptions, SinkOptions } from './pipeline/options.js';
export { createMemoryStore, selectRecords, aggregateRecords } from './store/memory.js';
export type { MemoryStore } from './store/memory.js';
export { StorageError, isTransientError } from './store/errors.js';
export type { StorageErrorCode } from './store/errors.js';
export { toRecords, seriesKey, recordKey, describeSeries, checkMeasurement, allowedLabels, MAX_TIMESTAMP } from './store/keys.js';
export type { SeriesInfo } from './store/keys.js';
export { normalizeQuery, normalizeAggregate, sampleNames } from './store/query.js';
export type { NormalizedQuery, NormalizedAggregate } from './store/query.js';
export type { MetricRecord, MetricSink, MetricStore, WriteResult, WriteOptions, RecordQuery, AggregateQuery, AggregatePoint, Aggregation } from './store/types.js';
