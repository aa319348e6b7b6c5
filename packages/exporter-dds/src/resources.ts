/**
 * The DDS resource tree of a topology: SYSPLEX > MVS_IMAGE > PROCESSOR, STORAGE > CENTRAL / AUXILIARY,
 * I/O_SUBSYSTEM > CHANNEL_PATH / VOLUME, ENQUEUE; SYSPLEX > CPC > LPAR; SYSPLEX > COUPLING_FACILITY > CF_STRUCTURE.
 * Labels are `ULQ,NAME,TYPE`.
 * @module
 */
import type { Topology } from '@rmf-sim/core';
import type { DdsContainedResource } from './document.js';
import { SAMPLE_CATALOGUE } from './generated/catalogue.js';

/** One resource of the tree. */
export interface Resource {
  readonly ulq: string;
  readonly name: string;
  readonly type: string;
  /** `ULQ,NAME,TYPE`. */
  readonly label: string;
  readonly parent: Resource | null;
  readonly children: Resource[];
  /** The MVS system (LPAR) a resource below an MVS image belongs to. */
  readonly system?: string;
}

/** The tree and its index by label. */
export interface ResourceTree {
  readonly root: Resource;
  readonly sysplex: Resource;
  /** By upper-cased label. */
  readonly byLabel: ReadonlyMap<string, Resource>;
  readonly systems: readonly string[];
}

function node(ulq: string, name: string, type: string, parent: Resource | null, system?: string): Resource {
  const r: Resource = { ulq, name, type, label: `${ulq},${name},${type}`, parent, children: [], ...(system ? { system } : {}) };
  parent?.children.push(r);
  return r;
}

/** Builds the resource tree of a topology (volumes and channel paths as each system sees them). */
export function buildTree(topo: Readonly<Topology>, chpidsOf: (lpar: string) => readonly string[], volsers: readonly string[]): ResourceTree {
  const root = node('', '', 'root', null);
  const plex = node('', topo.sysplex, 'SYSPLEX', root);
  for (const l of topo.lpars) {
    const img = node('', l.name, 'MVS_IMAGE', plex, l.name);
    node(l.name, '*', 'PROCESSOR', img, l.name);
    const stor = node(l.name, '*', 'STORAGE', img, l.name);
    node(l.name, '*', 'CENTRAL', stor, l.name);
    node(l.name, '*', 'AUXILIARY', stor, l.name);
    const io = node(l.name, '*', 'I/O_SUBSYSTEM', img, l.name);
    for (const c of chpidsOf(l.name)) node(l.name, c, 'CHANNEL_PATH', io, l.name);
    for (const v of volsers) node(l.name, v, 'VOLUME', io, l.name);
    node(l.name, '*', 'ENQUEUE', img, l.name);
  }
  for (const cf of topo.couplingFacilities) {
    const r = node('', cf.name, 'COUPLING_FACILITY', plex);
    for (const s of cf.structures) node(cf.name, s.name, 'CF_STRUCTURE', r);
  }
  const cpc = node('', topo.cpc.name, 'CPC', plex);
  for (const l of topo.lpars) node(topo.cpc.name, l.name, 'LPAR', cpc);
  const byLabel = new Map<string, Resource>();
  const walk = (r: Resource) => {
    byLabel.set(r.label.toUpperCase(), r);
    r.children.forEach(walk);
  };
  walk(root);
  return { root, sysplex: plex, byLabel, systems: topo.lpars.map((l) => l.name) };
}

/** Result of looking a `resource=` parameter up. */
export type Lookup = { ok: true; resource: Resource } | { ok: false; reason: 'syntax' | 'unknown' } | { ok: false; reason: 'system'; system: string };

/**
 * Finds the resource of a `resource=ULQ,NAME,TYPE` parameter (case-insensitive; `,,SYSPLEX` is the local
 * sysplex; an empty or missing parameter is the sysplex too). An MVS image that is not in the sysplex is
 * reported as such (a real DDS answers GPM0731I).
 */
export function lookup(tree: ResourceTree, param: string | null): Lookup {
  if (param === null || param === '') return { ok: true, resource: tree.sysplex };
  const parts = param.split(',');
  if (parts.length !== 3) return { ok: false, reason: 'syntax' };
  const [ulq, name, type] = parts.map((p) => p.trim().toUpperCase()) as [string, string, string];
  if (type === 'SYSPLEX' && ulq === '' && (name === '' || name === tree.sysplex.name)) return { ok: true, resource: tree.sysplex };
  if (type === 'ROOT') return { ok: true, resource: tree.root };
  const r = tree.byLabel.get(`${ulq},${name},${type}`);
  if (r) return { ok: true, resource: r };
  if (type === 'MVS_IMAGE') return { ok: false, reason: 'system', system: name };
  if (ulq !== '' && tree.byLabel.get(`,${ulq},MVS_IMAGE`) === undefined && tree.byLabel.get(`,${ulq},CPC`) === undefined && tree.byLabel.get(`,${ulq},COUPLING_FACILITY`) === undefined) {
    return { ok: false, reason: 'system', system: ulq };
  }
  return { ok: false, reason: 'unknown' };
}

/** How a resource is listed in `contained` and `root`. */
export function describe(r: Resource, encodeUrl: boolean): DdsContainedResource {
  const icon = SAMPLE_CATALOGUE.icons[r.type];
  return {
    attributes: 'YES',
    expandable: r.children.length ? 'YES' : 'NO',
    ...(icon ? { icon } : {}),
    reslabel: r.label,
    reslabelurl: encodeUrl ? encodeURIComponent(r.label) : r.label,
    restype: r.type,
  };
}
