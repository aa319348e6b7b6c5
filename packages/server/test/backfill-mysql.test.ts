/**
 * rmf-sim backfill into MariaDB: resumed after SIGKILLs (the built executable, killed at random moments), through a
 * store outage (a TCP proxy that goes away), with shards in parallel processes, Ctrl-C, and a checkpoint of another
 * backfill. The database is checked record by record against the simulator.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator } from '@rmf-sim/core';
import { createMysqlStore } from '@rmf-sim/storage-mysql';
import { tcpProxy } from '@rmf-sim/test-utils';
import { connectionOf, freshDatabase } from '../../storage-mysql/test/db.js';
import { ensureBuilt, startCli } from './built-cli.js';
import { expectStoreHolds, smallTopology, workDir } from './backfill-helpers.js';
import { run } from './helpers.js';

const DAY_FROM = '2026-03-02T00:00:00Z';
const DAY_TO = '2026-03-03T00:00:00Z';
const dbs: { drop(): Promise<void> }[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.allSettled(dbs.map((d) => d.drop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function database(tag: string) {
  const db = await freshDatabase(tag);
  dbs.push(db);
  return db;
}

function work(sysplex?: string) {
  const w = workDir(sysplex);
  dirs.push(w.dir);
  return w;
}

/** Records in the database (every family table). */
async function rows(url: string): Promise<number> {
  const store = createMysqlStore({ connection: url });
  try {
    return await store.count({ from: 0, to: Date.parse('2100-01-01T00:00:00Z') });
  } catch {
    return 0; // the tables do not exist yet
  } finally {
    await store.close();
  }
}

describe('backfill into MariaDB', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it('a simulated day killed (SIGKILL) twice at random moments and restarted ends with every record exactly once', async () => {
    const db = await database('bfkill');
    const { dir, topology } = work();
    const args = ['backfill', '--seed', '5', '--from', DAY_FROM, '--to', DAY_TO, '--interval', '60', '--topology', topology, '--store', db.url, '--progress', 'lines', '--progress-every', '1', '--checkpoint-dir', dir];
    const sim = createSimulator({ seed: 5, intervalSeconds: 60, topology: smallTopology() });
    const total = sim.series.length * 1440;
    const resumed: string[] = [];
    for (const share of [0.15 + 0.3 * Math.random(), 0.5 + 0.35 * Math.random()]) {
      const child = startCli(args);
      // kill once the database holds about `share` of the day (a random moment of the run)
      for (;;) {
        const n = await rows(db.url);
        if (n >= share * total) break;
        const exited = await Promise.race([child.done.then(() => true), new Promise((r) => setTimeout(() => r(false), 100))]);
        if (exited) throw new Error(`the backfill ended before it was killed: ${(await child.done).stderr}`);
      }
      child.process.kill('SIGKILL');
      const r = await child.done;
      expect(r.signal).toBe('SIGKILL');
      const again = startCli(args);
      // the restart names where it resumes: later each time
      const out = await Promise.race([
        new Promise<string>((resolve) => again.process.stderr!.on('data', (d: Buffer) => /resuming after (\S+)/.test(String(d)) && resolve(/resuming after (\S+)/.exec(String(d))![1]!))),
        again.done.then((x) => `ended: ${x.stderr}`),
      ]);
      resumed.push(out);
      again.process.kill('SIGKILL');
      await again.done;
    }
    const last = await startCli(args).done;
    expect(last.code, last.stderr).toBe(0);
    expect(last.stderr).toMatch(/backfill done: 1440 intervals/);
    expect(resumed).toHaveLength(2);
    for (const r of resumed) expect(r).toMatch(/^2026-03-02T/);
    expect(Date.parse(resumed[1]!)).toBeGreaterThanOrEqual(Date.parse(resumed[0]!));
    await expectStoreHolds(db.url, sim, Date.parse(DAY_FROM), Date.parse(DAY_TO));
    // run again: nothing to do, nothing written
    const done = await startCli(args).done;
    expect(done.code).toBe(0);
    expect(done.stderr).toMatch(/nothing to write/);
  }, 600_000);

  it('into two stores while one is down for a while: both end complete; the outage shows as retries', async () => {
    const a = await database('bfa');
    const b = await database('bfb');
    const { dir, topology } = work();
    const up = connectionOf(b.url);
    const proxy = await tcpProxy(up.host, up.port);
    try {
      const via = new URL(b.url);
      via.port = String(proxy.port);
      via.searchParams.set('name', 'flaky');
      const from = '2026-03-02T00:00:00Z';
      const to = '2026-03-02T04:00:00Z';
      let outage: Promise<void> | undefined;
      const watch = setInterval(() => {
        if (!outage) void rows(b.url).then((n) => (n > 0 && !outage ? (outage = proxy.outage(3000)) : undefined));
      }, 50);
      const r = await run(['backfill', '--seed', '8', '--from', from, '--to', to, '--interval', '60', '--topology', topology, '--store', a.url, '--store', via.href, '--progress', 'lines', '--progress-every', '1', '--checkpoint-dir', dir], { cwd: dir });
      clearInterval(watch);
      await outage;
      expect(r.code, r.stderr).toBe(0);
      expect(outage).toBeDefined();
      expect(r.stderr).toMatch(/flaky \S+ lag [\d.]+ s retries [1-9]/);
      const sim = createSimulator({ seed: 8, intervalSeconds: 60, topology: smallTopology() });
      await expectStoreHolds(a.url, sim, Date.parse(from), Date.parse(to));
      await expectStoreHolds(b.url, sim, Date.parse(from), Date.parse(to));
    } finally {
      await proxy.close();
    }
  }, 300_000);

  it('N shard processes into one store give exactly what one unsharded run gives', async () => {
    const sharded = await database('bfsh');
    const whole = await database('bfwh');
    const { dir, topology } = work();
    const common = ['--seed', '3', '--from', '2026-03-02T06:00:00Z', '--to', '2026-03-02T08:00:00Z', '--interval', '60', '--topology', topology, '--progress', 'none', '--checkpoint-dir', dir];
    const N = 4;
    const shards = await Promise.all(Array.from({ length: N }, (_, i) => startCli(['backfill', ...common, '--shard', `${i}/${N}`, '--store', sharded.url]).done));
    for (const s of shards) expect(s.code, s.stderr).toBe(0);
    const one = await startCli(['backfill', ...common, '--store', whole.url]).done;
    expect(one.code, one.stderr).toBe(0);
    const read = async (url: string) => {
      const store = createMysqlStore({ connection: url });
      try {
        return new Map((await store.read({ from: '2026-03-02T06:00:00Z', to: '2026-03-02T08:00:00Z' })).map((r) => [r.key, r.value]));
      } finally {
        await store.close();
      }
    };
    const [x, y] = [await read(sharded.url), await read(whole.url)];
    expect(x.size).toBe(y.size);
    expect(x.size).toBe(createSimulator({ seed: 3, intervalSeconds: 60, topology: smallTopology() }).series.length * 120);
    for (const [k, v] of y) if (x.get(k) !== v) expect(x.get(k), k).toBe(v);
    // one checkpoint per shard in the store
    const store = createMysqlStore({ connection: sharded.url });
    const [cps] = await store.$client.query('SELECT id FROM rmf_sim_checkpoints ORDER BY id');
    await store.close();
    expect((cps as { id: string }[]).map((c) => c.id)).toEqual(Array.from({ length: N }, (_, i) => `backfill/shard-${i}-of-${N}`));
  }, 300_000);

  it('Ctrl-C stops with exit 130 and the checkpoint saved; the same command then finishes the rest', async () => {
    const db = await database('bfint');
    const { dir, topology } = work();
    const args = ['backfill', '--seed', '4', '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-02T06:00:00Z', '--interval', '60', '--topology', topology, '--store', db.url, '--progress', 'none', '--batch-intervals', '5'];
    const controller = new AbortController();
    const watch = setInterval(() => void rows(db.url).then((n) => n > 0 && controller.abort()), 20);
    const first = await run(args, { signal: controller.signal, cwd: dir });
    clearInterval(watch);
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/interrupted: mysql [\d,]+ records up to (\S+); the checkpoints are saved/);
    const upTo = /up to (\S+);/.exec(first.stderr)![1]!;
    const second = await run(args, { cwd: dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`resuming after ${upTo}`);
    await expectStoreHolds(db.url, createSimulator({ seed: 4, intervalSeconds: 60, topology: smallTopology() }), Date.parse('2026-03-02T00:00:00Z'), Date.parse('2026-03-02T06:00:00Z'));

    // other arguments against that checkpoint: one clear message naming them, exit 2; --restart begins again
    const other = await run([...args.slice(0, 1), '--seed', '9', ...args.slice(3)], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(/store mysql holds the checkpoint of another backfill .*--seed was 4, now 9/);
    const restarted = await run([...args, '--restart'], { cwd: dir });
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(restarted.stderr).toMatch(/records were already stored \(replaced\)/);
  }, 300_000);

  it('Ctrl-C while the only store is down: exit 130 after the grace, the checkpoint as far as it got; later the same command completes', async () => {
    const db = await database('bfdown');
    const { dir, topology } = work();
    const up = connectionOf(db.url);
    const proxy = await tcpProxy(up.host, up.port);
    try {
      const via = new URL(db.url);
      via.port = String(proxy.port);
      const args = ['backfill', '--seed', '6', '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-02T12:00:00Z', '--interval', '60', '--topology', topology, '--store', via.href, '--progress', 'none', '--grace-seconds', '1'];
      const controller = new AbortController();
      let outage: Promise<void> | undefined;
      const watch = setInterval(() => {
        if (outage) return;
        void rows(db.url).then((n) => {
          if (n > 0 && !outage) {
            outage = proxy.outage(8000);
            setTimeout(() => controller.abort(), 500);
          }
        });
      }, 20);
      const started = Date.now();
      const first = await run(args, { signal: controller.signal, cwd: dir });
      clearInterval(watch);
      expect(first.code, first.stderr).toBe(130);
      // it did not wait for the store to come back
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(first.stderr).toMatch(/interrupted: mysql [\d,]+ records up to/);
      await outage;
      const second = await run(args, { cwd: dir });
      expect(second.code, second.stderr).toBe(0);
      await expectStoreHolds(db.url, createSimulator({ seed: 6, intervalSeconds: 60, topology: smallTopology() }), Date.parse('2026-03-02T00:00:00Z'), Date.parse('2026-03-02T12:00:00Z'));
    } finally {
      await proxy.close();
    }
  }, 300_000);
});
