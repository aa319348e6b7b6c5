/**
 * The live stream behind `GET /ws/metrics`: subscriptions (sysplex, LPAR, families, metrics), one serialisation per
 * distinct subscription and interval, and a bounded buffer per client: a client whose socket holds more than
 * `maxBufferedBytes` misses intervals (sampling) and, after `maxMissedInRow` in a row (or at once with
 * `slowClient: 'close'`), is closed with {@link WS_CLOSE_SLOW_CONSUMER}. Memory per client never exceeds the limit
 * plus one message. Ping/pong keeps connections honest.
 * @module
 */
import { getMetric, type Sample } from '@rmf-sim/core';
import { z } from 'zod';
import { FAMILIES, SAMPLE_NAMES } from './schemas.js';

/** Close code for a client too slow to keep up (private range 4000–4999). */
export const WS_CLOSE_SLOW_CONSUMER = 4008;
/** Close code when the server shuts down (RFC 6455 "going away"). */
export const WS_CLOSE_GOING_AWAY = 1001;
/** Close code for a client that did not answer a ping in time. */
export const WS_CLOSE_NO_PONG = 4002;

/** The subset of a `ws` WebSocket the hub uses. */
export interface StreamSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string, cb?: (err?: Error) => void): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'pong' | 'close', listener: () => void): unknown;
}

/** What a client asks for: each list narrows; omitted means all. */
export interface Subscription {
  sysplex?: string[];
  lpar?: string[];
  family?: string[];
  metric?: string[];
}

const names = (what: string, allowed?: readonly string[]) =>
  z
    .array(z.string().min(1).max(128))
    .max(500)
    .optional()
    .superRefine((v, ctx) => {
      if (!allowed || !v) return;
      for (const x of v) if (!allowed.includes(x)) ctx.addIssue({ code: 'custom', message: `unknown ${what} ${JSON.stringify(x)}` });
    });

/** Checks a subscription against the catalogue (families, metric names) and the simulator's LPARs. */
export function subscriptionSchema(lpars: readonly string[], sysplexes: readonly string[]) {
  const metricNames = [...new Set([...SAMPLE_NAMES, ...SAMPLE_NAMES.map((n) => getMetric(n)!.name)])];
  return z.object({ sysplex: names('sysplex', sysplexes), lpar: names('LPAR', lpars), family: names('metric family', FAMILIES), metric: names('metric', metricNames) }).strict();
}

/** Options of {@link StreamHub}. */
export interface StreamHubOptions {
  /** Most bytes a client's socket may hold before intervals are missed for it. @default 4194304 (4 MiB) */
  maxBufferedBytes?: number;
  /** `drop`: miss intervals while the client is behind (it is told how many); `close`: close it at once. @default 'drop' */
  slowClient?: 'drop' | 'close';
  /** Intervals a client may miss in a row before it is closed. @default 20 */
  maxMissedInRow?: number;
  /** Most clients at once; more are refused with close code 1013. @default 10000 */
  maxClients?: number;
}

/** A connected client, as {@link StreamHub.add} returns it. */
export interface StreamClientState {
  socket: StreamSocket;
  subscription: Subscription;
  key: string;
  alive: boolean;
  missed: number;
  missedInRow: number;
  delivered: number;
  closing: boolean;
}

/** Counters of a {@link StreamHub}. */
export interface StreamStats {
  clients: number;
  delivered: number;
  missed: number;
  closedSlow: number;
  /** Highest `bufferedAmount` seen on any client socket right after a send, bytes. */
  maxBufferedSeen: number;
  /** Largest message sent, bytes. */
  maxMessageBytes: number;
}

const normalise = (s: Subscription): Subscription => {
  const out: Subscription = {};
  for (const k of ['sysplex', 'lpar', 'family', 'metric'] as const) {
    const v = s[k];
    if (v && v.length) out[k] = [...new Set(v)].sort();
  }
  return out;
};

/**
 * Fan-out of live intervals to WebSocket clients. Pure of I/O itself: it drives the sockets it is given. `select`
 * gives the positions (in `samples()` order) of the series a subscription selects — the simulator view's `select`,
 * so that a subscription means what the same filters mean in a store query.
 *
 * @example
 * ```ts
 * const hub = new StreamHub((sub) => createSimulatorView({ simulator: sim }).select(sub), { maxBufferedBytes: 1 << 20 });
 * hub.add(socket, { lpar: ['PROD01'], family: ['cpu'] });
 * hub.broadcast(sim.samples(t));
 * ```
 */
export class StreamHub {
  private readonly clients = new Set<StreamClientState>();
  /** Per subscription key: the indices into the simulator's series. */
  private readonly selections = new Map<string, Int32Array>();
  private readonly maxBuffered: number;
  private readonly slowClient: 'drop' | 'close';
  private readonly maxMissedInRow: number;
  readonly maxClients: number;
  private readonly counters = { delivered: 0, missed: 0, closedSlow: 0, maxBufferedSeen: 0, maxMessageBytes: 0 };
  private readonly select: (subscription: Subscription) => Int32Array;

  constructor(select: (subscription: Subscription) => Int32Array, options: StreamHubOptions = {}) {
    this.select = select;
    this.maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.slowClient = options.slowClient ?? 'drop';
    this.maxMissedInRow = options.maxMissedInRow ?? 20;
    this.maxClients = options.maxClients ?? 10_000;
  }

  get size(): number {
    return this.clients.size;
  }

  stats(): StreamStats {
    return { clients: this.clients.size, ...this.counters };
  }

  private selection(sub: Subscription, key: string): Int32Array {
    let sel = this.selections.get(key);
    if (!sel) {
      sel = this.select(sub);
      if (this.selections.size > 1000) this.selections.clear();
      this.selections.set(key, sel);
    }
    return sel;
  }

  /** Registers a socket with a subscription; returns false (and closes it with 1013) when the hub is full. */
  add(socket: StreamSocket, subscription: Subscription): StreamClientState | undefined {
    if (this.clients.size >= this.maxClients) {
      socket.close(1013, `the server has ${this.maxClients} stream clients; try again later`);
      return undefined;
    }
    const sub = normalise(subscription);
    const client: StreamClientState = { socket, subscription: sub, key: JSON.stringify(sub), alive: true, missed: 0, missedInRow: 0, delivered: 0, closing: false };
    this.clients.add(client);
    socket.on('pong', () => (client.alive = true));
    socket.on('close', () => this.clients.delete(client));
    return client;
  }

  /** Changes a client's subscription. */
  resubscribe(client: StreamClientState, subscription: Subscription): Subscription {
    client.subscription = normalise(subscription);
    client.key = JSON.stringify(client.subscription);
    return client.subscription;
  }

  /** Sends one interval to every client (serialised once per distinct subscription). */
  broadcast(samples: readonly Sample[]): void {
    if (this.clients.size === 0 || samples.length === 0) return;
    const timestamp = new Date(samples[0]!.timestamp).toISOString();
    const messages = new Map<string, string>();
    for (const c of this.clients) {
      if (c.closing || c.socket.readyState !== 1) continue;
      let msg = messages.get(c.key);
      if (msg === undefined) {
        msg = this.serialise(c.subscription, c.key, samples, timestamp);
        messages.set(c.key, msg);
        if (msg.length > this.counters.maxMessageBytes) this.counters.maxMessageBytes = msg.length;
      }
      if (c.socket.bufferedAmount + msg.length > this.maxBuffered) {
        c.missed++;
        c.missedInRow++;
        this.counters.missed++;
        if (this.slowClient === 'close' || c.missedInRow > this.maxMissedInRow) this.closeSlow(c);
        continue;
      }
      if (c.missedInRow > 0) {
        c.socket.send(JSON.stringify({ type: 'missed', count: c.missedInRow, total: c.missed, reason: `your connection held more than ${this.maxBuffered} bytes` }));
        c.missedInRow = 0;
      }
      c.socket.send(msg);
      c.delivered++;
      this.counters.delivered++;
      const buffered = c.socket.bufferedAmount;
      if (buffered > this.counters.maxBufferedSeen) this.counters.maxBufferedSeen = buffered;
    }
  }

  private serialise(sub: Subscription, key: string, samples: readonly Sample[], timestamp: string): string {
    const sel = this.selection(sub, key);
    const parts: string[] = [];
    for (let i = 0; i < sel.length; i++) {
      const s = samples[sel[i]!];
      if (s) parts.push(`{"metric":${JSON.stringify(s.metric)},"labels":${JSON.stringify(s.labels)},"value":${Number.isFinite(s.value) ? s.value : 'null'}}`);
    }
    return `{"type":"interval","timestamp":"${timestamp}","epochMs":${samples[0]!.timestamp},"count":${parts.length},"samples":[${parts.join(',')}]}`;
  }

  private closeSlow(c: StreamClientState): void {
    c.closing = true;
    this.counters.closedSlow++;
    c.socket.close(WS_CLOSE_SLOW_CONSUMER, `slow consumer: missed ${c.missedInRow} intervals in a row with more than ${this.maxBuffered} bytes waiting`);
    // the close frame waits behind the buffered data; a client that reads nothing never gets it
    setTimeout(() => c.socket.terminate(), 2000).unref();
  }

  /** One keepalive round: terminates clients that did not answer the last ping, pings the others. */
  heartbeat(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        this.clients.delete(c);
        c.closing = true;
        c.socket.close(WS_CLOSE_NO_PONG, 'no pong to the last ping');
        // a client that does not answer pings will not answer the close handshake either
        setTimeout(() => c.socket.terminate(), 1000).unref();
        continue;
      }
      c.alive = false;
      try {
        c.socket.ping();
      } catch {
        // a socket that is closing
      }
    }
  }

  /**
   * Shutdown: waits (up to `deadlineMs`) for every client's buffered data to go out, then closes each with 1001;
   * sockets still open after the close handshake time are terminated.
   */
  async drain(deadlineMs: number, now: () => number, sleep: (ms: number) => Promise<void>): Promise<void> {
    const end = now() + deadlineMs;
    while (now() < end && [...this.clients].some((c) => c.socket.readyState === 1 && c.socket.bufferedAmount > 0)) await sleep(20);
    for (const c of this.clients) {
      c.closing = true;
      c.socket.close(WS_CLOSE_GOING_AWAY, 'the server is shutting down');
    }
    while (now() < end && this.clients.size > 0) await sleep(20);
    for (const c of this.clients) c.socket.terminate();
    this.clients.clear();
  }
}

