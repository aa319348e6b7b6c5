import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { structureGeometry } from '@rmf-sim/core';
import type { DdsReport } from '@rmf-sim/exporter-dds';
// @ts-expect-error -- a plain .mjs script without types
import { samplesDir } from '../scripts/extract-catalogue.mjs';
import { fixture, q, T } from './helpers.js';

const END = Math.floor(T / 60_000) * 60_000;
/** Core's snapshots of the four 15 s intervals of the window. */
const snaps = () => [3, 2, 1, 0].map((k) => fixture().sim.snapshot(END - k * 15_000));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const report = (id: string) => fixture().dds.answer('rmfm3', q({ resource: ',,SYSPLEX', report: id }), T).report[0]!;
const at = (r: DdsReport, id: string) => r.columnHeaders!.col.findIndex((c) => c.value === id);
const cell = (r: DdsReport, row: DdsReport['row'][number], id: string) => row.col[at(r, id)]!;

/** The columns of this part: the structure's connectors, rebuild %, CFRM policy, element sizes and changed entries. */
const MINE = ['CFAPMUSR', 'CFAPTUSR', 'CFAPPUSR', 'CFAPREBP', 'CFAISTRC', 'CFAISTRM', 'CFAISTRX', 'CFAIFCCL', 'CFAILCCL', 'CFAIPREF', 'CFAILDES', 'CFAILDLS', 'CFAICEN', 'CFAICEL'];

describe('CFACT: connectors, CFRM policy and changed cache entries', () => {
  const act = report('CFACT');
  const all = act.row.filter((r) => cell(act, r, 'CFAPSYS') === '*ALL');
  const snap = snaps()[3]!;
  const structureOf = (r: DdsReport['row'][number]) => snap.couplingFacilities.find((c) => c.name === cell(act, r, 'CFAINAM'))!.structures.find((s) => s.name === cell(act, r, 'CFAISTRU'))!;

  it('connectors: the *ALL row counts the connected systems, within the most the structure allows; none has failed', () => {
    expect(all.length).toBe(28);
    for (const r of all) {
      const s = structureOf(r);
      const connected = s.systems.filter((y) => y.connected).length;
      expect(Number(cell(act, r, 'CFAPTUSR')), s.name).toBe(connected);
      expect(connected).toBeGreaterThan(0);
      expect(Number(cell(act, r, 'CFAPTUSR'))).toBeLessThanOrEqual(Number(cell(act, r, 'CFAPMUSR')));
      expect(cell(act, r, 'CFAPPUSR')).toBe('0');
      // a system sending requests to the structure is one of its connectors
      const senders = act.row.filter((x) => cell(act, x, 'CFAISTRU') === s.name && cell(act, x, 'CFAPSYS') !== '*ALL' && Number(cell(act, x, 'CFAIREQR').replace('<', '')) > 0);
      expect(senders.length).toBeLessThanOrEqual(connected);
    }
    const byName = (name: string) => all.find((r) => cell(act, r, 'CFAISTRU') === name)!;
    expect([cell(act, byName('QSG1APPL1'), 'CFAPTUSR'), cell(act, byName('IMS_VSAM1'), 'CFAPTUSR'), cell(act, byName('ISGLOCK'), 'CFAPTUSR')]).toEqual(['3', '2', '4']);
    expect(cell(act, byName('DSNDB0G_LOCK1'), 'CFAPMUSR')).toBe('7'); // IRLM's MAXUSRS default
  });

  it('the CFRM policy: MINSIZE ≤ size ≤ SIZE, REBUILDPERCENT 1, the preference list in the real layout', () => {
    for (const r of all) {
      const [min, size, max] = ['CFAISTRM', 'CFAISTRS', 'CFAISTRX'].map((id) => Number(cell(act, r, id))) as [number, number, number];
      expect(min).toBeLessThanOrEqual(size);
      expect(size).toBeLessThanOrEqual(max);
      expect(min).toBe(structureOf(r).policy.minSizeBytes);
      expect(cell(act, r, 'CFAPREBP')).toBe('1');
      expect(cell(act, r, 'CFAISTRC')).toBe('0');
      expect(cell(act, r, 'CFAIPREF')).toBe(cell(act, r, 'CFAINAM') === 'CF01' ? 'CF01     CF02' : 'CF02     CF01');
    }
  });

  it('changed entries and elements: the window’s average of core’s, at most the entries and elements in use', () => {
    let gbps = 0;
    for (const r of act.row) {
      const s = structureOf(r);
      const [cen, cel, dec, dac] = ['CFAICEN', 'CFAICEL', 'CFAIDEC', 'CFAIDAC'].map((id) => Number(cell(act, r, id))) as [number, number, number, number];
      expect(cen).toBeLessThanOrEqual(dec);
      expect(cel).toBeLessThanOrEqual(Math.min(cen, dac));
      if (s.type !== 'cache') {
        expect([cen, cel]).toEqual([0, 0]);
        continue;
      }
      const mine = (f: (x: typeof s) => number) => avg(snaps().map((sn) => f(sn.couplingFacilities.find((c) => c.name === cell(act, r, 'CFAINAM'))!.structures.find((x) => x.name === s.name)!)));
      expect(cen).toBe(Math.round(mine((x) => x.changedEntries!)));
      expect(cel).toBe(Math.round(mine((x) => x.changedElements!)));
      if (s.use === 'db2Gbp') {
        expect(cen, s.name).toBeGreaterThan(0);
        gbps++;
      } else expect(cen, `${s.name} is store-through`).toBe(0);
      expect(structureGeometry(s).dirEntries).toBeGreaterThan(cen);
    }
    expect(gbps).toBeGreaterThan(0);
  });
});

describe('CFOVER', () => {
  it('no structure is allocated outside the policy: CFOPSTCO 0, as in both real rows', () => {
    const over = report('CFOVER');
    expect(over.row.map((r) => cell(over, r, 'CFOPSTCO'))).toEqual(['0', '0']);
  });
});

// IBM's CFACT capture beside the project: one LIST structure (APPC_STR1) with its *ALL row and five system rows.
const file = join(samplesDir() as string, 'ibm-json', 'head', 'report_cfact.json');
describe.skipIf(!existsSync(file))('CFACT against the real answer', () => {
  const real = (JSON.parse(readFileSync(file, 'utf8')) as { report: DdsReport[] }).report[0]!;
  const act = report('CFACT');
  const realAll = real.row.find((r) => cell(real, r, 'CFAPSYS') === '*ALL')!;
  const realSys = real.row.find((r) => cell(real, r, 'CFAPSYS') !== '*ALL')!;
  const lists = act.row.filter((r) => cell(act, r, 'CFAITYPE') === 'LIST');

  it('fills the same cells as the real one: the *ALL row all of them, a system row only the changed entries', () => {
    for (const r of lists) {
      const model = cell(act, r, 'CFAPSYS') === '*ALL' ? realAll : realSys;
      for (const id of MINE) expect(cell(act, r, id) === '', `${cell(act, r, 'CFAISTRU')} ${cell(act, r, 'CFAPSYS')} ${id}`).toBe(cell(real, model, id) === '');
    }
  });

  it('a list structure has the real one’s constants: 32 users at most, rebuild 1 %, storage class 0, element sizes 0 and 255, no castout classes, nothing changed', () => {
    const constant = ['CFAPMUSR', 'CFAPPUSR', 'CFAPREBP', 'CFAISTRC', 'CFAIFCCL', 'CFAILCCL', 'CFAILDES', 'CFAILDLS', 'CFAICEN', 'CFAICEL'];
    expect(constant.map((id) => cell(real, realAll, id))).toEqual(['32', '0', '1', '0', '0', '0', '0', '255', '0', '0']);
    for (const r of lists.filter((x) => cell(act, x, 'CFAPSYS') === '*ALL')) expect(constant.map((id) => cell(act, r, id))).toEqual(constant.map((id) => cell(real, realAll, id)));
    // the policy sizes stand to the size as the real ones may: 19, 20 and 30 MiB there
    expect(['CFAISTRM', 'CFAISTRS', 'CFAISTRX'].map((id) => Number(cell(real, realAll, id)) / 1_048_576)).toEqual([19, 20, 30]);
    // the preference list: each name but the last padded to 8 characters, a blank between
    expect(cell(real, realAll, 'CFAIPREF')).toBe('CF01'.padEnd(8) + ' CF02');
  });
});
