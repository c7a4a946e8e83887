/**
 * Saved segments: GET /api/segments (SegmentsService.list, the route's whole work) with 20 segments over
 * BENCH_CLIENTS (default 100,000) synthetic clients on MariaDB, each with its live count (one COUNT per
 * segment, the client list's own filters). Figures: the list's latency (BENCH_SEGMENT_RUNS runs, default
 * 30), and the slowest single segment's count with its filter.
 *
 *   bash bench/run.sh segments
 *   BENCH_CLIENTS=1000000 bash bench/run.sh segments
 */
import { openDatabase } from '../server/db/data-source';
import { AuditService } from '../server/modules/audit/audit.service';
import { ClientLookupService } from '../server/modules/clients/client-lookup.service';
import { ClientsService } from '../server/modules/clients/clients.service';
import { SegmentsService } from '../server/modules/segments/segments.service';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, loadAvg, round, summarize } from './lib/stats';
import { insertSyntheticClients } from './lib/synthetic-clients';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_SEGMENT_RUNS ?? 30);

/** Twenty segments a floor might keep: single fields, combinations, tags, a name search, a phone. */
const FILTERS: Record<string, string>[] = [
  { class: 'A' },
  { class: 'A,B' },
  { stage: 'lead' },
  { stage: 'customer,proposal' },
  { tier: 'platinum' },
  { tier: 'gold,platinum' },
  { source: 'website' },
  { source: 'website', stage: 'lead' },
  { tag: 'vip' },
  { tag: 'wholesale', class: 'B' },
  { tag: 'newsletter' },
  { class: 'A', tier: 'platinum' },
  { kind: 'organization' },
  { kind: 'organization', class: 'A' },
  { q: 'иванов' },
  { q: 'ооо' },
  { stage: 'lost', source: 'cold_call' },
  { tier: 'silver', stage: 'qualified,proposal' },
  { class: 'C', tag: 'debtor' },
  {},
];

const db = await ThrowawayDatabase.create('crm_bench_segments');
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name);
  const t0 = process.hrtime.bigint();
  await insertSyntheticClients(conn, CLIENTS);
  await conn.query("INSERT INTO users (id, login, password_hash, name, role, state, state_since, active, created_at, updated_at) VALUES (1, 'bench', 'x', 'Bench', 'manager', 'offline', UTC_TIMESTAMP(3), 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
  await conn.end();
  info(`seeded ${CLIENTS.toLocaleString('en')} clients in ${round(Number(process.hrtime.bigint() - t0) / 1e9, 1)} s`);

  const audit = new AuditService(ds);
  const clients = new ClientsService(ds, audit, new ClientLookupService(ds, 'RU'), 'RU');
  const segments = new SegmentsService(ds, audit, clients);
  const actor = { userId: 1, role: 'manager' as const, ip: null };
  for (const [i, filter] of FILTERS.entries()) await segments.create(actor, { name: `Сегмент ${i + 1}`, filter });

  await segments.list(); // warm the pool and the buffer pool
  const ms = new Float64Array(RUNS);
  const load = loadAvg();
  for (let i = 0; i < RUNS; i++) {
    const t1 = process.hrtime.bigint();
    await segments.list();
    ms[i] = Number(process.hrtime.bigint() - t1) / 1e6;
  }
  emit({ bench: 'segments_list', clients: CLIENTS, segments: FILTERS.length, ...summarize(ms), load_at_start: load });

  // Each segment's count alone, to name the costly filter.
  let slowest = { ms: 0, filter: {} as Record<string, string>, count: 0 };
  for (const filter of FILTERS) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 5; i++) {
      const t1 = process.hrtime.bigint();
      count = await segments.count(filter);
      times.push(Number(process.hrtime.bigint() - t1) / 1e6);
    }
    const median = times.sort((a, b) => a - b)[2]!;
    info(`${JSON.stringify(filter)}: ${count} clients, ${round(median, 1)} ms`);
    if (median > slowest.ms) slowest = { ms: median, filter, count };
  }
  emit({ bench: 'segments_slowest_count', clients: CLIENTS, p50_ms: round(slowest.ms), filter: slowest.filter, count: slowest.count });
  await ds.destroy();
} finally {
  await db.drop();
}
