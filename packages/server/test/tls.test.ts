/**
 * TLS: with a certificate and key the server speaks HTTPS and WSS (a throwaway self-signed certificate made with
 * openssl for 127.0.0.1), and sends HSTS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopAll } from './server-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rmf-sim-tls-'));
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
const key = readFileSync(join(dir, 'key.pem'), 'utf8');

afterAll(async () => {
  await stopAll();
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca: cert }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('TLS', () => {
  it('serves HTTPS and WSS with the given certificate, verified by the client against it', async () => {
    const s = await startServer({ tls: { cert, key } });
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await get(`${s.url}/api/v1/system`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).sysplex).toBe('SYSPLEX01');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const ws = new WebSocket(`${s.url.replace('https', 'wss')}/ws/metrics`, { ca: cert });
    const hello = await new Promise<{ type: string }>((resolve, reject) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))));
      ws.on('error', reject); // kept after the hello: a later error must not be uncaught
    });
    expect(hello.type).toBe('hello');
    ws.close();
    // plain HTTP on the TLS port is not served
    await expect(fetch(s.url.replace('https', 'http') + '/health').then((r) => r.status)).rejects.toThrow();
  });
});
