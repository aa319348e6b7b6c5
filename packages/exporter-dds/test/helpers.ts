import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator, type Simulator } from '@rmf-sim/core';
import { createDds, SAMPLE_CATALOGUE, type Dds, type DdsDocument } from '@rmf-sim/exporter-dds';
import { Parser } from 'xml2js';
import { z } from 'zod';

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const root = join(pkgDir, '..', '..');
/** The fixed instant of the golden answers: the MINTIME window 08:59–09:00 UTC on a Monday. */
export const T = Date.parse('2026-01-05T09:00:30Z');

let shared: { sim: Simulator; dds: Dds } | undefined;
/** Seed 42, default topology, default options (MINTIME 60 s, UTC). */
export function fixture(): { sim: Simulator; dds: Dds } {
  if (!shared) {
    const sim = createSimulator({ seed: 42 });
    shared = { sim, dds: createDds({ simulator: sim }) };
  }
  return shared;
}

export const q = (o: Record<string, string>) => new URLSearchParams(o);

/** The resource a served report is asked for in the tests. */
export function reportResource(report: string): string {
  return SAMPLE_CATALOGUE.reports[report]!.restype === 'SYSPLEX' ? ',,SYSPLEX' : ',PROD01,MVS_IMAGE';
}

/** What xml2js returns: an untyped tree of arrays, `$` attributes and `_` texts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- xml2js trees are untyped by nature
export type XmlTree = any;

/** Parses XML as ZEBRA does: a default `xml2js.Parser()`. */
export async function parseLikeZebra(xml: string): Promise<XmlTree> {
  return new Parser().parseStringPromise(xml);
}

// ---- the JSON contract of IBM's Go client (grafana/rmf-app/pkg/plugin/dds/response.go and DDS.md "JSON form")
const stamp = z.string().regex(/^\d{14}$/);
const int = z.number().int();
const message = z.object({ id: z.string().regex(/^GPM\d{4}[IEW]$/), severity: int, description: z.string() });
const timeDataSchema = z.object({
  localStart: stamp,
  localEnd: stamp,
  localPrev: stamp,
  localNext: stamp,
  utcStart: stamp,
  utcEnd: stamp,
  numSamples: int.optional(),
  numSystems: int.optional(),
  gathererInterval: z.object({ unit: z.string(), value: int }),
  dataRange: z.object({ unit: z.string(), value: int }),
  displayStart: z.object({ locale: z.string(), value: z.string().regex(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/) }),
  displayEnd: z.object({ locale: z.string(), value: z.string().regex(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/) }),
});
const reportSchema = z
  .object({
    metric: z.object({ id: z.string(), description: z.string(), format: z.enum(['report', 'list', 'single']), numcols: int, unit: z.string().optional(), filter: z.string().optional() }),
    resource: z.object({ reslabel: z.string(), restype: z.string(), reslabelurl: z.string().optional() }),
    timeData: timeDataSchema,
    message: message.optional(),
    caption: z.object({ var: z.array(z.object({ name: z.string(), value: z.string() })) }).optional(),
    columnHeaders: z.object({ col: z.array(z.object({ value: z.string(), type: z.enum(['N', 'T']) })) }).optional(),
    row: z.array(z.object({ col: z.array(z.string()), refno: int })),
  })
  .superRefine((r, ctx) => {
    const n = r.columnHeaders?.col.length;
    if (r.metric.format === 'report' && !r.message) {
      if (n === undefined) ctx.addIssue({ code: 'custom', message: 'a report without columnHeaders' });
      r.row.forEach((row, i) => {
        if (row.col.length !== n) ctx.addIssue({ code: 'custom', path: ['row', i], message: `${row.col.length} cells for ${n} headers` });
      });
      if (r.metric.numcols !== n) ctx.addIssue({ code: 'custom', message: 'numcols differs from the headers' });
    }
    if (r.metric.format !== 'report' && r.columnHeaders) ctx.addIssue({ code: 'custom', message: 'perform answers carry no columnHeaders' });
  });
/** A whole answer. `reports`: how many `report[]` entries the endpoint must have. */
export const answerSchema = (reports: number | null) =>
  z.object({
    report: reports === null ? z.array(reportSchema) : z.array(reportSchema).length(reports),
    server: z.object({ name: z.string(), version: z.string(), platform: z.string(), functionality: z.string() }),
    message: z.array(message),
    metricList: z.array(z.unknown()),
    containedResourcesList: z.array(z.unknown()),
    attributeList: z.array(z.unknown()),
    filterInstancesList: z.array(z.unknown()),
    postprocessor: z.array(z.unknown()),
    workscopeList: z.array(z.unknown()),
  });

/** Parses a JSON answer text against the Go client's contract; throws with the zod issues. */
export function parseLikeGrafana(text: string, reports: number | null = 1): DdsDocument {
  return answerSchema(reports).parse(JSON.parse(text)) as unknown as DdsDocument;
}

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Builds this package (and what it needs) when its dist is missing or older than its sources. */
export function ensureBuilt(): void {
  const js = join(pkgDir, 'dist', 'index.js');
  if (!existsSync(js) || newest(join(pkgDir, 'src')) > statSync(js).mtimeMs) {
    execFileSync('npx', ['turbo', 'run', 'build', '--filter=@rmf-sim/exporter-dds...', '--output-logs=errors-only'], { cwd: root, stdio: 'pipe' });
  }
}
