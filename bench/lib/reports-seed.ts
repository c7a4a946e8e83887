/**
 * Seeding for bench/reports.bench.ts, inside MariaDB (Sequence engine, INSERT … SELECT in chunks):
 *   - clients 1..clients (synthetic-clients), created_at moved into the last 365 days (id-hashed) so the
 *     sources report finds new clients in its period;
 *   - calls over the last `days` days (evenly spaced, up to now): 85 % inbound, 13 % outbound, 2 % internal;
 *     80 % answered; an operator on every answered call (1..operators), a client on 90 % of them
 *     (1..clients); 70 % of answered calls wrapped up with one of the built-in result codes; talk 20–419 s;
 *   - deals, one per client while there are clients, then round again: confirmed 80 %, closed 0–729 days ago;
 *   - callbacks: 70 % pending, due 0–29 days ago, assigned to an operator (10 % to nobody);
 *   - source_spend: every source, each of the last 25 months.
 * Everything is hashed from the row's id (CRC32), so the same sizes give the same data on every run.
 */
import type { Connection } from 'mysql2/promise';
import { DISPOSITIONS } from '../../server/modules/calls/calls.schemas';
import { info } from './stats';
import { clientsInsertSql } from './synthetic-clients';

export type ReportsSeedSizes = { clients: number; calls: number; deals: number; callbacks: number; operators: number; days: number };

const CODES = DISPOSITIONS.map((d) => `'${d.code}'`).join(', ');
const SOURCES = ['cold_call', 'website', 'referral', 'exhibition', 'inbound_call'];

async function chunked(conn: Connection, label: string, total: number, chunk: number, sql: (lo: number, hi: number) => string, args: (lo: number, hi: number) => unknown[] = () => []): Promise<void> {
  const t0 = process.hrtime.bigint();
  for (let lo = 1; lo <= total; lo += chunk) {
    const hi = Math.min(total, lo + chunk - 1);
    await conn.query(sql(lo, hi), args(lo, hi));
  }
  info(`  ${label}: ${total.toLocaleString('en')} rows in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
}

export async function seedReports(conn: Connection, s: ReportsSeedSizes, chunk = 100_000): Promise<void> {
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  await chunked(conn, 'clients', s.clients, chunk, clientsInsertSql);
  await chunked(
    conn,
    'clients.created_at (last 365 days)',
    s.clients,
    chunk,
    () => 'UPDATE clients SET created_at = NOW(3) - INTERVAL (CRC32(CONCAT(\'c\', id)) % (365 * 86400)) SECOND WHERE id BETWEEN ? AND ?',
    (lo, hi) => [lo, hi],
  );

  const spanSeconds = s.days * 86400 - 3600; // the last call starts an hour ago
  await chunked(conn, 'calls', s.calls, chunk, (lo, hi) => `INSERT INTO calls (id, pbx, pbx_call_id, direction, external_number, external_e164, client_id, operator_id, queue, started_at, answered_at, ended_at, ring_seconds, wait_seconds, talk_seconds, outcome, disposition, note, recording_url, created_at, updated_at)
SELECT seq, 'bench', CONCAT('r-', seq), dir, num, IF(dir = 'internal', NULL, num),
       IF(dir = 'internal' OR h % 10 = 9, NULL, 1 + (h DIV 10) % ${s.clients}),
       IF(res = 'answered' OR dir = 'outbound', 1 + (h DIV 10000) % ${s.operators}, NULL), IF(dir = 'inbound', 'hotline', NULL),
       st, IF(res = 'answered', st + INTERVAL 5 SECOND, NULL), st + INTERVAL (5 + IF(res = 'answered', talk, 0)) SECOND,
       3, IF(dir = 'inbound', 5, NULL), IF(res = 'answered', talk, NULL), res,
       IF(res = 'answered' AND (h DIV 1000) % 10 < 7, ELT(1 + (h DIV 7) % ${DISPOSITIONS.length}, ${CODES}), NULL),
       NULL, NULL, st, st
FROM (
  SELECT seq, h,
         CASE WHEN h % 100 < 85 THEN 'inbound' WHEN h % 100 < 98 THEN 'outbound' ELSE 'internal' END AS dir,
         IF((h DIV 100) % 10 < 8, 'answered', IF(h % 100 < 85, 'abandoned', 'busy')) AS res,
         20 + (h DIV 13) % 400 AS talk,
         CONCAT('+7916', LPAD(h % 10000000, 7, '0')) AS num,
         NOW(3) - INTERVAL ${spanSeconds} SECOND + INTERVAL FLOOR((seq - 1) * ${spanSeconds / s.calls}) SECOND AS st
  FROM (SELECT seq, CRC32(CONCAT('k', seq)) AS h FROM seq_${lo}_to_${hi}) a
) x`);

  await chunked(conn, 'deals', s.deals, chunk, (lo, hi) => `INSERT INTO deals (client_id, title, amount, closed_at, created_at, status)
SELECT 1 + (seq - 1) % ${s.clients}, 'bench', ROUND(100 * EXP((CRC32(CONCAT('d', seq)) % 1000) / 1000 * 6), 2),
       CURDATE() - INTERVAL (CRC32(CONCAT('e', seq)) % 730) DAY, NOW(3), IF(seq % 5 = 0, 'draft', 'confirmed')
FROM seq_${lo}_to_${hi}`);

  await chunked(conn, 'callbacks', s.callbacks, chunk, (lo, hi) => `INSERT INTO callbacks (client_id, assignee_id, due_at, origin_call_id, status, priority, note, reassign_count, version, created_by_id, created_at, updated_at, completed_at)
SELECT 1 + h % ${s.clients}, IF((h DIV 7) % 10 = 0, NULL, 1 + (h DIV 70) % ${s.operators}), due, NULL,
       IF((h DIV 1000) % 10 < 7, 'pending', 'done'), 0, NULL, 0, 0, NULL, due, due, NULL
FROM (SELECT seq, h, NOW(3) - INTERVAL CRC32(CONCAT('t', seq)) % (30 * 86400) SECOND AS due FROM (SELECT seq, CRC32(CONCAT('b', seq)) AS h FROM seq_${lo}_to_${hi}) a) x`);

  const now = new Date();
  const months = Array.from({ length: 25 }, (_, k) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
  await conn.query('INSERT INTO source_spend (source, month, amount, updated_at, updated_by_id) VALUES ?', [
    SOURCES.flatMap((src, i) => months.map((m, k) => [src, m, 10_000 + 1_000 * i + 37 * k, now, null])),
  ]);
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
  await conn.query('ANALYZE TABLE clients, calls, deals, callbacks, source_spend');
}
