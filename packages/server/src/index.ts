/**
 * `@rmf-sim/server`: the `rmf-sim` command-line tool and its reusable pieces.
 * Run the CLI in-process with {@link runCli}; format samples with {@link formatNdjsonLine} /
 * {@link formatCsvLine}; stream a time range with {@link writeSamples}.
 * @packageDocumentation
 */
export { runCli } from './run.js';
export type { RunCliOptions } from './run.js';
export { writeSamples, countIntervals, GENERATE_CHUNK_CHARS } from './generate.js';
export { LineRenderer, LineBuffer } from './lines.js';
export type { LineFormat } from './lines.js';
export type { WriteSamplesOptions, OutputFormat, FileOutput } from './generate.js';
export { formatNdjsonLine, formatCsvLine, formatCsvLabels, csvField, CSV_HEADER, formatSummaryLine, isoSeconds } from './format.js';
export { parseShard, parseSeed, parseInstant } from './args.js';
export type { Shard } from './args.js';
export { ExitCode, UsageError, describeError } from './errors.js';
export type { OutputStream } from './sink.js';
export { VERSION } from './version.js';
// the reference server
export { createRmfServer, isLoopback, DEFAULT_PORT, SECURITY_HEADERS } from './http/server.js';
export type { RmfServer, ShutdownReport } from './http/server.js';
export type { RmfServerOptions, StoreEntry, ServerExtension, StreamOptions, RateLimitOptions, CacheOptions, CorsOptions } from './http/options.js';
export { createAuthenticator, ROUTE_GROUPS } from './http/auth.js';
export type { AuthOptions, ApiKeyOptions, JwtOptions, RouteGroup, Principal, Authenticator } from './http/auth.js';
export type { StoreCapabilities, StoreSummary, ArchiveResult } from './http/capabilities.js';
export { HttpProblem, toProblem, PROBLEM_CONTENT_TYPE } from './http/problem.js';
export type { Problem } from './http/problem.js';
export { WS_CLOSE_SLOW_CONSUMER, WS_CLOSE_GOING_AWAY, WS_CLOSE_NO_PONG } from './http/stream.js';
export type { Subscription, StreamStats, StreamHubOptions } from './http/stream.js';
export type { TracerProviderLike } from './http/tracing.js';
export { createSimulatorView } from './query/simulator-view.js';
export type { SimulatorView, SimulatorViewOptions, ReadOnlyMetricStore } from './query/simulator-view.js';
export { storeFactories, parseStoreUrls, openStores, redactUrl } from './stores.js';
export type { StoreFactory, StoreSpec, OpenedStore, ServerStore } from './stores.js';
// the DDS emulation in the server
export { ddsExtension, listenDds, parseDdsUsers, DDS_DEFAULT_PORT } from './dds.js';
export type { DdsMountOptions, DdsListenOptions } from './dds.js';
