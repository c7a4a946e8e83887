/**
 * Office-file imports: a CSV of BENCH_IMPORT_ROWS (default 100,000) new clients (name, phone, e-mail, tag) on
 * MariaDB through the real ImportsService: the upload (parse and store the rows), the dry run and the
 * commit, each in rows per second (the jobs run in this process, called directly).
 *
 *   bash bench/run.sh imports
 *   BENCH_IMPORT_ROWS=20000 bash bench/run.sh imports
 */
import { openDatabase } from '../server/db/data-source';
import type { JobQueue } from '../server/jobs/job-queue';
import { createLogger } from '../server/logging/logger';
import { AuditService } from '../server/modules/audit/audit.service';
import { ImportsService } from '../server/modules/imports/imports.service';
import { ThrowawayDatabase, dbUrl } from './lib/bench-db';
import { emit, info, loadAvg, round } from './lib/stats';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const actor = { userId: 1, role: 'manager' as const, ip: null };
/** The jobs are run by hand here, so the queue only has to accept them. */
const byHand: JobQueue = { process: () => undefined, schedule: async () => undefined, cancel: async () => undefined, repeat: async () => undefined, pending: async () => 0, close: async () => undefined };

const db = await ThrowawayDatabase.create('crm_bench_imports');
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const imports = new ImportsService(ds, new AuditService(ds), byHand, ['RU'], createLogger('silent'));
  const lines = ['ФИО;Телефон;E-mail;Теги'];
  for (let i = 0; i < ROWS; i++) {
    const n = String(1_000_000 + i);
    lines.push(`Клиент ${i};+7 917 ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5, 7)};c${i}@example.ru;t${i % 10}`);
  }
  const file = Buffer.from(lines.join('\r\n'));
  info(`a CSV of ${ROWS.toLocaleString('en')} rows, ${round(file.length / 2 ** 20, 1)} MB`);
  const load = loadAvg();
  const timed = async (work: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await work();
    return Number(process.hrtime.bigint() - t) / 1e9;
  };
  let id = 0;
  const upload = await timed(async () => (id = (await imports.upload(actor, 'bench.csv', file)).id));
  const dry = await timed(async () => {
    await imports.start(actor, id, 'check', { duplicates: 'skip' });
    await imports.run(id);
  });
  const commit = await timed(async () => {
    await imports.start(actor, id, 'commit', { duplicates: 'skip' });
    await imports.run(id);
  });
  const state = await imports.get(id);
  if (state.status !== 'done' || state.created !== ROWS) throw new Error(`the import ended ${state.status} with ${state.created} created`);
  for (const [phase, seconds] of [['upload', upload], ['dry_run', dry], ['commit', commit]] as const) {
    emit({ bench: 'imports', phase, rows: ROWS, seconds: round(seconds, 2), rows_per_s: Math.round(ROWS / seconds), load_at_start: load });
  }
  await ds.destroy();
} finally {
  await db.drop();
}
