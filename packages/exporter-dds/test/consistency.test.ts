import { describe, expect, it } from 'vitest';
import { renderM3, type DdsReport } from '@rmf-sim/exporter-dds';
import { resourceGroupActual, serviceUnitsPerCpuSecond } from '@rmf-sim/core';
import { averageSnapshot } from '../src/window.js';
import { fixture, q, T } from './helpers.js';

const END = Math.floor(T / 60_000) * 60_000;
/** Core's snapshots of the four 15 s intervals of the window, in time order. */
const snaps = () => [3, 2, 1, 0].map((k) => fixture().sim.snapshot(END - k * 15_000));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const col = (r: DdsReport, id: string) => r.columnHeaders!.col.findIndex((c) => c.value === id);
const cellOf = (r: DdsReport, rowName: string, id: string, nameCol = 0) => r.row.find((x) => x.col[nameCol] === rowName)!.col[col(r, id)]!;
const report = (report: string, resource: string) => fixture().dds.answer('rmfm3', q({ resource, report }), T).report[0]!;

describe('every number is core’s average over the MINTIME window', () => {
  it('CPC: MSU and logical busy of each LPAR', () => {
    const cpc = report('CPC', ',PROD01,MVS_IMAGE');
    for (const name of fixture().sim.topology.lpars.map((l) => l.name)) {
      const lpar = (s: ReturnType<typeof snaps>[number]) => s.lpars.find((l) => l.name === name)!;
      expect(cellOf(cpc, name, 'CPCPAMSU')).toBe(String(Math.round(avg(snaps().map((s) => lpar(s).cpu.actualMsu)))));
      expect(cellOf(cpc, name, 'CPCPLEFU')).toBe(avg(snaps().map((s) => lpar(s).cpu.generalPurposePercent)).toFixed(2));
    }
  });

  it('DEVR: response time = IOSQ + PEND + DISC + CONN of the volume, averaged', () => {
    const devr = report('DEVR', ',PROD01,MVS_IMAGE');
    for (const volser of ['SYSR01', 'USR001', 'WRK010', 'TMP003']) {
      const v = (s: ReturnType<typeof snaps>[number]) => s.volumes.find((x) => x.volser === volser)!.responseTime;
      const ms = avg(snaps().map((s) => v(s).iosq + v(s).pend + v(s).disc + v(s).conn)) * 1000;
      expect(Number(cellOf(devr, volser, 'DVRRPTHP'))).toBeCloseTo(ms, 1);
      // the sub-row right after names the device number and has blank measurements
      const i = devr.row.findIndex((x) => x.col[0] === volser);
      expect(devr.row[i + 1]!.col[col(devr, 'DVRRESPT')]).toBe('');
    }
  });

  it('perform 8D0460 is the CPC report’s logical busy, and the average of core’s samples', () => {
    const doc = fixture().dds.answer('perform', q({ resource: ',PROD02,MVS_IMAGE', id: '8D0460' }), T).report[0]!;
    const mine = (s: ReturnType<typeof snaps>[number]) => s.lpars.find((l) => l.name === 'PROD02')!.cpu.generalPurposePercent;
    expect(Number(doc.row[0]!.col[1])).toBeCloseTo(avg(snaps().map(mine)), 4);
    expect(Number(doc.row[0]!.col[1]).toFixed(2)).toBe(cellOf(report('CPC', ',PROD02,MVS_IMAGE'), 'PROD02', 'CPCPLEFU'));
  });
});

describe('CPU time by dispatch mode adds up as in the real reports', () => {
  const num = (r: DdsReport, row: DdsReport['row'][number], id: string) => Number(row.col[col(r, id)]);
  it('PROCU: TOTC = TCB + SRB + client SRB, TOTE = TCB + SRB + enclave SRB, for every job', () => {
    const procu = report('PROCU', ',PROD01,MVS_IMAGE');
    expect(procu.row.length).toBeGreaterThan(10);
    let enclaves = 0;
    for (const row of procu.row) {
      const [tcb, srb, pcs, eps] = ['PRUPTCB', 'PRUPSRB', 'PRUPPCS', 'PRUPEPS'].map((id) => num(procu, row, id)) as [number, number, number, number];
      // four significant digits in each cell: the sums agree to the rounding of the larger ones
      const tol = (x: number) => Math.max(2e-3, 3e-3 * x);
      expect(Math.abs(tcb + srb + pcs - num(procu, row, 'PRUPTOTC')), row.col[0]).toBeLessThanOrEqual(tol(num(procu, row, 'PRUPTOTC')));
      expect(Math.abs(tcb + srb + eps - num(procu, row, 'PRUPTOTE')), row.col[0]).toBeLessThanOrEqual(tol(num(procu, row, 'PRUPTOTE')));
      if (eps > 0) enclaves++;
    }
    expect(enclaves, 'DB2 DIST owns the DDF enclaves').toBeGreaterThanOrEqual(1);
  });

  it('PROCU: the jobs’ zIIP-eligible time on CPs adds up to the system’s zIIP help, each within its CP time', () => {
    const procu = report('PROCU', ',PROD01,MVS_IMAGE');
    const gp = fixture().sim.topology.lpars.find((l) => l.name === 'PROD01')!.gp;
    const help = avg(snaps().map((s) => s.lpars.find((l) => l.name === 'PROD01')!.cpu.ziipEligibleOnCpPercent * gp));
    expect(help, 'the fixture instant has zIIP help').toBeGreaterThan(0.01);
    let total = 0;
    for (const row of procu.row) {
      const iict = num(procu, row, 'PRUPIICT');
      expect(iict, row.col[0]).toBeLessThanOrEqual(num(procu, row, 'PRUPCPT') * 1.001 + 1e-3);
      total += iict;
    }
    expect(total).toBeCloseTo(help, 1);
  });

  it('SYSINFO: TCB + SRB = the CPU time of the system, each workload and each one-period class', () => {
    const sysinfo = report('SYSINFO', ',PROD01,MVS_IMAGE');
    // a period row counts each address space in one period for the whole window, though a TSO user ages through
    // the periods within it (EAppl% has the same limit), so only whole classes are compared
    const names = sysinfo.row.map((row) => row.col[0]);
    let srbRows = 0;
    for (const row of sysinfo.row.filter((x) => names.indexOf(x.col[0]) === names.lastIndexOf(x.col[0]))) {
      const [tcb, srb, cpu] = ['SYSTCBVC', 'SYSSRBVC', 'SYSCPUVC'].map((id) => num(sysinfo, row, id)) as [number, number, number];
      expect(Math.abs(tcb + srb - cpu), row.col[0]).toBeLessThanOrEqual(Math.max(1e-3, 2e-3 * cpu));
      if (srb > 0 && srb < 0.2 * cpu) srbRows++;
    }
    expect(srbRows).toBeGreaterThan(3);
  });
});

describe('reports agree with each other', () => {
  it('CACHSUM: an SSID’s I/O is its volumes’ (averaged), hits never above the I/O; DEVR names its LCU and CU type; CHANNEL’s total busy is the systems’ parts summed', () => {
    const cachsum = report('CACHSUM', ',SYSPLEX01,SYSPLEX');
    expect(cachsum.row.map((r) => r.col[col(cachsum, 'CASPSSID')])).toEqual(['5000', '5100', '5200']);
    for (const r of cachsum.row) {
      const ssid = r.col[0]!;
      const io = avg(snaps().map((s) => s.volumes.filter((v) => v.ssid === ssid).reduce((a, v) => a + v.ioRate, 0)));
      expect(Number(r.col[col(cachsum, 'CASPIO')])).toBeCloseTo(io, io >= 999.95 ? -1 : 1);
      expect(Number(r.col[col(cachsum, 'CASPHIT')])).toBeLessThanOrEqual(Number(r.col[col(cachsum, 'CASPIO')]) + 0.05);
      // total = normal + sequential reads
      const n = (id: string) => Number(r.col[col(cachsum, id)]);
      expect(n('CASTRRA')).toBeCloseTo(n('CASNRRA') + n('CASSRRA'), 0);
      expect(r.col[col(cachsum, 'CASPTYPM')]).toBe('2107-996');
    }
    const devr = report('DEVR', ',PROD01,MVS_IMAGE');
    const usr = devr.row.findIndex((x) => x.col[0] === 'SYSR01');
    expect([devr.row[usr]!.col[col(devr, 'DVRPLCUN')], devr.row[usr]!.col[col(devr, 'DVRPIDEN')], devr.row[usr + 1]!.col[col(devr, 'DVRPIDEN')]]).toEqual(['0080', '33909', '2107']);
    expect(devr.row[usr + 1]!.col[col(devr, 'DVRPSTAT')]).toMatch(/^\d+\.\dH$/);
    const systems = fixture().sim.topology.lpars.map((l) => report('CHANNEL', `,${l.name},MVS_IMAGE`));
    for (const chpid of ['40', '41', '42', '43']) {
      const parts = systems.map((r) => Number(cellOf(r, chpid, 'CHACPUVC')));
      expect(Number(cellOf(systems[0]!, chpid, 'CHACTUVC'))).toBeCloseTo(parts.reduce((a, b) => a + b, 0), 0);
      expect(cellOf(systems[0]!, chpid, 'CHACSIVC')).toBe('Y');
      expect(cellOf(systems[0]!, chpid, 'CHACPTVC')).toBe('FC_S');
      // bus busy against the physical channel's MB/s as in IBM's CHANNEL sample (its active FICON rows: 0.0142 % per
      // MB/s + 0.041, 10 MB/s → 0.2, 38 MB/s → 0.6); one value for every system sharing the CHPID
      const mb = (Number(cellOf(systems[0]!, chpid, 'CHACTRVC')) + Number(cellOf(systems[0]!, chpid, 'CHACTWVC'))) / 1e6;
      const bus = Number(cellOf(systems[0]!, chpid, 'CHACTBVC'));
      expect(Math.abs(bus - (0.0142 * mb + 0.041))).toBeLessThanOrEqual(0.1);
      for (const r of systems) expect(cellOf(r, chpid, 'CHACTBVC')).toBe(cellOf(systems[0]!, chpid, 'CHACTBVC'));
    }
  });

  it('an LPAR’s MSU in CPC equals mvs_lpar_actual_msu_h of /metrics/m3', () => {
    const { sim, dds } = fixture();
    // the window's samples averaged here, independently of the package
    const all = [3, 2, 1, 0].map((k) => sim.samples(END - k * 15_000));
    const averaged = all[0]!.map((s, j) => ({ ...s, value: avg(all.map((a) => a[j]!.value)) }));
    const text = renderM3(averaged, dds.mintime, 'openmetrics', null);
    const cpc = report('CPC', ',PROD01,MVS_IMAGE');
    for (const l of sim.topology.lpars) {
      const line = text.split('\n').find((x) => x.startsWith('mvs_lpar_actual_msu_h{') && x.includes(`lpar_name="${l.name}"`))!;
      expect(line).toContain('line_type="CP"');
      expect(String(Math.round(Number(line.split(' ').at(-1))))).toBe(cellOf(cpc, l.name, 'CPCPAMSU'));
    }
    expect(text).toContain(`mvs_rmf_m3_mintime ${dds.mintime}`);
  });

  it('SYSINFO’s CPU utilisation caption is the CPC report’s logical busy of the system', () => {
    for (const l of fixture().sim.topology.lpars) {
      const si = report('SYSINFO', `,${l.name},MVS_IMAGE`);
      const cap = si.caption!.var.find((v) => v.name === 'SYSCUVVC')!.value;
      expect(cap).toBe(String(Math.round(Number(cellOf(report('CPC', `,${l.name},MVS_IMAGE`), l.name, 'CPCPLEFU')))));
    }
  });

  it('sums of rows are the totals: CPC pools, SYSINFO *SYSTEM, SYSSUM over systems, CFSYS vs CFOVER', () => {
    const cpc = report('CPC', ',PROD01,MVS_IMAGE');
    const pefu = col(cpc, 'CPCPPEFU');
    const ind = col(cpc, 'CPCPIND');
    const lparSum = cpc.row.filter((r) => r.col[ind] === 'CP').reduce((a, r) => a + Number(r.col[pefu]), 0);
    const pool = Number(cpc.row.find((r) => r.col[0] === '*CP')!.col[pefu]);
    expect(Math.abs(lparSum - pool)).toBeLessThanOrEqual(0.005 * 4 + 1e-9);
    // the pool's physical total: its LPARs' effective and management time and the PHYSICAL line's, = CPCHCUTL
    const ptou = col(cpc, 'CPCPPTOU');
    const poolTotal = Number(cpc.row.find((r) => r.col[0] === '*CP')!.col[ptou]);
    const physicalLine = Number(cpc.row.find((r) => r.col[0] === 'PHYSICAL' && r.col[ind] === 'CY')!.col[ptou]);
    const lparTotals = cpc.row.filter((r) => r.col[ind] === 'CP').reduce((a, r) => a + Number(r.col[ptou]), 0);
    expect(Math.abs(lparTotals + physicalLine - poolTotal)).toBeLessThanOrEqual(0.005 * 5 + 1e-9);
    expect(physicalLine).toBeGreaterThan(0);
    expect(Number(cpc.caption!.var.find((v) => v.name === 'CPCHCUTL')!.value)).toBeCloseTo(poolTotal, 0);

    const byClass = new Map<string, number>();
    for (const l of fixture().sim.topology.lpars) {
      const si = report('SYSINFO', `,${l.name},MVS_IMAGE`);
      const trs = col(si, 'SYSTRSVC');
      const classes = si.row.filter((r) => r.col[1] === 'S');
      const total = Number(si.row[0]!.col[trs]);
      expect(Math.abs(total - classes.reduce((a, r) => a + Number(r.col[trs]), 0))).toBeLessThanOrEqual(0.005 * classes.length + 1e-9);
      for (const r of classes) byClass.set(r.col[0]!, (byClass.get(r.col[0]!) ?? 0) + Number(r.col[trs]));
    }
    const sum = report('SYSSUM', ',,SYSPLEX');
    // (a row per service class period, as in SYSINFO)
    const sumOf = (sc: string) => sum.row.filter((r) => r.col[0] === sc && r.col[col(sum, 'SUMTYP')] === 'S').reduce((a, r) => a + Number(r.col[col(sum, 'SUMTRAN')]), 0);
    for (const [sc, tps] of byClass) expect(sumOf(sc)).toBeCloseTo(tps, 1);

    const sys = report('CFSYS', ',,SYSPLEX');
    const over = report('CFOVER', ',,SYSPLEX');
    const act = report('CFACT', ',,SYSPLEX');
    const cfs = over.row.map((r) => r.col[0]!);
    expect(cfs.length).toBeGreaterThan(0);
    for (const cf of cfs) {
      // a CF's requests are its systems' (CFSYS) and its structures' (CFACT's *ALL rows); its busy is its structures'
      const rows = sys.row.filter((r) => r.col[col(sys, 'CFSINAM')] === cf);
      const rates = rows.reduce((a, r) => a + Number(r.col[col(sys, 'CFSPSYNR')]) + Number(r.col[col(sys, 'CFSPASYR')]), 0);
      expect(Number(cellOf(over, cf, 'CFOPREQR'))).toBeCloseTo(rates, -1);
      const structures = act.row.filter((r) => r.col[col(act, 'CFAINAM')] === cf && r.col[col(act, 'CFAPSYS')] === '*ALL');
      expect(structures.length).toBe(Number(cellOf(over, cf, 'CFOPSTCI')));
      const reqr = structures.reduce((a, r) => a + Number(r.col[col(act, 'CFAIREQR')]!.replace('<', '')), 0);
      // rates of 1000 and more are whole numbers: each cell is within 0.5
      expect(Math.abs(reqr - rates)).toBeLessThanOrEqual(0.5 * (structures.length + 2 * rows.length));
      const util = structures.reduce((a, r) => a + Number(r.col[col(act, 'CFAPUTIP')]), 0);
      expect(Math.abs(util - Number(cellOf(over, cf, 'CFOPUTIP')))).toBeLessThanOrEqual(0.05 * (structures.length + 1) + 1e-9);
      // each system's row of a structure: the *ALL row is the sum of the system rows
      for (const s of structures) {
        const name = s.col[col(act, 'CFAISTRU')];
        const parts = act.row.filter((r) => r.col[col(act, 'CFAINAM')] === cf && r.col[col(act, 'CFAISTRU')] === name && r.col[col(act, 'CFAPSYS')] !== '*ALL');
        expect(parts.length).toBe(rows.length);
        const count = (r: (typeof parts)[number]) => Number(r.col[col(act, 'CFAPSYNC')]) + Number(r.col[col(act, 'CFAPASYC')]);
        expect(Math.abs(parts.reduce((a, r) => a + count(r), 0) - count(s))).toBeLessThanOrEqual(parts.length + 1);
      }
    }
  });
});

describe('perform: filter and workscope', () => {
  const perform = (params: Record<string, string>) => fixture().dds.answer('perform', q({ resource: ',,SYSPLEX', id: '8D1120', ...params }), T).report[0]!;
  it('HI, ORD, LB/UB and PAT select and order the rows', () => {
    const all = perform({ filter: 'ORD=NA' }).row;
    expect(all.length).toBe(fixture().sim.topology.volumeGroups.reduce((a, g) => a + g.count, 0));
    expect(all.map((r) => r.col[0])).toEqual([...all.map((r) => r.col[0]!)].sort());
    const top = perform({ filter: 'hi=5;ord=vd' }).row.map((r) => Number(r.col[1]));
    expect(top).toHaveLength(5);
    expect(top).toEqual([...top].sort((a, b) => b - a));
    expect(top[0]).toBe(Math.max(...all.map((r) => Number(r.col[1]))));
    expect(perform({ filter: 'PAT=SYSR*;ORD=NA' }).row.map((r) => r.col[0])).toEqual(['SYSR01', 'SYSR02']);
    const lb = Number(all[10]!.col[1]);
    expect(perform({ filter: `LB=${lb}` }).row.every((r) => Number(r.col[1]) >= lb)).toBe(true);
  });
  it('a filter that leaves nothing answers *NoData* and GPM0709I; a bad filter GPM0739E', () => {
    const none = perform({ filter: 'PAT=NOPE*' });
    expect(none.row).toEqual([{ col: ['*NoData*', 'NaN'], refno: 1 }]);
    expect(none.message?.id).toBe('GPM0709I');
    expect(perform({ filter: 'HI=x' }).message?.id).toBe('GPM0739E');
  });
  it('a workscope restricts WLM metrics to a workload or service class', () => {
    const doc = fixture().dds.answer('perform', q({ resource: ',PROD01,MVS_IMAGE', id: '8D0F70', workscope: ',CICSHI,S' }), T).report[0]!;
    expect(doc.row.length).toBe(1);
    expect(doc.row[0]!.col[0]).toContain('CICSHI');
    const w = fixture().dds.answer('perform', q({ resource: ',PROD01,MVS_IMAGE', id: '8D0F70', workscope: ',ONLINE,W' }), T).report[0]!;
    expect(w.row.every((r) => r.col[0]!.startsWith('ONLINE,'))).toBe(true);
  });
});

describe('job reports are core’s address spaces', () => {
  const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  it('PROC: a started task’s Appl% is its average over the window, and the CP rows add up to the system’s class CPU', () => {
    const proc = report('PROC', ',PROD01,MVS_IMAGE');
    const prod = (s: ReturnType<typeof snaps>[number]) => s.lpars.find((l) => l.name === 'PROD01')!;
    const tcpip = (s: ReturnType<typeof snaps>[number]) => prod(s).addressSpaces.find((a) => a.jobName === 'TCPIP')!;
    const want = avg(snaps().map((s) => tcpip(s).cpu.applCpPercent + tcpip(s).cpu.applZiipPercent));
    expect(Number(cellOf(proc, 'TCPIP', 'PRCPTST'))).toBeCloseTo(want, want >= 10 ? 1 : 2);
    expect(cellOf(proc, 'TCPIP', 'PRCPASI')).toBe(String(tcpip(snaps()[0]!).asid).padStart(4, '0'));
    // every active address space's EAppl% CP, summed, is the system's APPL% CP of its classes (within rounding)
    const cp = proc.row.filter((r) => r.col[col(proc, 'PRCPTYPE')] === 'CP');
    const classes = avg(snaps().map((s) => sumOf(prod(s).wlm.map((c) => c.cpu.applCpPercent))));
    expect(sumOf(cp.map((r) => Number(r.col[col(proc, 'PRCPEAPP')])))).toBeCloseTo(classes, -1);
    expect(cp.length).toBeGreaterThan(150);
  });

  it('SYSINFO counts the address spaces of the system and the active ones', () => {
    const sysinfo = report('SYSINFO', ',PROD01,MVS_IMAGE');
    const last = snaps()[3]!.lpars.find((l) => l.name === 'PROD01')!;
    expect(Number(cellOf(sysinfo, '*SYSTEM', 'SYSTUSVC'))).toBeGreaterThanOrEqual(last.addressSpaces.length);
    const activeUsers = Number(cellOf(sysinfo, '*SYSTEM', 'SYSAUSVC'));
    expect(activeUsers).toBeGreaterThan(150);
    expect(activeUsers).toBe(report('PROCU', ',PROD01,MVS_IMAGE').row.length);
  });

  it('ENQ names the data set and the holding job of an enqContention incident, with the waiters as rows', async () => {
    const { createSimulator } = await import('@rmf-sim/core');
    const { createDds } = await import('@rmf-sim/exporter-dds');
    const sim = createSimulator({ seed: 42, scenario: [{ type: 'enqContention', lpar: 'BATCH01', start: T - 30 * 60_000, durationMinutes: 60 }] });
    const inc = sim.incidents()[0]!;
    const enq = createDds({ simulator: sim }).answer('rmfm3', q({ resource: ',BATCH01,MVS_IMAGE', report: 'ENQ' }), T).report[0]!;
    const mine = enq.row.filter((r) => r.col[col(enq, 'ENQPMAJS')] === `SYSDSN ${inc.resource!.minor} (SYSS)`);
    expect(mine.length).toBeGreaterThan(3);
    for (const r of mine) {
      expect(r.col[col(enq, 'ENQPHJOB')]).toBe(inc.jobs![0]!.jobName);
      expect([r.col[col(enq, 'ENQPWSTT')], r.col[col(enq, 'ENQPHSTT')]]).toEqual(['EW', 'EO']);
    }
    // (a waiter of one interval of the window shows its delay averaged over the window's samples)
    const delays = mine.map((r) => Number(r.col[col(enq, 'ENQPODEL')]));
    expect(delays.filter((d) => d >= 5).length).toBeGreaterThan(mine.length / 2);
  });

  it('HiperDispatch, sysplex-wide WLM and report classes: polarisation adds up, SUMEVA and PI from the systems’ samples, R rows are their members', () => {
    const cpc = report('CPC', ',PROD01,MVS_IMAGE');
    const ind = col(cpc, 'CPCPIND');
    const lpars = cpc.row.filter((r) => r.col[ind] === 'CP' || r.col[ind] === 'UP');
    expect(lpars.length).toBe(8);
    for (const r of lpars) {
      const [h, m, l] = ['CPCPVCMH', 'CPCPVCMM', 'CPCPVCML'].map((id) => Number(r.col[col(cpc, id)]));
      expect(h! + m! + l!).toBe(Number(r.col[col(cpc, 'CPCPLPNO')]));
    }
    expect(['CPCPVCMH', 'CPCPVCMM', 'CPCPVCML'].map((id) => cellOf(cpc, 'PROD01', id))).toEqual(['13', '1', '2']);
    const si = report('SYSINFO', ',PROD01,MVS_IMAGE');
    const parked = Number(si.caption!.var.find((v) => v.name === 'SYSPKCVC')!.value);
    expect(parked).toBeGreaterThanOrEqual(0);
    expect(parked).toBeLessThanOrEqual(2);

    const sum = report('SYSSUM', ',,SYSPLEX');
    const typ = col(sum, 'SUMTYP');
    const row = (name: string, type: string) => sum.row.find((r) => r.col[0] === name && r.col[typ] === type)!;
    const num = (name: string, type: string, id: string) => Number(row(name, type).col[col(sum, id)]);
    // the sysplex velocity of a class is a sample-weighted mean of the systems' (SYSINFO), so it lies between them
    const perSystem = ['PROD01', 'PROD02', 'TEST01'].map((l) => {
      const r = report('SYSINFO', `,${l},MVS_IMAGE`);
      return Number(r.row.find((x) => x.col[0] === 'CICSHI' && x.col[1] === 'S')!.col[col(r, 'SYSVELVC')]);
    });
    const eva = num('CICSHI', 'S', 'SUMEVA');
    expect(eva).toBeGreaterThanOrEqual(Math.min(...perSystem) - 0.5);
    expect(eva).toBeLessThanOrEqual(Math.max(...perSystem) + 0.5);
    // a velocity goal's PI is the goal over the sysplex velocity
    expect(num('MQHI', 'S', 'SUMPFID')).toBeCloseTo(60 / num('MQHI', 'S', 'SUMEVA'), 1);
    // a report class of one service class is that class; one of two adds them up
    for (const id of ['SUMEVA', 'SUMTRAN', 'SUMRTATM']) expect(num('RCICSPRD', 'R', id)).toBeCloseTo(num('CICSHI', 'S', id), 1);
    const batch = sum.row.filter((r) => (r.col[0] === 'BATCHHI' || r.col[0] === 'BATCHLO') && r.col[typ] === 'S');
    expect(batch.length).toBe(3); // BATCHHI's two periods and BATCHLO
    expect(num('RBATPROD', 'R', 'SUMTRAN')).toBeCloseTo(batch.reduce((a, r) => a + Number(r.col[col(sum, 'SUMTRAN')]), 0), 2);
    expect(num('RBATPROD', 'R', 'SUMEVA')).toBeGreaterThan(0);
    // periods' durations and percentile goals
    expect(sum.row.filter((r) => r.col[0] === 'TSOPRD').map((r) => r.col[col(sum, 'SUMDUR')])).toEqual(['1000', '10000', '']);
    expect(row('DDFHI', 'S').col[col(sum, 'SUMRTGP')]).toBe('85%');
    expect(row('DDFHI', 'S').col[col(sum, 'SUMGOA')]).toBe('P');
    // SYSINFO's report class rows add up their members on the system
    const trs = col(si, 'SYSTRSVC');
    const r = (name: string, type: string) => si.row.filter((x) => x.col[0] === name && x.col[1] === type).reduce((a, x) => a + Number(x.col[trs]), 0);
    expect(r('RBATPROD', 'R')).toBeCloseTo(r('BATCHHI', 'S'), 1);
    expect(r('RCICSPRD', 'R')).toBeCloseTo(r('CICSHI', 'S'), 1);
    expect(si.row.filter((x) => x.col[1] === 'R').map((x) => x.col[0])).toEqual(['RSYSTEM', 'RCICSPRD', 'RIMSPRD', 'RDB2DDF', 'RMQPRD', 'RTSO', 'RBATPROD']);
  });
});

describe('operator delay parts, unknown samples, enclaves and memory by class add up across reports', () => {
  const num = (r: DdsReport, row: DdsReport['row'][number], id: string) => Number(row.col[col(r, id)]);
  const enclaveClasses = () => new Set(fixture().sim.topology.serviceClasses.filter((c) => c.subsystem === 'DB2').map((c) => c.name));

  it('DELAY: mount + message + quiesce = OPER, and using + delayed + idle + unknown = 100, to the rounding of the cells', () => {
    const delay = report('DELAY', ',PROD01,MVS_IMAGE');
    expect(delay.row.length).toBeGreaterThan(10);
    let unknown = 0;
    for (const row of delay.row) {
      const parts = ['JDELMNT', 'JDELMES', 'JDELQUI'].map((id) => num(delay, row, id));
      expect(parts.every((x) => Number.isInteger(x) && x >= 0), row.col[0]).toBe(true);
      // each whole-number cell is within 0.5 of its value
      expect(Math.abs(parts.reduce((a, b) => a + b, 0) - num(delay, row, 'JDELOPER')), row.col[0]).toBeLessThanOrEqual(2);
      const states = ['JDELUSG', 'JDELDEL', 'JDELIDL', 'JDELUKN'].map((id) => num(delay, row, id)).reduce((a, b) => a + b, 0);
      expect(Math.abs(states - 100), row.col[0]).toBeLessThanOrEqual(2);
      unknown += num(delay, row, 'JDELUKN');
    }
    expect(unknown).toBeGreaterThan(0);
    // the real *TSO line is mostly idle (93 / 7), *STC mostly unknown (11 / 89)
    expect(Number(cellOf(delay, '*TSO', 'JDELIDL'))).toBeGreaterThan(Number(cellOf(delay, '*TSO', 'JDELUKN')));
    expect(Number(cellOf(delay, '*STC', 'JDELUKN'))).toBeGreaterThan(Number(cellOf(delay, '*STC', 'JDELIDL')));
  });

  it('the window keeps the parts: each address space’s averaged operator parts add up to its operator delay, its states to 100', () => {
    const snap = averageSnapshot(fixture().sim, { startMs: END - 60_000, endMs: END });
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    let checked = 0;
    for (const l of snap.lpars) {
      for (const a of l.addressSpaces) {
        if (a.samples === 0) continue;
        const d = a.delayPercent;
        expect(close(d.operatorMount + d.operatorMessage + d.operatorQuiesce, d.operator), a.jobName).toBe(true);
        const delays = d.cpu + d.capping + d.io + d.storage + d.enqueue + d.jes + d.hsm + d.xcf + d.operator + d.subsystem;
        expect(close(a.usingPercent + delays + a.idlePercent + a.unknownPercent, 100), `${a.jobName}: ${a.usingPercent} + ${delays} + ${a.idlePercent} + ${a.unknownPercent}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('STORF: DIV frames, AUX slots, shared page views and valid shared pages are each job’s averages over the window (absent: 0), as integers', () => {
    const storf = report('STORF', ',PROD01,MVS_IMAGE');
    const prod = snaps().map((s) => s.lpars.find((l) => l.name === 'PROD01')!);
    const key = (a: { asid: number; jobId: string; jobName: string }) => `${String(a.asid).padStart(4, '0')}/${a.jobId}/${a.jobName}`;
    const paths = { STFPDIV: 'divFrames', STFPAUXS: 'auxSlots', STFPTOTS: 'sharedPages', STFPSVIN: 'sharedPagesValid', STFPWSET: 'workingSetFrames', STFPFIXD: 'fixedFrames' } as const;
    let withDiv = 0;
    for (const r of storf.row) {
      const k = `${r.col[col(storf, 'STFPASI')]}/${r.col[col(storf, 'STFPJID')]}/${r.col[col(storf, 'STFPJOB')]}`;
      const cell = (id: keyof typeof paths) => Number(r.col[col(storf, id)]);
      for (const [id, path] of Object.entries(paths) as [keyof typeof paths, (typeof paths)[keyof typeof paths]][]) {
        const want = avg(prod.map((l) => l.addressSpaces.find((a) => key(a) === k)?.storage[path] ?? 0));
        expect(r.col[col(storf, id)], `${k} ${id}`).toMatch(/^\d+$/);
        expect(Math.abs(cell(id) - want), `${k} ${id}: ${cell(id)} vs ${want}`).toBeLessThanOrEqual(0.5 + 1e-6);
      }
      // the identities survive the averaging and the rounding
      expect(cell('STFPSVIN'), k).toBeLessThanOrEqual(cell('STFPTOTS'));
      expect(cell('STFPDIV') + cell('STFPFIXD'), k).toBeLessThanOrEqual(cell('STFPWSET') + 1);
      if (cell('STFPDIV') > 0) withDiv++;
    }
    expect(storf.row.length).toBeGreaterThan(500);
    expect(withDiv).toBeGreaterThan(0);
  });

  it('SYSINFO: the enclave classes’ transactions are the enclave transactions; memory of a class = its address spaces’ working sets; SYSSUM = Σ systems', () => {
    const ddf = enclaveClasses();
    const rate = new Map<string, number>();
    const memory = new Map<string, number>();
    let systems = 0;
    for (const l of fixture().sim.topology.lpars) {
      const si = report('SYSINFO', `,${l.name},MVS_IMAGE`);
      const classes = si.row.filter((r) => r.col[1] === 'S');
      for (const r of classes) {
        const name = r.col[0]!;
        expect(num(si, r, 'SYSECTVC'), name).toBeCloseTo(ddf.has(name) ? num(si, r, 'SYSTRSVC') : 0, 2);
        if (!ddf.has(name)) expect(num(si, r, 'SYSECEVC'), name).toBe(0);
        // the enclaves run in no address space of their own: no memory
        if (ddf.has(name)) expect(num(si, r, 'SYSMEMUS'), name).toBe(0);
        rate.set(name, (rate.get(name) ?? 0) + num(si, r, 'SYSECTVC'));
        memory.set(name, (memory.get(name) ?? 0) + num(si, r, 'SYSMEMUS'));
      }
      const total = num(si, si.row[0]!, 'SYSECTVC');
      expect(Math.abs(total - classes.reduce((a, r) => a + num(si, r, 'SYSECTVC'), 0))).toBeLessThanOrEqual(0.005 * classes.length + 1e-9);
      if (total > 0) systems++;
      // the *SYSTEM line leaves memory and the enclave time empty, as the real one
      expect(si.row[0]!.col[col(si, 'SYSMEMUS')]).toBe('');
      expect(si.row[0]!.col[col(si, 'SYSECEVC')]).toBe('');
      // a workload's memory is its classes'
      for (const w of si.row.filter((r) => r.col[1] === 'W')) {
        const mine = fixture().sim.topology.serviceClasses.filter((c) => c.workload === w.col[0]).map((c) => c.name);
        const parts = classes.filter((r) => mine.includes(r.col[0]!)).reduce((a, r) => a + num(si, r, 'SYSMEMUS'), 0);
        expect(Math.abs(num(si, w, 'SYSMEMUS') - parts), w.col[0]).toBeLessThanOrEqual(classes.length);
      }
    }
    expect(systems, 'DDF enclaves run on the production systems').toBeGreaterThanOrEqual(1);
    const sum = report('SYSSUM', ',,SYSPLEX');
    const classRows = (sc: string) => sum.row.filter((r) => r.col[0] === sc && r.col[col(sum, 'SUMTYP')] === 'S');
    for (const [sc, tps] of rate) {
      expect(classRows(sc).reduce((a, r) => a + num(sum, r, 'SUMECTR'), 0), sc).toBeCloseTo(tps, 1);
      const bytes = classRows(sc).reduce((a, r) => a + num(sum, r, 'SUMMEMUS'), 0);
      expect(Math.abs(bytes - memory.get(sc)!), sc).toBeLessThanOrEqual(fixture().sim.topology.lpars.length * classRows(sc).length);
      if (memory.get(sc)! > 0) expect(bytes, sc).toBeGreaterThan(4096);
      // no memory limit: N/A on the class lines
      for (const r of classRows(sc)) expect(r.col[col(sum, 'SUMMLIM')]).toBe('N/A');
    }
    // the enclave transactions' execution time is the enclave class's response time
    for (const sc of ddf) for (const r of classRows(sc)) if (num(sum, r, 'SUMECTR') > 0) expect(Math.abs(num(sum, r, 'SUMECTRE') - num(sum, r, 'SUMRTATM')), sc).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('DEVR and DEV agree on which jobs use which volumes: DEVR names per volume the job doing the most I/O to it, DEV each job’s main volume and its delay there', () => {
    const snap = averageSnapshot(fixture().sim, { startMs: END - 60_000, endMs: END });
    const l = snap.lpars.find((x) => x.name === 'PROD01')!;
    const devr = report('DEVR', ',PROD01,MVS_IMAGE');
    const dev = report('DEV', ',PROD01,MVS_IMAGE');
    // (a window can hold two jobs of one initiator: the address space is found by ASID and JES id)
    const asOf = new Map(l.addressSpaces.map((a) => [`${a.asid}/${a.jobId}`, a]));
    let named = 0;
    for (const [i, row] of devr.row.entries()) {
      const sub = i % 2 === 1;
      const cell = (id: string) => row.col[col(devr, id)]!;
      if (sub) {
        expect(['DVRPJOBN', 'DVRPASI', 'DVRPSUSE', 'DVRPSDEL'].map(cell)).toEqual(['', '', '', '']);
        continue;
      }
      const volser = row.col[0]!;
      const users = l.addressSpaces.filter((a) => a.active && a.topVolume === volser && a.device.topVolumeIoRate > 0);
      if (users.length === 0) {
        // no job: ASID 0000 and the rest empty, as the real rows without one
        expect(['DVRPJOBN', 'DVRPASI', 'DVRPCLA', 'DVRPSUSE', 'DVRPSDEL', 'DVRPSVCL'].map(cell)).toEqual(['', '0000', '', '', '', '']);
        continue;
      }
      const top = users.reduce((b, a) => (a.device.topVolumeIoRate > b.device.topVolumeIoRate ? a : b));
      expect(cell('DVRPASI')).toBe(String(top.asid).padStart(4, '0'));
      const a = top;
      expect([cell('DVRPJOBN'), cell('DVRPSVCL')]).toEqual([a.jobName, a.serviceClass]);
      expect(cell('DVRPCLA')).toMatch(/^[STBO]$/);
      expect(cell('DVRPSUSE')).toBe(String(Math.round(a.device.topVolumeUsingPercent)));
      expect(cell('DVRPSDEL')).toBe(String(Math.round(a.device.topVolumeDelayPercent)));
      // the volume's jobs do no more I/O to it than the system does
      expect(users.reduce((x, u) => x + u.device.topVolumeIoRate, 0)).toBeLessThanOrEqual(l.volumes.find((v) => v.volser === volser)!.ioRate * (1 + 1e-9));
      named++;
    }
    expect(named).toBeGreaterThan(20);
    expect(dev.row.length).toBeGreaterThan(10);
    for (const row of dev.row) {
      const cell = (id: string) => row.col[col(dev, id)]!;
      const a = asOf.get(`${Number(cell('DEVPASI'))}/${cell('DEVPJID')}`)!;
      expect(cell('DEV1VOLU'), a.jobName).toBe(a.topVolume);
      expect(Number(cell('DEV1SDEL'))).toBeLessThanOrEqual(Number(cell('DEVPODEL')) + 1);
      expect(cell('DEV1SDEL')).toBe(String(Math.round(a.device.topVolumeDelayPercent)));
      expect(cell('DEVPCON')).toBe(String(Math.round(a.device.connectPercent)));
    }
  });
});

describe('SYSSUM: WLM resource groups', () => {
  it('a member class’s rows name its group, capacity and the group’s actual (Σ of its classes’ SU/s); other classes N/A, 0.000', () => {
    const sum = report('SYSSUM', ',,SYSPLEX');
    const topo = fixture().sim.topology;
    const g = topo.resourceGroups[0]!;
    const su = serviceUnitsPerCpuSecond(topo.cpc);
    const expected = avg(snaps().map((s) => resourceGroupActual(g, s.lpars.flatMap((l) => l.wlm), su)));
    expect(expected).toBeGreaterThan(0);
    const cell = (r: DdsReport['row'][number], id: string) => r.col[col(sum, id)];
    let members = 0;
    for (const r of sum.row) {
      const type = cell(r, 'SUMTYP');
      const ids = ['SUMRES', 'SUMRGTYP', 'SUMSMI', 'SUMSMA', 'SUMSRA', 'SUMRGSPC'];
      if (type !== 'S') {
        // workload and report class lines leave them empty, as the real workload lines
        expect(ids.map((id) => cell(r, id)), r.col[0]).toEqual(['', '', '', '', '', '']);
      } else if (g.serviceClasses.includes(r.col[0]!)) {
        members++;
        expect(ids.map((id) => cell(r, id))).toEqual([g.name, 'SU/sec', '', String(g.maxServiceUnits), expected.toFixed(3), 'No']);
      } else {
        // the real class lines without a group: N/A, N/A, 0.000
        expect(ids.map((id) => cell(r, id)), r.col[0]).toEqual(['', '', 'N/A', 'N/A', '0.000', '']);
      }
    }
    expect(members).toBe(1);
  });
});

describe('SYSRG: WLM resource group activity', () => {
  it('a group line, a line per system and per member class; the group = Σ systems = Σ classes = SYSSUM’s actual, in CPs, MSU and SU/sec', () => {
    const rg = report('SYSRG', ',,SYSPLEX');
    const topo = fixture().sim.topology;
    const g = topo.resourceGroups[0]!;
    const su = serviceUnitsPerCpuSecond(topo.cpc);
    const cell = (r: DdsReport['row'][number], id: string) => r.col[col(rg, id)]!;
    expect(rg.row.map((r) => [cell(r, 'SRGNAME'), cell(r, 'SRGSYS'), cell(r, 'SRGSCTRC')])).toEqual([[g.name, '*ALL', '*ALL'], ...topo.lpars.map((l) => ['', l.name, '*ALL']), ...g.serviceClasses.map((c) => ['', '*ALL', c])]);
    const [head, ...rest] = rg.row;
    expect([cell(head!, 'SRGTYPE'), cell(head!, 'SRGDESCD'), cell(head!, 'SRGSRTYP'), cell(head!, 'SRGSRMIN'), cell(head!, 'SRGSRMAX'), cell(head!, 'SRGSPINC'), cell(head!, 'SRGSID')]).toEqual(['RG', g.description, 'SU/sec', '', String(g.maxServiceUnits), 'No', '*ALL']);
    // the actual: core's, averaged over the window, and what SYSSUM shows on its member's line
    const expected = avg(snaps().map((s) => resourceGroupActual(g, s.lpars.flatMap((l) => l.wlm), su)));
    expect(expected).toBeGreaterThan(0);
    expect(cell(head!, 'SRGSRASU')).toBe(String(Math.round(expected)));
    expect(cell(head!, 'SRGSRACP')).toBe((expected / su).toFixed(2));
    expect(cell(head!, 'SRGSRAMS')).toBe(String(Math.round((expected * 3600) / 1e6)));
    const sum = report('SYSSUM', ',,SYSPLEX');
    expect(Number(sum.row.find((r) => r.col[0] === g.serviceClasses[0] && r.col[col(sum, 'SUMTYP')] === 'S')!.col[col(sum, 'SUMSRA')])).toBeCloseTo(expected, 2);
    const systems = rest.filter((r) => cell(r, 'SRGSCTRC') === '*ALL');
    const classes = rest.filter((r) => cell(r, 'SRGSCTRC') !== '*ALL');
    for (const part of [systems, classes]) expect(part.reduce((n, r) => n + Number(cell(r, 'SRGSRASU')), 0)).toBeCloseTo(expected, -1);
    // only the systems its classes run on have an actual; the system lines carry their SMF id and memory actual 0
    for (const r of systems) {
      expect(cell(r, 'SRGSID')).toBe(cell(r, 'SRGSYS'));
      expect(cell(r, 'SRGMACT')).toBe('0');
      if (cell(r, 'SRGSYS') !== 'TEST01') expect(cell(r, 'SRGSRASU')).toBe('0');
    }
  });
});

describe('CPC: the LPARs’ shares', () => {
  it('CPCPLPSH is the vertical mediums’ share: highs + mediums × share = the weight’s share of the pool, one constant per pool (as IBM’s rows)', () => {
    const cpc = report('CPC', ',PROD01,MVS_IMAGE');
    const topo = fixture().sim.topology;
    for (const [pool, ind, size] of [['CP', 'CP', topo.cpc.gp], ['IIP', 'UP', topo.cpc.ziip]] as const) {
      const rows = cpc.row.filter((r) => r.col[col(cpc, 'CPCPIND')] === ind);
      expect(rows.length, pool).toBeGreaterThan(1);
      const n = (r: DdsReport['row'][number], id: string) => Number(r.col[col(cpc, id)]);
      const entitled = rows.map((r) => n(r, 'CPCPVCMH') + (n(r, 'CPCPVCMM') * n(r, 'CPCPLPSH')) / 100);
      const k = entitled[0]! / n(rows[0]!, 'CPCPWGHT');
      for (let i = 0; i < rows.length; i++) expect(entitled[i]! / n(rows[i]!, 'CPCPWGHT'), `${pool} ${rows[i]!.col[0]}`).toBeCloseTo(k, 3);
      expect(entitled.reduce((a, b) => a + b, 0), pool).toBeCloseTo(size, 1);
      for (const r of rows) if (n(r, 'CPCPVCMM') > 0) expect(n(r, 'CPCPLPSH'), `${pool} ${r.col[0]}: a medium carries at least half a processor`).toBeGreaterThanOrEqual(50);
    }
  });
});
