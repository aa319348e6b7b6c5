/**
 * Topology and scenario files of the command line (`--topology FILE`, `--scenario FILE`): YAML or JSON (JSON is read
 * by the YAML parser too, so both report lines), checked by core's zod schemas, every problem reported in one line
 * with the file, the line and column, and the path (`topo.yaml:12:5 lpars[0].gp: Too big: …`).
 * @module
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, formatPath, incidentSchema, parseTopology, type ConfigIssue, type IncidentInput, type Simulator, type SimulatorOptions, type Topology } from '@rmf-sim/core';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { simulatorFromFlags } from './args.js';
import { UsageError } from './errors.js';

/** A parsed file with what is needed to point at a line of it. */
interface SourceFile {
  /** The name as given on the command line. */
  name: string;
  value: unknown;
  doc: Document;
  lines: LineCounter;
}

/** Reads and parses a YAML or JSON file; a missing file or a syntax error is a {@link UsageError} naming the flag, file and line. */
function readSource(file: string, flag: string, cwd: string): SourceFile {
  if (file === '') throw new UsageError(`${flag}: expected a file name`);
  let text: string;
  try {
    text = readFileSync(isAbsolute(file) ? file : resolve(cwd, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? (e as Error).message)}`, { cause: e });
  }
  // a .json file must be JSON (YAML would take `"cpc": }` as a null); its locations still come from the YAML parser
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(text);
    } catch (e) {
      const pos = /position (\d+)/.exec((e as Error).message);
      const before = pos ? text.slice(0, Number(pos[1])).split('\n') : null;
      const at = before ? `:${before.length}:${before[before.length - 1]!.length + 1}` : '';
      // Node 20.?+ names the token and a bit of text around it instead of a position: no line then
      throw new UsageError(`${flag}: ${file}${at}: ${(e as Error).message.split('\n')[0]!.replace(/ in JSON at position \d+.*$/, '').replace(/ is not valid JSON$/, '')} (not valid JSON)`, { cause: e });
    }
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const at = lines.linePos(err.pos[0]);
    throw new UsageError(`${flag}: ${file}:${at.line}:${at.col}: ${err.message.split('\n')[0]} (not valid YAML or JSON)`, { cause: err });
  }
  return { name: file, value: doc.toJS({ maxAliasCount: 100 }) as unknown, doc, lines };
}

/** `file:line:col` of the deepest node of `path` that the file has (the whole file when none). */
function where(src: SourceFile, path: readonly (string | number)[]): string {
  for (let k = path.length; k >= 0; k--) {
    const node = k === 0 ? src.doc.contents : src.doc.getIn(path.slice(0, k), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const at = src.lines.linePos(range[0]);
      return `${src.name}:${at.line}:${at.col}`;
    }
  }
  return src.name;
}

/** One line for the issues of a file: each with its place and path, each path once. */
function fileProblem(flag: string, what: string, src: SourceFile, issues: readonly ConfigIssue[], cause: unknown): UsageError {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const i of issues) {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    const text = `${where(src, path)} ${path.length ? formatPath(path) : '(root)'}: ${i.message}`;
    if (!seen.has(formatPath(path))) parts.push(text.replace(/\s*\r?\n\s*/g, ' '));
    seen.add(formatPath(path));
  }
  return new UsageError(`${flag}: invalid ${what}: ${parts.join('; ')}`, { cause });
}

/** A topology file, validated by core's schema; throws {@link UsageError} (`--topology`) with file, line and path. */
export function loadTopologyFile(file: string, cwd: string): Topology {
  const src = readSource(file, '--topology', cwd);
  try {
    return parseTopology(src.value);
  } catch (e) {
    const err = e as ConfigError;
    if (err?.code === 'ERR_RMF_CONFIG') throw fileProblem('--topology', 'topology', src, err.issues, e);
    throw e;
  }
}

/** A scenario file as read: its incidents and the path of the list inside the file (`[]` or `['scenario']`). */
interface ScenarioFile {
  src: SourceFile;
  incidents: IncidentInput[];
  at: string[];
}

/**
 * Reads a scenario file: a list of incidents, or an object whose `scenario` is one; each incident checked by core's
 * incident schema (its targets are checked against the topology when the simulator is made).
 */
function readScenarioFile(file: string, cwd: string): ScenarioFile {
  const src = readSource(file, '--scenario', cwd);
  const root = src.value;
  const at = Array.isArray(root) ? [] : root !== null && typeof root === 'object' && Array.isArray((root as { scenario?: unknown }).scenario) ? ['scenario'] : null;
  if (!at) throw new UsageError(`--scenario: invalid scenario: ${where(src, [])} expected a list of incidents (or an object with scenario: [ … ]), such as [{ type: cpuLoop, lpar: PROD01, start: 2026-01-05T10:00:00Z, durationMinutes: 30 }]`);
  const list = (at.length ? (root as { scenario: unknown[] }).scenario : root) as unknown[];
  const issues: ConfigIssue[] = [];
  list.forEach((inc, i) => {
    const r = incidentSchema.safeParse(inc);
    if (!r.success) issues.push(...ConfigError.fromZod(r.error, [...at, i]).issues);
  });
  if (issues.length) throw fileProblem('--scenario', 'scenario', src, issues, undefined);
  return { src, incidents: list as IncidentInput[], at };
}

/** Options of {@link simulatorFromFiles}: the simulator's options from flags, and the files. */
export interface SimulatorFiles {
  /** `--topology FILE`, relative to `cwd`. @default the default topology */
  topologyFile?: string;
  /** `--scenario FILE`, relative to `cwd`. @default no incidents */
  scenarioFile?: string;
  /** Where relative file names start. */
  cwd: string;
}

/**
 * Creates the simulator of a command: its flags' options plus a topology and a scenario read from files. Problems of
 * a file are reported with the file, line and path (a scenario's LPAR that the topology lacks included), the rest in
 * flag terms; always a {@link UsageError} (exit 2).
 *
 * @example
 * ```ts
 * const sim = simulatorFromFiles({ seed: 42 }, { topologyFile: 'sysplex.yaml', scenarioFile: 'incidents.yaml', cwd: process.cwd() });
 * ```
 */
export function simulatorFromFiles(options: SimulatorOptions, files: SimulatorFiles): Simulator {
  const topology = files.topologyFile === undefined ? undefined : loadTopologyFile(files.topologyFile, files.cwd);
  const scenario = files.scenarioFile === undefined ? undefined : readScenarioFile(files.scenarioFile, files.cwd);
  try {
    return simulatorFromFlags({ ...options, ...(topology ? { topology } : {}), ...(scenario ? { scenario: scenario.incidents } : {}) });
  } catch (e) {
    const err = e as ConfigError;
    if (err?.code !== 'ERR_RMF_CONFIG' || !Array.isArray(err.issues)) throw e;
    // the topology was valid on its own: what is left is its size against maxSeries, and the scenario against it
    if (scenario && err.issues.every((i) => i.path[0] === 'scenario')) {
      throw fileProblem('--scenario', 'scenario', scenario.src, err.issues.map((i) => ({ path: [...scenario.at, ...i.path.slice(1)], message: i.message })), e);
    }
    const topologyIssue = err.issues.find((i) => i.path[0] === 'topology');
    if (topologyIssue && files.topologyFile !== undefined) throw new UsageError(`--topology: ${files.topologyFile} ${topologyIssue.message}`, { cause: e });
    throw e;
  }
}

