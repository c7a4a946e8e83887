/**
 * Tasks: the agenda, the calendar, upcoming birthdays and the tasks report on MariaDB with a big base.
 *
 *   bash bench/run.sh tasks
 *   BENCH_CLIENTS=100000 BENCH_TASKS=50000 BENCH_RUNS=100 bash bench/run.sh tasks
 *
 * Setup (a throwaway database, schema by the migrations through openDatabase, dropped at the end, also
 * on error/SIGINT): 2 supervisors, 50 operators and a manager (lib/callback-seed.ts), BENCH_CLIENTS
 * synthetic clients (three in four with a birthday, years 1950–2004, owners spread over the operators, a
 * tenth of the persons contact people of an organization), BENCH_TASKS tasks over the operators, due from
 * 14 days ago to 21 days ahead, a tenth done and a twentieth cancelled; all seeded in SQL from the Sequence
 * engine. Then each figure is read BENCH_RUNS times through TasksService (as the routes call it), one at a
 * time, and its median, p90 and max reported, with the rows it answered:
 *
 *   agenda            one operator's overdue, today and next six days (GET /api/tasks/agenda)
 *   calendar_month    one operator's tasks of a 6-week month grid (GET /api/tasks/calendar)
 *   birthdays_owner   one operator's clients and contact people with a birthday in the next 7 days
 *   birthdays_all     everyone's (a manager with all=true): a scan of the base by month-day
 *   tasks_report      open / overdue / done this month by operator (GET /api/reports/tasks)
 */
import { openDatabase } from '../server/db/data-source';
import { createLogger } from '../server/logging/logger';
import { InlineJobQueue } from '../server/jobs/inline-job-queue';
import { AuditService } from '../server/modules/audit/audit.service';
import type { Actor } from '../server/modules/auth/actor';
import { TasksService } from '../server/modules/tasks/tasks.service';
import { silentNotifier } from '../server/realtime/notifier';
import { MANAGER_ID, OPERATORS, TEAMS, seedClients, seedPeople } from './lib/callback-seed';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, summarize } from './lib/stats';

const BENCH = 'tasks';
const num = (env: string, fallback: number) => Number(process.env[env] ?? fallback);
const CLIENTS = num('BENCH_CLIENTS', 100_000);
const TASKS = num('BENCH_TASKS', 50_000);
const RUNS = num('BENCH_RUNS', 100);

async function main(): Promise<void> {
  const db = await ThrowawayDatabase.create();
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name });
  const conn = await connect(db.name);
  try {
    await seedPeople(conn);
    await seedClients(conn, CLIENTS);
    // Owners over the operators; every tenth person a contact person of the organization before it, with no owner of their own.
    await conn.query(`UPDATE clients SET owner_id = ${TEAMS + 1} + (id % ${OPERATORS})`);
    await conn.query(`UPDATE clients SET organization_id = id - (id % 10), owner_id = NULL WHERE kind = 'person' AND id % 10 = 5 AND id > 10`);
    const t0 = Date.now();
    await conn.query(
      `INSERT INTO tasks (client_id, kind, title, note, due_at, duration_minutes, assignee_id, remind_before_minutes, remind_at, reminded_at, state, moved_count, version, created_by_id, created_at, updated_at, completed_at)
       SELECT 1 + (seq * 7919) % ${CLIENTS}, ELT(1 + seq % 4, 'call', 'meeting', 'letter', 'other'), CONCAT('Задача ', seq), NULL,
              due, IF(seq % 4 = 1, 60, NULL), ${TEAMS + 1} + (seq % ${OPERATORS}), IF(seq % 3 = 0, NULL, 15), IF(seq % 3 = 0 OR due < UTC_TIMESTAMP(3), NULL, due - INTERVAL 15 MINUTE), NULL,
              IF(seq % 10 = 0, 'done', IF(seq % 20 = 7, 'cancelled', 'open')), seq % 3, 1, ${MANAGER_ID}, due - INTERVAL 3 DAY, due - INTERVAL 3 DAY, IF(seq % 10 = 0, due, NULL)
       FROM (SELECT seq, UTC_TIMESTAMP(3) - INTERVAL 14 DAY + INTERVAL ((seq * 104729) % (35 * 86400)) SECOND AS due FROM seq_1_to_${TASKS}) s`,
    );
    await conn.query('ANALYZE TABLE clients, tasks');
    info(`  tasks ${TASKS.toLocaleString('en')}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const logger = createLogger('silent');
    const jobs = new InlineJobQueue(logger);
    const tasks = new TasksService(ds, new AuditService(ds), jobs, silentNotifier, logger, { timeZone: 'Europe/Moscow' });
    const operator = (i: number): Actor => ({ userId: TEAMS + 1 + (i % OPERATORS), role: 'operator', ip: null });
    const manager: Actor = { userId: MANAGER_ID, role: 'manager', ip: null };
    const today = new Date().toISOString().slice(0, 10);
    const monthFrom = new Date(Date.now() - 10 * 86400_000).toISOString().slice(0, 10);
    const monthTo = new Date(Date.now() + 31 * 86400_000).toISOString().slice(0, 10);

    const figures: [string, (i: number) => Promise<number>][] = [
      ['agenda', async (i) => { const a = await tasks.agenda(operator(i), {}); return a.overdue.length + a.todayItems.length + a.week.length; }],
      ['calendar_month', async (i) => (await tasks.calendar(operator(i), { from: monthFrom, to: monthTo })).items.length],
      ['birthdays_owner', async (i) => (await tasks.birthdays(operator(i), { days: 7 })).items.length],
      ['birthdays_all', async () => (await tasks.birthdays(manager, { days: 7, all: true })).items.length],
      ['tasks_report', async () => (await tasks.report({ from: `${today.slice(0, 7)}-01`, to: today })).items.length],
    ];
    for (const [figure, run] of figures) {
      for (let i = 0; i < 5; i++) await run(i); // warm the pool and the buffer pool
      const ms = new Float64Array(RUNS);
      let rows = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = process.hrtime.bigint();
        rows += await run(i);
        ms[i] = Number(process.hrtime.bigint() - t) / 1e6;
      }
      const s = summarize(ms);
      emit({ bench: BENCH, figure, clients: CLIENTS, tasks: TASKS, runs: RUNS, median_ms: s.p50_ms, p90_ms: s.p90_ms, max_ms: s.max_ms, avg_rows: Math.round(rows / RUNS) });
      info(`  ${figure}: median ${s.p50_ms} ms, p90 ${s.p90_ms} ms, ${Math.round(rows / RUNS)} rows`);
    }
    // How MariaDB reads a day of everyone's birthdays: the month-day index (migration 1795500000351), not a scan.
    const explain = (await ds.query("EXPLAIN SELECT c.id FROM clients c LEFT JOIN clients o ON o.id = c.organization_id WHERE c.birthday IS NOT NULL AND c.birthday_md IN ('01-01') AND c.deleted_at IS NULL")) as Record<string, unknown>[];
    info(`  birthdays_all plan: ${JSON.stringify(explain.map((r) => ({ table: r.table, type: r.type, key: r.key, rows: r.rows })))}`);
    await jobs.close();
  } finally {
    await conn.end();
    await ds.destroy();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
