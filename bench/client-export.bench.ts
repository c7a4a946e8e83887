/**
 * Client export: the whole base (BENCH_CLIENTS, default 100,000, with phones, emails and tags) as CSV and
 * as XLSX (exceljs's streaming writer) through the real ClientExportService, into a counting sink: rows per
 * second, bytes, and the heap's growth (the export streams a page of 1,000 at a time; it must not hold the
 * base in memory). One more XLSX run goes to a slow reader (BENCH_SLOW_READER_MBPS, default 4 MB/s): the
 * heap must stay flat there too (backpressure), the rows per second are then the reader's.
 *
 *   bash bench/run.sh client-export
 *   BENCH_CLIENTS=1000000 bash bench/run.sh client-export
 */
import { Writable } from 'node:stream';
import { openDatabase } from '../server/db/data-source';
import { AuditService } from '../server/modules/audit/audit.service';
import { ClientExportService, clientExportQuery } from '../server/modules/clients/client-export.service';
import { ClientLookupService } from '../server/modules/clients/client-lookup.service';
import { ClientsService } from '../server/modules/clients/clients.service';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, loadAvg, round } from './lib/stats';
import { insertSyntheticClients } from './lib/synthetic-clients';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const SLOW_MBPS = Number(process.env.BENCH_SLOW_READER_MBPS ?? 4);

const db = await ThrowawayDatabase.create('crm_bench_export');
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name);
  const t0 = process.hrtime.bigint();
  await insertSyntheticClients(conn, CLIENTS);
  await conn.end();
  info(`seeded ${CLIENTS.toLocaleString('en')} clients in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s`);

  const audit = new AuditService(ds);
  const exporter = new ClientExportService(ds, new ClientsService(ds, audit, new ClientLookupService(ds, 'RU'), 'RU'), audit);
  const runs = [
    { sort: 'name', format: 'csv', reader: 'fast' },
    { sort: 'createdAt', format: 'csv', reader: 'fast' },
    { sort: 'name', format: 'xlsx', reader: 'fast' },
    { sort: 'createdAt', format: 'xlsx', reader: 'fast' },
    { sort: 'createdAt', format: 'xlsx', reader: 'slow' },
  ] as const;
  for (const { sort, format, reader } of runs) {
    let bytes = 0;
    // The slow reader takes a 16 KB chunk every 16 / (SLOW_MBPS * 1024) s, as a download over a thin line does.
    const delayMs = reader === 'slow' ? 16 / (SLOW_MBPS * 1024) * 1000 : 0;
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => ((bytes += chunk.length), delayMs ? setTimeout(done, delayMs * (chunk.length / 16384)) : done()) });
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    const sampler = setInterval(() => (heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)), 50);
    const load = loadAvg();
    const t1 = process.hrtime.bigint();
    const rows = await exporter.export({ userId: 1, role: 'manager', ip: null }, clientExportQuery.parse({ sort, format }), sink);
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    clearInterval(sampler);
    emit({ bench: 'client_export', clients: CLIENTS, format, sort, reader, ...(reader === 'slow' && { reader_mb_per_s: SLOW_MBPS }), rows, seconds: round(seconds, 2), rows_per_s: Math.round((rows ?? 0) / seconds), mb: round(bytes / 2 ** 20, 1), heap_growth_mb: round((heapMax - heap0) / 2 ** 20, 1), load_at_start: load });
  }
  await ds.destroy();
} finally {
  await db.drop();
}
