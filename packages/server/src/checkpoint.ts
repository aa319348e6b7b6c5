/**
 * Checkpoints of `rmf-sim backfill`: one per store and shard, saying up to which interval that store holds
 * everything of one backfill (its identity: seed, range, interval, shard, model version, topology and scenario).
 *
 * Where: in the store itself when it can hold one (a table of MySQL/MariaDB, a collection of MongoDB), so that the
 * checkpoint lives and dies with the data (a dropped or restored database takes its checkpoint with it) and shard
 * processes on different machines or pods need no shared disk; otherwise (the in-process memory store aside, which
 * has nothing to resume) a JSON file per store and shard, replaced atomically (write, fsync, rename).
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenedStore } from './stores.js';
import { UsageError } from './errors.js';

/** What makes two backfills the same one: the same records in the same order. */
export interface BackfillIdentity {
  seed: number | string;
  /** Range of interval ends, epoch ms: (from, to]. */
  from: number;
  to: number;
  intervalSeconds: number;
  shard: { index: number; count: number };
  modelVersion: number;
  /** sha256 of the validated topology (JSON). */
  topology: string;
  /** sha256 of the scenario (JSON). */
  scenario: string;
}

/** A saved checkpoint. */
export interface Checkpoint {
  version: 1;
  identity: BackfillIdentity;
  /** End of the last interval the store holds completely (epoch ms); `identity.from` when none yet. */
  doneMs: number;
  /** Records the store acknowledged over all runs of this backfill. */
  records: number;
  /** Whether every interval up to `identity.to` is written. */
  complete: boolean;
}

/** Where a store's checkpoint lives. */
export interface CheckpointStore {
  /** For messages: `table rmf_sim_checkpoints of mysql`, `file ….json`. */
  readonly where: string;
  load(): Promise<Checkpoint | null>;
  save(checkpoint: Checkpoint): Promise<void>;
}

/** sha256 (hex) of a value's JSON. */
export const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The checkpoint's key inside a store: one per shard of a store. */
export const checkpointKey = (shard: { index: number; count: number }) => `backfill/shard-${shard.index}-of-${shard.count}`;

/** Minimal mysql2 pool as the MySQL store exposes it. */
interface SqlPool {
  query(sql: string, values?: unknown[]): Promise<[unknown, unknown]>;
}

/** Minimal MongoDB client as the Mongo store exposes it. */
interface MongoLike {
  db(name: string): { collection(name: string): { findOne(filter: object): Promise<unknown>; replaceOne(filter: object, doc: object, options: object): Promise<unknown> } };
}

function mysqlCheckpoints(opened: OpenedStore, key: string): CheckpointStore {
  const store = opened.store as unknown as { $client: SqlPool; tables: readonly { name: string; family: string }[] };
  // the store's own table prefix (`<prefix><family>_metrics`)
  const first = store.tables[0]!;
  const prefix = first.name.slice(0, first.name.length - `${first.family}_metrics`.length);
  const table = `\`${`${prefix}rmf_sim_checkpoints`.replace(/`/g, '``')}\``;
  let created = false;
  const ensure = async () => {
    if (created) return;
    await store.$client.query(`CREATE TABLE IF NOT EXISTS ${table} (id VARCHAR(191) CHARACTER SET ascii NOT NULL PRIMARY KEY, body TEXT NOT NULL, updated TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)) ENGINE=InnoDB`);
    created = true;
  };
  return {
    where: `table ${prefix}rmf_sim_checkpoints of store ${opened.name}`,
    async load() {
      await ensure();
      const [rows] = (await store.$client.query(`SELECT body FROM ${table} WHERE id = ?`, [key])) as [{ body: string }[], unknown];
      return rows[0] ? (JSON.parse(rows[0].body) as Checkpoint) : null;
    },
    async save(cp) {
      await ensure();
      await store.$client.query(`INSERT INTO ${table} (id, body) VALUES (?, ?) ON DUPLICATE KEY UPDATE body = VALUES(body)`, [key, JSON.stringify(cp)]);
    },
  };
}

function mongoCheckpoints(opened: OpenedStore, key: string): CheckpointStore {
  const store = opened.store as unknown as { $client: MongoLike; database: string; collections: readonly { name: string; family: string }[] };
  const first = store.collections[0]!;
  const prefix = first.name.slice(0, Math.max(0, first.name.indexOf(first.family)));
  const name = `${prefix}rmf_sim_checkpoints`;
  const collection = () => store.$client.db(store.database).collection(name);
  return {
    where: `collection ${name} of store ${opened.name}`,
    async load() {
      const doc = (await collection().findOne({ key })) as { body?: string } | null;
      return doc?.body ? (JSON.parse(doc.body) as Checkpoint) : null;
    },
    async save(cp) {
      await collection().replaceOne({ key }, { key, body: JSON.stringify(cp) }, { upsert: true });
    },
  };
}

function fileCheckpoints(opened: OpenedStore, shard: { index: number; count: number }, dir: string): CheckpointStore {
  // the store's name and a hash of its URL (without credentials): two databases never share a file
  const safe = opened.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  const file = join(dir, `${safe}-${digest(opened.url).slice(0, 12)}.shard-${shard.index}-of-${shard.count}.json`);
  return {
    where: `file ${file}`,
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
      try {
        return JSON.parse(text) as Checkpoint;
      } catch (e) {
        throw new UsageError(`the checkpoint ${file} is not valid JSON; remove it (or use --restart) to begin again`, { cause: e });
      }
    },
    async save(cp) {
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(`${JSON.stringify(cp, null, 1)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, file);
    },
  };
}

/**
 * The checkpoint store of an opened store: in the store for MySQL/MariaDB and MongoDB, a file under `dir` for other
 * kinds that keep data beyond the process, none for `memory:` (nothing survives the process to resume).
 */
export function checkpointsOf(opened: OpenedStore, shard: { index: number; count: number }, dir: string): CheckpointStore | null {
  const key = checkpointKey(shard);
  if (opened.kind === 'memory') return null;
  if (opened.kind === 'mysql') return mysqlCheckpoints(opened, key);
  if (opened.kind === 'mongodb') return mongoCheckpoints(opened, key);
  return fileCheckpoints(opened, shard, dir);
}

/** Human names of the identity's fields, for the mismatch message. */
const FIELD: Record<keyof BackfillIdentity, string> = {
  seed: '--seed',
  from: '--from',
  to: '--to',
  intervalSeconds: '--interval',
  shard: '--shard',
  modelVersion: 'the model version of @rmf-sim/core',
  topology: '--topology (its content)',
  scenario: '--scenario (its content)',
};

const show = (k: keyof BackfillIdentity, v: unknown) => (k === 'from' || k === 'to' ? new Date(v as number).toISOString() : k === 'shard' ? `${(v as { index: number }).index}/${(v as { count: number }).count}` : k === 'topology' || k === 'scenario' ? `sha256 ${String(v).slice(0, 12)}…` : JSON.stringify(v));

/** Throws {@link UsageError} naming each argument in which a checkpoint's backfill differs from this one. */
export function checkIdentity(store: string, where: string, saved: Checkpoint, now: BackfillIdentity): void {
  if (saved.version !== 1 || typeof saved.identity !== 'object' || saved.identity === null) throw new UsageError(`store ${store}: the checkpoint in ${where} is not one this version of rmf-sim writes; use --restart to begin again`);
  const diffs: string[] = [];
  for (const k of Object.keys(FIELD) as (keyof BackfillIdentity)[]) {
    if (JSON.stringify(saved.identity[k]) !== JSON.stringify(now[k])) diffs.push(`${FIELD[k]} was ${show(k, saved.identity[k])}, now ${show(k, now[k])}`);
  }
  if (diffs.length) {
    throw new UsageError(`store ${store} holds the checkpoint of another backfill (${where}): ${diffs.join('; ')}. Run it again with the same arguments to resume it, or add --restart to begin this one (the stored records stay; rewriting them replaces them)`);
  }
}
