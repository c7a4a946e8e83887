/**
 * Synthetic clients for the benchmarks, generated inside MariaDB (Sequence engine) and reproducible in
 * JS: client #i (1-based) always gets the same unique phone number, so a benchmark can pick random
 * existing clients without reading the table.
 *
 * Numbers: i % 4 picks the operator (+7 916, +7 903, +380 67, +380 44); the 7 subscriber digits are
 * (⌊i/4⌋ · A + B) mod 10^7 with A coprime to 10^7, a bijection, so numbers are unique and look random
 * up to 4·10^7 clients. The last 9 digits start with the operator code (16/03/67/44), so they are
 * unique too and a suffix lookup is unambiguous. The raw form varies over four spellings per country;
 * digits/rev_digits are what normalizePhone(raw, 'RU') gives (checked on a sample by the benchmark).
 */

export const MAX_CLIENTS = 40_000_000;
const A = 6_180_339;
const B = 1_234_567;
const OPS = ['916', '903', '67', '44'] as const;

/** Every DELETED_EVERY-th client is soft-deleted (deleted_at set), as in a live base. */
export const DELETED_EVERY = 250;
export const isDeleted = (i: number) => i % DELETED_EVERY === DELETED_EVERY - 1;

export type SyntheticPhone = { e164: string; raw: string; digits: string; revDigits: string; cc: '7' | '380'; op: string; sub: string };

export function phoneOf(i: number): SyntheticPhone {
  const r = i % 4;
  const cc = r < 2 ? '7' : '380';
  const op = OPS[r]!;
  const sub = String((Math.floor(i / 4) * A + B) % 10_000_000).padStart(7, '0');
  const fmt = Math.floor(i / 4) % 4;
  const [s3, s2a, s2b, s4] = [sub.slice(0, 3), sub.slice(3, 5), sub.slice(5, 7), sub.slice(3, 7)];
  let raw: string;
  let digits: string;
  if (cc === '7') {
    raw = [`+7 ${op} ${s3} ${s2a} ${s2b}`, `8 (${op}) ${s3}-${s2a}-${s2b}`, `7${op}${sub}`, `+7 (${op}) ${s3}-${s4}`][fmt]!;
    digits = (fmt === 1 ? '8' : '7') + op + sub;
  } else {
    raw = [`+380 ${op} ${s3} ${s2a} ${s2b}`, `+38 (0${op}) ${s3}-${s2a}-${s2b}`, `380${op}${sub}`, `00380${op}${sub}`][fmt]!;
    digits = (fmt === 3 ? '00380' : '380') + op + sub;
  }
  const e164 = `+${cc}${op}${sub}`;
  return { e164, raw, digits, revDigits: [...e164.slice(1)].reverse().join(''), cc, op, sub };
}

/** Ways a caller's number arrives from a PBX or is typed by an operator, all meaning the full number. */
export function exactInput(p: SyntheticPhone, variant: number): string {
  const { op, sub } = p;
  const [s3, s2a, s2b] = [sub.slice(0, 3), sub.slice(3, 5), sub.slice(5, 7)];
  if (p.cc === '7') return [`8 (${op}) ${s3}-${s2a}-${s2b}`, `+7 ${op} ${s3} ${s2a} ${s2b}`, `7${op}${sub}`][variant % 3]!;
  return [`+380 ${op} ${s3} ${s2a} ${s2b}`, `380${op}${sub}`, `+38 (0${op}) ${s3}-${s2a}-${s2b}`][variant % 3]!;
}

/** A PBX that strips the country code of a foreign (UA) number: 9 or 10 last digits. */
export function suffixInput(p: SyntheticPhone, variant: number): string {
  return variant % 2 === 0 ? `${p.op}${p.sub}` : `0${p.op}${p.sub}`;
}

/** A number of the same shape that is in no synthetic client's phones (+7 999 is never generated). */
export function missInput(variant: number): string {
  const sub = String((variant * 7_654_321 + 42) % 10_000_000).padStart(7, '0');
  return `+7 999 ${sub.slice(0, 3)} ${sub.slice(3, 5)} ${sub.slice(5, 7)}`;
}

const SURNAMES = ['Иванов', 'Петров', 'Сидоров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Шевченко', 'Бондаренко', 'Коваленко', 'Ткаченко', 'Кравченко', 'Мельник', 'Бойко', 'Ковальчук', 'Олейник', 'Лысенко'];
const FIRST = ['Иван', 'Пётр', 'Алексей', 'Дмитрий', 'Сергей', 'Андрей', 'Михаил', 'Николай', 'Олег', 'Юрий', 'Анна', 'Мария', 'Елена', 'Ольга', 'Татьяна', 'Наталья', 'Ирина', 'Светлана', 'Оксана', 'Галина'];
const ORGS = ['Ромашка', 'Вектор', 'Север', 'Альфа', 'Гранит', 'Восток', 'Меридиан', 'Орбита', 'Стройсервис', 'Техноком'];
const SOURCES = ['cold_call', 'website', 'referral', 'exhibition', 'inbound_call'];
const STAGES = ['lead', 'contacted', 'qualified', 'proposal', 'customer', 'lost'];
const POTENTIALS = ['low', 'medium', 'high'];
const TIERS = ['standard', 'silver', 'gold', 'platinum'];
const TAGS = ['vip', 'wholesale', 'retail', 'callback', 'newsletter', 'debtor', 'partner'];
const MAIL = ['mail.ru', 'yandex.ru', 'gmail.com', 'ukr.net'];

const elt = (expr: string, list: readonly string[]) => `ELT(1 + (${expr}) % ${list.length}, ${list.map((v) => `'${v}'`).join(', ')})`;

/** A well-mixed 32-bit hash of seq, so names, stages etc. do not repeat in lockstep with the id. */
const H = `((seq * 2654435761) % 4294967296)`;

/** INSERT … SELECT of clients lo..hi (ids = i). */
export function clientsInsertSql(lo: number, hi: number): string {
  const person = `CONCAT(${elt(`${H} DIV 7`, SURNAMES)}, ' ', ${elt(`${H} DIV 211`, FIRST)})`;
  const org = `CONCAT('ООО «', ${elt(`${H} DIV 13`, ORGS)}, '-', seq, '»')`;
  const employer = `CONCAT('ООО «', ${elt(`${H} DIV 13`, ORGS)}, '»')`;
  return `INSERT INTO clients (id, kind, name, name_search, organization, birthday, source, owner_id, stage, abc_class, potential, tier, timezone, revenue, created_at, updated_at, deleted_at)
SELECT seq, kind, nm, LOWER(nm), org, bday, src, NULL, stage, abc, pot, tier, tz, rev, created, created + INTERVAL (${H} % 86400) SECOND,
       IF(seq % ${DELETED_EVERY} = ${DELETED_EVERY - 1}, created + INTERVAL 30 DAY, NULL)
FROM (
  SELECT seq,
         IF(seq % 10 = 0, 'organization', 'person') AS kind,
         IF(seq % 10 = 0, ${org}, ${person}) AS nm,
         IF(seq % 10 <> 0 AND seq % 3 = 0, ${employer}, NULL) AS org,
         IF(seq % 4 = 0, NULL, DATE '1950-01-01' + INTERVAL (${H} % 20000) DAY) AS bday,
         IF(seq % 6 = 0, NULL, ${elt(`${H} DIV 3`, SOURCES)}) AS src,
         ${elt(`${H} DIV 5`, STAGES)} AS stage,
         IF(seq % 5 = 0, NULL, ${elt(`${H} DIV 17`, ['A', 'B', 'C'])}) AS abc,
         IF(seq % 7 = 0, NULL, ${elt(`${H} DIV 19`, POTENTIALS)}) AS pot,
         IF(seq % 8 = 0, NULL, ${elt(`${H} DIV 23`, TIERS)}) AS tier,
         IF(seq % 4 < 2, 'Europe/Moscow', 'Europe/Kyiv') AS tz,
         (${H} % 5000000) / 100 AS rev,
         TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (seq * 5) SECOND AS created
  FROM seq_${lo}_to_${hi}
) s`;
}

/** INSERT … SELECT of one phone per client lo..hi (phone id = client id), see phoneOf. */
export function phonesInsertSql(lo: number, hi: number): string {
  const ru = `CASE fmt
      WHEN 0 THEN CONCAT('+7 ', op, ' ', SUBSTR(sub, 1, 3), ' ', SUBSTR(sub, 4, 2), ' ', SUBSTR(sub, 6, 2))
      WHEN 1 THEN CONCAT('8 (', op, ') ', SUBSTR(sub, 1, 3), '-', SUBSTR(sub, 4, 2), '-', SUBSTR(sub, 6, 2))
      WHEN 2 THEN CONCAT('7', op, sub)
      ELSE CONCAT('+7 (', op, ') ', SUBSTR(sub, 1, 3), '-', SUBSTR(sub, 4, 4)) END`;
  const ua = `CASE fmt
      WHEN 0 THEN CONCAT('+380 ', op, ' ', SUBSTR(sub, 1, 3), ' ', SUBSTR(sub, 4, 2), ' ', SUBSTR(sub, 6, 2))
      WHEN 1 THEN CONCAT('+38 (0', op, ') ', SUBSTR(sub, 1, 3), '-', SUBSTR(sub, 4, 2), '-', SUBSTR(sub, 6, 2))
      WHEN 2 THEN CONCAT('380', op, sub)
      ELSE CONCAT('00380', op, sub) END`;
  return `INSERT INTO client_phones (id, client_id, e164, raw, digits, rev_digits, position)
SELECT seq, seq, CONCAT('+', cc, op, sub),
       IF(cc = '7', ${ru}, ${ua}),
       CONCAT(IF(cc = '7', IF(fmt = 1, '8', '7'), IF(fmt = 3, '00380', '380')), op, sub),
       REVERSE(CONCAT(cc, op, sub)), 0
FROM (
  SELECT seq,
         IF(seq % 4 < 2, '7', '380') AS cc,
         ELT(1 + seq % 4, ${OPS.map((o) => `'${o}'`).join(', ')}) AS op,
         LPAD(((seq DIV 4) * ${A} + ${B}) % 10000000, 7, '0') AS sub,
         (seq DIV 4) % 4 AS fmt
  FROM seq_${lo}_to_${hi}
) s`;
}

/** Every EXTENSION_EVERY-th client (at offset 500) also has an unparseable number ("доб. 1500"): e164 NULL, matched on its digits. */
export const EXTENSION_EVERY = 1000;
export const hasExtension = (i: number) => i % EXTENSION_EVERY === 500;
export const extensionOf = (i: number) => `доб. ${i}`;

export function extensionsInsertSql(lo: number, hi: number): string {
  return `INSERT INTO client_phones (client_id, e164, raw, digits, rev_digits, position)
SELECT seq, NULL, CONCAT('доб. ', seq), seq, REVERSE(seq), 1 FROM seq_${lo}_to_${hi} WHERE seq % ${EXTENSION_EVERY} = 500`;
}

/** Emails for two clients in three, tags (one or two) for every other client: the view loads both. */
export function emailsInsertSql(lo: number, hi: number): string {
  return `INSERT INTO client_emails (client_id, email, position)
SELECT seq, CONCAT('client', seq, '@', ${elt('seq DIV 3', MAIL)}), 0 FROM seq_${lo}_to_${hi} WHERE seq % 3 <> 0`;
}

export function tagsInsertSql(lo: number, hi: number): string {
  return `INSERT INTO client_tags (client_id, tag)
SELECT seq, ${elt(`${H} DIV 29`, TAGS)} FROM seq_${lo}_to_${hi} WHERE seq % 2 = 0
UNION ALL
SELECT seq, 'b2b' FROM seq_${lo}_to_${hi} WHERE seq % 8 = 0`;
}

/**
 * Fills a bench database's clients 1..count with their phones, e-mails and tags, 100,000 at a time, and
 * analyzes the tables (the connection must be on the throwaway database; unique checks are turned off).
 */
export async function insertSyntheticClients(conn: { query(sql: string): Promise<unknown> }, count: number): Promise<void> {
  const chunk = 100_000;
  await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
  for (let lo = 1; lo <= count; lo += chunk) {
    const hi = Math.min(count, lo + chunk - 1);
    for (const sql of [clientsInsertSql(lo, hi), phonesInsertSql(lo, hi), emailsInsertSql(lo, hi), tagsInsertSql(lo, hi)]) await conn.query(sql);
  }
  await conn.query('ANALYZE TABLE clients, client_phones, client_emails, client_tags');
}
