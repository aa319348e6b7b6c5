/**
 * Where backfill checkpoints live besides MySQL (tested in backfill-mysql.test.ts): a MongoDB collection (the
 * emulator, or MONGO_URL), a file for other kinds, none for memory:.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createSimulator, seriesKey } from '@rmf-sim/core';
import { MongoClient } from 'mongodb';
import { freshDatabase } from '../../storage-mongo/test/env.js';
import { checkIdentity, checkpointsOf, type Checkpoint } from '../src/checkpoint.js';
import type { OpenedStore } from '../src/stores.js';
import { openStores } from '../src/index.js';
import { smallTopology, workDir } from './backfill-helpers.js';
import { run } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const identity = { seed: 1, from: 0, to: 60_000, intervalSeconds: 15, shard: { index: 0, count: 1 }, modelVersion: 3, topology: 'a'.repeat(64), scenario: 'b'.repeat(64) };

describe('checkpoints', () => {
  it('of MongoDB are a document of the collection rmf_sim_checkpoints; a second run finds the backfill complete', async () => {
    const db = freshDatabase('bfck');
    const { dir, topology } = work();
    try {
      const url = `${db.url}${db.url.includes('?') ? '&' : '?'}timeSeries=false`;
      const args = ['backfill', '--seed', '2', '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-02T00:20:00Z', '--interval', '60', '--topology', topology, '--store', url, '--progress', 'none'];
      const first = await run(args, { cwd: dir });
      expect(first.code, first.stderr).toBe(0);
      const again = await run(args, { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/resuming after 2026-03-02T00:20:00Z \(checkpoint in collection rmf_sim_checkpoints of store mongodb\)/);
      expect(again.stderr).toMatch(/nothing to write/);
      const client = new MongoClient(db.url);
      try {
        const docs = await client.db(db.name).collection('rmf_sim_checkpoints').find({}).toArray();
        expect(docs.map((d) => d.key)).toEqual(['backfill/shard-0-of-1']);
        const cp = JSON.parse(docs[0]!.body as string) as Checkpoint;
        expect(cp).toMatchObject({ version: 1, complete: true, doneMs: Date.parse('2026-03-02T00:20:00Z'), identity: { seed: 2, intervalSeconds: 60 } });
      } finally {
        await client.close();
      }
      // and the records are the simulator's
      const [opened] = await openStores([url]);
      const records = await opened!.store.read({ from: '2026-03-02T00:00:00Z', to: '2026-03-02T00:20:00Z' });
      await opened!.store.close();
      const sim = createSimulator({ seed: 2, intervalSeconds: 60, topology: smallTopology() });
      expect(records).toHaveLength(sim.series.length * 20);
      const want = new Map(sim.samples('2026-03-02T00:07:00Z').map((s) => [`${seriesKey(s.metric, s.labels)}@${s.timestamp}`, s.value]));
      for (const r of records) if (want.has(r.key)) expect(r.value).toBe(want.get(r.key));
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('of other kinds are a file per store and shard, replaced whole; a file that is not JSON is a clear error', async () => {
    const { dir } = work();
    const opened: OpenedStore = { name: 'archive', kind: 's3', url: 's3://bucket/prefix', store: createMemoryStore(), owned: true };
    const cps = checkpointsOf(opened, { index: 1, count: 3 }, dir)!;
    expect(cps.where).toMatch(/^file .*archive-[0-9a-f]{12}\.shard-1-of-3\.json$/);
    expect(await cps.load()).toBeNull();
    const cp: Checkpoint = { version: 1, identity, doneMs: 30_000, records: 10, complete: false };
    await cps.save(cp);
    await cps.save({ ...cp, doneMs: 45_000 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.json') && f.startsWith('archive'))).toHaveLength(1);
    expect(await cps.load()).toEqual({ ...cp, doneMs: 45_000 });
    // another URL of the same name is another file
    expect(checkpointsOf({ ...opened, url: 's3://other/prefix' }, { index: 1, count: 3 }, dir)!.where).not.toBe(cps.where);
    const file = cps.where.slice('file '.length);
    writeFileSync(file, '{"version": 1, ');
    await expect(cps.load()).rejects.toThrow(/is not valid JSON; remove it \(or use --restart\)/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, ');
  });

  it('of memory: there are none (nothing survives the process)', () => {
    expect(checkpointsOf({ name: 'memory', kind: 'memory', url: 'memory:', store: createMemoryStore(), owned: true }, { index: 0, count: 1 }, '/nonexistent')).toBeNull();
  });

  it('a checkpoint of another backfill names every argument that differs', () => {
    const saved: Checkpoint = { version: 1, identity, doneMs: 0, records: 0, complete: false };
    expect(() => checkIdentity('db', 'here', saved, identity)).not.toThrow();
    expect(() => checkIdentity('db', 'here', saved, { ...identity, seed: 2, to: 120_000, shard: { index: 1, count: 2 }, topology: 'c'.repeat(64) })).toThrow(
      /store db holds the checkpoint of another backfill \(here\): --seed was 1, now 2; --to was 1970-01-01T00:01:00.000Z, now 1970-01-01T00:02:00.000Z; --shard was 0\/1, now 1\/2; --topology \(its content\) was sha256 aaaaaaaaaaaa…, now sha256 cccccccccccc…/,
    );
    expect(() => checkIdentity('db', 'here', { ...saved, version: 2 as 1 }, identity)).toThrow(/not one this version of rmf-sim writes/);
  });
});

function work() {
  const w = workDir();
  dirs.push(w.dir);
  return w;
}

describe('backfill progress', () => {
  const args = ['backfill', '--seed', '2', '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-02T00:30:00Z', '--interval', '60', '--store', 'memory:'];
  it('on a terminal: a bar with the percentage, simulated time reached, records/s, ETA and each store', async () => {
    const { dir, topology } = work();
    const r = await run([...args, '--topology', topology], { cwd: dir, ttyStderr: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/backfill \|[█░]+\| 100% \| reached 2026-03-02T00:30:00Z \| [\d.]+ k? ?records\/s \| ETA [\d:?]+ \| memory 2026-03-02T00:30:00Z lag [\d.]+ s retries 0/);
  });

  it('otherwise: plain lines every --progress-every seconds and one summary', async () => {
    const { dir, topology } = work();
    const r = await run([...args, '--topology', topology, '--progress', 'lines'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stderr.trim().split('\n');
    expect(out[out.length - 1]).toMatch(/^rmf-sim: backfill done: 30 intervals \(2026-03-02T00:01:00Z … 2026-03-02T00:30:00Z\), \d+ series; memory [\d,]+ records up to 2026-03-02T00:30:00Z; [\d.]+ s, [\d,]+ records\/s per store$/);
    for (const l of out.slice(0, -1)) expect(l).toMatch(/^rmf-sim backfill: [\d.]+% \d+\/30 intervals \| reached /);
  });

  it('bad arguments: exit 2 naming the flag', async () => {
    for (const [extra, pattern] of [
      [['--progress', 'fancy'], /--progress: expected auto, bar, lines or none/],
      [['--store', 'ftp://x'], /--store\[1\]: unknown store scheme ftp:/],
      [['--shard', '4/4'], /--shard: the index must be less than the count/],
      [['--batch-intervals', '0'], /--batch-intervals: must be at least 1/],
    ] as const) {
      const r = await run([...args, ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    const none = await run(['backfill', '--from', '2026-03-02T00:00:00Z', '--to', '2026-03-02T00:30:00Z']);
    expect(none.stderr).toMatch(/missing --store URL/);
  });
});
