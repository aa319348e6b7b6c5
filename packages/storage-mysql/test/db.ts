import mysql from 'mysql2/promise';

/** Where the tests connect: RMF_SIM_MYSQL_URL, or the server `scripts/services/mariadb.mjs` ensures. */
export const MYSQL_URL = process.env.RMF_SIM_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/rmf_sim_test';

let counter = 0;

/** Connection settings of a `mysql://` URL. */
export function connectionOf(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: decodeURIComponent(u.pathname.slice(1)) || undefined };
}

/** A connection pool to the server (no default database), for administration. */
export function adminPool(connectionLimit = 2) {
  const { database: _database, ...c } = connectionOf(MYSQL_URL);
  return mysql.createPool({ ...c, connectionLimit, supportBigNumbers: true });
}

/** A new, uniquely named database and its URL; `drop()` removes it. */
export async function freshDatabase(tag: string) {
  const name = `rmf_t_${tag}_${process.pid}_${Date.now().toString(36)}_${counter++}`.slice(0, 64);
  const admin = adminPool(1);
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  const u = new URL(MYSQL_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    async drop() {
      const a = adminPool(1);
      await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.end();
    },
  };
}
