/**
 * Authentication against a listening server: API keys and JWT (HS256, RS256), the matrix of bad credentials,
 * open probes, per-group settings, and the refusal to listen beyond loopback without credentials.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopAll, makeServer } from './server-helpers.js';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!!';
const KEY = 'k-0123456789abcdef-ops';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

async function hs(claims: Record<string, unknown>, secret = SECRET, header: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', ...header }).sign(new TextEncoder().encode(secret));
}
async function rs(claims: Record<string, unknown>, key = rsa.privateKey) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(key);
}
const good = { sub: 'alice', iss: 'https://login.example', aud: 'rmf-sim', exp: now() + 600 };

let url: string;
beforeAll(async () => {
  const s = await startServer({
    auth: { apiKeys: [{ id: 'ops', key: KEY }, { id: 'hashed', sha256: createHash('sha256').update('k-hashed-key-0123456789').digest('hex') }], jwt: { secret: SECRET, publicKey: publicPem, issuer: 'https://login.example', audience: 'rmf-sim' } },
  });
  url = s.url;
});
afterAll(stopAll);

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers });

describe('auth matrix', () => {
  const api = '/api/v1/system';
  it('accepts a valid API key (plain or configured by its SHA-256), HS256 and RS256 tokens', async () => {
    expect((await get(api, { 'x-api-key': KEY })).status).toBe(200);
    expect((await get(api, { authorization: `ApiKey ${KEY}` })).status).toBe(200);
    expect((await get(api, { 'x-api-key': 'k-hashed-key-0123456789' })).status).toBe(200);
    expect((await get(api, { authorization: `Bearer ${await hs(good)}` })).status).toBe(200);
    expect((await get(api, { authorization: `Bearer ${await rs(good)}` })).status).toBe(200);
  });

  const cases: [string, () => Promise<Record<string, string>>, RegExp][] = [
    ['missing credentials', async () => ({}), /credentials required/],
    ['a wrong API key', async () => ({ 'x-api-key': 'k-not-the-right-key-000' }), /API key is not valid/],
    ['an expired token', async () => ({ authorization: `Bearer ${await hs({ ...good, exp: now() - 120 })}` }), /expired/],
    ['a token without expiry', async () => ({ authorization: `Bearer ${await hs({ sub: 'a', iss: good.iss, aud: good.aud })}` }), /exp/],
    ['a tampered token', async () => {
      const [h, , sig] = (await hs(good)).split('.');
      return { authorization: `Bearer ${h}.${b64({ ...good, sub: 'mallory' })}.${sig}` };
    }, /signature/],
    ['a token signed with another secret', async () => ({ authorization: `Bearer ${await hs(good, 'another-secret-of-at-least-32-bytes!!')}` }), /signature/],
    ['a token signed with another RSA key', async () => ({ authorization: `Bearer ${await rs(good, otherRsa.privateKey)}` }), /signature/],
    ['alg none', async () => ({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(good)}.` }), /algorithm|malformed/],
    ['algorithm confusion: HS256 signed with the RSA public key', async () => ({ authorization: `Bearer ${await hs(good, publicPem)}` }), /signature/],
    ['a wrong algorithm (HS512)', async () => ({ authorization: `Bearer ${await new SignJWT(good).setProtectedHeader({ alg: 'HS512' }).sign(new TextEncoder().encode(SECRET))}` }), /algorithm/],
    ['a wrong audience', async () => ({ authorization: `Bearer ${await rs({ ...good, aud: 'someone-else' })}` }), /audience/],
    ['a wrong issuer', async () => ({ authorization: `Bearer ${await hs({ ...good, iss: 'https://evil.example' })}` }), /issuer/],
    ['a malformed header', async () => ({ authorization: 'Bearer' }), /malformed/],
    ['an unknown scheme', async () => ({ authorization: 'Basic dXNlcjpwYXNz' }), /unsupported authorization scheme/],
  ];
  it.each(cases)('refuses %s with 401 and a problem', async (_what, headers, detail) => {
    const res = await get(api, await headers());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="rmf-sim"/);
    const body = (await res.json()) as { detail: string };
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(body.detail).toMatch(detail);
  });

  it('leaves the probes and the docs open, protects /metrics, admin routes and the rest', async () => {
    for (const p of ['/health', '/ready', '/startup', '/openapi.json', '/docs']) expect((await get(p)).status, p).toBe(200);
    for (const p of ['/metrics', '/api/v1/catalog', '/system-info', '/database-summary']) expect((await get(p)).status, p).toBe(401);
    const post = await fetch(`${url}/api/v1/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'cpuLoop', lpar: 'PROD01', durationMinutes: 1 }) });
    expect(post.status).toBe(401);
  });
});

describe('auth configuration', () => {
  it('per route group: a group can be opened', async () => {
    const s = await startServer({ auth: { apiKeys: [{ id: 'ops', key: KEY }], groups: { metrics: 'open', docs: 'required' } } });
    expect((await fetch(`${s.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${s.url}/openapi.json`)).status).toBe(401);
    expect((await fetch(`${s.url}/api/v1/system`)).status).toBe(401);
  });

  it('mounts the DDS extension point under the dds group: auth, errors and the simulator apply', async () => {
    const dds = {
      name: 'dds',
      register: (app: import('fastify').FastifyInstance, { simulator }: { simulator: { topology: { sysplex: string } } }) => {
        app.get('/gpm/root.xml', async (_req, reply) => reply.type('application/xml').send(`<ddsml><sysplex>${simulator.topology.sysplex}</sysplex></ddsml>`));
      },
    };
    const closed = await startServer({ auth: { apiKeys: [{ id: 'ops', key: KEY }] }, dds });
    expect((await fetch(`${closed.url}/gpm/root.xml`)).status).toBe(401);
    const res = await fetch(`${closed.url}/gpm/root.xml`, { headers: { 'x-api-key': KEY } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<ddsml><sysplex>SYSPLEX01</sysplex></ddsml>');
    const open = await startServer({ auth: { apiKeys: [{ id: 'ops', key: KEY }], groups: { dds: 'open' } }, dds });
    expect((await fetch(`${open.url}/gpm/root.xml`)).status).toBe(200);
    expect((await fetch(`${open.url}/api/v1/system`)).status).toBe(401);
  });

  it('refuses to listen beyond loopback without credentials, unless told', async () => {
    const open = await makeServer({ host: '0.0.0.0' });
    await expect(open.start()).rejects.toMatchObject({ code: 'ERR_RMF_CONFIG', message: expect.stringMatching(/refusing to listen on 0\.0\.0\.0/) });
    const told = await makeServer({ host: '0.0.0.0', allowUnauthenticated: true });
    await told.start();
    expect((await fetch(`http://127.0.0.1:${told.port}/health`)).status).toBe(200);
  });

  it('rejects bad auth options with ConfigError paths', async () => {
    await expect(makeServer({ auth: { apiKeys: [{ id: 'x', key: 'short' }], jwt: { secret: 'tiny' } } })).rejects.toMatchObject({
      code: 'ERR_RMF_CONFIG',
      issues: expect.arrayContaining([expect.objectContaining({ path: ['auth', 'apiKeys', 0, 'key'] }), expect.objectContaining({ path: ['auth', 'jwt', 'secret'] })]),
    });
  });
});
