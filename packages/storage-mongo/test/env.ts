import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MongoClient } from 'mongodb';

const root = new URL('../../../', import.meta.url).pathname;

/**
 * Where the tests connect: MONGO_URL (a real server), else the emulator that scripts/services/mongo.mjs ensures
 * (started here when `npm test` did not run it first, so that `npx vitest run packages/storage-mongo` works alone).
 */
export function mongoUrl(): string {
  if (process.env.MONGO_URL) return process.env.MONGO_URL;
  const state = () => {
    try {
      return (JSON.parse(readFileSync(`${root}.cache/mongo-emulator/state.json`, 'utf8')) as { url?: string }).url;
    } catch {
      return undefined;
    }
  };
  // ensure() reuses a running emulator (it pings it) and starts one otherwise
  execFileSync(process.execPath, [`${root}scripts/services/mongo.mjs`], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
  const url = state();
  if (!url) throw new Error('scripts/services/mongo.mjs wrote no .cache/mongo-emulator/state.json');
  return url;
}

/** Whether the tests run against the emulator (no MONGO_URL). */
export const onEmulator = !process.env.MONGO_URL;

export const MONGO_URL = mongoUrl();

let counter = 0;

/** A URL with another database in its path. */
export function withDatabase(url: string, name: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!m) throw new Error(`not a MongoDB URL: ${url}`);
  return `${m[1]}/${name}${m[2] ?? ''}`;
}

/** A uniquely named database (`rmf_t_<tag>_<pid>_<time>_<n>`) and its URL; `drop()` removes it. */
export function freshDatabase(tag: string) {
  const name = `rmf_t_${tag}_${process.pid}_${Date.now().toString(36)}_${counter++}`.slice(0, 63);
  return {
    name,
    url: withDatabase(MONGO_URL, name),
    async drop() {
      const c = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 5000 });
      try {
        await c.db(name).dropDatabase();
      } finally {
        await c.close();
      }
    },
  };
}
