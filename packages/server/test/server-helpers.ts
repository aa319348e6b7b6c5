import { Ajv } from 'ajv';
import { createSimulator, seriesKey, type Simulator, type SimulatorOptions } from '@rmf-sim/core';
import { expect } from 'vitest';
import { createRmfServer, openStores, type RmfServer, type RmfServerOptions } from '../src/index.js';

/** Monday 2026-01-05 09:00 UTC. */
export const T = Date.parse('2026-01-05T09:00:00Z');

/** The tests' simulator: seed 42, the default topology. */
export function smallSim(options: Partial<SimulatorOptions> = {}) {
  return createSimulator({ seed: 42, ...options });
}

/** Creates a server (quiet, no live feed unless asked, free port) and remembers it for `stopAll`. */
const running: RmfServer[] = [];
export async function makeServer(options: Partial<RmfServerOptions> = {}): Promise<RmfServer> {
  const server = await createRmfServer({ simulator: options.simulator ?? smallSim(), logger: false, live: false, port: 0, shutdownTimeoutMs: 3000, ...options });
  running.push(server);
  return server;
}
export async function startServer(options: Partial<RmfServerOptions> = {}): Promise<RmfServer & { url: string }> {
  const server = await makeServer(options);
  await server.start();
  return server as RmfServer & { url: string };
}
export async function stopAll() {
  await Promise.all(running.splice(0).map((s) => s.stop()));
}

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };

/** Validates a JSON response body against the OpenAPI document's schema for that path, method and status. */
export function responseValidator(doc: Doc) {
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const cache = new Map<string, ReturnType<Ajv['compile']>>();
  return (path: string, method: string, status: number, body: unknown) => {
    const op = doc.paths[path]?.[method.toLowerCase()];
    expect(op, `${method} ${path} is documented`).toBeDefined();
    const response = op!.responses[String(status)];
    expect(response, `${method} ${path} documents status ${status}`).toBeDefined();
    const schema = response!.content?.['application/json']?.schema ?? response!.content?.['text/plain']?.schema;
    expect(schema, `${method} ${path} ${status} has a schema`).toBeDefined();
    const key = `${method} ${path} ${status}`;
    let validate = cache.get(key);
    if (!validate) cache.set(key, (validate = ajv.compile(schema!)));
    const ok = validate(body);
    expect(ok, `${key}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
  };
}

/** Polls `cond` every 20 ms until it holds (never a fixed sleep); fails after `timeoutMs`. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The store at `url` holds every interval the feed produced exactly once (`intervals` × the simulator's series, no
 * key twice) and the last interval's values are the simulator's.
 */
export async function expectStoredOnce(url: string, sim: Simulator, intervals: number): Promise<void> {
  const check = (await openStores([url]))[0]!.store;
  try {
    const all = await check.read({ from: 0, to: 8_000_000_000_000 });
    expect(all.length).toBe(intervals * sim.series.length);
    expect(new Set(all.map((r) => r.key)).size).toBe(all.length);
    const t = all[all.length - 1]!.timestamp;
    const expected = new Map(sim.samples(t).map((x) => [seriesKey(x.metric, x.labels), x.value]));
    for (const r of all.filter((x) => x.timestamp === t)) expect(r.value).toBe(expected.get(seriesKey(r.metric, r.labels)));
  } finally {
    await check.close();
  }
}
