/**
 * `@rmf-sim/server`: the `rmf-sim` command-line tool and its reusable pieces.
 * Run the CLI in-process with {@link runCli}; format samples with {@link formatNdjsonLine} /
 * {@link formatCsvLine}; stream a time range with {@link writeSamples}.
 * @packageDocumentation
 */
export { runCli } from './run.js';
export type { RunCliOptions } from './run.js';
export { writeSamples, countIntervals } from './generate.js';
export type { WriteSamplesOptions, OutputFormat } from './generate.js';
export { formatNdjsonLine, formatCsvLine, formatCsvLabels, csvField, CSV_HEADER, formatSummaryLine, isoSeconds } from './format.js';
export { parseShard, parseSeed, parseInstant } from './args.js';
export type { Shard } from './args.js';
export { ExitCode, UsageError, describeError } from './errors.js';
export type { OutputStream } from './sink.js';
export { VERSION } from './version.js';
