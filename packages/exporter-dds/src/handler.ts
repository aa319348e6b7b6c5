/**
 * The thin HTTP part: a `node:http` request handler for `/gpm/…` and `/metrics/m3`, and a server around it.
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigError, jobMetrics, jobSamples, metricCatalog, type Clock, type ConfigIssue } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { contentTypeOf, negotiateFormat } from '@rmf-sim/exporter-prometheus';
import { createDds, type Dds, type DdsEndpoint, type DdsOptions } from './dds.js';
import { m3Groups, renderM3 } from './m3.js';
import { renderReptrans } from './reptrans.js';
import { renderXml } from './xml.js';
import { averageSamples, averageSnapshot } from './window.js';

/**
 * Options of {@link createDdsHandler}: the DDS options plus authentication, latency and the clock.
 *
 * @example
 * ```ts
 * const options: DdsHandlerOptions = { simulator: sim, users: { ibmuser: 'secret' }, latencyMs: 2000, clock: systemClock };
 * ```
 */
export interface DdsHandlerOptions extends DdsOptions {
  /** Basic-auth users (name → password). Without users, no authentication. @default no authentication */
  users?: Readonly<Record<string, string>>;
  /** Milliseconds every answer waits before it is sent (a real DDS takes seconds for CPC or SYSINFO). @default 0 */
  latencyMs?: number;
  /** Where "now" comes from when a request has no `range`, and how latency waits. @default systemClock of @rmf-sim/core/system-clock */
  clock?: Clock;
}

/** A `(req, res) => void` handler with its DDS. */
export interface DdsHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** The DDS it answers from. */
  readonly dds: Dds;
}

const ENDPOINTS = new Set<DdsEndpoint>(['root', 'index', 'contained', 'listmetrics', 'perform', 'rmfm3', 'filterinst']);
/** Content types of the two forms. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Which form an `Accept` header prefers: `'json'`, `'xml'`, the path's form on a tie or a wildcard, `null` if neither is acceptable. */
export function negotiateForm(accept: string | undefined, pathForm: 'json' | 'xml'): 'json' | 'xml' | null {
  if (!accept || accept.trim() === '') return pathForm;
  let json = -1;
  let xml = -1;
  let any = -1;
  for (const part of accept.split(',')) {
    const [type = '', ...ps] = part.trim().toLowerCase().split(';');
    const qp = ps.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const t = type.trim();
    if (t === 'application/json' || t === 'application/*+json') json = Math.max(json, q);
    else if (t === 'application/xml' || t === 'text/xml' || t === 'application/*+xml') xml = Math.max(xml, q);
    else if (t === '*/*' || t === 'application/*' || t === 'text/*') any = Math.max(any, q);
  }
  const j = json >= 0 ? json : any;
  const x = xml >= 0 ? xml : any;
  if (j <= 0 && x <= 0) return null;
  if (j === x) return pathForm;
  return j > x ? 'json' : 'xml';
}

function validate(o: DdsHandlerOptions): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (o?.users !== undefined && (typeof o.users !== 'object' || o.users === null || Object.entries(o.users).some(([u, p]) => u === '' || u.includes(':') || typeof p !== 'string'))) {
    issues.push({ path: ['users'], message: 'users must map user names (non-empty, without ":") to password strings' });
  }
  if (o?.latencyMs !== undefined && !(Number.isFinite(o.latencyMs) && o.latencyMs >= 0)) issues.push({ path: ['latencyMs'], message: `latencyMs must be a number >= 0, got ${String(o.latencyMs)}` });
  if (o?.clock !== undefined && (typeof o.clock?.now !== 'function' || typeof o.clock?.sleep !== 'function')) issues.push({ path: ['clock'], message: 'clock must have now() and sleep(ms) (Clock of @rmf-sim/core)' });
  return issues;
}

function authorised(header: string | undefined, users: Readonly<Record<string, string>>): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return false;
  const user = text.slice(0, colon);
  return Object.hasOwn(users, user) && users[user] === text.slice(colon + 1);
}

/**
 * Creates the `node:http` handler of the DDS: `/gpm/<endpoint>` and `/gpm/<endpoint>.xml` for root, index,
 * contained, listmetrics, perform, rmfm3 and filterinst (XML or JSON by `Accept`, the path form deciding a tie),
 * `/gpm/include/reptrans.xsl`, and `/metrics/m3` (OpenMetrics or Prometheus text by `Accept`, `groups=`).
 * Mount it on your own server, or use {@link startDdsServer}. Invalid options throw a `ConfigError`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * const handler = createDdsHandler({ simulator: createSimulator({ seed: 42 }) });
 * createServer(handler).listen(8803, '127.0.0.1');
 * ```
 */
export function createDdsHandler(options: DdsHandlerOptions): DdsHandler {
  const issues = validate(options);
  if (issues.length) throw new ConfigError(issues);
  const { users, latencyMs = 0, clock = systemClock, ...ddsOptions } = options;
  const dds = createDds(ddsOptions);
  const auth = users && Object.keys(users).length ? users : undefined;
  const groups = m3Groups(metricCatalog.flatMap((m) => m.ibm.map((i) => i.name)).concat(jobMetrics.map((m) => m.ibm), 'mvs_rmf_m3_mintime'));

  const send = (res: ServerResponse, method: string | undefined, status: number, type: string, body: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
    res.end(method === 'HEAD' ? undefined : body);
  };

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://dds.invalid');
    const path = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, req.method, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', { allow: 'GET, HEAD' });
      return;
    }
    if (auth && !authorised(req.headers.authorization, auth)) {
      send(res, req.method, 401, 'text/plain; charset=utf-8', 'Unauthorized\n', { 'www-authenticate': 'Basic realm="RMF Distributed Data Server"' });
      return;
    }
    if (path === '/metrics/m3') {
      const format = negotiateFormat(req.headers.accept);
      const asked = url.searchParams.get('groups');
      const wanted = asked === null || asked.trim() === '' ? null : new Set(asked.split(',').map((g) => g.trim().toLowerCase()).filter(Boolean));
      const unknown = wanted ? [...wanted].filter((g) => !groups.includes(g)) : [];
      if (unknown.length) {
        send(res, req.method, 400, 'text/plain; charset=utf-8', `Unknown group(s) ${unknown.join(', ')}; the groups are ${groups.join(', ')}\n`);
        return;
      }
      const w = dds.window(new URLSearchParams(), clock.now());
      const win = w as { startMs: number; endMs: number };
      // the window's active jobs (its address spaces averaged over the window), only when the jobs group is asked for
      const jobs = wanted === null || wanted.has('jobs') ? jobSamples(averageSnapshot(dds.simulator, win)) : [];
      send(res, req.method, 200, contentTypeOf(format), renderM3(averageSamples(dds.simulator, win), dds.mintime, format, wanted, jobs), { vary: 'Accept' });
      return;
    }
    const m = /^\/gpm\/(include\/reptrans\.xsl|[a-z0-9]+?)(\.xml)?$/.exec(path);
    if (!m) {
      send(res, req.method, 404, 'text/plain; charset=utf-8', 'Not found. The DDS answers /gpm/root, /gpm/index, /gpm/contained, /gpm/listmetrics, /gpm/perform, /gpm/rmfm3, /gpm/filterinst (each also .xml), /gpm/include/reptrans.xsl and /metrics/m3\n');
      return;
    }
    if (m[1] === 'include/reptrans.xsl') {
      send(res, req.method, 200, XML_CONTENT_TYPE, renderReptrans());
      return;
    }
    const endpoint = m[1] as DdsEndpoint;
    if (!ENDPOINTS.has(endpoint)) {
      send(res, req.method, 404, 'text/plain; charset=utf-8', `Not found: /gpm/${m[1]}\n`);
      return;
    }
    const form = negotiateForm(req.headers.accept, m[2] ? 'xml' : 'json');
    if (form === null) {
      send(res, req.method, 406, 'text/plain; charset=utf-8', 'Not acceptable: the DDS answers application/json or application/xml\n', { vary: 'Accept' });
      return;
    }
    const doc = dds.answer(endpoint, url.searchParams, clock.now());
    if (form === 'json') send(res, req.method, 200, JSON_CONTENT_TYPE, JSON.stringify(doc), { vary: 'Accept' });
    else send(res, req.method, 200, XML_CONTENT_TYPE, renderXml(doc), { vary: 'Accept' });
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    const run = () => {
      try {
        route(req, res);
      } catch (e) {
        if (!res.headersSent) send(res, req.method, 500, 'text/plain; charset=utf-8', `Internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        else res.destroy();
      }
    };
    if (latencyMs > 0) clock.sleep(latencyMs).then(run, run);
    else run();
  }) as DdsHandler;
  Object.defineProperty(handler, 'dds', { value: dds, enumerable: true });
  return handler;
}

/**
 * Options of {@link startDdsServer}.
 *
 * @example
 * ```ts
 * const options: StartDdsServerOptions = { simulator: sim, port: 8803, host: '0.0.0.0', users: { ibmuser: 'secret' } };
 * ```
 */
export interface StartDdsServerOptions extends DdsHandlerOptions {
  /** TCP port; 0 picks a free one (read it back from {@link DdsServer.port}). @default 8803 */
  port?: number;
  /** Address to listen on. @default '127.0.0.1' */
  host?: string;
}

/**
 * A running DDS server.
 *
 * @example
 * ```ts
 * const server = await startDdsServer({ simulator: sim, port: 0 });
 * console.log(server.url); // http://127.0.0.1:<port>
 * await server.stop();
 * ```
 */
export interface DdsServer {
  /** Base URL, e.g. `http://127.0.0.1:8803`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly dds: Dds;
  /** Stops listening and closes open connections. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Serves the DDS on its own listener (default 127.0.0.1:8803). The server never keeps the process alive (it and
 * its connections are unref'd); `stop()` closes it. Invalid options throw a `ConfigError`; a busy port rejects
 * with Node's `EADDRINUSE` error.
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { startDdsServer } from '@rmf-sim/exporter-dds';
 *
 * const server = await startDdsServer({ simulator: createSimulator({ seed: 42 }), port: 8803 });
 * // point ZEBRA or IBM's RMF Grafana data source at server.url
 * await server.stop();
 * ```
 */
export async function startDdsServer(options: StartDdsServerOptions): Promise<DdsServer> {
  const { port = 8803, host = '127.0.0.1', ...rest } = options ?? ({} as StartDdsServerOptions);
  const issues: ConfigIssue[] = [];
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) issues.push({ path: ['port'], message: `port must be an integer 0–65535, got ${String(port)}` });
  if (typeof host !== 'string' || host === '') issues.push({ path: ['host'], message: 'host must be a non-empty string' });
  if (issues.length) throw new ConfigError(issues);
  const handler = createDdsHandler(rest);
  const server = createServer(handler);
  server.on('connection', (socket: Socket) => socket.unref());
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${address.port}`,
    host: address.address,
    port: address.port,
    dds: handler.dds,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}


