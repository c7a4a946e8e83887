/**
 * Campaign "Next" under load (issue 14): N concurrent operators on one campaign of E entries.
 *
 *   bash bench/run.sh campaigns                                  # 100,000 entries on BENCH_MYSQL_URL (the shared 3306)
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 bash bench/run.sh campaigns --entries=1000000
 *                                                                # the issue's size: on a PRIVATE mariadbd only
 *   bash bench/run.sh campaigns --cases=zones_js,next_open --seconds=10
 *
 * Setup (a throwaway database, schema by the migrations through openDatabase, dropped at the end, also on
 * error/SIGINT): E clients (synthetic-clients.ts, one phone each: the card next() reads is a real one),
 * OPERATORS operator users, one running campaign (operatorIds [] and no team: everyone works it; every
 * day; maxAttempts 5; retry no_answer 120 min) and its E entries, bulk-seeded in SQL from the Sequence
 * engine: entry i is client i, priority 0 (rank 13, a campaign without priority), due since the seed. Two
 * zones, picked at start from Etc/GMT±N: OPEN (local time nearest 15:00) for entries with i % 10 = 0 and
 * CLOSED (local time nearest 03:00) for the other 90%, interleaved by id as a client list sorted by name
 * would have them. Which of them is callable is set by the campaign's hours, not by rewriting the zones:
 *   00:00–24:00 → every zone open ("all open"),  09:00–21:00 → 90% of the entries closed now.
 * Between cases every touched entry is put back as seeded, so each case starts from the same list.
 *
 * Each simulated operator (an async loop; all share one CampaignsService and one TypeORM pool of the
 * production size, 10 connections, as one server node would): next() → the call, an exponential "think"
 * of mean THINK ms while holding the entry → result(). Traffic modelled on a cold list: 60% 'no_answer'
 * (back to pending, retry rank 0, next_at + 120 min: not callable again within the run) and 40%
 * 'not_interested' (a final code: done). Every claim is checked against what the other operators hold right
 * now (double_claims, must be 0), a result refused as "not yours" is counted, and at the end no entry may
 * be left 'assigned'.
 *
 * Cases (BENCH_CASES, default all; each runs SECONDS after a warm-up Next and result; the one service is
 * kept across cases, so its 60-s zone cache expires in whichever case runs then, as in production):
 *   zones_js        zonesOpen() alone (pure JS) for 2 and 20 zones, µs per call; and the same with one
 *                   Intl.DateTimeFormat kept per zone (zonesOpenCached below), for comparison
 *   zones_distinct  the service's SELECT DISTINCT tz over the campaign (its zone cache, refreshed every 60 s)
 *   next_open       the service, all zones open, think THINK
 *   next_closed     the service, 90% of entries in a closed zone (the claim walks past them), think THINK
 *   floor           the bare claim: SELECT id … WHERE campaign_id=? AND state='pending' ORDER BY rank, next_at,
 *                   id LIMIT 1 FOR UPDATE SKIP LOCKED + UPDATE in a READ COMMITTED transaction on a plain
 *                   mysql2 pool of the same size (10); the operator's result marks the entry done (the bare
 *                   query has no next_at filter, so a retry would come straight back), think THINK
 *   floor_closed    the same with the service's filters added (AND tz IN (open) AND next_at <= now)
 *   next_open_sat, floor_sat   the same as next_open / floor with no think time at all: claims/s ceiling
 *                   (latency there is mostly the queue: for the pool, and for Node's CPU in the service)
 *   *_single        next_open / floor / next_closed / floor_closed with ONE operator, no think: what one
 *                   Next costs without any queue (run first, on the freshly reset list)
 * Per case: Next p50/p90/p99/max (ms, pool wait included), result() latency (of results started within
 * the run; a call still going at the end is cut short), claims/s (claims / time to the last claim), empty Nexts,
 * this process's CPU per claim (Next + result, the operators' loop included),
 * InnoDB index reads per claim (Handler_read_* deltas: server-wide, clean only on a private server),
 * and the load average (sampled every second, max of the 1-minute figure). The claim queries are
 * EXPLAINed and ANALYZEd right after next_closed (else at the end): r_rows = rows walked for one claim then.
 *   proposed_open, proposed_closed  a claim through a proposed index (campaign_id, state, tz, rank, next_at, id),
 *                   created on the throwaway table when these run (after the plans): see proposedDriver
 *
 * Env / args: BENCH_ENTRIES (--entries=) 100000; BENCH_OPERATORS (--operators=) 500; BENCH_SECONDS
 * (--seconds=) 20 per case; BENCH_THINK_MS (--think=) 5000 (mean call length: 500 operators ⇒ ~100 Nexts/s,
 * ~10× a real floor); BENCH_CASES (--cases=); BENCH_MYSQL_URL; BENCH_KEEP_DB=1 keeps the database.
 */
import { performance } from 'node:perf_hooks';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../server/db/data-source';
import type { Actor } from '../server/modules/auth/actor';
import { AuditService } from '../server/modules/audit/audit.service';
import { zonesOpen, type CallingHours } from '../server/modules/campaigns/calling-hours';
import { CampaignsService } from '../server/modules/campaigns/campaigns.service';
import type { CallbacksService } from '../server/modules/callbacks/callbacks.service';
import { ClientLookupService } from '../server/modules/clients/client-lookup.service';
import { ClientsService } from '../server/modules/clients/clients.service';
import { ThrowawayDatabase, connect, dbUrl, globalStatus, serverUrl } from './lib/bench-db';
import { emit, info, loadAvg, round, summarize } from './lib/stats';
import { clientsInsertSql, phonesInsertSql } from './lib/synthetic-clients';

const BENCH = 'campaigns';

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : (process.env[env] ?? fallback);
}
const int = (v: string) => Number(v.replace(/_/g, ''));

const ENTRIES = int(option('entries', 'BENCH_ENTRIES', '100000'));
const OPERATORS = int(option('operators', 'BENCH_OPERATORS', '500'));
const SECONDS = Number(option('seconds', 'BENCH_SECONDS', '20'));
const THINK_MS = Number(option('think', 'BENCH_THINK_MS', '5000'));
const ALL_CASES = ['zones_js', 'zones_distinct', 'next_single', 'floor_single', 'next_closed_single', 'floor_closed_single', 'next_open', 'next_closed', 'floor', 'floor_closed', 'next_open_sat', 'floor_sat', 'proposed_open', 'proposed_closed'];
const CASES = option('cases', 'BENCH_CASES', ALL_CASES.join(',')).split(',').filter(Boolean);
for (const c of CASES) if (!ALL_CASES.includes(c)) throw new Error(`unknown case ${c}; known: ${ALL_CASES.join(', ')}`);
/** The production pool (server/db/data-source.ts); the floor gets the same. */
const POOL = 10;
const CAMPAIGN = 1;
const FIRST_OPERATOR = 1;
const RANK = 13; // rankOf(priority 0, first attempt) in campaigns.service.ts
const NO_ANSWER_SHARE = 0.6;
const common = { bench: BENCH, entries: ENTRIES, operators: OPERATORS, pool: POOL };

if (ENTRIES >= 500_000 && /:3306\b/.test(serverUrl) && process.env.BENCH_ALLOW_SHARED !== '1') {
  throw new Error(`${ENTRIES} entries on the shared server (${serverUrl}): start a private mariadbd and set BENCH_MYSQL_URL (or BENCH_ALLOW_SHARED=1)`);
}

// ---------- zones ----------

/** Local minute of the day of `at` in `zone`. */
function localMinute(zone: string, at: Date): number {
  const p = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  return Number(p.find((x) => x.type === 'hour')!.value) * 60 + Number(p.find((x) => x.type === 'minute')!.value);
}
/** The Etc/GMT zone whose local time now is nearest `minute` (the middle of the window it must stay in during the run). */
function zoneNear(minute: number, at: Date): string {
  let best = '';
  let bestD = Infinity;
  for (let off = -12; off <= 14; off++) {
    const zone = off === 0 ? 'Etc/GMT' : `Etc/GMT${off > 0 ? '-' : '+'}${Math.abs(off)}`; // Etc/GMT-3 is UTC+3
    const m = localMinute(zone, at);
    const d = Math.min(Math.abs(m - minute), 1440 - Math.abs(m - minute));
    if (d < bestD) [best, bestD] = [zone, d];
  }
  return best;
}
/** zonesOpen with each zone's Intl.DateTimeFormat built once (the bench's reference, not the product's code). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function zonesOpenCached(hours: CallingHours, zones: readonly string[], at: Date): string[] {
  const mins = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const [from, to] = [mins(hours.from), mins(hours.to)];
  return zones.filter((zone) => {
    let f = formatters.get(zone);
    if (!f) formatters.set(zone, (f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
    const parts = f.formatToParts(at);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
    const minute = Number(get('hour')) * 60 + Number(get('minute'));
    if (from <= to) return hours.days.includes(day) && minute >= from && minute < to;
    return (minute >= from && hours.days.includes(day)) || (minute < to && hours.days.includes(day === 1 ? 7 : day - 1));
  });
}
const seededAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
const OPEN_ZONE = zoneNear(15 * 60, new Date());
const CLOSED_ZONE = zoneNear(3 * 60, new Date());

// ---------- seeding ----------

async function timed<T>(label: string, f: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  info(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

async function seed(conn: mysql.Connection): Promise<void> {
  const chunk = 100_000;
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  await conn.query(
    `INSERT INTO users (id, login, password_hash, name, role, extension, team_id, state, state_since, locale, active, created_at, updated_at)
     SELECT seq, CONCAT('op', seq), 'x', CONCAT('Operator ', seq), 'operator', CAST(1000 + seq AS CHAR), NULL, 'available', UTC_TIMESTAMP(3), NULL, 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3)
     FROM seq_${FIRST_OPERATOR}_to_${FIRST_OPERATOR + OPERATORS - 1}`,
  );
  await timed(`clients + phones ${ENTRIES.toLocaleString('en')}`, async () => {
    for (let lo = 1; lo <= ENTRIES; lo += chunk) {
      const hi = Math.min(ENTRIES, lo + chunk - 1);
      await conn.query(clientsInsertSql(lo, hi));
      await conn.query(phonesInsertSql(lo, hi));
    }
  });
  // Soft-deleted synthetic clients would be in no real campaign (the filter skips them): bring them back.
  await conn.query('UPDATE clients SET deleted_at = NULL WHERE deleted_at IS NOT NULL');
  await conn.query(
    `INSERT INTO campaigns (id, name, status, filter, team_id, operator_ids, calling_from, calling_to, days, max_attempts, retry, final_codes, script, priority, starts_on, ends_on, total, created_by_id, created_at, updated_at)
     VALUES (?, 'Bench campaign', 'running', '{}', NULL, '[]', '00:00', '24:00', '1,2,3,4,5,6,7', 5, ?, ?, 'Hello {{name}}, {{organization}}', 'none', NULL, NULL, ?, NULL, ?, ?)`,
    [CAMPAIGN, JSON.stringify({ busy: 15, no_answer: 120, default: 240 }), JSON.stringify(['sale', 'not_interested', 'wrong_number']), ENTRIES, seededAt, seededAt],
  );
  await timed(`campaign entries ${ENTRIES.toLocaleString('en')}`, async () => {
    for (let lo = 1; lo <= ENTRIES; lo += chunk) {
      const hi = Math.min(ENTRIES, lo + chunk - 1);
      await conn.query(
        `INSERT INTO campaign_entries (campaign_id, client_id, phone, tz, priority, \`rank\`, state, attempts, next_at, reached, effective, updated_at)
         SELECT ${CAMPAIGN}, c.id, p.e164, IF(c.id % 10 = 0, ?, ?), 0, ${RANK}, 'pending', 0, ?, 0, 0, ?
         FROM seq_${lo}_to_${hi} s JOIN clients c ON c.id = s.seq JOIN client_phones p ON p.id = s.seq ORDER BY s.seq`,
        [OPEN_ZONE, CLOSED_ZONE, seededAt, seededAt],
      );
    }
  });
  await conn.query('SET SESSION unique_checks = 1, foreign_key_checks = 1');
  await conn.query('ANALYZE TABLE campaign_entries, clients, client_phones, users');
}

/** Every entry a case touched back as seeded (pending, first attempt, due since the seed). */
async function reset(conn: mysql.Connection): Promise<number> {
  const [res] = await conn.query(
    `UPDATE campaign_entries SET state = 'pending', attempts = 0, \`rank\` = ${RANK}, next_at = ?, assigned_to = NULL, assigned_at = NULL,
       last_disposition = NULL, reached = 0, effective = 0, done_reason = NULL, updated_at = ?
     WHERE campaign_id = ${CAMPAIGN} AND updated_at <> ?`,
    [seededAt, seededAt, seededAt],
  );
  return (res as { affectedRows: number }).affectedRows;
}

async function setHours(conn: mysql.Connection, from: string, to: string): Promise<void> {
  await conn.query('UPDATE campaigns SET calling_from = ?, calling_to = ? WHERE id = ?', [from, to, CAMPAIGN]);
}

// ---------- the operators ----------

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Exponential think time (a call's length), mean `mean` ms. */
const think = (mean: number) => (mean > 0 ? sleep(-Math.log(1 - Math.random()) * mean) : Promise.resolve());

type Claim = { entryId: number } | null;
type Driver = {
  next(userId: number): Promise<Claim>;
  result(userId: number, entryId: number, noAnswer: boolean): Promise<void>;
};

type CaseResult = { claimSeconds: number; cpuMs: number; next: Float64Array; result: Float64Array; claims: number; empty: number; doubles: number; notYours: number; errors: number; seconds: number; loadMax: number };

async function runOperators(driver: Driver, thinkMs: number, operators: number): Promise<CaseResult> {
  const nextMs: number[] = [];
  const resultMs: number[] = [];
  const holding = new Map<number, number>(); // entry → operator holding it right now
  let claims = 0;
  let empty = 0;
  let doubles = 0;
  let notYours = 0;
  let errors = 0;
  let loadMax = loadAvg()[0]!;
  const sampler = setInterval(() => (loadMax = Math.max(loadMax, loadAvg()[0]!)), 1000);
  const t0 = performance.now();
  const stopAt = t0 + SECONDS * 1000;
  let lastClaimAt = t0;
  const operator = async (userId: number) => {
    // Spread the first Nexts over a think time, as operators do not all press Next in the same millisecond.
    await think(thinkMs / 2);
    while (performance.now() < stopAt) {
      const s = performance.now();
      let got: Claim;
      try {
        got = await driver.next(userId);
      } catch (err) {
        if (errors++ < 5) info(`next failed: ${(err as Error).message}`);
        await sleep(50);
        continue;
      }
      nextMs.push(performance.now() - s);
      if (!got) {
        empty++;
        await sleep(Math.max(50, thinkMs));
        continue;
      }
      claims++;
      lastClaimAt = performance.now();
      const other = holding.get(got.entryId);
      if (other !== undefined && other !== userId) doubles++;
      holding.set(got.entryId, userId);
      // The call; cut short at the end of the run (the result then still goes in, not measured).
      if (thinkMs > 0) await sleep(Math.min(-Math.log(1 - Math.random()) * thinkMs, Math.max(0, stopAt - performance.now())));
      // Held until result() has returned: a retry is due only in 120 min, so while (and after) the result
      // commits the entry cannot legitimately be handed out again in the run; a second holder is a double claim.
      const r = performance.now();
      try {
        await driver.result(userId, got.entryId, Math.random() < NO_ANSWER_SHARE);
        if (r < stopAt) resultMs.push(performance.now() - r);
      } catch (err) {
        if ((err as { status?: number }).status === 409) notYours++;
        else if (errors++ < 5) info(`result failed: ${(err as Error).message}`);
      } finally {
        if (holding.get(got.entryId) === userId) holding.delete(got.entryId);
      }
    }
  };
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: operators }, (_, i) => operator(FIRST_OPERATOR + i)));
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  return { claimSeconds: (lastClaimAt - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000, next: Float64Array.from(nextMs), result: Float64Array.from(resultMs), claims, empty, doubles, notYours, errors, seconds, loadMax };
}

function serviceDriver(svc: CampaignsService): Driver {
  const actor = (userId: number): Actor => ({ userId, role: 'operator', ip: null });
  return {
    next: async (userId) => {
      const got = await svc.next(actor(userId), CAMPAIGN);
      return got && { entryId: got.entryId };
    },
    result: async (userId, entryId, noAnswer) => {
      await svc.result(actor(userId), CAMPAIGN, entryId, { disposition: noAnswer ? 'no_answer' : 'not_interested' });
    },
  };
}

/** The bare claim on a plain mysql2 pool; `filtered` adds the service's zone and due-time filters. */
function floorDriver(pool: mysql.Pool, filtered: () => string[] | null): Driver {
  return {
    next: async (userId) => {
      const conn = await pool.getConnection();
      try {
        await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
        await conn.query('START TRANSACTION');
        const zones = filtered();
        const now = new Date();
        const [rows] = await conn.query<RowDataPacket[]>(
          `SELECT id FROM campaign_entries WHERE campaign_id = ? AND state = 'pending'${zones ? ' AND tz IN (?) AND next_at <= ?' : ''}
           ORDER BY \`rank\`, next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          zones ? [CAMPAIGN, zones, now] : [CAMPAIGN],
        );
        const id = rows[0] ? Number(rows[0].id) : null;
        if (id !== null) await conn.query(`UPDATE campaign_entries SET state = 'assigned', assigned_to = ?, assigned_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'`, [userId, now, now, id]);
        await conn.query('COMMIT');
        return id === null ? null : { entryId: id };
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    result: async (userId, entryId) => {
      const now = new Date();
      const [res] = await pool.query(`UPDATE campaign_entries SET state = 'done', attempts = attempts + 1, assigned_to = NULL, assigned_at = NULL, done_reason = 'result', updated_at = ? WHERE id = ? AND state = 'assigned' AND assigned_to = ?`, [now, entryId, userId]);
      if ((res as { affectedRows: number }).affectedRows !== 1) throw Object.assign(new Error('not yours'), { status: 409 });
    },
  };
}

/**
 * A claim that reads only due, callable rows (proposed; needs PROPOSED_INDEX): per rank in use, lowest first,
 * and per open zone, an index dive `campaign_id = ? AND state = 'pending' AND tz = ? AND rank = ? AND
 * next_at <= ? ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED` (all equalities but the due time, so the
 * first row read is the answer); of a rank's candidates the earliest is taken, the others unlocked at COMMIT.
 * The result is the service's traffic (60% retry at rank 0 in 120 min, 40% done), so the not-yet-due retries
 * it must not walk over pile up as in next_*.
 */
const PROPOSED_INDEX = 'ix_bench_proposed_next';
const FLOOR_INDEX = 'ix_bench_floor_next';
const RANKS_IN_USE = [0, RANK]; // what the service would cache like its zones (SELECT DISTINCT rank): retries and first attempts here
function proposedDriver(pool: mysql.Pool, open: () => string[]): Driver {
  return {
    next: async (userId) => {
      const conn = await pool.getConnection();
      try {
        await conn.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
        await conn.query('START TRANSACTION');
        const now = new Date();
        let best: { id: number; at: number } | null = null;
        for (const rank of RANKS_IN_USE) {
          for (const zone of open()) {
            const [rows] = await conn.query<RowDataPacket[]>(
              `SELECT id, next_at FROM campaign_entries FORCE INDEX (${PROPOSED_INDEX})
               WHERE campaign_id = ? AND state = 'pending' AND tz = ? AND \`rank\` = ? AND next_at <= ? ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
              [CAMPAIGN, zone, rank, now],
            );
            const r = rows[0];
            if (r && (!best || (r.next_at as Date).getTime() < best.at)) best = { id: Number(r.id), at: (r.next_at as Date).getTime() };
          }
          if (best) break;
        }
        if (best) await conn.query(`UPDATE campaign_entries SET state = 'assigned', assigned_to = ?, assigned_at = ?, updated_at = ? WHERE id = ? AND state = 'pending'`, [userId, now, now, best.id]);
        await conn.query('COMMIT');
        return best && { entryId: best.id };
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    result: async (userId, entryId, noAnswer) => {
      const now = new Date();
      const [res] = await pool.query(
        noAnswer
          ? `UPDATE campaign_entries SET state = 'pending', \`rank\` = 0, next_at = ?, attempts = attempts + 1, assigned_to = NULL, assigned_at = NULL, updated_at = ? WHERE id = ? AND state = 'assigned' AND assigned_to = ?`
          : `UPDATE campaign_entries SET state = 'done', attempts = attempts + 1, assigned_to = NULL, assigned_at = NULL, done_reason = 'result', updated_at = ? WHERE id = ? AND state = 'assigned' AND assigned_to = ?`,
        noAnswer ? [new Date(now.getTime() + 120 * 60_000), now, entryId, userId] : [now, entryId, userId],
      );
      if ((res as { affectedRows: number }).affectedRows !== 1) throw Object.assign(new Error('not yours'), { status: 409 });
    },
  };
}

// ---------- main ----------

/** The first object in ANALYZE FORMAT=JSON output that has `key` (the table access, wherever MariaDB nests it). */
function findWith(v: unknown, key: string): Record<string, unknown> | undefined {
  if (!v || typeof v !== 'object') return undefined;
  if (key in (v as object)) return v as Record<string, unknown>;
  for (const x of Object.values(v as object)) {
    const f = findWith(x, key);
    if (f) return f;
  }
  return undefined;
}

const HANDLER = ['Handler_read_key', 'Handler_read_next', 'Handler_read_rnd_next', 'Handler_read_first'];
async function handlerReads(conn: mysql.Connection): Promise<Record<string, number>> {
  return globalStatus(conn, 'Handler_read_%');
}

const db = await ThrowawayDatabase.create('crm_bench_campaigns');
let ds: DataSource | null = null;
let pool: mysql.Pool | null = null;
let conn: mysql.Connection | null = null;
let planConn: mysql.Connection | null = null;
let plansDone = false;
try {
  info(`load ${loadAvg().join(' ')}; ${ENTRIES.toLocaleString('en')} entries, ${OPERATORS} operators, ${SECONDS} s per case, think ${THINK_MS} ms; ${serverUrl}; open zone ${OPEN_ZONE}, closed zone ${CLOSED_ZONE}`);
  ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  conn = await connect(db.name, { timezone: 'Z' });
  planConn = conn;
  const t0 = performance.now();
  await seed(conn);
  emit({ ...common, figure: 'seed', seconds: round((performance.now() - t0) / 1000, 1), open_zone: OPEN_ZONE, closed_zone: CLOSED_ZONE, open_share: 0.1 });

  // As server/services.ts wires it, minus what next()/result() never reach here (no callbacks are promised,
  // nothing is dialled; no read budget: next() reads the card without an actor; an empty do-not-call list).
  const audit = new AuditService(ds);
  const regions = ['RU' as const];
  const clients = new ClientsService(ds, audit, new ClientLookupService(ds, regions), regions);
  const svc = new CampaignsService(ds, audit, clients, {} as CallbacksService, async () => new Set(['sale']), () => 'Europe/Moscow', {
    blocked: async () => null,
    saleCodes: async () => new Set(['sale']),
  });
  pool = mysql.createPool({ uri: dbUrl(db.name), connectionLimit: POOL, timezone: 'Z', supportBigNumbers: true, charset: 'utf8mb4_unicode_ci' });

  for (const name of CASES) {
    if (name === 'zones_js') {
      const at = new Date();
      const hours: CallingHours = { from: '09:00', to: '21:00', days: [1, 2, 3, 4, 5, 6, 7] };
      const many = Array.from({ length: 20 }, (_, i) => (i === 0 ? 'Etc/GMT' : `Etc/GMT${i <= 12 ? '+' : '-'}${i <= 12 ? i : i - 12}`));
      for (const zones of [[OPEN_ZONE, CLOSED_ZONE], many]) {
        for (let i = 0; i < 200; i++) zonesOpen(hours, zones, at); // warm-up
        // As many calls as fit in ~2 s (each one builds an Intl.DateTimeFormat per zone: slow).
        let n = 0;
        let open = 0;
        const s = performance.now();
        while (performance.now() - s < 2000) for (let i = 0; i < 50; i++, n++) open += zonesOpen(hours, zones, at).length;
        const us = ((performance.now() - s) * 1000) / n;
        info(`zonesOpen, ${zones.length} zones: ${us.toFixed(1)} µs per call (${open / n} open)`);
        emit({ ...common, figure: 'zones_open_js', zones: zones.length, us_per_call: round(us, 2), us_per_zone: round(us / zones.length, 2) });
        // The same answer with one Intl.DateTimeFormat per zone kept (what a cache in calling-hours.ts would cost).
        let m = 0;
        let open2 = 0;
        const s2 = performance.now();
        while (performance.now() - s2 < 1000) for (let i = 0; i < 50; i++, m++) open2 += zonesOpenCached(hours, zones, at).length;
        if (open2 / m !== open / n) throw new Error('zonesOpenCached disagrees with zonesOpen');
        const us2 = ((performance.now() - s2) * 1000) / m;
        info(`  with a formatter cached per zone: ${us2.toFixed(1)} µs per call`);
        emit({ ...common, figure: 'zones_open_js_cached_formatter', zones: zones.length, us_per_call: round(us2, 2) });
      }
      continue;
    }
    if (name === 'zones_distinct') {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const s = performance.now();
        await ds.query('SELECT DISTINCT tz FROM campaign_entries WHERE campaign_id = ?', [CAMPAIGN]);
        ms.push(performance.now() - s);
      }
      info(`SELECT DISTINCT tz: ${ms.map((m) => m.toFixed(0)).join(', ')} ms`);
      emit({ ...common, figure: 'zones_distinct_sql', runs_ms: ms.map((m) => round(m, 1)), min_ms: round(Math.min(...ms), 1) });
      continue;
    }
    const sat = name.endsWith('_sat');
    const single = name.endsWith('_single');
    const thinkMs = sat || single ? 0 : THINK_MS;
    const operators = single ? 1 : OPERATORS;
    const closed = name.includes('closed');
    const isFloor = name.startsWith('floor');
    const proposed = name.startsWith('proposed');
    // The bare floor query orders the whole campaign by rank: it gets the index that suits it (the product's
    // claim index leads with the zone since migration 320), so the floor stays a floor.
    if (isFloor && !(await hasIndex(conn, FLOOR_INDEX))) await timed(`CREATE INDEX ${FLOOR_INDEX}`, () => conn!.query(`CREATE INDEX ${FLOOR_INDEX} ON campaign_entries (campaign_id, state, \`rank\`, next_at, id)`));
    if (proposed && !plansDone) await explainPlans();
    if (proposed && !(await hasIndex(conn, PROPOSED_INDEX))) {
      await timed(`CREATE INDEX ${PROPOSED_INDEX}`, () => conn!.query(`CREATE INDEX ${PROPOSED_INDEX} ON campaign_entries (campaign_id, state, tz, \`rank\`, next_at, id)`));
      const [ex] = await conn.query<RowDataPacket[]>(
        `EXPLAIN SELECT id, next_at FROM campaign_entries FORCE INDEX (${PROPOSED_INDEX}) WHERE campaign_id = ? AND state = 'pending' AND tz = ? AND \`rank\` = ? AND next_at <= ? ORDER BY next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [CAMPAIGN, OPEN_ZONE, RANK, new Date()],
      );
      const e = ex[0]!;
      info(`EXPLAIN proposed: type ${e.type} key ${e.key} rows ${e.rows} extra "${e.Extra}"`);
      emit({ ...common, figure: 'plan', query: 'proposed_per_zone_rank', type: e.type, key: e.key, est_rows: Number(e.rows), extra: e.Extra });
    }
    const touched = await reset(conn);
    await setHours(conn, closed ? '09:00' : '00:00', closed ? '21:00' : '24:00');
    const openNow = closed ? [OPEN_ZONE] : [OPEN_ZONE, CLOSED_ZONE];
    const driver = proposed ? proposedDriver(pool, () => openNow) : isFloor ? floorDriver(pool, () => (closed ? openNow : null)) : serviceDriver(svc);
    // Warm-up: one Next and its result (fills the service's zone cache, the pools' first connections).
    const warm = await driver.next(FIRST_OPERATOR);
    if (!warm) throw new Error(`${name}: the warm-up Next found nothing`);
    await driver.result(FIRST_OPERATOR, warm.entryId, false);
    info(`${name}: reset ${touched} entries; ${operators} operators for ${SECONDS} s, think ${thinkMs} ms, hours ${closed ? '09:00–21:00 (90% closed)' : 'all open'}`);
    const h0 = await handlerReads(conn);
    const r = await runOperators(driver, thinkMs, operators);
    const h1 = await handlerReads(conn);
    const [[left]] = await conn.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM campaign_entries WHERE campaign_id = ? AND state = 'assigned'`, [CAMPAIGN]);
    const next = summarize(r.next);
    const res = summarize(r.result);
    const perClaim = Object.fromEntries(HANDLER.map((k) => [k.replace('Handler_', ''), round(((h1[k] ?? 0) - (h0[k] ?? 0)) / Math.max(1, r.claims + r.empty), 1)]));
    info(`${name}: next p50 ${next.p50_ms} p99 ${next.p99_ms} max ${next.max_ms} ms; ${(r.claims / Math.max(0.001, r.claimSeconds)).toFixed(0)} claims/s; doubles ${r.doubles}, not-yours ${r.notYours}, errors ${r.errors}, left assigned ${left!.n}; per Next ${JSON.stringify(perClaim)}; load max ${r.loadMax}`);
    emit({
      ...common, operators, figure: name, variant: proposed ? 'proposed' : isFloor ? 'floor' : 'service', zones: closed ? '90% closed' : 'all open', think_ms: thinkMs,
      next_p50_ms: next.p50_ms, next_p90_ms: next.p90_ms, next_p99_ms: next.p99_ms, next_max_ms: next.max_ms, next_mean_ms: next.mean_ms, nexts: next.n,
      result_p50_ms: res.p50_ms, result_p99_ms: res.p99_ms,
      claims: r.claims, claims_per_s: round(r.claims / Math.max(0.001, r.claimSeconds), 1), empty_nexts: r.empty, double_claims: r.doubles, not_yours: r.notYours, errors: r.errors,
      left_assigned: Number(left!.n), node_cpu_ms_per_claim: round(r.cpuMs / Math.max(1, r.claims), 2), handler_reads_per_next: perClaim, seconds: round(r.seconds, 1), loadavg_1m_max: r.loadMax,
    });
    // The plans where they matter: the list as next_closed leaves it (retries waiting at rank 0, open rows used up at the head).
    if (name === 'next_closed') await explainPlans();
  }

  if (!plansDone) await explainPlans();
} finally {
  await pool?.end().catch(() => undefined);
  await conn?.end().catch(() => undefined);
  await ds?.destroy().catch(() => undefined);
  await db.drop();
}

async function hasIndex(c: mysql.Connection, name: string): Promise<boolean> {
  const [rows] = await c.query<RowDataPacket[]>(`SHOW INDEX FROM campaign_entries WHERE Key_name = ?`, [name]);
  return rows.length > 0;
}

/** The claim queries' plans and rows walked, on the table as next_closed (else the last case) left it. */
async function explainPlans(): Promise<void> {
  plansDone = true;
  const conn = planConn!;
  const now = new Date();
  const plans: [string, string, unknown[]][] = [
    ['floor', `SELECT id FROM campaign_entries WHERE campaign_id = ? AND state = 'pending' ORDER BY \`rank\`, next_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`, [CAMPAIGN]],
    ['service_all_open', `SELECT e.id, e.client_id, e.phone, e.attempts FROM campaign_entries e WHERE e.campaign_id = ? AND e.state = 'pending' AND e.tz IN (?) AND e.next_at <= ? ORDER BY e.\`rank\`, e.next_at, e.id LIMIT 1 FOR UPDATE SKIP LOCKED`, [CAMPAIGN, [OPEN_ZONE, CLOSED_ZONE], now]],
    ['service_90pct_closed', `SELECT e.id, e.client_id, e.phone, e.attempts FROM campaign_entries e WHERE e.campaign_id = ? AND e.state = 'pending' AND e.tz IN (?) AND e.next_at <= ? ORDER BY e.\`rank\`, e.next_at, e.id LIMIT 1 FOR UPDATE SKIP LOCKED`, [CAMPAIGN, [OPEN_ZONE], now]],
  ];
  for (const [label, sql, params] of plans) {
    const [ex] = await conn.query<RowDataPacket[]>(`EXPLAIN ${sql}`, params);
    await conn.query('START TRANSACTION');
    const [an] = await conn.query<RowDataPacket[]>(`ANALYZE FORMAT=JSON ${sql}`, params);
    await conn.query('ROLLBACK');
    const json: unknown = JSON.parse(String(Object.values(an[0]!)[0]));
    const t = (findWith(json, 'r_rows') ?? {}) as Record<string, unknown>;
    t.r_total_time_ms = findWith(json, 'r_total_time_ms')?.r_total_time_ms;
    const e = ex[0]!;
    info(`EXPLAIN ${label}: type ${e.type} key ${e.key} rows ${e.rows} extra "${e.Extra}"; ANALYZE r_rows ${t.r_rows} r_total_time_ms ${t.r_total_time_ms}`);
    emit({ ...common, figure: 'plan', query: label, type: e.type, key: e.key, est_rows: Number(e.rows), extra: e.Extra, r_rows: t.r_rows, r_filtered: t.r_filtered, r_ms: t.r_total_time_ms });
  }
}
