import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { startDdsServer, type DdsServer, type StartDdsServerOptions } from '@rmf-sim/exporter-dds';
import { fakeClock } from '@rmf-sim/test-utils';
import { parseLikeGrafana, parseLikeZebra, T } from './helpers.js';

const servers: DdsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
async function start(o: Partial<StartDdsServerOptions> = {}): Promise<DdsServer> {
  const s = await startDdsServer({ simulator: createSimulator({ seed: 42 }), clock: fakeClock(T), port: 0, ...o });
  servers.push(s);
  return s;
}
const get = (s: DdsServer, path: string, headers: Record<string, string> = {}) => fetch(s.url + path, { headers });
const CPC = 'rmfm3?resource=%2CPROD01%2CMVS_IMAGE&report=CPC';

describe('over HTTP', () => {
  it.each([
    ['/gpm/', 'application/json', 'application/json'],
    ['/gpm/', 'application/xml', 'application/xml'],
    ['/gpm/', '', 'application/json'],
    ['/gpm/', '*/*', 'application/json'],
    ['/gpm/', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/xml'],
    ['/gpm/', 'application/json;q=0.5, application/xml', 'application/xml'],
  ] as const)('negotiates %s… with Accept %j → %s, on both path forms', async (prefix, accept, type) => {
    const s = await start();
    for (const suffix of ['', '.xml']) {
      const path = `${prefix}${CPC.replace('rmfm3', `rmfm3${suffix}`)}`;
      const res = await get(s, path, accept ? { accept } : {});
      expect(res.status).toBe(200);
      // without a preference the path form decides
      const want = accept === '' || accept === '*/*' ? (suffix ? 'application/xml' : 'application/json') : type;
      expect(res.headers.get('content-type')).toBe(`${want}; charset=utf-8`);
      const body = await res.text();
      if (want === 'application/json') expect(parseLikeGrafana(body).report[0]!.metric.id).toBe('CPC');
      else expect((await parseLikeZebra(body)).ddsml.report[0].metric[0].$.id).toBe('CPC');
    }
  });

  it('answers 406 for an Accept it cannot serve, 404 for unknown paths, 405 for other methods', async () => {
    const s = await start();
    expect((await get(s, `/gpm/${CPC}`, { accept: 'text/plain' })).status).toBe(406);
    expect((await get(s, '/gpm/nosuch')).status).toBe(404);
    expect((await get(s, '/other')).status).toBe(404);
    expect((await fetch(`${s.url}/gpm/root`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${s.url}/gpm/root.xml`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves root, index, contained, listmetrics, perform, filterinst and reptrans.xsl', async () => {
    const s = await start();
    const root = parseLikeGrafana(await (await get(s, '/gpm/root', { accept: 'application/json' })).text(), 0);
    expect(root.containedResourcesList[0]!.contained.resource[0]!.reslabel).toBe(',SYSPLEX01,SYSPLEX');
    const index = parseLikeGrafana(await (await get(s, '/gpm/index')).text(), 0);
    expect(index.metricList.length).toBeGreaterThan(0);
    const fi = JSON.parse(await (await get(s, '/gpm/filterinst?resource=%2C%2CSYSPLEX&id=8D1120')).text());
    expect(fi.filterInstancesList[0].instance).toContain('USR001');
    const xsl = await get(s, '/gpm/include/reptrans.xsl');
    expect(xsl.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await xsl.text()).toContain("<xsl:when test=\"$var = 'CPCPPNAM'\">LPAR Name</xsl:when>");
    // what IBM's plugin asks at start-up: a report with time data, the sysplex in the reslabel's 2nd field
    const boot = parseLikeGrafana(await (await get(s, '/gpm/perform?id=8D0D60&resource=%2C%2CSYSPLEX', { accept: 'application/json' })).text());
    expect(boot.report[0]!.timeData.localStart).toMatch(/^\d{14}$/);
    expect(boot.report[0]!.resource.reslabel.split(',')[1]).toBe('SYSPLEX01');
  });

  it('asks for basic auth when users are configured', async () => {
    const s = await start({ users: { ibmuser: 'sys1' } });
    const none = await get(s, '/gpm/root');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    expect((await get(s, '/gpm/root', basic('ibmuser', 'wrong'))).status).toBe(401);
    expect((await get(s, '/gpm/root', basic('other', 'sys1'))).status).toBe(401);
    expect((await get(s, '/gpm/root', basic('ibmuser', 'sys1'))).status).toBe(200);
    expect((await get(s, '/metrics/m3', basic('ibmuser', 'sys1'))).status).toBe(200);
  });

  it('answers injected errors for a report or a metric, and waits the injected latency on the clock', async () => {
    const clock = fakeClock(T);
    const s = await start({
      clock,
      latencyMs: 7000,
      errors: [
        { resource: ',PROD01,MVS_IMAGE', report: 'CPC', message: { id: 'GPM0507I', severity: 3, description: 'DDS could not retrieve valid data for the specified date and time range' } },
        { metric: '8D0460', message: { id: 'GPM0599E', severity: 8, description: 'injected' } },
      ],
    });
    const cpc = parseLikeGrafana(await (await get(s, `/gpm/${CPC}`)).text());
    expect(cpc.report[0]!.message?.id).toBe('GPM0507I');
    expect(clock.sleeps).toEqual([7000]);
    const other = parseLikeGrafana(await (await get(s, '/gpm/rmfm3?resource=%2CPROD02%2CMVS_IMAGE&report=CPC')).text());
    expect(other.report[0]!.message).toBeUndefined();
    const m = parseLikeGrafana(await (await get(s, '/gpm/perform?resource=%2CPROD02%2CMVS_IMAGE&id=8D0460')).text());
    expect(m.report[0]!.message).toEqual({ id: 'GPM0599E', severity: 8, description: 'injected' });
  });

  it('aligns a range across local midnight to MINTIME', async () => {
    const s = await start({ timeZone: 'America/New_York' });
    const doc = parseLikeGrafana(await (await get(s, '/gpm/perform?resource=%2CPROD01%2CMVS_IMAGE&id=8D0460&range=20260105235930%2C20260106000030')).text());
    const td = doc.report[0]!.timeData;
    expect([td.localStart, td.localEnd, td.utcStart, td.utcEnd]).toEqual(['20260105235900', '20260106000100', '20260106045900', '20260106050100']);
    expect(td.dataRange.value).toBe(120);
  });

  it('aligns a range across the spring-forward DST change of the zone, with each end in its own offset', async () => {
    const s = await start({ timeZone: 'America/New_York' });
    // 2026-03-08 02:00 EST does not exist: clocks jump to 03:00 EDT
    const doc = parseLikeGrafana(await (await get(s, '/gpm/perform?resource=%2CPROD01%2CMVS_IMAGE&id=8D0460&range=20260308015830%2C20260308030130')).text());
    const td = doc.report[0]!.timeData;
    expect([td.localStart, td.localEnd, td.utcStart, td.utcEnd]).toEqual(['20260308015800', '20260308030200', '20260308065800', '20260308070200']);
    expect(td.dataRange.value).toBe(240);
    // and back in autumn: 01:30 happens twice; the first (EDT) is meant
    const fall = parseLikeGrafana(await (await get(s, '/gpm/perform?resource=%2CPROD01%2CMVS_IMAGE&id=8D0460&range=20261101013000%2C20261101013100')).text());
    expect(fall.report[0]!.timeData.utcStart).toBe('20261101053000');
  });

  it('serves /metrics/m3 with IBM names, and groups=', async () => {
    const s = await start();
    const all = await (await get(s, '/metrics/m3', { accept: 'application/openmetrics-text; version=1.0.0' })).text();
    expect(all.endsWith('# EOF\n')).toBe(true);
    const msu = all.split('\n').find((l) => l.startsWith('mvs_lpar_actual_msu_h{') && l.includes('lpar_name="PROD01"'))!;
    expect(msu).toContain('line_type="CP"');
    expect(msu).toContain('cpc_id="CPC1"');
    expect(all).not.toMatch(/^rmf_/m);
    const cpcs = await (await get(s, '/metrics/m3?groups=cpcs')).text();
    expect(cpcs).toMatch(/^mvs_cpc_capacity_msu_h\{/m);
    expect(cpcs).not.toMatch(/^mvs_lpar_/m);
    const bad = await get(s, '/metrics/m3?groups=nosuch');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('cpcs');
  });

  it('serves the window’s active jobs under IBM’s mvs_job_* names (groups=jobs), one series per job and ASID', async () => {
    const s = await start();
    const text = await (await get(s, '/metrics/m3?groups=jobs')).text();
    const lines = text.split('\n').filter((l) => l.startsWith('mvs_job_total_eappl_percent{'));
    const prod01 = lines.filter((l) => l.includes('sysname="PROD01"'));
    expect(prod01.length).toBeGreaterThan(150);
    expect(prod01.length).toBeLessThan(300);
    const tcpip = prod01.find((l) => l.includes('job_name="TCPIP"'))!;
    expect(tcpip).toMatch(/asid_dec="\d+"/);
    expect(Number(tcpip.split(' ').pop())).toBeGreaterThan(0);
    for (const name of ['mvs_job_cp_eappl_percent', 'mvs_job_iip_eappl_percent', 'mvs_job_working_set_frames_total', 'mvs_job_storage_csa_percent', 'mvs_job_storage_sqa_percent']) expect(text).toContain(`# TYPE ${name} gauge`);
    // a job's share of the system's CSA: the shares of the system's active jobs stay within 100 %
    const csa = text.split('\n').filter((l) => l.startsWith('mvs_job_storage_csa_percent{') && l.includes('sysname="PROD01"')).map((l) => Number(l.split(' ').pop()));
    const total = csa.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10);
    expect(total).toBeLessThanOrEqual(100 + 1e-9);
    expect(text).not.toMatch(/^mvs_lpar_/m);
  });

  it('stops idempotently and rejects bad options with ConfigError', async () => {
    const s = await start();
    await Promise.all([s.stop(), s.stop()]);
    await expect(startDdsServer({ simulator: createSimulator({ seed: 1 }), port: 0, mintime: 50 })).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG' });
    await expect(startDdsServer({ simulator: createSimulator({ seed: 1 }), port: 0, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG' });
    await expect(startDdsServer({ simulator: createSimulator({ seed: 1 }), port: 70000 })).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG' });
  });
});
