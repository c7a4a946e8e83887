/**
 * Seeding for bench/screenpop.bench.ts, inside MariaDB (Sequence engine, INSERT … SELECT in chunks):
 * the synthetic clients of synthetic-clients.ts (one phone each, emails, tags), a call history spread
 * over them, a few deals / notes / open callbacks, operators with extensions and live sessions.
 *
 * Secondary indexes over random values are dropped before a bulk load and re-added after it (a sorted,
 * bottom-up build), as caller-lookup.bench.ts does; indexes backing a foreign key stay. The tables are
 * checked to be exactly as the migrations made them afterwards.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { emit, info, round } from './stats';
import { clientsInsertSql, emailsInsertSql, extensionsInsertSql, phoneOf, phonesInsertSql, tagsInsertSql } from './synthetic-clients';

export type LoadStep = { table: string; label: string; sql: (lo: number, hi: number) => string };

async function showCreate(conn: Connection, table: string): Promise<string> {
  const [[row]] = await conn.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${table}\``);
  return String(row!['Create Table']);
}

/** Chunked INSERT … SELECT of seq from..to per step, with the tables' non-FK secondary indexes built afterwards. */
export async function bulkLoad(conn: Connection, what: string, steps: LoadStep[], from: number, to: number, chunk: number): Promise<number> {
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  const t0 = process.hrtime.bigint();
  const deferred = new Map<string, { before: string; keys: string[] }>();
  for (const table of new Set(steps.map((s) => s.table))) {
    const before = await showCreate(conn, table);
    const fkColumns = [...before.matchAll(/FOREIGN KEY \(`([^`]+)`/g)].map((m) => m[1]);
    const keys = before
      .split('\n')
      .map((l) => l.trim().replace(/,$/, ''))
      .filter((l) => /^(UNIQUE )?KEY `/.test(l))
      .filter((l) => !fkColumns.includes(/\(`([^`]+)`/.exec(l)?.[1] ?? ''));
    if (keys.length === 0) continue;
    await conn.query(`ALTER TABLE \`${table}\` ${keys.map((k) => `DROP INDEX \`${/KEY `([^`]+)`/.exec(k)![1]}\``).join(', ')}`);
    deferred.set(table, { before, keys });
  }
  let total = 0;
  for (const { label, sql } of steps) {
    const t1 = process.hrtime.bigint();
    let rows = 0;
    for (let lo = from; lo <= to; lo += chunk) {
      const hi = Math.min(to, lo + chunk - 1);
      const [res] = await conn.query(sql(lo, hi));
      rows += (res as { affectedRows: number }).affectedRows;
      const sec = Number(process.hrtime.bigint() - t1) / 1e9;
      if (hi === to || ((lo - from) / chunk) % 4 === 3) info(`  ${label}: ${rows.toLocaleString('en')} rows, ${sec.toFixed(0)} s (${Math.round(rows / Math.max(sec, 1e-3)).toLocaleString('en')} rows/s)`);
    }
    total += rows;
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    emit({ bench: 'screenpop', case: 'seed', table: label, step: 'insert', rows, seconds: round(seconds, 1), rows_per_s: Math.round(rows / Math.max(seconds, 1e-3)) });
  }
  for (const [table, { before, keys }] of deferred) {
    const t1 = process.hrtime.bigint();
    await conn.query(`ALTER TABLE \`${table}\` ${keys.map((k) => `ADD ${k}`).join(', ')}`);
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const after = await showCreate(conn, table);
    const strip = (d: string) => d.replace(/ AUTO_INCREMENT=\d+/, '').split('\n').map((l) => l.trim().replace(/,$/, '')).sort().join('\n');
    if (strip(after) !== strip(before)) throw new Error(`${table} is not as the migrations made it after re-adding its indexes:\n${before}\n---\n${after}`);
    info(`  ${table}: ${keys.length} indexes built in ${seconds.toFixed(0)} s`);
    emit({ bench: 'screenpop', case: 'seed', table, step: 'index_build', indexes: keys.length, seconds: round(seconds, 1) });
  }
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  info(`${what}: ${total.toLocaleString('en')} rows in ${seconds.toFixed(0)} s`);
  return seconds;
}

export const clientSteps: LoadStep[] = [
  { table: 'clients', label: 'clients', sql: clientsInsertSql },
  { table: 'client_phones', label: 'client_phones', sql: phonesInsertSql },
  { table: 'client_phones', label: 'client_phones (extensions)', sql: extensionsInsertSql },
  { table: 'client_emails', label: 'client_emails', sql: emailsInsertSql },
  { table: 'client_tags', label: 'client_tags', sql: tagsInsertSql },
];

/** The E.164 number of synthetic client `c` (an SQL expression over column c), as phoneOf(c).e164. */
const E164_OF_C = `CONCAT('+', IF(c % 4 < 2, '7', '380'), ELT(1 + c % 4, '916', '903', '67', '44'), LPAD(((c DIV 4) * 6180339 + 1234567) % 10000000, 7, '0'))`;
/** Client of history call seq: a CRC32 hash spread, so clients get ~Poisson(calls/clients) calls each. */
const CLIENT_OF_SEQ = (clients: number) => `1 + CRC32(CONCAT('call', seq)) % ${clients}`;

/**
 * History call `seq` (id = seq): 85 % inbound (85 % answered), 15 % outbound (60 % answered), at a steady
 * pace from 2023-01-01 (spacingS apart, so the history ends before today), by one of the operators
 * (ids 1..operators) when answered, 30 % of answered calls with a disposition, 10 % with a note.
 */
export function callsInsertSql(clients: number, operators: number, spacingS: number) {
  return (lo: number, hi: number) => `INSERT INTO calls (id, pbx, pbx_call_id, direction, external_number, external_e164, client_id, operator_id, queue, started_at, answered_at, ended_at, ring_seconds, wait_seconds, talk_seconds, outcome, disposition, note, recording_url, created_at, updated_at)
SELECT seq, 'history', CONCAT('h-', seq), dir, e164, e164, c, IF(ans, op, NULL), IF(dir = 'inbound', 'hotline', NULL),
       st, IF(ans, st + INTERVAL ring SECOND, NULL), st + INTERVAL (ring + IF(ans, talk, 0)) SECOND,
       ring, IF(dir = 'inbound', ring, NULL), IF(ans, talk, NULL),
       IF(ans, 'answered', IF(dir = 'inbound', 'abandoned', 'no_answer')),
       IF(ans AND h % 10 < 3, ELT(1 + (h DIV 10) % 5, 'sale', 'callback_promised', 'info', 'complaint', 'not_interested'), NULL),
       IF(ans AND h % 10 = 0, CONCAT('Клиент просил перезвонить по заказу №', seq), NULL),
       NULL, st + INTERVAL (ring + talk) SECOND, st + INTERVAL (ring + talk) SECOND
FROM (
  SELECT seq, c, h,
         IF(h % 100 < 85, 'inbound', 'outbound') AS dir,
         ((h DIV 100) % 100) < IF(h % 100 < 85, 85, 60) AS ans,
         1 + (h DIV 10000) % ${operators} AS op,
         3 + (h DIV 7) % 25 AS ring,
         20 + (h DIV 13) % 400 AS talk,
         TIMESTAMP '2023-01-01 00:00:00' + INTERVAL (seq * ${spacingS}) SECOND AS st,
         ${E164_OF_C} AS e164
  FROM (SELECT seq, ${CLIENT_OF_SEQ(clients)} AS c, CRC32(CONCAT('h', seq)) AS h FROM seq_${lo}_to_${hi}) a
) s`;
}

/** One deal for every 5th client, one note for every 3rd, an open callback for every 20th. */
export function extrasSteps(operators: number): LoadStep[] {
  return [
    {
      table: 'deals',
      label: 'deals',
      sql: (lo, hi) => `INSERT INTO deals (client_id, title, amount, closed_at, created_by_id, created_at)
SELECT seq, CONCAT('Поставка №', seq), (CRC32(CONCAT('d', seq)) % 10000000) / 100, DATE '2023-01-01' + INTERVAL (CRC32(seq) % 700) DAY, NULL, TIMESTAMP '2023-01-01 00:00:00' + INTERVAL (CRC32(seq) % 700) DAY
FROM seq_${lo}_to_${hi} WHERE seq % 5 = 0`,
    },
    {
      table: 'client_notes',
      label: 'client_notes',
      sql: (lo, hi) => `INSERT INTO client_notes (client_id, author_id, body, created_at)
SELECT seq, NULL, CONCAT('Интересовался оптовыми ценами, просил прислать прайс. Клиент №', seq), TIMESTAMP '2023-01-01 00:00:00' + INTERVAL (CRC32(CONCAT('n', seq)) % 60000000) SECOND
FROM seq_${lo}_to_${hi} WHERE seq % 3 = 0`,
    },
    {
      table: 'callbacks',
      label: 'callbacks',
      sql: (lo, hi) => `INSERT INTO callbacks (client_id, assignee_id, due_at, origin_call_id, status, priority, note, reassign_count, version, created_by_id, created_at, updated_at, completed_at)
SELECT seq, 1 + seq % ${operators}, NOW(3) + INTERVAL (seq % 10000) MINUTE, NULL, 'pending', 0, 'Перезвонить после 15:00', 0, 1, NULL, NOW(3), NOW(3), NULL
FROM seq_${lo}_to_${hi} WHERE seq % 20 = 0`,
    },
  ];
}

/** Checks the SQL phone formula of the call history against phoneOf on a sample. */
export async function verifyCalls(conn: Connection, calls: number): Promise<void> {
  const ids = Array.from({ length: 500 }, (_, k) => 1 + Math.floor(((k * 2654435761) % 4294967296) / 4294967296 * calls));
  const [rows] = await conn.query<RowDataPacket[]>('SELECT id, client_id, external_e164 FROM calls WHERE id IN (?)', [ids]);
  for (const r of rows) {
    if (phoneOf(Number(r.client_id)).e164 !== r.external_e164) throw new Error(`history call ${r.id}: ${r.external_e164} is not client ${r.client_id}'s number ${phoneOf(Number(r.client_id)).e164}`);
  }
  const [[c]] = await conn.query<RowDataPacket[]>('SELECT COUNT(*) n, MAX(started_at) last FROM calls');
  if (Number(c!.n) !== calls) throw new Error(`expected ${calls} history calls, found ${c!.n}`);
  info(`verified ${rows.length} history calls' numbers against phoneOf; ${calls} calls, the last at ${new Date(c!.last).toISOString()}`);
}

export type BenchUser = { id: number; extension: string | null; token: string };

/**
 * Users 1..operators: operators with extensions 1000…; then one operator without an extension (the echo
 * socket's user); then `extra` more operators (extensions 20001…) for the memory phase. Each gets a live
 * session: a random token whose SHA-256 (hex) is stored, as AuthService.login does. With `reuse`, the
 * users must already be there (a database kept from an earlier run): their sessions are replaced, their
 * agent state reset to offline, and the calls the earlier run logged (pbx 'bench') deleted.
 */
export async function seedUsers(conn: Connection, operators: number, extra: number, reuse = false): Promise<{ operators: BenchUser[]; echo: BenchUser; extra: BenchUser[] }> {
  const total = operators + 1 + extra;
  const extOf = (id: number) => (id <= operators ? String(999 + id) : id === operators + 1 ? null : String(20000 + id - operators - 1));
  const users: BenchUser[] = [];
  for (let id = 1; id <= total; id++) users.push({ id, extension: extOf(id), token: randomBytes(32).toString('base64url') });
  const now = new Date();
  const expires = new Date(now.getTime() + 24 * 3600_000);
  if (reuse) {
    const [[u]] = await conn.query<RowDataPacket[]>("SELECT COUNT(*) n, SUM(extension IS NOT NULL AND CAST(extension AS UNSIGNED) < 20000) ops FROM users WHERE login LIKE 'bench\\_op\\_%'");
    if (Number(u!.n) < total || Number(u!.ops) !== operators) throw new Error(`the kept database has ${u!.n} bench users (${u!.ops} with extensions 1000…), this run needs ${total} (${operators})`);
    await conn.query('DELETE FROM sessions');
    await conn.query("UPDATE users SET state = 'offline', state_since = ?", [now]);
    const [res] = await conn.query("DELETE FROM calls WHERE pbx = 'bench'");
    await conn.query("DELETE FROM call_legs WHERE pbx = 'bench'");
    info(`reusing the users; ${(res as { affectedRows: number }).affectedRows} calls of an earlier run deleted`);
  }
  for (let i = 0; i < users.length; i += 1000) {
    const batch = users.slice(i, i + 1000);
    if (!reuse) {
      await conn.query(
        'INSERT INTO users (id, login, password_hash, name, role, extension, team_id, state, state_since, locale, active, created_at, updated_at) VALUES ?',
        [batch.map((u) => [u.id, `bench_op_${u.id}`, 'scrypt$bench$not-a-real-hash', `Оператор ${u.id}`, 'operator', u.extension, null, 'offline', now, null, 1, now, now])],
      );
    }
    await conn.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at, ip, user_agent) VALUES ?', [
      batch.map((u) => [createHash('sha256').update(u.token).digest('hex'), u.id, now, expires, null, '127.0.0.1', 'screenpop-bench']),
    ]);
  }
  info(`${total} users with sessions (${operators} operators with extensions 1000–${999 + operators}, 1 echo user, ${extra} for the memory phase)`);
  return { operators: users.slice(0, operators), echo: users[operators]!, extra: users.slice(operators + 1) };
}

/** How many history calls each of these clients has (the pop shows the last 10 of them). */
export async function historyCounts(conn: Connection, clientIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < clientIds.length; i += 5000) {
    const [rows] = await conn.query<RowDataPacket[]>('SELECT client_id c, COUNT(*) n FROM calls WHERE client_id IN (?) GROUP BY client_id', [clientIds.slice(i, i + 5000)]);
    for (const r of rows) out.set(Number(r.c), Number(r.n));
  }
  return out;
}
