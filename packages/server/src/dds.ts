/**
 * The RMF Distributed Data Server emulation (`@rmf-sim/exporter-dds`) in the reference server: mounted on the
 * server's own listener (`/gpm/…` and `/metrics/m3`, through the server's auth, rate limits and logs, route group
 * `dds`), on a listener of its own as a real DDS has (port 8803 by default), or alone (`rmf-sim dds`).
 * @module
 */
import type { ServerResponse } from 'node:http';
import { ConfigError, type Clock, type Simulator } from '@rmf-sim/core';
import { createDdsHandler, startDdsServer, type DdsHandlerOptions, type DdsServer } from '@rmf-sim/exporter-dds';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLoopback } from './http/server.js';
import type { ServerExtension } from './http/options.js';

/** The port a real DDS (GPMSERVE) listens on, and `rmf-sim dds`'s default. */
export const DDS_DEFAULT_PORT = 8803;

/**
 * Options of the DDS emulation in the server: everything of `createDdsHandler` but the simulator and the clock,
 * which are the server's.
 *
 * @example
 * ```ts
 * const options: DdsMountOptions = { mintime: 60, timeZone: 'Europe/Berlin', users: { ibmuser: 'secret' } };
 * ```
 */
export type DdsMountOptions = Omit<DdsHandlerOptions, 'simulator' | 'clock'>;

/**
 * The DDS emulation as a {@link ServerExtension} of `createRmfServer({ dds })`: `GET /gpm/*` and `GET /metrics/m3`
 * on the server's listener, answered by `createDdsHandler` from the server's simulator and clock. Basic-auth
 * `users` (the way DDS clients authenticate) are checked by the DDS itself, after the server's own auth of the
 * `dds` route group (open it with `auth.groups.dds: 'open'` for clients that only speak basic auth).
 *
 * @example
 * ```ts
 * import { createSimulator } from '@rmf-sim/core';
 * import { createRmfServer, ddsExtension } from '@rmf-sim/server';
 * const server = await createRmfServer({ simulator: createSimulator({ seed: 42 }), dds: ddsExtension({ mintime: 60 }) });
 * await server.start(); // GET /gpm/rmfm3.xml?resource=,PROD01,MVS_IMAGE&report=CPC
 * ```
 */
export function ddsExtension(options: DdsMountOptions = {}): ServerExtension {
  return {
    name: 'dds',
    register(app, { simulator, clock }) {
      const handler = createDdsHandler({ ...options, simulator, clock });
      const answer = (req: FastifyRequest, reply: FastifyReply) => {
        // the DDS writes the raw response itself (its content types, Vary and basic-auth challenge)
        reply.hijack();
        const raw = reply.raw as ServerResponse;
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined && !raw.hasHeader(k)) raw.setHeader(k, v as string);
        handler(req.raw, raw);
      };
      const schema = { hide: true } as const;
      app.get('/gpm/*', { schema }, answer);
      app.get('/metrics/m3', { schema }, answer);
    },
  };
}

/** Settings of a DDS listener of its own. */
export interface DdsListenOptions extends DdsMountOptions {
  /** @default 8803 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Listen on a non-loopback address without `users`. @default false */
  allowUnauthenticated?: boolean;
}

/**
 * Starts the DDS on a listener of its own (as `startDdsServer`), refusing a non-loopback address without basic-auth
 * users unless `allowUnauthenticated` (a `ConfigError` naming `dds.host`), and saying which port is taken.
 */
export async function listenDds(simulator: Simulator, clock: Clock, options: DdsListenOptions = {}): Promise<DdsServer> {
  const { port = DDS_DEFAULT_PORT, host = '127.0.0.1', allowUnauthenticated = false, ...rest } = options;
  if (!isLoopback(host) && !(rest.users && Object.keys(rest.users).length) && !allowUnauthenticated) {
    throw new ConfigError([{ path: ['dds', 'host'], message: `refusing to serve the DDS on ${host} (not a loopback address) without users: give dds.users (--dds-user NAME:PASSWORD), or allowUnauthenticated (--allow-unauthenticated)` }]);
  }
  try {
    return await startDdsServer({ ...rest, simulator, clock, port, host });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'EADDRINUSE') throw new ConfigError([{ path: ['dds', 'port'], message: `port ${port} on ${host} is in use; choose another with --dds-port (0 picks a free one)` }], { cause: e });
    throw e;
  }
}

/**
 * Parses `NAME:PASSWORD` pairs (the `--dds-user` flag, `RMF_SIM_DDS_USERS`) into a users map; a pair without a
 * name or colon is a `ConfigError` naming `what`.
 */
export function parseDdsUsers(pairs: readonly string[], what: string): Record<string, string> {
  const users: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf(':');
    if (i <= 0) throw new ConfigError([{ path: [what], message: `expected NAME:PASSWORD, got ${JSON.stringify(p.length > 40 ? `${p.slice(0, 40)}…` : p)}` }]);
    users[p.slice(0, i)] = p.slice(i + 1);
  }
  return users;
}
