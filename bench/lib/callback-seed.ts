/**
 * Callbacks for the routing benchmarks, bulk-seeded inside MariaDB from the Sequence engine
 * (INSERT … SELECT FROM seq_1_to_N), the way caller-lookup seeds clients.
 *
 *   users 1..TEAMS                     supervisors, one per team (teams.supervisor_id = id)
 *   users TEAMS+1..TEAMS+OPERATORS     operators, team 1 + (id % TEAMS), state 'available'
 *   user  MANAGER_ID                   a manager (actor for the routing rule)
 *   clients 1..clients                 synthetic-clients.ts rows (no phones needed here)
 *   callbacks 1..n                     pending, assignee = operatorOf(id), client = clientOf(id),
 *                                      due in the future (tomorrow + id seconds): nothing is overdue
 *                                      until makeOverdue() moves a chosen set into the past.
 */
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { clientsInsertSql } from './synthetic-clients';
import { info } from './stats';

export const TEAMS = 2;
export const OPERATORS = 50;
export const MANAGER_ID = TEAMS + OPERATORS + 1;
export const operatorOf = (id: number) => TEAMS + 1 + (id % OPERATORS);
/** SQL of operatorOf(id) for a column `col`. */
const operatorSql = (col: string) => `${TEAMS + 1} + (${col} % ${OPERATORS})`;

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = process.hrtime.bigint();
  const r = await f();
  info(`  ${label}: ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
  return r;
}

export async function seedPeople(conn: Connection): Promise<void> {
  await conn.query(`INSERT INTO teams (id, name, supervisor_id, created_at) SELECT seq, CONCAT('Team ', seq), NULL, UTC_TIMESTAMP(3) FROM seq_1_to_${TEAMS}`);
  await conn.query(
    `INSERT INTO users (id, login, password_hash, name, role, extension, team_id, state, state_since, locale, active, created_at, updated_at)
     SELECT seq, CONCAT('u', seq), 'x', CONCAT('User ', seq),
            CASE WHEN seq <= ${TEAMS} THEN 'supervisor' WHEN seq = ${MANAGER_ID} THEN 'manager' ELSE 'operator' END,
            CAST(100 + seq AS CHAR), CASE WHEN seq <= ${TEAMS} THEN seq WHEN seq = ${MANAGER_ID} THEN NULL ELSE 1 + seq % ${TEAMS} END,
            'available', UTC_TIMESTAMP(3), NULL, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)
     FROM seq_1_to_${MANAGER_ID}`,
  );
  await conn.query('UPDATE teams SET supervisor_id = id');
}

export async function seedClients(conn: Connection, n: number, chunk = 100_000): Promise<void> {
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  await timed(`clients ${n.toLocaleString('en')}`, async () => {
    for (let lo = 1; lo <= n; lo += chunk) await conn.query(clientsInsertSql(lo, Math.min(n, lo + chunk - 1)));
  });
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
}

/** n pending callbacks, all due in the future; chunked INSERT … SELECT, one transaction per chunk. */
export async function seedCallbacks(conn: Connection, n: number, clients: number, chunk = 250_000): Promise<void> {
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  await timed(`callbacks ${n.toLocaleString('en')}`, async () => {
    for (let lo = 1; lo <= n; lo += chunk) {
      const hi = Math.min(n, lo + chunk - 1);
      await conn.query(
        `INSERT INTO callbacks (id, client_id, assignee_id, due_at, origin_call_id, status, priority, note, reassign_count, version, created_by_id, created_at, updated_at, completed_at)
         SELECT seq, 1 + (seq * 7919) % ${clients}, ${operatorSql('seq')}, ${futureDueSql('seq')}, NULL, 'pending', seq % 4, NULL, 0, 1, NULL,
                UTC_TIMESTAMP(3) - INTERVAL 1 DAY, UTC_TIMESTAMP(3) - INTERVAL 1 DAY, NULL
         FROM seq_${lo}_to_${hi}`,
      );
    }
  });
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
}

/** Due time of a not-overdue callback: tomorrow and later. */
const futureDueSql = (col: string) => `UTC_TIMESTAMP(3) + INTERVAL 1 DAY + INTERVAL (${col} % 2000000) SECOND`;

/** The overdue set of a case: every step-th callback (id % step = 0), spread evenly over the table. */
export const overdueWhere = (step: number) => `id % ${step} = 0`;

/** Moves the chosen callbacks 1–2 hours into the past (well beyond a 10-minute grace). */
export async function makeOverdue(conn: Connection, step: number): Promise<number> {
  const [res] = await conn.query(`UPDATE callbacks SET due_at = UTC_TIMESTAMP(3) - INTERVAL 1 HOUR - INTERVAL (id % 3600) SECOND WHERE ${overdueWhere(step)}`);
  return (res as { affectedRows: number }).affectedRows;
}

/**
 * Puts every callback a case touched back as seeded (future due, version 1, original assignee) and
 * empties history and audit, so the next case starts from the same 1M pending callbacks.
 */
export async function resetCallbacks(conn: Connection): Promise<void> {
  await conn.query(
    `UPDATE callbacks SET due_at = ${futureDueSql('id')}, assignee_id = ${operatorSql('id')}, version = 1, reassign_count = 0, status = 'pending',
            updated_at = created_at, completed_at = NULL
     WHERE due_at < UTC_TIMESTAMP(3) + INTERVAL 12 HOUR`,
  );
  await conn.query('DELETE FROM callback_history');
  await conn.query("DELETE FROM audit_log WHERE entity = 'callback'");
}

export type Verification = {
  exactly_once: boolean;
  overdue: number;
  history_rows: number;
  history_callbacks: number;
  history_dupes: number;
  history_outside_set: number;
  audit_rows: number;
  audit_callbacks: number;
  moved_rows: number;
  changed_outside_set: number;
  history_mismatch: number;
  same_person: number;
  wrong_team: number;
};

/** SQL proof that each overdue callback was reassigned exactly once (and nothing else moved). */
export async function verifySweep(conn: Connection, step: number, overdue: number): Promise<Verification> {
  const one = async (sql: string) => Number(((await conn.query<RowDataPacket[]>(sql))[0][0] as RowDataPacket).n);
  const v = {
    overdue,
    history_rows: await one('SELECT COUNT(*) n FROM callback_history'),
    history_callbacks: await one('SELECT COUNT(DISTINCT callback_id) n FROM callback_history'),
    history_dupes: await one('SELECT COUNT(*) n FROM (SELECT callback_id FROM callback_history GROUP BY callback_id HAVING COUNT(*) > 1) d'),
    history_outside_set: await one(`SELECT COUNT(*) n FROM callback_history WHERE NOT (callback_id % ${step} = 0)`),
    audit_rows: await one("SELECT COUNT(*) n FROM audit_log WHERE entity = 'callback' AND action = 'reassign'"),
    audit_callbacks: await one("SELECT COUNT(DISTINCT entity_id) n FROM audit_log WHERE entity = 'callback' AND action = 'reassign'"),
    moved_rows: await one(`SELECT COUNT(*) n FROM callbacks WHERE ${overdueWhere(step)} AND version = 2 AND reassign_count = 1`),
    changed_outside_set: await one(`SELECT COUNT(*) n FROM callbacks WHERE version <> 1 AND NOT (${overdueWhere(step)})`),
    history_mismatch: await one('SELECT COUNT(*) n FROM callback_history h JOIN callbacks c ON c.id = h.callback_id WHERE NOT (c.assignee_id <=> h.to_id) OR NOT (h.from_id <=> ' + operatorSql('c.id') + ')'),
    same_person: await one('SELECT COUNT(*) n FROM callback_history WHERE from_id <=> to_id'),
    wrong_team: await one('SELECT COUNT(*) n FROM callback_history h JOIN users f ON f.id = h.from_id JOIN users t ON t.id = h.to_id WHERE f.team_id <> t.team_id OR t.role <> \'operator\''),
  };
  const exactly_once =
    v.history_rows === overdue &&
    v.history_callbacks === overdue &&
    v.history_dupes === 0 &&
    v.history_outside_set === 0 &&
    v.audit_rows === overdue &&
    v.audit_callbacks === overdue &&
    v.moved_rows === overdue &&
    v.changed_outside_set === 0 &&
    v.history_mismatch === 0 &&
    v.same_person === 0 &&
    v.wrong_team === 0;
  return { exactly_once, ...v };
}
