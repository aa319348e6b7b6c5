import { createMemoryStore, toRecords } from '@rmf-sim/core';
import { describeStoreContract, recordsAt, T0 } from '@rmf-sim/storage-contract';
import { describe, expect, it } from 'vitest';
import { sim42 } from './helpers.js';

describeStoreContract('memory', { create: async () => createMemoryStore() });

describe('memory store', () => {
  it('counts what it holds in size, and forgets it on close', async () => {
    const store = createMemoryStore();
    const records = recordsAt([T0 + 15_000, T0 + 30_000]);
    await store.write(records);
    await store.write(records.slice(0, 10));
    expect(store.size).toBe(records.length);
    await store.deleteBefore(T0 + 30_000);
    expect(store.size).toBe(records.length / 2);
    await store.close();
    expect(store.size).toBe(0);
  });

  it('holds one interval of the default topology: one record per series, with distinct keys', async () => {
    const store = createMemoryStore();
    const records = toRecords(sim42.samples('2026-01-05T09:00:00Z'));
    expect(new Set(records.map((r) => r.key)).size).toBe(sim42.series.length);
    expect(await store.write(records)).toEqual({ written: sim42.series.length, duplicates: 0 });
    expect(store.size).toBe(sim42.series.length);
  });
});
