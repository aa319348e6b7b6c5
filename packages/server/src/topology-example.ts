/**
 * `rmf-sim topology --example`: a documented starting file, written from core's default topology (so it always
 * validates and shows every field the default sets), with a comment on each section.
 * @module
 */
import { defaultTopology, estimateSeriesCount, topologySchema } from '@rmf-sim/core';
import { Document, isScalar, isSeq, visit, type Node, type YAMLMap } from 'yaml';

/**
 * What each part of a topology is, for the comments of the example. Every name must be a field of core's topology
 * schema (a test checks it both ways for the top level), so the example cannot describe a field that is gone.
 */
export const TOPOLOGY_DOCS = {
  sysplex: 'Sysplex name: 1–16 characters A–Z, 0–9, @, #, $ (real ones have at most 8).',
  cpc: 'The central processor complex: machine type (model), physical GPs and zIIPs, capacity in MSU/h, capacity groups.',
  lpars:
    'The z/OS systems (1–60). gp/ziip: logical processors; memoryGb; workload online, batch or mixed with its peakHours\n' +
    '([from, to) hours, may wrap midnight) and peakBusyPercent; PR/SM weight and ziipWeight; definedCapacityMsu (soft\n' +
    'capping on the 4-hour average), absoluteCapping (processors), capacityGroup, or dedicated GPs.',
  serviceClasses:
    'WLM service classes: workload, importance 1–5 and goal (responseTime seconds [percentile], velocity percent, system,\n' +
    'discretionary), or periods; the subsystem, CPU per transaction, systems (LPAR: relative share of the work) and an\n' +
    'optional description (SYSSUM shows it).',
  reportClasses: 'WLM report classes: the service classes (serviceClasses) or subsystems (subsystems) whose work each one reports; a class’s own reportClass comes first.',
  resourceGroups: 'WLM resource groups: the minimum and maximum capacity (minServiceUnits, maxServiceUnits: service units per second, sysplex-wide; type 1) of the service classes in each (reported only: the model does not cap them).',
  wlm: 'Service definition and active policy names (reports show them).',
  couplingFacilities: 'Coupling facilities: processors, links per LPAR, requests per busy CP, structures (lock, cache, list).',
  storageArray: 'The storage array: MP blades, host ports, cache logical partitions (CLPRs) with cache size and destage rate.',
  volumeGroups: 'DASD volumes by group: type, volser prefix, count, 3390 model, CLPR, HyperPAV aliases (volsers are prefix + number, 6 characters).',
  channels: 'FICON channel paths per LPAR, their speed, the first CHPID (hex).',
  network: 'OSA and HiperSockets ports per LPAR.',
} as const satisfies Partial<Record<keyof typeof topologySchema.shape, string>>;

/** A comment block: each line starts with a space after the `#` (the yaml library adds the `#`). */
const comment = (text: string) =>
  text
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');

/**
 * The example topology file as YAML text: the default topology with a header (how to use it, how many series it
 * gives) and a comment before each section.
 *
 * @example
 * ```ts
 * import { parse } from 'yaml';
 * parseTopology(parse(topologyExample())); // the default topology
 * ```
 */
export function topologyExample(): string {
  const doc = new Document(structuredClone(defaultTopology));
  doc.commentBefore = comment(
    [
      'rmf-sim topology: the default sysplex, a starting point for your own.',
      'Check it with `rmf-sim topology --check FILE`; use it with `--topology FILE` (generate, live, backfill).',
      `As written it gives ${estimateSeriesCount(defaultTopology).toLocaleString('en-US')} series per interval; series grow with LPARs × (volumes + service class periods).`,
      'Optional fields left out take their defaults; JSON works too (the same structure).',
    ].join('\n'),
  );
  const root = doc.contents as YAMLMap<Node, Node>;
  for (const pair of root.items) {
    const key = String((pair.key as unknown as { value: unknown }).value);
    const text = (TOPOLOGY_DOCS as Record<string, string>)[key];
    if (text) (pair.key as Node).commentBefore = comment(text);
  }
  // lists of numbers and names on one line ([8, 10], [[8, 10], [14, 16]])
  const plain = (n: unknown): boolean => isScalar(n) || (isSeq(n) && n.items.every(plain));
  visit(doc, { Seq: (_, seq) => void (seq.items.length > 0 && seq.items.every(plain) && (seq.flow = true)) });
  return doc.toString({ lineWidth: 150, flowCollectionPadding: false });
}
