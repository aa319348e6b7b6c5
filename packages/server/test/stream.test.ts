/**
 * The WebSocket stream against a listening server: subscriptions at connect and later (values equal to the
 * simulator's), bad subscriptions, auth, a slow client whose server-side buffer stays bounded while a fast one gets
 * every interval, ping/pong keepalive, and the close code at shutdown.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { getMetric } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { manualClock } from '@rmf-sim/storage-contract';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { WS_CLOSE_GOING_AWAY, WS_CLOSE_NO_PONG } from '../src/index.js';
import { smallSim, startServer, stopAll, T, until } from './server-helpers.js';

afterAll(stopAll);

/** A client that queues every message; `next(type)` waits for the next one of that type. */
function client(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const queue: { type: string; [k: string]: unknown }[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    queue.push(JSON.parse(String(d)));
    waiters.splice(0).forEach((w) => w());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  // every error is kept (a socket the server cuts may report ECONNRESET after the handshake): without a listener
  // there it would be an uncaught exception of the test process
  const errors: Error[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', (e) => {
      errors.push(e);
      reject(e);
    });
  });
  async function next(type: string, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = queue.findIndex((m) => m.type === type);
      if (i >= 0) return queue.splice(i, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no ${type} message within ${timeoutMs} ms (have ${queue.map((m) => m.type).join(', ')})`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }
  return { ws, queue, errors, next, opened, closed, send: (o: object) => ws.send(JSON.stringify(o)) };
}

/** A raw WebSocket handshake, then the socket stops reading (a stuck client) and never answers pings. */
function stuckClient(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    s.on('error', reject);
    s.once('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
    s.once('data', (d) => {
      if (!d.toString().startsWith('HTTP/1.1 101')) return reject(new Error(d.toString().split('\r\n')[0]));
      s.pause();
      resolve(s);
    });
  });
}


describe('WebSocket stream', () => {
  it('streams live intervals filtered by the subscription given at connect, and changes it on request', async () => {
    const sim = smallSim();
    const { clock, advance } = manualClock(T);
    const s = await startServer({ simulator: sim, clock, live: { speed: 1 } });
    const c = client(`${s.url.replace('http', 'ws')}/ws/metrics?lpar=PROD01&family=cpu`);
    await c.opened;
    const hello = await c.next('hello');
    expect(hello).toMatchObject({ sysplex: 'SYSPLEX01', intervalSeconds: 15, subscription: { lpar: ['PROD01'], family: ['cpu'] }, live: true });
    await advance(15_000);
    const first = await c.next('interval');
    const want = sim.samples(T + 15_000).filter((x) => x.labels.lpar === 'PROD01' && getMetric(x.metric)!.family === 'cpu');
    expect(first).toMatchObject({ timestamp: new Date(T + 15_000).toISOString(), epochMs: T + 15_000, count: want.length });
    expect(first.samples).toEqual(want.map((x) => ({ metric: x.metric, labels: { ...x.labels }, value: x.value })));

    c.send({ type: 'subscribe', metric: ['rmf_cpc_msu_actual'] });
    expect(await c.next('subscribed')).toMatchObject({ subscription: { metric: ['rmf_cpc_msu_actual'] } });
    await advance(15_000);
    const second = await c.next('interval');
    expect(second.samples).toEqual(sim.samples(T + 30_000).filter((x) => x.metric === 'rmf_cpc_msu_actual').map((x) => ({ metric: x.metric, labels: { ...x.labels }, value: x.value })));

    c.send({ type: 'subscribe', family: ['disk'] });
    expect(String((await c.next('error')).message)).toMatch(/unknown metric family "disk"/);
    c.ws.send('not json');
    expect(String((await c.next('error')).message)).toMatch(/JSON/);
    c.ws.close();
  });

  it('refuses a bad subscription at connect with 400, and needs credentials when auth is on', async () => {
    const s = await startServer({ auth: { apiKeys: [{ id: 'ops', key: 'k-0123456789abcdef' }] }, live: false });
    const ws = s.url.replace('http', 'ws');
    await expect(client(`${ws}/ws/metrics?family=disk`, { 'x-api-key': 'k-0123456789abcdef' }).opened).rejects.toMatchObject({ status: 400 });
    await expect(client(`${ws}/ws/metrics`).opened).rejects.toMatchObject({ status: 401 });
    const ok = client(`${ws}/ws/metrics?api_key=k-0123456789abcdef`);
    await ok.opened;
    expect((await ok.next('hello')).type).toBe('hello');
    ok.ws.close();
  });

  it('a stuck client misses intervals and is closed with 4008 while its server-side buffer stays bounded; a fast client misses nothing', async () => {
    const maxBufferedBytes = 1 << 20;
    const s = await startServer({ simulator: smallSim(), clock: systemClock, live: { speed: 15 * 40 }, stream: { maxBufferedBytes, maxMissedInRow: 5 } });
    const stuck = await stuckClient(s.port!, '/ws/metrics');
    const fast = client(`${s.url.replace('http', 'ws')}/ws/metrics?lpar=PROD01&family=cpu`);
    await fast.opened;
    await fast.next('hello');
    const firstSeen = (await fast.next('interval')).epochMs as number;
    await until('the stuck client to be closed as slow', () => s.streamStats().closedSlow >= 1, 20_000);
    // terminated: the server holds nothing for it any more (the fast client is the only one left)
    await until('the stuck client to be gone', () => s.streamStats().clients === 1);
    stuck.destroy();
    const stats = s.streamStats();
    expect(stats.missed).toBeGreaterThanOrEqual(6);
    expect(stats.maxMessageBytes).toBeGreaterThan(100_000); // the stuck client asked for everything
    expect(stats.maxBufferedSeen).toBeLessThanOrEqual(maxBufferedBytes + stats.maxMessageBytes);
    // the fast client got every interval since its first, in order, without a gap
    await until('more intervals for the fast client', () => fast.queue.filter((m) => m.type === 'interval').length >= 10);
    const got = [firstSeen, ...fast.queue.filter((m) => m.type === 'interval').map((m) => m.epochMs as number)];
    expect(fast.queue.some((m) => m.type === 'missed')).toBe(false);
    for (let i = 1; i < got.length; i++) expect(got[i]! - got[i - 1]!).toBe(15_000);
    fast.ws.close();
  });

  it('pings clients: one that answers stays, one that does not is closed', async () => {
    const s = await startServer({ live: false, stream: { pingIntervalMs: 100 } });
    const stuck = await stuckClient(s.port!, '/ws/metrics');
    const good = client(`${s.url.replace('http', 'ws')}/ws/metrics`);
    await good.opened;
    let pings = 0;
    good.ws.on('ping', () => pings++);
    expect(s.streamStats().clients).toBe(2);
    await until('the silent client to be closed', () => s.streamStats().clients === 1);
    // what it was sent last: a close frame with 4002 (read from its socket's unread data)
    const unread: Buffer[] = [];
    const closeFrame = () => {
      for (let chunk = stuck.read() as Buffer | null; chunk; chunk = stuck.read() as Buffer | null) unread.push(chunk);
      return Buffer.concat(unread).lastIndexOf(0x88); // FIN + opcode 8 (close)
    };
    await until('the close frame', () => closeFrame() >= 0);
    const bytes = Buffer.concat(unread);
    expect(bytes.readUInt16BE(bytes.lastIndexOf(0x88) + 2)).toBe(WS_CLOSE_NO_PONG);
    stuck.destroy();
    await until('several pings', () => pings >= 3);
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
    expect(s.streamStats().clients).toBe(1);
    good.ws.close();
  });

  it('closes clients with 1001 on shutdown', async () => {
    const s = await startServer({ live: false });
    const c = client(`${s.url.replace('http', 'ws')}/ws/metrics`);
    await c.opened;
    await c.next('hello');
    const report = await s.stop();
    expect(await c.closed).toEqual({ code: WS_CLOSE_GOING_AWAY, reason: 'the server is shutting down' });
    expect(report.clean).toBe(true);
  });
});
