/**
 * Caller lookup by phone number in MariaDB with 1M and 10M clients.
 *
 *   npm run bench -- caller-lookup                      # BENCH_CLIENTS=1000000,10000000
 *   BENCH_CLIENTS=1000000 bash bench/run.sh caller-lookup --lookups=20000
 *   BENCH_PROPOSED=1 BENCH_CLIENTS=1000000 npm run bench  # also the proposed lookup, side by side
 *
 * For each size: a throwaway database crm_bench_<random> (schema by the migrations, through openDatabase),
 * bulk-seeded inside MariaDB from the Sequence engine (see seedClients: chunked INSERT … SELECT, random-
 * valued secondary indexes built after the load), one phone per client (+ an unparseable extension for
 * 1 in 1000), emails for 2 in 3, tags for 1 in 2, 1 in 250 soft-deleted. Then, per case, a warm-up and
 * ≥10,000 sequential lookups, each timed with process.hrtime.bigint() around the call:
 *
 *   exact       findByPhone(an existing number in one of 3 spellings)  — the service, as the server does it
 *   exact_id    findIdByPhone(same kind of input)                      — the id part of it alone
 *   suffix      findByPhone(last 9–10 digits of a UA number)           — exact path misses, reversed-digits index hits
 *   miss        findByPhone(a number in no client)                     — exact miss + suffix miss
 *   floor_pool  one indexed SELECT client+phone WHERE e164 = ? through the same TypeORM pool (ds.query)
 *   floor_mysql2          the same SELECT on a bare mysql2 connection (text protocol, like TypeORM)
 *   floor_mysql2_prepared the same SELECT as a prepared statement (execute)
 *   typeorm_findone       repository findOne of the phone row by e164
 *   normalize   normalizePhone alone (CPU)
 *   proposed_*       (BENCH_PROPOSED=1) exact/suffix/miss through the proposed lookup (2 statements),
 *   proposed_json_*  and through its MariaDB-only 1-statement variant (bench/lib/client-lookup.proposed.ts),
 *                    after checking that both return byte-identical views
 *
 * Cases run interleaved in rounds of 50 lookups (BENCH_ROUND) so that load from other tenants of the
 * machine hits all of them alike; each case draws its own random clients. Every result is checked
 * (outside the timing).
 * One JSON line per figure on stdout (with os.loadavg()), progress on stderr. Per case also: statements
 * per lookup (counted through TypeORM's logger), InnoDB pages read per lookup and how many of them came
 * from disk (srv_*: server-wide counters, so other databases busy on the same server inflate them), GC
 * time, and how many lookups over 2 ms overlapped a GC pause.
 *
 * Env / args: BENCH_CLIENTS (--clients=) sizes; BENCH_LOOKUPS (--lookups=) per case (default 10000);
 * BENCH_WARMUP (--warmup=) per case (default 1000); BENCH_SEED (--seed=) PRNG seed; BENCH_CHUNK (--chunk=)
 * rows per INSERT … SELECT (default 250000); BENCH_SEED_TX=table for one transaction per table instead of
 * one per chunk; BENCH_CASES (--cases=) comma list of cases to run; BENCH_ROUND (--round=) lookups per
 * case per round (default 50); BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306); BENCH_KEEP_DB=1
 * keeps the database (else dropped, also on failure or SIGINT/SIGTERM); BENCH_REUSE_DB=<name> measures
 * on such a kept database (one size) without seeding or dropping it; BENCH_PROPOSED=1 (--proposed=1)
 * adds the proposed_* cases.
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import type { RowDataPacket } from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../server/db/data-source';
import { ClientPhoneEntity } from '../server/db/entities';
import { ClientLookupService } from '../server/modules/clients/client-lookup.service';
import type { ClientView } from '../server/modules/clients/client.view';
import { normalizePhone } from '../server/phone/phone-number';
import { ThrowawayDatabase, connect, dbUrl, globalStatus, globalVariable, quiesceTables } from './lib/bench-db';
import { emit, info, round, summarize } from './lib/stats';
import {
  MAX_CLIENTS,
  clientsInsertSql,
  emailsInsertSql,
  exactInput,
  extensionOf,
  extensionsInsertSql,
  hasExtension,
  isDeleted,
  missInput,
  phoneOf,
  phonesInsertSql,
  suffixInput,
  tagsInsertSql,
} from './lib/synthetic-clients';

const BENCH = 'caller_lookup';

// ---------- options ----------

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}
const positiveInt = (v: string, what: string) => {
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
  return n;
};

const sizes = option('clients', 'BENCH_CLIENTS', '1000000,10000000')
  .split(',')
  .map((s) => positiveInt(s.trim(), 'BENCH_CLIENTS'))
  .sort((a, b) => a - b);
const lookups = positiveInt(option('lookups', 'BENCH_LOOKUPS', '10000'), 'BENCH_LOOKUPS');
const warmup = Number(option('warmup', 'BENCH_WARMUP', '1000'));
const prngSeed = positiveInt(option('seed', 'BENCH_SEED', '20240601'), 'BENCH_SEED');
const chunk = positiveInt(option('chunk', 'BENCH_CHUNK', '250000'), 'BENCH_CHUNK');
const seedTx = option('seed-tx', 'BENCH_SEED_TX', 'chunk');
const onlyCases = option('cases', 'BENCH_CASES', '').split(',').filter(Boolean);
const roundSize = positiveInt(option('round', 'BENCH_ROUND', '50'), 'BENCH_ROUND');
const proposed = option('proposed', 'BENCH_PROPOSED', '0') === '1';
const region = 'RU';
for (const n of sizes) if (n > MAX_CLIENTS) throw new Error(`at most ${MAX_CLIENTS} clients (unique synthetic numbers)`);
if (!['table', 'chunk'].includes(seedTx)) throw new Error('BENCH_SEED_TX must be table or chunk');

// ---------- random ----------

function mulberry32(a: number): () => number {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random live (not soft-deleted) client ids in 1..n, optionally only those whose number is UA. */
function randomClients(rand: () => number, n: number, count: number, uaOnly = false): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const i = 1 + Math.floor(rand() * n);
    if (isDeleted(i) || (uaOnly && i % 4 < 2)) continue;
    out.push(i);
  }
  return out;
}

// ---------- seeding ----------

type SeedTable = { table: string; label: string; sql: (lo: number, hi: number) => string };

/**
 * Bulk seeding, inside MariaDB: INSERT … SELECT from the Sequence engine in chunks. Secondary indexes
 * over random values (e164, digits, rev_digits, name_search, email, tag, …) are dropped before the load
 * and added back after it (a sorted, bottom-up index build): inserting 10M rows into them one at a time
 * with a small buffer pool turns into random I/O and crawls (measured: < 7k rows/s after 2.5M phones).
 * The indexes are re-added from the exact text SHOW CREATE TABLE gave, and the table definitions are
 * checked to be identical afterwards. Indexes backing a foreign key stay (their values arrive in order).
 */
async function seedClients(conn: Connection, from: number, to: number): Promise<void> {
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  const tables: SeedTable[] = [
    { table: 'clients', label: 'clients', sql: clientsInsertSql },
    { table: 'client_phones', label: 'client_phones', sql: phonesInsertSql },
    { table: 'client_phones', label: 'client_phones (extensions)', sql: extensionsInsertSql },
    { table: 'client_emails', label: 'client_emails', sql: emailsInsertSql },
    { table: 'client_tags', label: 'client_tags', sql: tagsInsertSql },
  ];
  const t0 = process.hrtime.bigint();
  let totalRows = 0;
  const deferred = new Map<string, { before: string; keys: string[] }>();
  for (const table of new Set(tables.map((t) => t.table))) {
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
  for (const { table, label, sql } of tables) {
    const t1 = process.hrtime.bigint();
    let rows = 0;
    if (seedTx === 'table') await conn.query('START TRANSACTION');
    for (let lo = from; lo <= to; lo += chunk) {
      const hi = Math.min(to, lo + chunk - 1);
      const [res] = await conn.query(sql(lo, hi));
      rows += (res as { affectedRows: number }).affectedRows;
      const sec = Number(process.hrtime.bigint() - t1) / 1e9;
      if (hi === to || ((lo - from) / chunk) % 4 === 3) info(`  ${label}: ${rows.toLocaleString('en')} rows, ${sec.toFixed(0)} s (${Math.round(rows / sec).toLocaleString('en')} rows/s)`);
    }
    if (seedTx === 'table') await conn.query('COMMIT');
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    totalRows += rows;
    emit({ bench: BENCH, clients: to, case: 'seed', table: label, step: 'insert', rows, seconds: round(seconds, 1), rows_per_s: Math.round(rows / seconds), tx: seedTx });
  }
  for (const [table, { before, keys }] of deferred) {
    const t1 = process.hrtime.bigint();
    await conn.query(`ALTER TABLE \`${table}\` ${keys.map((k) => `ADD ${k}`).join(', ')}`);
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const [[{ n: rows }]] = (await conn.query(`SELECT COUNT(*) AS n FROM \`${table}\``)) as unknown as [[{ n: number }]];
    const after = await showCreate(conn, table);
    // Same columns, keys and constraints; only the order keys are listed in may differ.
    const strip = (d: string) => d.replace(/ AUTO_INCREMENT=\d+/, '').split('\n').map((l) => l.trim().replace(/,$/, '')).sort().join('\n');
    if (strip(after) !== strip(before)) throw new Error(`${table} is not as the migrations made it after re-adding its indexes:\n${before}\n---\n${after}`);
    info(`  ${table}: ${keys.length} indexes built in ${seconds.toFixed(0)} s`);
    emit({ bench: BENCH, clients: to, case: 'seed', table, step: 'index_build', indexes: keys.length, rows: Number(rows), seconds: round(seconds, 1), rows_per_s: Math.round(Number(rows) / seconds) });
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  emit({ bench: BENCH, clients: to, case: 'seed', table: 'all', step: 'total', rows: totalRows, seconds: round(seconds, 1), rows_per_s: Math.round(totalRows / seconds), tx: seedTx });
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
}

async function showCreate(conn: Connection, table: string): Promise<string> {
  const [[row]] = await conn.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${table}\``);
  return String(row!['Create Table']);
}

/** The generated rows must be exactly what the server would have stored for their raw input. */
async function verifySample(conn: Connection, n: number, rand: () => number): Promise<void> {
  const ids = Array.from({ length: 2000 }, () => 1 + Math.floor(rand() * n));
  for (let i = 1; i <= Math.min(n, 64); i++) ids.push(i);
  const [rows] = await conn.query<RowDataPacket[]>('SELECT client_id, e164, raw, digits, rev_digits FROM client_phones WHERE position = 0 AND client_id IN (?)', [ids]);
  const got = new Map(rows.map((r) => [Number(r.client_id), r]));
  let checked = 0;
  for (const id of new Set(ids)) {
    const r = got.get(id);
    const want = phoneOf(id);
    const norm = normalizePhone(String(r?.raw), region);
    const bad =
      !r ||
      r.e164 !== want.e164 ||
      r.raw !== want.raw ||
      r.digits !== want.digits ||
      r.rev_digits !== want.revDigits ||
      norm.e164 !== r.e164 ||
      norm.digits !== r.digits ||
      norm.revDigits !== r.rev_digits;
    if (bad) throw new Error(`seeded phone of client ${id} is not what normalizePhone gives: ${JSON.stringify({ row: r, want, norm })}`);
    checked++;
  }
  const [[counts]] = await conn.query<RowDataPacket[]>(
    'SELECT (SELECT COUNT(*) FROM clients) c, (SELECT COUNT(*) FROM client_phones WHERE position = 0) p, (SELECT COUNT(DISTINCT SUBSTR(rev_digits, 1, 9)) FROM client_phones WHERE client_id <= 200000 AND position = 0) s',
  );
  if (Number(counts!.c) !== n || Number(counts!.p) !== n) throw new Error(`expected ${n} clients and phones, got ${JSON.stringify(counts)}`);
  const [ext] = await conn.query<RowDataPacket[]>('SELECT client_id, e164, raw, digits, rev_digits FROM client_phones WHERE position = 1 LIMIT 50');
  for (const r of ext) {
    const norm = normalizePhone(String(r.raw), region);
    if (!hasExtension(Number(r.client_id)) || r.raw !== extensionOf(Number(r.client_id)) || r.e164 !== null || norm.e164 !== null || norm.digits !== r.digits || norm.revDigits !== r.rev_digits) {
      throw new Error(`seeded extension is not what normalizePhone gives: ${JSON.stringify({ row: r, norm })}`);
    }
  }
  if (Number(counts!.s) !== Math.min(n, 200000)) throw new Error(`last-9-digit suffixes are not unique: ${JSON.stringify(counts)}`);
  info(`verified ${checked} seeded phones against normalizePhone; ${n} clients, ${n} phones`);
}

// ---------- measuring ----------

type Lookup = { input: string; expect: number | null };
type Case = {
  name: string;
  run: (input: string) => Promise<unknown>;
  /** Returns an error text when the result is wrong (checked outside the timed region). */
  check: (result: unknown, l: Lookup) => string | null;
  inputs: Lookup[];
  warm: Lookup[];
  times: Float64Array;
  /** performance.now() at the start of each lookup, to attribute GC pauses to lookups. */
  starts: Float64Array;
  done: number;
  wrong: number;
  firstWrong?: string;
  queries: number;
  poolReads: number;
  poolRequests: number;
};

const viewCheck = (r: unknown, l: Lookup): string | null => {
  const v = r as ClientView | null;
  if (l.expect === null) return v === null ? null : `expected no client, got ${v.id}`;
  if (!v) return `expected client ${l.expect}, got null`;
  if (v.id !== l.expect) return `expected client ${l.expect}, got ${v.id}`;
  if (v.phones[0]?.e164 !== phoneOf(l.expect).e164) return `client ${v.id} came without its phone`;
  return null;
};
const idCheck = (r: unknown, l: Lookup) => (r === l.expect ? null : `expected ${l.expect}, got ${String(r)}`);
const rowCheck = (r: unknown, l: Lookup) => {
  const rows = (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r) as { id?: unknown; client_id?: unknown }[];
  const id = Number(rows?.[0]?.id ?? rows?.[0]?.client_id);
  return id === l.expect ? null : `expected ${l.expect}, got ${JSON.stringify(rows?.[0] ?? null)}`;
};
const entityCheck = (r: unknown, l: Lookup) => ((r as { clientId?: number } | null)?.clientId === l.expect ? null : `expected ${l.expect}, got ${JSON.stringify(r)}`);

const FLOOR_SQL = `SELECT c.*, p.e164, p.raw FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE p.e164 = ? AND c.deleted_at IS NULL`;

async function measure(n: number, ds: DataSource, statusConn: Connection, bare: Connection): Promise<void> {
  const rand = mulberry32(prngSeed ^ n);
  const service = new ClientLookupService(ds, region);
  let queryCount = 0;
  // TypeORM calls logger.logQuery for every statement whatever the logging option: count round trips.
  const logger = ds.logger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (...a: Parameters<typeof logQuery>) => {
    queryCount++;
    return logQuery(...a);
  };

  const exact = (count: number) => randomClients(rand, n, count).map((id, k) => ({ input: exactInput(phoneOf(id), k), expect: id }));
  const e164s = (count: number) => randomClients(rand, n, count).map((id) => ({ input: phoneOf(id).e164, expect: id }));
  const suffix = (count: number) => randomClients(rand, n, count, true).map((id, k) => ({ input: suffixInput(phoneOf(id), k), expect: id }));
  const miss = (count: number) => Array.from({ length: count }, () => ({ input: missInput(Math.floor(rand() * 1e9)), expect: null }));

  type Lookupish = { findByPhone(s: string): Promise<ClientView | null>; findIdByPhone(s: string): Promise<number | null> };
  const proposedServices: [string, Lookupish][] = [];
  if (proposed) {
    const { ProposedClientLookupService, ProposedJsonClientLookupService } = await import('./lib/client-lookup.proposed');
    proposedServices.push(['proposed', new ProposedClientLookupService(ds, region)], ['proposed_json', new ProposedJsonClientLookupService(ds, region)]);
    // Same answers as the current service, to the byte, on every kind of input.
    const deleted = Array.from({ length: 50 }, (_, k) => ({ input: exactInput(phoneOf(250 * (k + 1) - 1), k), expect: null }));
    const extensions = Array.from({ length: Math.min(50, Math.floor(n / 1000)) }, (_, k) => ({ input: extensionOf(1000 * k + 500), expect: 1000 * k + 500 }));
    const short = exact(100).map((l) => ({ input: phoneOf(l.expect!).e164.slice(-7), expect: null }));
    const sample = [...exact(300), ...suffix(300), ...miss(100), ...deleted, ...extensions, ...short];
    for (const [name, p] of proposedServices) {
      let found = 0;
      for (const l of sample) {
        const [a, b] = [JSON.stringify(await service.findByPhone(l.input)), JSON.stringify(await p.findByPhone(l.input))];
        if (a !== b) throw new Error(`${name} lookup differs on ${l.input}:\n  current  ${a}\n  ${name} ${b}`);
        if (a !== 'null') found++;
        const [ia, ib] = [await service.findIdByPhone(l.input), await p.findIdByPhone(l.input)];
        if (ia !== ib) throw new Error(`${name} findIdByPhone differs on ${l.input}: ${ia} vs ${ib}`);
      }
      info(`${name} lookup gives the same views as the current one on ${sample.length} inputs (${found} found, incl. ${extensions.length} by unparseable digits)`);
    }
  }

  const defs: [string, (c: number) => Lookup[], (s: string) => Promise<unknown>, Case['check']][] = [
    ['exact', exact, (s) => service.findByPhone(s), viewCheck],
    ['exact_id', exact, (s) => service.findIdByPhone(s), idCheck],
    ['suffix', suffix, (s) => service.findByPhone(s), viewCheck],
    ['miss', miss, (s) => service.findByPhone(s), viewCheck],
    ['floor_pool', e164s, (s) => ds.query(FLOOR_SQL, [s]), rowCheck],
    ['floor_mysql2', e164s, (s) => bare.query(FLOOR_SQL, [s]), rowCheck],
    ['floor_mysql2_prepared', e164s, (s) => bare.execute(FLOOR_SQL, [s]), rowCheck],
    ['typeorm_findone', e164s, (s) => ds.getRepository(ClientPhoneEntity).findOne({ where: { e164: s } }), entityCheck],
    ['normalize', exact, async (s) => normalizePhone(s, region), (r, l) => ((r as { e164: string | null }).e164 === phoneOf(l.expect!).e164 ? null : 'bad normalization')],
  ];
  for (const [name, p] of proposedServices) {
    defs.push([`${name}_exact`, exact, (s) => p.findByPhone(s), viewCheck], [`${name}_suffix`, suffix, (s) => p.findByPhone(s), viewCheck], [`${name}_miss`, miss, (s) => p.findByPhone(s), viewCheck]);
  }
  const cases: Case[] = defs
    .filter(([name]) => onlyCases.length === 0 || onlyCases.includes(name))
    .map(([name, gen, run, check]) => ({ name, run, check, inputs: gen(lookups), warm: gen(Math.max(0, warmup)), times: new Float64Array(lookups), starts: new Float64Array(lookups), done: 0, wrong: 0, queries: 0, poolReads: 0, poolRequests: 0 }));

  // GC pauses stop the event loop: note them, to tell how much of the tail is the collector.
  const gcs: { start: number; end: number }[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });

  info(`warm-up: ${warmup} lookups per case`);
  for (const c of cases) for (const l of c.warm) c.check(await c.run(l.input), l);

  info(`measuring ${lookups} lookups per case (${cases.map((c) => c.name).join(', ')}) in interleaved rounds of ${roundSize}`);
  for (let start = 0; start < lookups; start += roundSize) {
    for (const c of cases) {
      const end = Math.min(lookups, start + roundSize);
      const before = await globalStatus(statusConn, 'Innodb_buffer_pool_read%');
      const q0 = queryCount;
      for (let k = start; k < end; k++) {
        const l = c.inputs[k]!;
        c.starts[k] = performance.now();
        const t0 = process.hrtime.bigint();
        const result = await c.run(l.input);
        c.times[k] = Number(process.hrtime.bigint() - t0) / 1e6;
        const err = c.check(result, l);
        if (err) {
          c.wrong++;
          c.firstWrong ??= `${l.input}: ${err}`;
        }
      }
      c.queries += queryCount - q0;
      const after = await globalStatus(statusConn, 'Innodb_buffer_pool_read%');
      c.poolReads += (after.Innodb_buffer_pool_reads ?? 0) - (before.Innodb_buffer_pool_reads ?? 0);
      c.poolRequests += (after.Innodb_buffer_pool_read_requests ?? 0) - (before.Innodb_buffer_pool_read_requests ?? 0);
      c.done = end;
    }
    if ((start + roundSize) % 2000 < roundSize) info(`  ${Math.min(lookups, start + roundSize)}/${lookups}`);
  }
  logger.logQuery = logQuery;
  await new Promise((r) => setImmediate(r));
  gcObserver.disconnect();
  const slowWithGc = (c: Case, limitMs: number) => {
    let slow = 0;
    let withGc = 0;
    let gcMs = 0;
    for (let k = 0; k < c.done; k++) {
      const [a, b] = [c.starts[k]!, c.starts[k]! + c.times[k]!];
      let inGc = 0;
      for (const g of gcs) if (g.start < b && g.end > a) inGc += Math.min(b, g.end) - Math.max(a, g.start);
      gcMs += inGc;
      if (c.times[k]! > limitMs) {
        slow++;
        if (inGc > 0) withGc++;
      }
    }
    return { slow, withGc, gcMs };
  };

  const summaries = new Map(cases.map((c) => [c.name, summarize(c.times)]));
  const floor = summaries.get('floor_mysql2');
  for (const c of cases) {
    const s = summaries.get(c.name)!;
    const line: Record<string, unknown> = { bench: BENCH, clients: n, case: c.name, ...s };
    if (floor && !c.name.startsWith('floor_mysql2') && c.name !== 'normalize') {
      line.x_floor_p50 = round(s.p50_ms / floor.p50_ms, 2);
      line.x_floor_p99 = round(s.p99_ms / floor.p99_ms, 2);
    }
    // Statements through TypeORM per lookup (the bare-connection floors do exactly one).
    if (!c.name.startsWith('floor_mysql2') && c.name !== 'normalize') line.queries_per_lookup = round(c.queries / c.done, 2);
    line.srv_disk_reads_per_lookup = round(c.poolReads / c.done, 3);
    line.srv_page_reads_per_lookup = round(c.poolRequests / c.done, 1);
    const g = slowWithGc(c, 2);
    line.gc_ms_per_1k = round((g.gcMs / c.done) * 1000, 1);
    line.over_2ms = g.slow;
    line.over_2ms_during_gc = g.withGc;
    line.wrong = c.wrong;
    emit(line);
    if (c.wrong > 0) info(`WRONG results in ${c.name}: ${c.wrong}, first: ${c.firstWrong}`);
  }
  if (cases.some((c) => c.wrong > 0)) process.exitCode = 1;
}

// ---------- main ----------

async function runSize(n: number): Promise<void> {
  // BENCH_REUSE_DB=<name>: measure again on a database seeded earlier with BENCH_KEEP_DB=1 (not dropped).
  const reuse = process.env.BENCH_REUSE_DB;
  const db = reuse ? { name: reuse, drop: async () => info(`left database ${reuse} in place`) } : await ThrowawayDatabase.create();
  let ds: DataSource | null = null;
  const conns: Connection[] = [];
  try {
    ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name });
    const seedConn = await connect(db.name);
    conns.push(seedConn);
    if (!reuse) {
      info(`seeding ${n.toLocaleString('en')} clients (chunks of ${chunk.toLocaleString('en')}, ${seedTx === 'table' ? 'one transaction per table' : 'one transaction per chunk'})`);
      await seedClients(seedConn, 1, n);
    }
    await verifySample(seedConn, n, mulberry32(prngSeed));
    if (!reuse) {
      const t0 = Date.now();
      await seedConn.query('ANALYZE TABLE clients, client_phones, client_emails, client_tags');
      const quiet = await quiesceTables(seedConn, ['clients', 'client_phones', 'client_emails', 'client_tags']);
      info(`ANALYZE + FLUSH TABLES FOR EXPORT: ${((Date.now() - t0) / 1000).toFixed(0)} s (dirty pages in the whole pool now ${quiet.dirty_pages})`);
    }
    const [sizes] = await seedConn.query<RowDataPacket[]>(
      'SELECT table_name t, data_length d, index_length i FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN (?)',
      [['clients', 'client_phones', 'client_emails', 'client_tags']],
    );
    const mb = (v: unknown) => Math.round(Number(v) / 2 ** 20);
    emit({
      bench: BENCH,
      clients: n,
      case: 'dataset',
      tables: Object.fromEntries(sizes.map((r) => [r.t, { data_mb: mb(r.d), index_mb: mb(r.i) }])),
      total_mb: mb(sizes.reduce((a, r) => a + Number(r.d) + Number(r.i), 0)),
      innodb_buffer_pool_mb: mb(await globalVariable(seedConn, 'innodb_buffer_pool_size')),
    });
    const bare = await connect(db.name);
    conns.push(bare);
    await measure(n, ds, seedConn, bare);
  } finally {
    for (const c of conns) await c.end().catch(() => {});
    if (ds?.isInitialized) await ds.destroy().catch(() => {});
    await db.drop();
  }
}

try {
  info(`caller lookup: sizes ${sizes.join(', ')}; ${lookups} lookups + ${warmup} warm-up per case`);
  if (process.env.BENCH_REUSE_DB && sizes.length !== 1) throw new Error('BENCH_REUSE_DB needs exactly one size in BENCH_CLIENTS');
  for (const n of sizes) await runSize(n);
} catch (err) {
  info(`FAILED: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
}
