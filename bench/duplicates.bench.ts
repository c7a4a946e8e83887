/**
 * Duplicates: how long finding likely duplicates takes at BENCH_CLIENTS clients, and how long merging a
 * client with many calls takes.
 *
 *   bash bench/run.sh duplicates                                  # 50,000 clients on the shared MariaDB
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3307 BENCH_CLIENTS=1000000 bash bench/run.sh duplicates
 *
 * The default size is small because the shared MariaDB at 3306 is shared (over 1M rows is refused there,
 * see refuseOnSharedServer): run 1M clients on a private mariadbd (BENCH_MYSQL_URL).
 *
 * Seed (inside MariaDB, Sequence engine, a throwaway database with the migrations' schema):
 *   - clients #1..N, names "<first> <last>" drawn (CRC32) from 100 first names × 1,000 surnames (so a name
 *     repeats about N/100,000 times: at 1M every name is shared by ~10 people; namesakes are the hard case),
 *     name_key left NULL as after a bulk import (the first search computes them: fill_name_keys);
 *   - one E.164 phone each (+7 916 <i>), and for 1 in 500 the neighbour's number again as an old import
 *     kept it ("(0916) …", not normalized): the phone duplicates;
 *   - an e-mail for 1 in 2, and 1 in 1,000 sharing its neighbour's: the e-mail duplicates;
 *   - BENCH_CALLS (default 100,000) calls spread over the clients, and BENCH_MERGE_CALLS (default 20,000)
 *     more on the client merged away.
 * Figures (one JSON line each): fill_name_keys (one request's share, then all), list (a page of 20, all
 * reasons and per reason: groups computed, computed again, and the next page from the 30 s cache), for_client (a card's duplicates, p50/p99 over BENCH_CARDS random clients), merge (one merge of
 * the client with BENCH_MERGE_CALLS calls; the calls moved, checked).
 */
import { AuditService } from '../server/modules/audit/audit.service';
import { ClientMergeService } from '../server/modules/duplicates/client-merge.service';
import { DuplicatesService } from '../server/modules/duplicates/duplicates.service';
import { num, openReportBench, refuseOnSharedServer } from './lib/report-bench';
import { emit, info, round, summarize } from './lib/stats';

const N = num('BENCH_CLIENTS', 50_000);
const CALLS = num('BENCH_CALLS', 100_000);
const MERGE_CALLS = num('BENCH_MERGE_CALLS', 20_000);
const CARDS = num('BENCH_CARDS', 300);
const CHUNK = 100_000;

const FIRST = ['Иван', 'Пётр', 'Анна', 'Мария', 'Олег', 'Елена', 'Сергей', 'Ольга', 'Дмитрий', 'Наталья'].flatMap((n, i) => Array.from({ length: 10 }, (_, j) => (j === 0 ? n : `${n}${'абвгдежзи'[j - 1]}`))).slice(0, 100);
const ROOTS = ['Иванов', 'Петров', 'Сидоров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков', 'Зайцев', 'Павлов', 'Семёнов', 'Голубев', 'Виноградов', 'Богданов', 'Воробьёв', 'Фёдоров', 'Михайлов', 'Беляев', 'Тарасов', 'Белов', 'Комаров', 'Орлов', 'Киселёв', 'Макаров', 'Андреев', 'Ковалёв', 'Ильин', 'Гусев', 'Титов', 'Кузьмин', 'Кудрявцев', 'Баранов', 'Куликов', 'Алексеев', 'Степанов', 'Яковлев'];
const LAST = ROOTS.flatMap((r) => Array.from({ length: 25 }, (_, j) => `${r}${j === 0 ? '' : `-${j}`}`)).slice(0, 1000);

const elt = (list: string[], expr: string) => `ELT(1 + (${expr}) % ${list.length}, ${list.map((s) => `'${s}'`).join(',')})`;
const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const r = await f();
  return [round(performance.now() - t0, 1), r];
};

async function main() {
  refuseOnSharedServer(N * 3 + CALLS + MERGE_CALLS);
  const { db, ds, conn, bufferPoolMiB } = await openReportBench('crm_bench_dups');
  try {
    info(`seeding ${N.toLocaleString('en')} clients`);
    const t0 = performance.now();
    for (let from = 1; from <= N; from += CHUNK) {
      const to = Math.min(N, from + CHUNK - 1);
      const name = `CONCAT(${elt(FIRST, "CRC32(CONCAT('f', seq))")}, ' ', ${elt(LAST, 'CRC32(seq)')})`;
      await conn.query(`INSERT INTO clients (id, kind, name, name_search, stage, revenue, created_at, updated_at) SELECT seq, 'person', ${name}, LOWER(${name}), 'lead', 0, NOW(3), NOW(3) FROM seq_${from}_to_${to}`);
      const d = `CONCAT('7916', LPAD(seq, 7, '0'))`;
      await conn.query(`INSERT INTO client_phones (client_id, e164, raw, digits, rev_digits, position) SELECT seq, CONCAT('+', ${d}), CONCAT('+', ${d}), ${d}, REVERSE(${d}), 0 FROM seq_${from}_to_${to}`);
      // The neighbour's number as an old import kept it: "(0916) …" does not normalize.
      const n = `CONCAT('0916', LPAD(seq - 1, 7, '0'))`;
      await conn.query(`INSERT INTO client_phones (client_id, e164, raw, digits, rev_digits, position) SELECT seq, NULL, ${n}, ${n}, REVERSE(${n}), 1 FROM seq_${from}_to_${to} WHERE seq % 500 = 1 AND seq > 1`);
      await conn.query(`INSERT INTO client_emails (client_id, email, position) SELECT seq, CONCAT('u', seq - (seq % 1000 = 1), '@example.com'), 0 FROM seq_${from}_to_${to} WHERE seq % 2 = 0 OR seq % 1000 = 1`);
    }
    for (let from = 1; from <= CALLS; from += CHUNK) {
      const to = Math.min(CALLS, from + CHUNK - 1);
      await conn.query(`INSERT INTO calls (pbx, pbx_call_id, direction, client_id, started_at, outcome, talk_seconds, created_at, updated_at) SELECT 'bench', CONCAT('c', seq), 'inbound', 1 + (seq * 7919) % ${N}, NOW(3) - INTERVAL (seq % 86400) SECOND, 'answered', 60, NOW(3), NOW(3) FROM seq_${from}_to_${to}`);
    }
    const [survivorId, duplicateId] = [2, 3];
    await conn.query(`INSERT INTO calls (pbx, pbx_call_id, direction, client_id, started_at, outcome, talk_seconds, created_at, updated_at) SELECT 'bench', CONCAT('m', seq), 'inbound', ${duplicateId}, NOW(3) - INTERVAL seq SECOND, 'answered', 60, NOW(3), NOW(3) FROM seq_1_to_${MERGE_CALLS}`);
    await conn.query('ANALYZE TABLE clients, client_phones, client_emails, calls');
    info(`seeded in ${round((performance.now() - t0) / 1000, 1)} s`);
    const base = { bench: 'duplicates', clients: N, buffer_pool_mib: bufferPoolMiB };

    const dups = new DuplicatesService(ds);
    const [fillMs, filled] = await time(() => dups.fillNameKeys());
    emit({ ...base, figure: 'fill_name_keys', ms: fillMs, rows: filled, note: 'once after a bulk import: at most 50,000 per request' });
    const [restMs] = await time(async () => {
      while ((await dups.fillNameKeys()) > 0);
    });
    emit({ ...base, figure: 'fill_name_keys_all', ms: round(fillMs + restMs, 1), rows: N });

    // computed: the groups found afresh (the first page, or after GROUPS_TTL); next_page: the next page within it.
    for (const run of ['computed', 'computed_again', 'next_page'] as const) {
      if (run === 'next_page') await dups.list({ limit: 20, offset: 0 }); // every reason's groups in the cache
      for (const reason of [undefined, 'phone', 'email', 'name'] as const) {
        if (run !== 'next_page') dups.forget();
        const [ms, res] = await time(() => dups.list({ reason, limit: 20, offset: run === 'next_page' ? 20 : 0 }));
        emit({ ...base, figure: 'list', reason: reason ?? 'all', run, ms, groups: res.total });
      }
    }
    dups.forget();
    const [farMs] = await time(() => dups.list({ limit: 20, offset: 1_000 }));
    emit({ ...base, figure: 'list', reason: 'all', run: 'offset_1000', ms: farMs });

    const card = new Float64Array(CARDS);
    let found = 0;
    for (let i = 0; i < CARDS; i++) {
      const id = 1 + Math.floor(Math.random() * N);
      const t = performance.now();
      found += (await dups.forClient(id)).items.length;
      card[i] = performance.now() - t;
    }
    emit({ ...base, figure: 'for_client', ...summarize(card), avg_candidates: round(found / CARDS, 2) });

    const merges = new ClientMergeService(ds, new AuditService(ds));
    const actor = { userId: 1, role: 'manager' as const, ip: null };
    await conn.query("INSERT INTO users (id, login, password_hash, name, role, state, state_since, active, created_at, updated_at) VALUES (1, 'bench', 'x', 'Bench', 'manager', 'offline', NOW(3), 1, NOW(3), NOW(3))").catch((e: Error) => info(`no bench user: ${e.message}`));
    const callsOf = async (id: number) => Number(((await conn.query('SELECT COUNT(*) AS n FROM calls WHERE client_id = ?', [id])) as unknown as [[{ n: number }]])[0][0].n);
    const had = await callsOf(duplicateId);
    const [mergeMs, result] = await time(() => merges.merge(actor, survivorId, duplicateId));
    const left = await callsOf(duplicateId);
    if (left !== 0 || result.moved.calls !== had) throw new Error(`merge moved ${result.moved.calls} of ${had} calls, ${left} left`);
    emit({ ...base, figure: 'merge', ms: mergeMs, calls_moved: result.moved.calls, calls_total: CALLS + MERGE_CALLS });
  } finally {
    await ds.destroy().catch(() => undefined);
    await conn.end().catch(() => undefined);
    await db.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
