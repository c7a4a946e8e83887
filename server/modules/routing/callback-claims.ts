import type { EntityManager } from 'typeorm';
import type { CallbackRow, Role } from '../../db/entities';
import { bulkInsert } from '../../db/bulk-write';
import { dbDate } from '../../db/db-date';
import type { CallbackHistoryView } from '../callbacks/callback.view';
import type { Candidate, Decision } from './routing-decision';

/**
 * The router's SQL, portable between MariaDB and SQLite. On MariaDB the rows a worker routes are locked
 * by it (FOR UPDATE) inside its transaction, so several workers and nodes never move the same callback;
 * SQLite has one writer and queued transactions, which gives the same guarantee without lock clauses.
 */

/** Position in the sweep's (due_at, id) order. */
export type Cursor = { dueAt: Date; id: number };

/** A claimed callback: its routing context, and the row, to notify people without reading it again. */
export type Claimed = Candidate & { row: CallbackRow; history: CallbackHistoryView[] };

/** Which joins the enabled rules need: clients for class/tier/source scopes, calls for queue scopes. */
export type Needs = { client: boolean; queue: boolean };

const isMysql = (em: EntityManager) => em.connection.options.type === 'mysql';

/** Named parameters (`:name`, `:...list`) through the driver, so each binds dates the way it stores them. */
function query<T>(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<T> {
  const [text, bound] = em.connection.driver.escapeQueryWithParameters(sql, params);
  return em.query(text, bound) as Promise<T>;
}

/** A write inside a transaction, answering how many rows it changed (on either driver). */
async function execute(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<number> {
  const [text, bound] = em.connection.driver.escapeQueryWithParameters(sql, params);
  if (!em.queryRunner) throw new Error('execute() needs a transaction');
  return (await em.queryRunner.query(text, bound, true)).affected ?? 0;
}

const dbDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : dbDate(v));
const intOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The next `limit` pending callbacks due before `cutoff`, after the cursor, in (due_at, id) order, that no
 * other worker holds; locked when `lock` (MariaDB: FOR UPDATE SKIP LOCKED, so workers take disjoint
 * batches instead of queueing on one).
 *
 * Only (id, due_at), both in ix_callbacks_status_due: an index-only range scan that stops after `limit`
 * rows. Asking for more columns here made MariaDB pick `ref` on status alone, walking every pending row
 * (1M, each locked) once the overdue ones ran out. Do not widen this SELECT.
 */
export async function claimOverdue(em: EntityManager, cutoff: Date, after: Cursor | null, limit: number, lock: boolean): Promise<{ ids: number[]; last: Cursor | null }> {
  const keyset = after ? ' AND due_at >= :afterDue AND (due_at > :afterDue OR id > :afterId)' : '';
  const locking = lock && isMysql(em) ? ' FOR UPDATE SKIP LOCKED' : '';
  const rows = await query<{ id: number; due_at: unknown }[]>(
    em,
    `SELECT id, due_at FROM callbacks WHERE status = 'pending' AND due_at < :cutoff${keyset} ORDER BY due_at, id LIMIT ${Math.trunc(limit)}${locking}`,
    { cutoff, afterDue: after?.dueAt, afterId: after?.id },
  );
  const last = rows[rows.length - 1];
  return { ids: rows.map((r) => Number(r.id)), last: last ? { dueAt: dbDate(last.due_at), id: Number(last.id) } : null };
}

/**
 * Locks the given callbacks that are still pending, by primary key, waiting for another holder: a fired
 * timer's callback is never skipped (SKIP LOCKED would drop one that a sweep's scan holds for an instant,
 * and its timer would be gone). Returns the ids still pending.
 */
export async function lockPending(em: EntityManager, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const mysql = isMysql(em);
  const rows = await query<{ id: number }[]>(
    em,
    `SELECT id FROM callbacks${mysql ? ' FORCE INDEX (PRIMARY)' : ''} WHERE id IN (:...ids) AND status = 'pending' ORDER BY id${mysql ? ' FOR UPDATE' : ''}`,
    { ids },
  );
  return rows.map((r) => Number(r.id));
}

/** Pending callbacks by id with their routing context and history; clients and calls joined only if needed. */
export async function readClaimed(em: EntityManager, ids: number[], needs: Needs): Promise<Claimed[]> {
  if (ids.length === 0) return [];
  // fk_callbacks_client (ON DELETE CASCADE) guarantees the client row, so leaving the join out drops none.
  const client = needs.client ? 'c.abc_class AS abc_class, c.tier AS tier, c.source AS source' : 'NULL AS abc_class, NULL AS tier, NULL AS source';
  const rows = await query<Record<string, unknown>[]>(
    em,
    `SELECT cb.*, u.team_id AS u_team_id, u.role AS u_role, ${client}, ${needs.queue ? 'k.queue' : 'NULL'} AS k_queue
     FROM callbacks cb${needs.client ? ' INNER JOIN clients c ON c.id = cb.client_id' : ''}
     LEFT JOIN users u ON u.id = cb.assignee_id${needs.queue ? ' LEFT JOIN calls k ON k.id = cb.origin_call_id' : ''}
     WHERE cb.id IN (:...ids) AND cb.status = 'pending' ORDER BY cb.due_at, cb.id`,
    { ids },
  );
  const history = await readHistory(em, ids);
  return rows.map((r) => {
    const row = toCallbackRow(r);
    return {
      id: row.id,
      assigneeId: row.assigneeId,
      assigneeRole: (r.u_role as Role | null) ?? null,
      dueAt: row.dueAt,
      reassignCount: row.reassignCount,
      teamId: intOrNull(r.u_team_id),
      queue: (r.k_queue as string | null) ?? null,
      abcClass: (r.abc_class as string | null) ?? null,
      tier: (r.tier as string | null) ?? null,
      source: (r.source as string | null) ?? null,
      row,
      history: history.get(row.id) ?? [],
    };
  });
}

async function readHistory(em: EntityManager, ids: number[]): Promise<Map<number, CallbackHistoryView[]>> {
  const rows = await query<Record<string, unknown>[]>(em, 'SELECT callback_id, from_id, to_id, at, rule_id, reason FROM callback_history WHERE callback_id IN (:...ids) ORDER BY id', { ids });
  const out = new Map<number, CallbackHistoryView[]>();
  for (const r of rows) {
    const id = Number(r.callback_id);
    const list = out.get(id) ?? [];
    list.push({ fromId: intOrNull(r.from_id), toId: intOrNull(r.to_id), at: dbDate(r.at).toISOString(), ruleId: intOrNull(r.rule_id), reason: String(r.reason) });
    out.set(id, list);
  }
  return out;
}

function toCallbackRow(r: Record<string, unknown>): CallbackRow {
  return {
    id: Number(r.id),
    clientId: Number(r.client_id),
    assigneeId: intOrNull(r.assignee_id),
    dueAt: dbDate(r.due_at),
    originCallId: intOrNull(r.origin_call_id),
    status: r.status as CallbackRow['status'],
    priority: Number(r.priority),
    note: (r.note as string | null) ?? null,
    reassignCount: Number(r.reassign_count),
    version: Number(r.version),
    createdById: intOrNull(r.created_by_id),
    createdAt: dbDate(r.created_at),
    updatedAt: dbDate(r.updated_at),
    completedAt: dbDateOrNull(r.completed_at),
  };
}

/**
 * Moves locked callbacks to their new assignees in one UPDATE, due now (the new assignee's grace starts
 * over), and writes one history row and one audit row for each. Throws (rolling the batch back) if any of
 * them was not pending: with the rows locked that cannot happen, and if it did, nothing half-done stays.
 */
export async function moveCallbacks(em: EntityManager, decisions: Decision[], now: Date): Promise<void> {
  if (decisions.length === 0) return;
  const params: Record<string, unknown> = { now, ids: decisions.map((d) => d.callbackId) };
  const cases = decisions.map((d, i) => ((params[`to${i}`] = d.toId), `WHEN ${d.callbackId} THEN :to${i}`)).join(' ');
  const affected = await execute(
    em,
    `UPDATE callbacks SET assignee_id = CASE id ${cases} END, due_at = :now, updated_at = :now, version = version + 1, reassign_count = reassign_count + 1
     WHERE id IN (:...ids) AND status = 'pending'`,
    params,
  );
  if (affected !== decisions.length) throw new Error(`lead router: ${decisions.length} callbacks locked but ${affected} updated`);
  await bulkInsert(em, 'callback_history', ['callback_id', 'from_id', 'to_id', 'at', 'rule_id', 'reason'], decisions.map((d) => [d.callbackId, d.fromId, d.toId, now, d.ruleId, d.reason]));
  await bulkInsert(
    em,
    'audit_log',
    ['at', 'actor_id', 'action', 'entity', 'entity_id', 'before', 'after', 'ip'],
    decisions.map((d) => [now, null, 'reassign', 'callback', String(d.callbackId), JSON.stringify({ assigneeId: d.fromId }), JSON.stringify({ assigneeId: d.toId, ruleId: d.ruleId, reason: d.reason }), null]),
  );
}
