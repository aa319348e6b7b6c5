/**
 * Generated reference pages: the configuration reference from core's zod schemas (`z.toJSONSchema`, with the JSDoc
 * of each schema property read from core's sources by the TypeScript compiler) and the metric reference from the
 * catalogue. Pure: sources in, Markdown out; `scripts/docs/generate.mjs` writes the pages and a test fails when
 * the committed pages differ from a fresh render.
 * @module
 */
import { incidentSchema, metricCatalog, simulatorOptionsSchema, topologySchema, type MetricDefinition } from '@rmf-sim/core';
import ts from 'typescript';
import { z } from 'zod';

/** A JSON Schema node as `z.toJSONSchema` writes it (only what the renderer reads). */
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
}

/** JSDoc of the properties of every `z.object({...})` literal of a source file, keyed by its sorted property names. */
export type SchemaDocs = Map<string, Record<string, string>>;

const keyOf = (names: readonly string[]) => [...names].sort().join(',');

/**
 * Reads the JSDoc comment of each property of every object literal passed to `z.object(...)` in TypeScript sources
 * (spreads of a `const` object literal in the same file are followed). A schema node is matched to its literal by
 * its exact set of property names, so no hand-written list of descriptions is needed.
 */
export function schemaDocs(sources: readonly { name: string; text: string }[]): SchemaDocs {
  const docs: SchemaDocs = new Map();
  for (const { name, text } of sources) {
    const file = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    const consts = new Map<string, ts.ObjectLiteralExpression>();
    const visitConsts = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && ts.isObjectLiteralExpression(n.initializer)) consts.set(n.name.text, n.initializer);
      n.forEachChild(visitConsts);
    };
    visitConsts(file);
    const comment = (p: ts.Node): string => {
      const ranges = ts.getLeadingCommentRanges(text, p.getFullStart()) ?? [];
      const doc = ranges.map((r) => text.slice(r.pos, r.end)).filter((c) => c.startsWith('/**')).pop();
      if (!doc) return '';
      return doc
        .replace(/^\/\*\*|\*\/$/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, '').trim())
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim();
    };
    const collect = (lit: ts.ObjectLiteralExpression, into: Record<string, string>, names: string[]): void => {
      for (const p of lit.properties) {
        if (ts.isSpreadAssignment(p) && ts.isIdentifier(p.expression)) {
          const inner = consts.get(p.expression.text);
          if (inner) collect(inner, into, names);
        } else if ((ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
          names.push(p.name.text);
          const c = comment(p);
          if (c) into[p.name.text] = c;
        }
      }
    };
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'object') {
        const arg = n.arguments[0];
        if (arg && ts.isObjectLiteralExpression(arg)) {
          const into: Record<string, string> = {};
          const names: string[] = [];
          collect(arg, into, names);
          docs.set(keyOf(names), { ...docs.get(keyOf(names)), ...into });
        }
      }
      if (ts.isInterfaceDeclaration(n)) {
        // an options interface beside its schema (SimulatorOptions) documents the same keys
        const into: Record<string, string> = {};
        const names: string[] = [];
        for (const m of n.members) {
          if (!ts.isPropertySignature(m) || !(ts.isIdentifier(m.name) || ts.isStringLiteral(m.name))) continue;
          names.push(m.name.text);
          const c = comment(m);
          if (c) into[m.name.text] = c;
        }
        docs.set(keyOf(names), { ...into, ...docs.get(keyOf(names)) });
      }
      n.forEachChild(visit);
    };
    visit(file);
  }
  return docs;
}

const code = (v: unknown) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
/** Escapes a table cell. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return code(s.const);
  if (s.enum) return s.enum.map(code).join(' \\| ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map((a) => (Object.keys(a).length === 0 ? 'Date' : typeOf(a))).join(' or ');
  if (s.type === 'array') return `array of ${s.items ? typeOf(s.items) : 'any'}`;
  if (s.type === 'object' && !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') return `map of ${typeOf(s.additionalProperties)}`;
  if (Array.isArray(s.type)) return s.type.join(' or ');
  return s.type ?? 'any';
}

function constraints(s: JsonSchema): string {
  const c: string[] = [];
  const range = (lo: number | undefined, hi: number | undefined, xlo?: number, xhi?: number) => {
    if (xlo !== undefined) c.push(`> ${xlo}`);
    else if (lo !== undefined) c.push(`≥ ${lo}`);
    if (xhi !== undefined) c.push(`< ${xhi}`);
    else if (hi !== undefined) c.push(`≤ ${hi}`);
  };
  range(s.minimum, s.maximum, s.exclusiveMinimum, s.exclusiveMaximum);
  if (s.minLength !== undefined || s.maxLength !== undefined) c.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} characters`);
  if (s.minItems !== undefined || s.maxItems !== undefined) c.push(s.minItems === s.maxItems ? `exactly ${s.minItems} items` : `${s.minItems ?? 0}–${s.maxItems ?? '∞'} items`);
  if (s.pattern) c.push(`matches ${code(s.pattern)}`);
  if (s.type === 'array' && s.items && !s.items.properties) {
    const inner = constraints(s.items);
    if (inner) c.push(`each ${inner}`);
  }
  return c.join(', ');
}

interface Row {
  path: string;
  type: string;
  required: boolean;
  constraints: string;
  default: string;
  doc: string;
}

/** Flattens a schema into one row per property, depth first (`lpars[].peakHours`). */
function rows(s: JsonSchema, docs: SchemaDocs, prefix = '', out: Row[] = [], omit: readonly string[] = []): Row[] {
  const obj = s.type === 'array' && s.items?.properties ? s.items : s;
  if (!obj.properties) return out;
  const names = Object.keys(obj.properties);
  const doc = docs.get(keyOf(names)) ?? {};
  for (const name of names.filter((n) => !omit.includes(n))) {
    const p = obj.properties[name]!;
    const path = prefix ? `${prefix}${s.type === 'array' ? '[]' : ''}.${name}` : name;
    const isObjArray = p.type === 'array' && p.items?.properties;
    const alts = (p.anyOf ?? p.oneOf ?? []).filter((a) => a.properties);
    out.push({
      path,
      type: isObjArray ? 'array of objects' : alts.length ? `one of ${alts.length} kinds` : p.properties ? 'object' : typeOf(p),
      required: obj.required?.includes(name) ?? false,
      constraints: constraints(p),
      default: p.default === undefined ? '' : code(p.default),
      // the default column shows defaults the schema applies; a doc's own `@default` is kept as words otherwise
      doc: (doc[name] ?? '').replace(/\s*@default\s+(.*)$/, p.default === undefined ? ' Default: $1.' : '').trim(),
    });
    if (p.properties || isObjArray) rows(p, docs, path, out);
    for (const a of alts) {
      const disc = Object.entries(a.properties ?? {}).find(([, v]) => v.const !== undefined);
      rows(a, docs, disc ? `${path}(${disc[0]}=${String(disc[1].const)})` : path, out);
    }
  }
  return out;
}

function table(rs: readonly Row[]): string {
  const lines = ['| option | type | required | constraints | default | meaning |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rs) lines.push(`| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.constraints)} | ${cell(r.default.length > 80 ? '(see below)' : r.default)} | ${cell(r.doc)} |`);
  return lines.join('\n');
}

const GENERATED = (script: string) => `<!-- Generated by ${script} from @rmf-sim/core: do not edit by hand (a test fails when this page is stale). -->`;

/**
 * The configuration reference: every option of `createSimulator` (the topology included) and every incident kind of
 * a scenario, with type, constraints, default and the JSDoc of the schema, from core's zod schemas.
 *
 * @example
 * ```ts
 * const page = configReference(schemaDocs([{ name: 'config.ts', text: readFileSync('packages/core/src/config.ts', 'utf8') }]));
 * ```
 */
export function configReference(docs: SchemaDocs): string {
  const json = (schema: z.ZodType) => z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  const options = json(simulatorOptionsSchema);
  const topology = json(topologySchema);
  const incidents = json(incidentSchema);
  const out: string[] = [
    GENERATED('`npm run docs:generate`'),
    '',
    '# Configuration reference',
    '',
    'Everything `createSimulator(options)` accepts, derived from the zod schemas of `@rmf-sim/core` (`simulatorOptionsSchema`,',
    '`topologySchema`, `incidentSchema`) with `z.toJSONSchema`; the meanings are the schemas\' own doc comments. Invalid options',
    'throw a `ConfigError` (`code: \'ERR_RMF_CONFIG\'`) that lists every problem with its path, e.g.',
    '`topology.lpars[0].gp: Too big: expected number to be <=256`.',
    '',
    '## Simulator options',
    '',
    table(rows(options, docs, '', [], ['topology', 'scenario'])),
    '',
    '`topology` defaults to `defaultTopology` (the predecessor\'s sysplex: PROD01, PROD02, BATCH01, TEST01); `scenario` is a list',
    'of incidents (below).',
    '',
    '## Topology',
    '',
    table(rows(topology, docs)),
    '',
    '## Scenario: incident kinds',
    '',
    'Each incident has a `type` and the fields below; `start` is an ISO-8601 string, epoch milliseconds or a `Date`.',
    'Incidents of one type on one target must not overlap in time.',
    '',
  ];
  for (const variant of incidents.anyOf ?? incidents.oneOf ?? []) {
    const type = String(variant.properties?.type?.const);
    out.push(`### \`${type}\``, '', table(rows(variant, docs)), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function labelsCell(m: MetricDefinition): string {
  return m.labels
    .map((l) => {
      const values = m.labelValues[l];
      return values ? `\`${l}\` (${values.map((v) => `\`${v}\``).join(', ')})` : `\`${l}\``;
    })
    .join(', ');
}

function ddsCell(m: MetricDefinition): string {
  return (m.dds ?? []).map((d) => (d.when ? `\`${d.id}\` (${Object.entries(d.when).map(([k, v]) => `${k}=${v}`).join(', ')})` : `\`${d.id}\``)).join(', ');
}

function ibmCell(m: MetricDefinition): string {
  return m.ibm
    .map((x) => {
      const notes = [
        x.when ? Object.entries(x.when).map(([k, v]) => `${k}=${v}`).join(', ') : '',
        x.labels ? Object.entries(x.labels).map(([a, b]) => `${a}→${b}`).join(', ') : '',
        x.scale && x.scale !== 1 ? `×${x.scale === 1 / 4096 ? '1/4096' : x.scale}${x.unit ? ` ${x.unit}` : ''}` : '',
      ].filter(Boolean);
      return `\`${x.name}\`${notes.length ? ` (${notes.join('; ')})` : ''}`;
    })
    .join(', ');
}

/** Titles of the metric families, in catalogue order. */
const FAMILY_TITLES: Readonly<Record<string, string>> = {
  cpu: 'CPU, PR/SM and MSU',
  memory: 'Memory and paging',
  wlm: 'WLM service classes',
  cf: 'Coupling facility',
  network: 'Ports (channel paths, OSA, HiperSockets)',
  channel: 'FICON channel paths',
  volume: 'DASD volumes',
  ldev: 'Array logical devices (LDEVs)',
  array: 'Storage array (CLPRs, MP blades, host ports)',
};

/**
 * The metric reference: every metric of the catalogue by family, with type, unit, labels (and their fixed values),
 * RMF DDS ids, IBM's `mvs_*` names and help.
 */
export function metricReference(): string {
  const families = [...new Set(metricCatalog.map((m) => m.family))];
  const out: string[] = [
    GENERATED('`npm run docs:generate`'),
    '',
    '# Metric reference',
    '',
    `Every metric rmf-sim produces: ${metricCatalog.length} metrics, declared once in \`@rmf-sim/core\`'s catalogue (\`metricCatalog\`).`,
    'Stores, the Prometheus exporter and the DDS emulation derive their schemas from the same entries. Names marked *predecessor*',
    'keep the Python predecessor\'s names and label sets. **IBM name** is the name under IBM\'s RMF DDS OpenMetrics naming',
    '(`naming: \'ibm\'` or `\'both\'` of the Prometheus exporter), with the series it covers, its label renames and its scale.',
    'Histograms carry `_bucket` (with `le`), `_sum` and `_count` samples.',
    '',
    '| family | metrics |',
    '| --- | --- |',
    ...families.map((f) => `| [${FAMILY_TITLES[f] ?? f}](#${f}) | ${metricCatalog.filter((m) => m.family === f).length} |`),
    '',
  ];
  for (const f of families) {
    out.push(`<a id="${f}"></a>`, '', `## ${FAMILY_TITLES[f] ?? f}`, '', '| metric | type | unit | labels | DDS id | IBM name | help |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const m of metricCatalog.filter((x) => x.family === f)) {
      const name = `\`${m.name}\`${m.predecessor ? ' *predecessor*' : ''}`;
      const type = m.type === 'histogram' ? `histogram (${m.buckets?.length ?? 0} buckets)` : m.type;
      out.push(`| ${name} | ${type} | ${m.unit} | ${cell(labelsCell(m))} | ${cell(ddsCell(m))} | ${cell(ibmCell(m))} | ${cell(m.help)} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
