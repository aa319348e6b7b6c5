/**
 * Rate limits shared through Redis by two server instances (one key prefix per run), per API key and per IP, with
 * 429, Retry-After and a problem body; and the response cache shared through Redis.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopAll, T } from './server-helpers.js';

const REDIS = process.env.RMF_SIM_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `rmf-sim-test:${process.pid}:${randomUUID()}:`;
const admin = new Redis(REDIS, { lazyConnect: true, maxRetriesPerRequest: 1 });

afterAll(async () => {
  await stopAll();
  // remove this run's keys
  await admin.connect().catch(() => {});
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
  admin.disconnect();
});

const KEY_A = 'k-aaaaaaaaaaaaaaaaaaaa';
const KEY_B = 'k-bbbbbbbbbbbbbbbbbbbb';

describe('rate limits in Redis', () => {
  it('are shared by two instances: the limit counts requests to both, per key; 429 carries Retry-After and a problem', async () => {
    const options = { redis: REDIS, rateLimit: { max: 5, windowMs: 60_000, redis: true, prefix: `${prefix}rl:` }, auth: { apiKeys: [{ id: 'a', key: KEY_A }, { id: 'b', key: KEY_B }] } };
    const one = await startServer(options);
    const two = await startServer(options);
    const call = (url: string, key: string) => fetch(`${url}/api/v1/system`, { headers: { 'x-api-key': key } });
    const statuses: number[] = [];
    for (const url of [one.url, two.url, one.url, two.url, one.url]) statuses.push((await call(url, KEY_A)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const limited = await call(two.url, KEY_A);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await limited.json()) as { detail: string };
    expect(problem).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(problem.detail).toMatch(/rate limit of 5 requests per 60 s exceeded for apiKey a/);
    // another key has its own budget; probes are never limited
    expect((await call(one.url, KEY_B)).status).toBe(200);
    for (let i = 0; i < 8; i++) expect((await fetch(`${one.url}/health`)).status).toBe(200);
    // the counter lives in Redis under the prefix
    expect((await admin.connect().then(() => admin.keys(`${prefix}rl:*`), () => admin.keys(`${prefix}rl:*`))).length).toBeGreaterThan(0);
  });

  it('counts anonymous requests per IP', async () => {
    const s = await startServer({ redis: REDIS, rateLimit: { max: 3, windowMs: 60_000, redis: true, prefix: `${prefix}ip:` } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${s.url}/api/v1/catalog`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('response cache in Redis', () => {
  it('an answer computed by one instance is served by the other', async () => {
    const options = { redis: REDIS, rateLimit: false as const, cache: { store: 'redis' as const, prefix: `${prefix}cache:` } };
    const one = await startServer(options);
    const two = await startServer(options);
    const url = `/api/v1/snapshot?at=${new Date(T).toISOString()}`;
    const a = await (await fetch(`${one.url}${url}`)).text();
    const keys = await admin.keys(`${prefix}cache:*`);
    expect(keys.length).toBe(1);
    expect(await admin.get(keys[0]!)).toBe(a);
    // plant a marker in the shared entry: the second instance must answer with it, i.e. from Redis
    await admin.set(keys[0]!, a.replace('"sysplex":"SYSPLEX01"', '"sysplex":"FROM-CACHE"'), 'PX', 60_000);
    const b = await (await fetch(`${two.url}${url}`)).text();
    expect(b).toContain('"sysplex":"FROM-CACHE"');
  });
});
