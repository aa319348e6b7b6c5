import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import { hashString } from '@rmf-sim/core';
import { datetime, DAY_MS } from './sql.js';
import { ident } from './schema.js';

/** One range partition: its name and exclusive upper bound (epoch ms; Infinity for `MAXVALUE`). */
export interface PartitionInfo {
  name: string;
  bound: number;
}

/** `p20260105`: the partition whose last day is 2026-01-05 (its bound is 2026-01-06 00:00). */
export const partitionName = (bound: number) => `p${new Date(bound - DAY_MS).toISOString().slice(0, 10).replace(/-/g, '')}`;

/** Parses `'2026-01-06 00:00:00'` or `MAXVALUE` of information_schema.PARTITIONS. */
function parseBound(description: string): number {
  if (/MAXVALUE/i.test(description)) return Infinity;
  const m = /(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(description);
  if (!m) throw new Error(`unexpected partition bound ${description}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** Partitions of the given tables (empty list: the table is not partitioned), in order. */
export async function readPartitions(pool: Pool | PoolConnection, database: string, tables: readonly string[]): Promise<Map<string, PartitionInfo[]>> {
  const [rows] = await pool.query<RowDataPacket[]>(
    `SELECT TABLE_NAME AS t, PARTITION_NAME AS p, PARTITION_DESCRIPTION AS d FROM information_schema.PARTITIONS
     WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION`,
    [database, tables],
  );
  const out = new Map<string, PartitionInfo[]>(tables.map((t) => [t, []]));
  for (const r of rows) if (r.p !== null) out.get(r.t as string)?.push({ name: r.p as string, bound: parseBound(String(r.d)) });
  return out;
}

/**
 * The `ALTER TABLE … REORGANIZE PARTITION` that gives the day starting at `day` a partition of its own, or null
 * when it has one. The partition that holds the day is split into: what lies before the day (named after its last
 * day), the day, and what lies after it (keeping the old partition's name and bound, e.g. `p_max`).
 */
export function splitDaySql(qualified: string, parts: readonly PartitionInfo[], day: number): string | null {
  const end = day + DAY_MS;
  const i = parts.findIndex((p) => p.bound > day);
  if (i < 0) throw new Error('internal: no partition holds the day (the table has no MAXVALUE partition)');
  const holder = parts[i]!;
  const prev = i > 0 ? parts[i - 1]!.bound : -Infinity;
  if (prev === day && holder.bound === end) return null;
  const into: string[] = [];
  if (prev < day) into.push(`PARTITION ${ident(partitionName(day))} VALUES LESS THAN (${datetime(day)})`);
  into.push(`PARTITION ${ident(partitionName(end))} VALUES LESS THAN (${datetime(end)})`);
  if (holder.bound > end) into.push(`PARTITION ${ident(holder.name)} VALUES LESS THAN (${holder.bound === Infinity ? 'MAXVALUE' : datetime(holder.bound)})`);
  return `ALTER TABLE ${qualified} REORGANIZE PARTITION ${ident(holder.name)} INTO (${into.join(', ')})`;
}

/** A named lock of the server, scoped to a database and table prefix (names are limited to 64 characters). */
export const lockName = (database: string, prefix: string, what: string) => `rmf_sim.${what}.${hashString(`${database}\u0000${prefix}`).toString(16)}`;

/** Runs `body` on a dedicated connection while holding the named lock (waits up to `timeoutS`). */
export async function withLock<T>(pool: Pool, name: string, timeoutS: number, body: (conn: PoolConnection) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection();
  let locked = false;
  try {
    const [[row]] = await conn.query<RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS ok', [name, timeoutS]);
    if (row?.ok !== 1) throw Object.assign(new Error(`timed out after ${timeoutS} s waiting for the lock ${name} (another process is migrating or managing partitions)`), { code: 'ER_LOCK_WAIT_TIMEOUT' });
    locked = true;
    return await body(conn);
  } finally {
    if (locked) await conn.query('SELECT RELEASE_LOCK(?)', [name]).catch(() => undefined);
    conn.release();
  }
}

/**
 * Keeps a partition per day for the days data arrives for (and the day after, so that midnight in a live run needs
 * no schema change in the hot path). Remembers which days are done; the first miss of a day takes the lock, reads
 * the partitions of every table and splits what is missing.
 */
export class DailyPartitions {
  private readonly ready = new Set<number>();

  constructor(
    private readonly pool: Pool,
    private readonly database: string,
    private readonly tables: readonly { name: string; qualified: string }[],
    private readonly lock: string,
  ) {}

  /** Makes sure every day in `days` (midnights, epoch ms) has its partition in every table. */
  async ensure(days: Iterable<number>): Promise<void> {
    const missing = [...new Set(days)].filter((d) => !this.ready.has(d));
    if (missing.length === 0) return;
    await withLock(this.pool, this.lock, 60, async (conn) => {
      const wanted = [...new Set(missing.flatMap((d) => [d, d + DAY_MS]))].sort((a, b) => a - b);
      const current = await readPartitions(conn, this.database, this.tables.map((t) => t.name));
      for (const t of this.tables) {
        let parts = current.get(t.name) ?? [];
        if (parts.length === 0) throw Object.assign(new Error(`table ${t.name} is not partitioned`), { code: 'ER_NO_SUCH_TABLE' });
        for (const day of wanted) {
          const sql = splitDaySql(t.qualified, parts, day);
          if (!sql) continue;
          await conn.query(sql);
          parts = (await readPartitions(conn, this.database, [t.name])).get(t.name)!;
        }
      }
      for (const d of wanted) this.ready.add(d);
    });
  }

  /** Forgets days (after their partitions were dropped). */
  forget(predicate: (day: number) => boolean): void {
    for (const d of this.ready) if (predicate(d)) this.ready.delete(d);
  }
}
