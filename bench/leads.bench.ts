/**
 * The public lead endpoint's latency under a steady load, beside the floor of a bare INSERT.
 *
 *   bash bench/run.sh leads
 *   BENCH_RATE=200 BENCH_SECONDS=30 bash bench/run.sh leads
 *
 * One process, one throwaway MariaDB database: the real composition (openDatabase → createServices →
 * createHttpApp) listens on loopback with the lead limits raised past the load (the limits are what the
 * integration test checks; here the write path is measured). BENCH_WARMUP leads first, unmeasured; then an
 * open loop sends BENCH_RATE posts per second for BENCH_SECONDS, each a new person (a new phone and name,
 * UTM fields, a comment) to one source: a client created, a lead row, a callback opened (its timers on the
 * in-process queue). Latency = fetch start → the 201 read, in this process (the client's CPU is in it).
 * Every answer must be a 201, or a 503 when the server is past its request deadline (counted in `answers`),
 * and every lead answered 201 must be written, else the run fails.
 *
 * Floor: the same number of single-row INSERTs into `leads` (the lead row alone, no client, no callback)
 * through one mysql2 connection at the same rate: what one round trip and one write cost on this machine.
 *
 * Figures: {"bench":"leads","figure":"post_latency", n, p50/p90/p99/max_ms, answers by status, achieved_per_s
 * (all answers in / wall time), process_cpu_ms_per_lead (this process: server and client), rate, ...} and
 * {"bench":"leads","figure":"bare_insert_latency", ...}, with the ratio of the p50s and p99s.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { openDatabase } from '../server/db/data-source';
import { createHttpApp } from '../server/http/app';
import { createLogger } from '../server/logging/logger';
import { createServices } from '../server/services';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, round, summarize } from './lib/stats';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);

const db = await ThrowawayDatabase.create('crm_bench_leads');
let failed = false;
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const logger = createLogger('silent');
  const limits = { address: { points: 1e9, seconds: 60 }, token: { points: 1e9, seconds: 60 } };
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 3600_000 }, logger, leadLimits: limits });
  await services.floor.start();
  await services.callbacks.start(3_600_000);
  const server = createServer(createHttpApp({ services, logger, cookieSecure: false }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const admin = await services.users.create(null, { login: 'bench_manager', password: 'bench password 1', name: 'Bench', role: 'manager' });
  const source = await services.leadSources.create({ userId: admin.id, role: 'manager', ip: null }, { name: 'Bench site', callbackMinutes: 15, origins: [], active: true }, base);

  let seq = 0;
  const statuses: Record<number, number> = {};
  const post = async (): Promise<number> => {
    const n = ++seq;
    const body = JSON.stringify({ name: `Лид ${n}`, phone: `+7 916 ${String(1_000_000 + n).slice(-7)}`, comment: 'Перезвоните, пожалуйста', utm_source: 'yandex', utm_medium: 'cpc', utm_campaign: `c${n % 10}` });
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${base}/api/leads/${source.token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.text();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    // An overloaded server answers 503 (its request deadline): counted and reported. Anything else is wrong.
    if (res.status !== 201 && res.status !== 503) throw new Error(`lead ${n}: ${res.status}`);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };

  /** Starts `fn` BENCH_RATE times a second for BENCH_SECONDS (open loop: a slow answer does not delay the next). */
  const openLoop = async (fn: () => Promise<number>): Promise<Float64Array> => {
    const total = RATE * SECONDS;
    const results: Promise<number>[] = [];
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      results.push(fn());
    }
    return Float64Array.from(await Promise.all(results));
  };

  info(`warming up with ${WARMUP} leads`);
  for (let i = 0; i < WARMUP; i += 10) await Promise.all(Array.from({ length: 10 }, post));
  info(`${RATE} leads/s for ${SECONDS} s`);
  for (const k of Object.keys(statuses)) delete statuses[Number(k)];
  statuses[201] = WARMUP;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const posts = summarize(await openLoop(post));
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - wall0) / 1000;
  const [[written]] = (await ds.query('SELECT COUNT(*) AS n FROM leads').then((r: { n: number }[]) => [[r[0]!]])) as [[{ n: number }]];
  const [[clients]] = (await ds.query("SELECT COUNT(*) AS n FROM clients WHERE source = 'Bench site'").then((r: { n: number }[]) => [[r[0]!]])) as [[{ n: number }]];
  const expected = statuses[201] ?? 0;
  if (Number(written.n) !== expected || Number(clients.n) !== expected) throw new Error(`written ${written.n} leads and ${clients.n} clients, expected ${expected}`);

  info(`bare INSERT floor: ${RATE}/s for ${SECONDS} s`);
  const conn = await connect(db.name);
  let k = 0;
  const insert = async () => {
    const n = ++k;
    const t0 = process.hrtime.bigint();
    await conn.execute(
      'INSERT INTO leads (source_id, client_id, fingerprint, name, phone, comment, utm_source, utm_medium, utm_campaign, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NOW(3))',
      [source.id, 1, `floor${n}`, `Лид ${n}`, `+7916${n}`, 'Перезвоните, пожалуйста', 'yandex', 'cpc', 'c1'],
    );
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < 100; i++) await insert();
  const floor = summarize(await openLoop(insert));
  await conn.end();

  const meta = { rate_per_s: RATE, seconds: SECONDS, db: 'mariadb' };
  emit({ bench: 'leads', figure: 'post_latency', ...posts, answers: { ...statuses, 201: (statuses[201] ?? 0) - WARMUP }, achieved_per_s: round((RATE * SECONDS) / wallS, 1), process_cpu_ms_per_lead: round((cpu.user + cpu.system) / 1000 / (RATE * SECONDS), 2), ...meta });
  emit({ bench: 'leads', figure: 'bare_insert_latency', ...floor, ...meta });
  emit({ bench: 'leads', figure: 'post_vs_insert', ratio_p50: round(posts.p50_ms / floor.p50_ms, 2), ratio_p99: round(posts.p99_ms / floor.p99_ms, 2), ...meta });
  services.abc.stop();
  services.agents.stop();
  services.presence.stop();
  services.kpis.stop();
  await services.jobs.close();
  server.closeAllConnections();
  server.close();
  await ds.destroy();
} catch (err) {
  failed = true;
  info(`failed: ${(err as Error).stack ?? err}`);
} finally {
  await db.drop();
}
process.exit(failed ? 1 : 0);
