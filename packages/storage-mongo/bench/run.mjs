// npm run bench (after the MySQL bench): MongoDB write throughput of @rmf-sim/storage-mongo. Plain Node ESM against
// the built packages.
//
// In the same run and on the same server, the same records (the default topology, 4265 series per 15 s interval),
// each into a fresh database:
//   adapter    simulator → createWritePipeline (default batching) → createMongoStore (migrated; regular collections
//              on the emulator, whatever `timeSeries: 'auto'` picks on MONGO_URL)
//   insertMany simulator → the same documents (documentsOf: one per interval, sysplex, entity and family) →
//              the plain driver's unordered insertMany per collection and interval, the collections concurrently, into
//              collections with the same indexes: what one writes by hand
// BENCH_MONGO_HOURS simulated hours each (default 1), BENCH_ROUNDS rounds (default 3, order alternated); prints the
// median records/s of each and the adapter's ratio to insertMany (target ≥ 0.9).
//
// Connects to MONGO_URL, else to the emulator scripts/services/mongo.mjs ensures.
import { createSimulator, createWritePipeline, toRecords } from '@rmf-sim/core';
import { systemClock } from '@rmf-sim/core/system-clock';
import { compileLayout, createMongoStore, documentsOf } from '@rmf-sim/storage-mongo';
import { MongoClient } from 'mongodb';
import { ensure, mongoUrl } from '../../../scripts/services/mongo.mjs';

const HOURS = Number(process.env.BENCH_MONGO_HOURS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const START = Date.parse('2026-01-05T00:00:00Z');

console.log(`bench mongo: ${await ensure()}`);
const base = mongoUrl();
const withDatabase = (name) => base.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/, (_, hosts, query) => `${hosts}/${name}${query ?? ''}`);
const admin = new MongoClient(base);
const info = await admin.db('admin').command({ buildInfo: 1 });

const sim = createSimulator({ seed: 42 });
const intervals = Math.round((HOURS * 3_600_000) / sim.intervalMs);
const perMethod = intervals * sim.series.length;
const layout = compileLayout('');
const now = () => performance.now() / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const times = () => Array.from({ length: intervals }, (_, i) => START + (i + 1) * sim.intervalMs);

async function freshDatabase(tag) {
  const name = `rmf_bench_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const store = createMongoStore({ url: withDatabase(name) });
  const { layouts } = await store.migrate(); // the same collections and indexes for both methods
  return { name, store, layout: layouts.cpu, drop: () => admin.db(name).dropDatabase() };
}

async function countElements(name) {
  let n = 0;
  for (const c of layout.collections) {
    const [row] = await admin.db(name).collection(c.name).aggregate([{ $project: { n: { $size: '$metrics' } } }, { $group: { _id: null, n: { $sum: '$n' } } }]).toArray();
    n += row?.n ?? 0;
  }
  return n;
}

async function adapter(db) {
  const pipeline = createWritePipeline({ sinks: { mongo: db.store }, clock: systemClock });
  for (const t of times()) await pipeline.write(sim.samples(t));
  const stats = await pipeline.close();
  if (stats.sinks.mongo.dropped) throw new Error('the adapter dropped records');
}

async function insertMany(db) {
  const client = new MongoClient(withDatabase(db.name));
  const target = client.db(db.name);
  for (const t of times()) {
    const byCollection = new Map();
    for (const { collection, document } of documentsOf(layout, toRecords(sim.samples(t)))) {
      const list = byCollection.get(collection) ?? [];
      byCollection.set(collection, list);
      list.push(document);
    }
    await Promise.all([...byCollection].map(([name, docs]) => target.collection(name).insertMany(docs, { ordered: false })));
  }
  await client.close();
}

const methods = { adapter, insertMany };
const rates = Object.fromEntries(Object.keys(methods).map((m) => [m, []]));
console.log(`bench mongo: server ${info.version} (${info.gitVersion === 'congodb' ? 'the wire-protocol emulator' : 'mongod'}); ${HOURS} simulated hour(s) = ${fmt(perMethod)} records per method, ${ROUNDS} round(s)`);
for (let r = 0; r < ROUNDS; r++) {
  const names = Object.keys(methods);
  const order = r % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    const db = await freshDatabase(name.toLowerCase());
    try {
      const t0 = now();
      await methods[name](db);
      const seconds = now() - t0;
      const n = await countElements(db.name);
      if (n !== perMethod) throw new Error(`${name}: ${n} records stored, expected ${perMethod}`);
      rates[name].push(perMethod / seconds);
      console.log(`  round ${r + 1} ${name.padEnd(10)} ${fmt(perMethod / seconds).padStart(9)} records/s (${seconds.toFixed(1)} s, ${db.layout} collections)`);
    } finally {
      await db.store.close();
      await db.drop();
    }
  }
}
const a = median(rates.adapter);
const p = median(rates.insertMany);
console.log(`bench mongo: median adapter ${fmt(a)} records/s, insertMany ${fmt(p)} records/s; ratio adapter/insertMany ${(a / p).toFixed(2)} (target ≥ 0.9)`);
await admin.close();
