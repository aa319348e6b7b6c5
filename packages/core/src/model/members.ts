/**
 * The members of every scope of a compiled topology, in frame order: their label attributes, owner entity, parent
 * member and the static attributes a snapshot shows beside the numbers. Frame indices, series and snapshots all
 * follow this one enumeration.
 * @module
 */
import { ENTITY_LABEL, QUEUE_TYPES, SCOPE, SHARD_UNIT, scopes, type EntityKind, type ScopeName } from '../catalog/index.js';
import type { Labels } from '../series.js';
import type { CTopology } from './compile.js';
import { CF_SUBSYSTEMS, connects, maxConnectors } from './cfs.js';

/** One member of a scope. */
export interface Member {
  /** Every label attribute of the scope (frozen). */
  readonly labels: Labels;
  /** Owner entity key, `kind:name` (e.g. `lpar:PROD01`). */
  readonly owner: string;
  /**
   * Shard unit key: the owner's for the scopes of its root unit (`lpar:PROD01`), else owner and unit scope
   * (`lpar:PROD01/serviceClass`); see {@link SHARD_UNIT}. Shards are dealt these.
   */
  readonly unit: string;
  /** Index of the member of the parent scope it is nested in (`-1` at the top). */
  readonly parent: number;
  /** Static attributes the snapshot shows before the numbers (names, types, goals). */
  readonly attrs: Readonly<Record<string, unknown>>;
}

/** Every scope's members, and the layout numbers the model indexes with. */
export interface Members {
  readonly of: Readonly<Record<ScopeName, readonly Member[]>>;
  /**
   * The members nested in each parent member are contiguous: `first[scope][p]` … `first[scope][p + 1] - 1`
   * (top-level scopes: parent 0 holds them all).
   */
  readonly first: Readonly<Record<ScopeName, Int32Array>>;
}

/** Where a scope's members sit in their parent's snapshot object: parent scope and key (from `snapshotPath`). */
export function nesting(scope: ScopeName): { parent: ScopeName | null; key: string } {
  const path = SCOPE[scope].snapshotPath;
  const parts = path.split('.');
  const key = parts[parts.length - 1]!.replace('[]', '');
  if (parts.length === 1 || parts[0] === 'storageArray') return { parent: null, key: path };
  const parentPath = parts.slice(0, -1).join('.');
  const parent = scopes.find((s) => s.snapshotPath === parentPath);
  if (!parent) throw new Error(`internal: no scope at ${parentPath}`);
  return { parent: parent.name, key };
}

/** The top-level scope of each entity kind (its first in catalogue order). */
const rootScope = Object.fromEntries([...scopes].reverse().map((s) => [s.entity, s.name])) as Readonly<Record<EntityKind, ScopeName>>;

/** Enumerates the members of every scope of a compiled topology. */
export function enumerateMembers(topo: CTopology): Members {
  const sysplex = topo.sysplex;
  const of = {} as Record<ScopeName, Member[]>;
  const add = (scope: ScopeName, labels: Record<string, string>, parent: number, attrs: Record<string, unknown>) => {
    const def = SCOPE[scope];
    const entityName = labels[ENTITY_LABEL[def.entity]];
    if (entityName === undefined) throw new Error(`internal: ${scope} member without ${ENTITY_LABEL[def.entity]}`);
    const owner = `${def.entity}:${entityName}`;
    const unit = SHARD_UNIT[scope] === rootScope[def.entity] ? owner : `${owner}/${SHARD_UNIT[scope]}`;
    (of[scope] ??= []).push({ labels: Object.freeze(labels), owner, unit, parent, attrs: Object.freeze(attrs) });
  };
  for (const s of scopes) of[s.name] = [];
  const cpc = topo.cpc.name;
  add('cpc', { sysplex, cpc }, -1, { name: cpc, model: topo.cpc.model });
  const links = topo.cfs.flatMap((cf) => cf.links.map((link) => ({ cf: cf.name, link })));
  for (const lp of topo.lpars) {
    const l = lp.i;
    const lpar = lp.name;
    add('lpar', { sysplex, lpar, cpc }, -1, { name: lpar, workload: lp.workload });
    for (const m of lp.classes) {
      const c = topo.serviceClasses[m.sc]!;
      const goal =
        m.goalKind === 'velocity'
          ? { kind: 'velocity' as const, percent: m.goalValue }
          : m.goalKind === 'responseTime'
            ? { kind: 'responseTime' as const, seconds: m.goalValue, ...(m.percentile > 0 ? { percentile: m.percentile } : {}) }
            : { kind: m.goalKind };
      const reportClass = c.reportClass >= 0 ? topo.reportClasses[c.reportClass]! : '';
      add('serviceClass', { sysplex, lpar, workload: c.workload, service_class: c.name, period: String(m.p + 1), goal_kind: m.goalKind, report_class: reportClass }, l, {
        serviceClass: c.name,
        workload: c.workload,
        period: m.p + 1,
        importance: m.level,
        goal,
        cpuPerTransactionSeconds: m.cpuPerTxn,
        ...(reportClass ? { reportClass } : {}),
      });
    }
    for (const r of lp.reports) add('reportClass', { sysplex, lpar, report_class: topo.reportClasses[r]! }, l, { name: topo.reportClasses[r]!, serviceClasses: [...new Set(lp.classes.filter((_, j) => lp.periodReport[j] === lp.reports.indexOf(r)).map((m) => topo.serviceClasses[m.sc]!.name))] });
    for (const queueType of QUEUE_TYPES) add('queue', { sysplex, lpar, queue_type: queueType }, l, { queueType });
    for (const { cf, link } of links) add('cfLink', { sysplex, lpar, cf, cf_link: link }, l, { cf, link });
    lp.chpids.forEach((chpid, c) =>
      add('channel', { sysplex, lpar, chpid, port_id: chpid }, l, { chpid, hostPort: topo.array.portNames[lp.chpidPort[c]!]!, pathType: topo.channels.pathType, shared: topo.chpids[lp.chpidIndex[c]!]!.lpars.length > 1 }),
    );
    for (const portId of lp.osa) add('network', { sysplex, lpar, port_type: 'OSA', port_id: portId }, l, { portType: 'OSA', portId });
    for (const portId of lp.hipersockets) add('network', { sysplex, lpar, port_type: 'Hipersocket', port_id: portId }, l, { portType: 'Hipersocket', portId });
    for (const v of topo.volumes) add('lparVolume', { sysplex, lpar, volser: v.volser, volume_type: v.type, volume_id: v.volser, device_id: v.ldev }, l, { volser: v.volser, volumeType: v.type, ldev: v.ldev });
    for (const deviceType of topo.deviceTypes) add('ioResponse', { sysplex, lpar, device_type: deviceType }, l, { deviceType });
    for (const slot of topo.populations[l]!.slots) add('addressSpace', { sysplex, lpar, asid: String(slot.asid) }, l, { asid: slot.asid });
  }
  // the subsystems each system runs work of (bits over CF_SUBSYSTEMS): which structures it connects to
  const subsystems = topo.lpars.map((l) => l.classes.reduce((mask, c) => {
    const k = CF_SUBSYSTEMS.indexOf(topo.serviceClasses[c.sc]!.subsystem as (typeof CF_SUBSYSTEMS)[number]);
    return k >= 0 ? mask | (1 << k) : mask;
  }, 0));
  for (const cf of topo.cfs) {
    add('cf', { sysplex, cf: cf.name }, -1, {
      name: cf.name,
      model: cf.model,
      version: cf.version,
      cfLevel: cf.cfLevel,
      processors: cf.processors,
      dedicated: cf.dedicated,
      weight: cf.weight,
      linkType: cf.linkType,
      subchannelsPerLink: cf.subchannels,
      paths: cf.paths,
    });
    for (const lp of topo.lpars) add('cfSystem', { sysplex, cf: cf.name, lpar: lp.name }, cf.i, { lpar: lp.name });
    for (let s = cf.first; s < cf.first + cf.count; s++) {
      const st = topo.structures[s]!;
      const connected = subsystems.map((mask) => connects(st.drivers, mask));
      add('cfStructure', { sysplex, cf: cf.name, structure: st.name, structure_type: st.type }, cf.i, {
        name: st.name,
        type: st.type,
        use: st.use,
        connectors: connected.filter(Boolean).length,
        maxConnectors: maxConnectors(st.use, topo.lpars.length),
        policy: st.policy,
      });
      topo.lpars.forEach((lp, l) => add('cfStructureSystem', { sysplex, cf: cf.name, structure: st.name, structure_type: st.type, lpar: lp.name }, s, { lpar: lp.name, connected: connected[l]! }));
    }
  }
  for (const v of topo.volumes) {
    add('volume', { sysplex, volser: v.volser, volume_type: v.type }, -1, {
      volser: v.volser,
      volumeType: v.type,
      model: v.model,
      devnum: v.devnum,
      ldev: v.ldev,
      clpr: topo.clprs[v.clpr]!.name,
      mpb: topo.array.mpbNames[v.mpb]!,
      deviceType: v.deviceType,
      ssid: topo.lcus[v.lcu]!.ssid,
      storageGroup: v.storageGroup,
      pav: v.pav,
    });
  }
  const array = topo.array.name;
  for (const u of topo.lcus) add('lcu', { sysplex, array, ssid: u.ssid, lcu: u.lcuNumber }, -1, { ssid: u.ssid, lcu: u.lcuNumber, cuId: u.cuId, typeModel: topo.controlUnits.type });
  for (const c of topo.clprs) add('clpr', { sysplex, array, clpr: c.name }, -1, { name: c.name });
  for (const mpb of topo.array.mpbNames) add('mpb', { sysplex, array, mpb }, -1, { name: mpb });
  for (const port of topo.array.portNames) add('hostPort', { sysplex, array, port }, -1, { name: port });
  const first = {} as Record<ScopeName, Int32Array>;
  for (const sd of scopes) {
    const list = of[sd.name];
    const parent = nesting(sd.name).parent;
    const parents = parent ? of[parent].length : 1;
    const idx = new Int32Array(parents + 1);
    let p = 0;
    for (let i = 0; i < list.length; i++) {
      const at = Math.max(0, list[i]!.parent);
      if (at < p) throw new Error(`internal: ${sd.name} members are not grouped by parent`);
      while (p < at) idx[++p] = i;
    }
    while (p < parents) idx[++p] = list.length;
    first[sd.name] = idx;
  }
  return { of, first };
}
