/**
 * Seeding for bench/kpi.bench.ts, inside MariaDB:
 *   - seedFloor: teams, operators with extensions (state 'available', spread over the teams), one
 *     supervisor (the teams' supervisor), live sessions (sha256(token) stored, as AuthService.login does);
 *   - seedHistory: BENCH_CALLS_IN_DB historical calls over `days` days from the Sequence engine
 *     (INSERT … SELECT FROM seq_lo_to_hi in chunks), then their call_legs from the calls (PK ranges), with
 *     the tables' secondary indexes dropped before and rebuilt after the load (a sorted build), and the
 *     schema checked to be exactly as the migrations made it afterwards.
 *
 * The history's mix (by a CRC32 hash h of the call id, so it is the same on every run):
 *   85 % inbound: 85 % answered (15 % of those after a ring-no-answer on another operator: a 'missed'
 *   leg first; 3 % transferred on: a 'transferred_in' leg), 10 % abandoned in the queue, 5 % missed
 *   (rang one operator, nobody answered: one 'missed' leg);
 *   13 % outbound: 60 % answered (a leg for the operator who placed it, as CallRecord writes), else busy;
 *   2 % internal. 30 % of answered calls carry a disposition, operators 1..operators, wait 3–40 s,
 *   talk 20–419 s, calls evenly spaced over the days.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { emit, info, round } from './stats';

export type FloorUser = { id: number; extension: string | null; token: string; teamId: number | null };

export async function seedFloor(conn: Connection, operators: number, teams: number, supervisorExtension: string | null): Promise<{ operators: FloorUser[]; supervisor: FloorUser }> {
  const now = new Date();
  const expires = new Date(now.getTime() + 24 * 3600_000);
  const supId = operators + 1;
  await conn.query('SET SESSION foreign_key_checks = 0');
  await conn.query('INSERT INTO teams (id, name, supervisor_id, created_at) VALUES ?', [Array.from({ length: teams }, (_, i) => [i + 1, `Смена ${i + 1}`, supId, now])]);
  const users: FloorUser[] = [];
  for (let id = 1; id <= operators; id++) users.push({ id, extension: String(999 + id), token: randomBytes(32).toString('base64url'), teamId: 1 + ((id - 1) % teams) });
  const supervisor: FloorUser = { id: supId, extension: supervisorExtension, token: randomBytes(32).toString('base64url'), teamId: null };
  const rows = [...users.map((u) => [u.id, `kpi_op_${u.id}`, 'scrypt$bench$not-a-real-hash', `Оператор ${u.id}`, 'operator', u.extension, u.teamId, 'available', now, null, 1, now, now])];
  rows.push([supId, 'kpi_sup', 'scrypt$bench$not-a-real-hash', 'Старший смены', 'supervisor', supervisorExtension, null, 'available', now, null, 1, now, now]);
  await conn.query('INSERT INTO users (id, login, password_hash, name, role, extension, team_id, state, state_since, locale, active, created_at, updated_at) VALUES ?', [rows]);
  await conn.query('SET SESSION foreign_key_checks = 1');
  await conn.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, revoked_at, ip, user_agent) VALUES ?', [
    [...users, supervisor].map((u) => [createHash('sha256').update(u.token).digest('hex'), u.id, now, expires, null, '127.0.0.1', 'kpi-bench']),
  ]);
  info(`${operators} operators (extensions 1000–${999 + operators}, state available) in ${teams} teams, supervisor ${supId}${supervisorExtension ? ` with extension ${supervisorExtension}` : ' (no extension)'}, sessions for all`);
  return { operators: users, supervisor };
}

async function showCreate(conn: Connection, table: string): Promise<string> {
  const [[row]] = await conn.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${table}\``);
  return String(row!['Create Table']);
}

const normalizeDdl = (d: string) =>
  d
    .replace(/ AUTO_INCREMENT=\d+/, '')
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    .sort()
    .join('\n');

/** Drops the table's secondary (non-FK) indexes; returns a function that re-adds them and checks the DDL. */
async function deferIndexes(conn: Connection, table: string): Promise<() => Promise<number>> {
  const before = await showCreate(conn, table);
  const fkColumns = [...before.matchAll(/FOREIGN KEY \(`([^`]+)`/g)].map((m) => m[1]);
  const keys = before
    .split('\n')
    .map((l) => l.trim().replace(/,$/, ''))
    .filter((l) => /^(UNIQUE )?KEY `/.test(l))
    .filter((l) => !fkColumns.includes(/\(`([^`]+)`/.exec(l)?.[1] ?? ''));
  if (keys.length) await conn.query(`ALTER TABLE \`${table}\` ${keys.map((k) => `DROP INDEX \`${/KEY `([^`]+)`/.exec(k)![1]}\``).join(', ')}`);
  return async () => {
    const t0 = process.hrtime.bigint();
    if (keys.length) await conn.query(`ALTER TABLE \`${table}\` ${keys.map((k) => `ADD ${k}`).join(', ')}`);
    const after = await showCreate(conn, table);
    if (normalizeDdl(after) !== normalizeDdl(before)) throw new Error(`${table} is not as the migrations made it after re-adding its indexes:\n${before}\n---\n${after}`);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
}

/** The history's first instant: `days` whole UTC days ending `gapDays` days before today (00:00 UTC). */
export function historyStart(days: number, gapDays = 2, now = new Date()): Date {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - (gapDays + days) * 86400_000);
}

const sqlTs = (d: Date) => `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;

/** Calls seq lo..hi: see the header for the mix. ended_at is in [start, start + days). */
function callsSql(start: Date, days: number, total: number, operators: number, clients: number, idBase: number) {
  const spanMs = days * 86400_000 - 1_000_000; // room for the longest call before the last day ends
  return (lo: number, hi: number) => `INSERT INTO calls (id, pbx, pbx_call_id, direction, external_number, external_e164, client_id, operator_id, queue, started_at, answered_at, ended_at, ring_seconds, wait_seconds, talk_seconds, outcome, disposition, note, recording_url, created_at, updated_at)
SELECT id, 'history', CONCAT('h-', id), dir, num, IF(dir = 'internal', NULL, num), IF(dir = 'internal', NULL, 1 + h % ${clients}),
       IF(dir <> 'inbound' OR res = 'answered', op, NULL), IF(dir = 'inbound', 'hotline', NULL),
       st, IF(res = 'answered', st + INTERVAL wait SECOND, NULL),
       st + INTERVAL (wait + IF(res = 'answered', talk, 0)) SECOND,
       ring, IF(dir = 'inbound', wait, NULL), IF(res = 'answered', talk, NULL), res,
       IF(res = 'answered' AND h % 10 < 3, ELT(1 + (h DIV 10) % 5, 'sale', 'callback_promised', 'info', 'complaint', 'not_interested'), NULL),
       NULL, NULL, st, st + INTERVAL (wait + talk) SECOND
FROM (
  SELECT id, seq, h,
         CASE WHEN h % 100 < 85 THEN 'inbound' WHEN h % 100 < 98 THEN 'outbound' ELSE 'internal' END AS dir,
         CASE WHEN h % 100 < 85 THEN (CASE WHEN (h DIV 100) % 100 < 85 THEN 'answered' WHEN (h DIV 100) % 100 < 95 THEN 'abandoned' ELSE 'missed' END)
              WHEN h % 100 < 98 THEN IF((h DIV 100) % 100 < 60, 'answered', 'busy')
              ELSE 'answered' END AS res,
         1 + (h DIV 10000) % ${operators} AS op,
         3 + (h DIV 7) % 38 AS wait,
         2 + (h DIV 11) % 20 AS ring,
         20 + (h DIV 13) % 400 AS talk,
         CONCAT('+7916', LPAD(h % 10000000, 7, '0')) AS num,
         ${sqlTs(start)} + INTERVAL FLOOR((seq - 1) * ${spanMs / total}) * 1000 MICROSECOND AS st
  FROM (SELECT seq, seq + ${idBase - 1} AS id, CRC32(CONCAT('h', seq + ${idBase - 1})) AS h FROM seq_${lo}_to_${hi}) a
) s`;
}

/**
 * Legs of calls lo..hi, from the calls themselves (h recomputed from the id):
 *   'first'  leg 1: answered inbound (answered, or 'missed' when another operator rang first), missed
 *            inbound (missed), answered outbound (answered, the placer's);
 *   'second' leg 2: the answering operator after a ring-no-answer (15 % of answered inbound);
 *   'third'  the transfer target (3 % of answered inbound, 'transferred_in', the second half of the talk).
 */
function legsSql(operators: number, idBase: number) {
  const calls = (lo: number, hi: number) => `SELECT c.*, CRC32(CONCAT('h', c.id)) AS h FROM calls c WHERE c.id BETWEEN ${idBase + lo - 1} AND ${idBase + hi - 1} AND c.pbx = 'history'`;
  const other = (k: number) => `1 + ((h DIV 10000) % ${operators} + ${k}) % ${operators}`;
  const cols = 'INSERT INTO call_legs (pbx, pbx_call_id, leg_no, extension, operator_id, ring_started_at, answered_at, ended_at, ring_seconds, talk_seconds, outcome)';
  const rerang = `(h DIV 1000000) % 100 < 15`;
  const transfer = `(h DIV 1000000) % 100 >= 97`;
  return [
    {
      label: 'call_legs (first)',
      sql: (lo: number, hi: number) => `${cols}
SELECT pbx, pbx_call_id, 1,
       CAST(999 + IF(direction = 'inbound' AND outcome = 'answered' AND ${rerang}, ${other(1)}, COALESCE(operator_id, ${other(0)})) AS CHAR),
       IF(direction = 'inbound' AND outcome = 'answered' AND ${rerang}, ${other(1)}, COALESCE(operator_id, ${other(0)})),
       IF(direction = 'inbound', started_at + INTERVAL GREATEST(0, wait_seconds - ring_seconds) SECOND, started_at),
       IF(outcome = 'answered' AND NOT (direction = 'inbound' AND ${rerang}), answered_at, NULL),
       CASE WHEN outcome = 'missed' THEN ended_at
            WHEN direction = 'inbound' AND ${rerang} THEN answered_at - INTERVAL 1 SECOND
            WHEN direction = 'inbound' AND ${transfer} THEN answered_at + INTERVAL (talk_seconds DIV 2) SECOND
            ELSE ended_at END,
       LEAST(ring_seconds, wait_seconds),
       CASE WHEN outcome <> 'answered' OR (direction = 'inbound' AND ${rerang}) THEN NULL
            WHEN direction = 'inbound' AND ${transfer} THEN talk_seconds DIV 2 ELSE talk_seconds END,
       IF(outcome = 'answered' AND NOT (direction = 'inbound' AND ${rerang}), 'answered', 'missed')
FROM (${calls(lo, hi)}) c
WHERE (direction = 'inbound' AND outcome IN ('answered', 'missed')) OR (direction = 'outbound' AND outcome = 'answered')`,
    },
    {
      label: 'call_legs (second)',
      sql: (lo: number, hi: number) => `${cols}
SELECT pbx, pbx_call_id, 2, CAST(999 + operator_id AS CHAR), operator_id, answered_at - INTERVAL LEAST(ring_seconds, wait_seconds) SECOND, answered_at,
       IF(${transfer}, answered_at + INTERVAL (talk_seconds DIV 2) SECOND, ended_at), LEAST(ring_seconds, wait_seconds), IF(${transfer}, talk_seconds DIV 2, talk_seconds), 'answered'
FROM (${calls(lo, hi)}) c
WHERE direction = 'inbound' AND outcome = 'answered' AND ${rerang}`,
    },
    {
      label: 'call_legs (transfer)',
      sql: (lo: number, hi: number) => `${cols}
SELECT pbx, pbx_call_id, 3, CAST(999 + ${other(7)} AS CHAR), ${other(7)}, answered_at + INTERVAL (talk_seconds DIV 2) SECOND - INTERVAL 4 SECOND, answered_at + INTERVAL (talk_seconds DIV 2) SECOND,
       ended_at, 4, talk_seconds - talk_seconds DIV 2, 'transferred_in'
FROM (${calls(lo, hi)}) c
WHERE direction = 'inbound' AND outcome = 'answered' AND ${transfer}`,
    },
  ];
}

export type SeedReport = { calls: number; legs: number; seconds: number; calls_rows_per_s: number; legs_rows_per_s: number; index_build_seconds: Record<string, number> };

/** Bulk-loads `total` history calls over `days` days from `start`, and their legs. */
export async function seedHistory(conn: Connection, opts: { total: number; days: number; start: Date; operators: number; chunk: number }): Promise<SeedReport> {
  const { total, days, start, operators, chunk } = opts;
  const t0 = process.hrtime.bigint();
  const sec = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  const readdCalls = await deferIndexes(conn, 'calls');
  const readdLegs = await deferIndexes(conn, 'call_legs');

  // History ids follow whatever the call log wrote before (the latency phase); legs find their calls by id range.
  const [[m]] = await conn.query<RowDataPacket[]>('SELECT COALESCE(MAX(id), 0) m FROM calls');
  const idBase = Number(m!.m) + 1;
  const insertCalls = callsSql(start, days, total, operators, 1_000_000, idBase);
  let calls = 0;
  const tc = process.hrtime.bigint();
  for (let lo = 1; lo <= total; lo += chunk) {
    const hi = Math.min(total, lo + chunk - 1);
    const [res] = await conn.query(insertCalls(lo, hi));
    calls += (res as { affectedRows: number }).affectedRows;
    if (hi === total || ((lo - 1) / chunk) % 4 === 3) info(`  calls: ${calls.toLocaleString('en')} rows, ${sec(tc).toFixed(0)} s (${Math.round(calls / sec(tc)).toLocaleString('en')} rows/s)`);
  }
  const callsSeconds = sec(tc);

  let legs = 0;
  const tl = process.hrtime.bigint();
  for (const step of legsSql(operators, idBase)) {
    for (let lo = 1; lo <= total; lo += chunk) {
      const hi = Math.min(total, lo + chunk - 1);
      const [res] = await conn.query(step.sql(lo, hi));
      legs += (res as { affectedRows: number }).affectedRows;
    }
    info(`  ${step.label}: ${legs.toLocaleString('en')} legs so far, ${sec(tl).toFixed(0)} s`);
  }
  const legsSeconds = sec(tl);

  const index_build_seconds: Record<string, number> = {};
  index_build_seconds.calls = round(await readdCalls(), 1);
  info(`  calls: secondary indexes rebuilt in ${index_build_seconds.calls} s`);
  index_build_seconds.call_legs = round(await readdLegs(), 1);
  info(`  call_legs: secondary indexes rebuilt in ${index_build_seconds.call_legs} s`);
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
  const seconds = sec(t0);
  const report: SeedReport = {
    calls,
    legs,
    seconds: round(seconds, 1),
    calls_rows_per_s: Math.round(calls / callsSeconds),
    legs_rows_per_s: Math.round(legs / legsSeconds),
    index_build_seconds,
  };
  emit({ bench: 'kpi_history', case: 'seed', ...report, calls_seconds: round(callsSeconds, 1), legs_seconds: round(legsSeconds, 1), days });
  return report;
}

/** Sanity checks of the seeded history: totals, the mix, and that every answered non-internal call has a talking leg. */
export async function verifyHistory(conn: Connection, total: number, start: Date, days: number): Promise<Record<string, unknown>> {
  const [[c]] = await conn.query<RowDataPacket[]>(
    `SELECT COUNT(*) n, MIN(id) min_id, MIN(ended_at) first_end, MAX(ended_at) last_end,
            SUM(direction = 'inbound') inbound, SUM(direction = 'outbound') outbound, SUM(direction = 'internal') internal,
            SUM(outcome = 'answered') answered, SUM(outcome = 'abandoned') abandoned, SUM(outcome = 'missed') missed
     FROM calls WHERE pbx = 'history'`,
  );
  if (Number(c!.n) !== total) throw new Error(`expected ${total} history calls, found ${c!.n}`);
  const firstEnd = new Date(c!.first_end);
  const lastEnd = new Date(c!.last_end);
  if (firstEnd < start || lastEnd >= new Date(start.getTime() + days * 86400_000)) throw new Error(`history ends outside its days: ${firstEnd.toISOString()} … ${lastEnd.toISOString()}`);
  const [[l]] = await conn.query<RowDataPacket[]>("SELECT COUNT(*) n, SUM(outcome = 'missed') missed, SUM(outcome = 'answered') answered, SUM(outcome = 'transferred_in') transferred FROM call_legs WHERE pbx = 'history'");
  // Every answered inbound/outbound call has a talking leg: checked on a sample of 2,000 calls.
  const [[s]] = await conn.query<RowDataPacket[]>(
    `SELECT COUNT(*) n, SUM(EXISTS (SELECT 1 FROM call_legs l WHERE l.pbx = c.pbx AND l.pbx_call_id = c.pbx_call_id AND l.outcome <> 'missed')) talking
     FROM calls c WHERE c.pbx_call_id IN (?) AND c.pbx = 'history' AND c.outcome = 'answered' AND c.direction <> 'internal'`,
    [Array.from({ length: 2000 }, (_, k) => `h-${Number(c!.min_id) + Math.floor((k * (total - 1)) / 1999)}`)],
  );
  if (Number(s!.n) !== Number(s!.talking)) throw new Error(`${Number(s!.n) - Number(s!.talking)} of ${s!.n} sampled answered calls have no talking leg`);
  const out = {
    calls: Number(c!.n),
    first_end: firstEnd.toISOString(),
    last_end: lastEnd.toISOString(),
    inbound: Number(c!.inbound),
    outbound: Number(c!.outbound),
    internal: Number(c!.internal),
    answered: Number(c!.answered),
    abandoned: Number(c!.abandoned),
    missed: Number(c!.missed),
    legs: Number(l!.n),
    legs_missed: Number(l!.missed),
    legs_answered: Number(l!.answered),
    legs_transferred_in: Number(l!.transferred),
  };
  info(`history: ${JSON.stringify(out)}`);
  return out;
}
