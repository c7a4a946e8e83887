import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * A 100,000-row import against MariaDB, through the HTTP API: upload, dry run, commit, and every count
 * checked exactly against what the database holds afterwards and against the failed-rows file. The file
 * is generated here and each expected figure is counted while it is written (see `expected`).
 *
 * MariaDB only: the point is the real server at this size (SQLite runs the import suite in imports.test.ts).
 * Time on a loaded 2-core machine: see the README (speed at scale).
 */
const ROWS = 100_000;
const skip = process.env.TEST_DB === 'sqlite' ? 'the 100,000-row import is a MariaDB test (SQLite runs tests/integration/imports.test.ts)' : false;

let app: TestApp;
let mgr: { id: number; token: string };
/** The clients in the base before the import, found again by some rows (by phone, by e-mail). */
const existing: { phone: string; email: string }[] = [];

/** A valid Russian mobile number for `n` (< 10,000,000), written as people do. */
const mobile = (prefix: string, n: number) => {
  const d = String(n).padStart(7, '0');
  return `+7 ${prefix} ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`;
};

const count = async (sql: string, params: unknown[] = []) => Number(((await app.ds.query(sql, params)) as { n: number | string }[])[0]!.n);
const tables = async () => ({
  clients: await count('SELECT COUNT(*) AS n FROM clients WHERE deleted_at IS NULL'),
  phones: await count('SELECT COUNT(*) AS n FROM client_phones'),
  emails: await count('SELECT COUNT(*) AS n FROM client_emails'),
  tags: await count('SELECT COUNT(*) AS n FROM client_tags'),
  stages: await count('SELECT COUNT(*) AS n FROM client_stage_changes'),
  audit: await count("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'client' AND action = 'create'"),
});

before(async () => {
  if (skip) return;
  app = await startTestApp();
  mgr = await app.user('manager');
  for (let i = 0; i < 20; i++) {
    const phone = mobile('903', 9_000_000 + i);
    const email = `existing${i}@example.com`;
    const res = await app.api('POST', '/api/clients', { token: mgr.token, body: { kind: 'person', name: `Уже есть ${i}`, phones: [phone], emails: [email], tags: ['old'], stage: 'customer' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    existing.push({ phone, email });
  }
});
after(async () => {
  await app?.close();
});

/**
 * The file: 100,000 rows of new clients, among them rows that fail (no name, a bad number, a bad e-mail,
 * a number an earlier row has), and rows of clients already in the base (skipped: duplicates = skip).
 * Every second row has an e-mail, every fifth two numbers, every row one or two tags.
 */
function buildFile() {
  const lines = ['ФИО;Телефон;E-mail;Теги'];
  const expected = { created: 0, skipped: 0, failed: 0, phones: 0, emails: 0, tags: 0 };
  for (let i = 0; i < ROWS; i++) {
    const name = `Клиент ${i}`;
    const phone = mobile('917', i);
    const second = i % 5 === 0 ? `, ${mobile('926', i)}` : '';
    const email = i % 2 === 0 ? `c${i}@example.ru` : '';
    const tags = i % 3 === 0 ? `t${i % 10}, общий` : `t${i % 10}`;
    if (i % 1000 === 101) {
      lines.push(`;${phone};${email};${tags}`); // no name
      expected.failed++;
    } else if (i % 1000 === 202) {
      lines.push(`${name};12-ab;${email};${tags}`); // not a number
      expected.failed++;
    } else if (i % 1000 === 303) {
      lines.push(`${name};${phone};not-an-e-mail;${tags}`);
      expected.failed++;
    } else if (i % 1000 === 404) {
      lines.push(`${name};${mobile('917', i - 1)};;${tags}`); // the previous row's number: a duplicate in the file
      expected.failed++;
    } else if (i % 5000 === 505) {
      const k = Math.floor(i / 5000); // 20 rows: the existing clients, by phone (even k) or by e-mail (odd k)
      lines.push(k % 2 === 0 ? `${name};${existing[k]!.phone};;${tags}` : `${name};;${existing[k]!.email.toUpperCase()};${tags}`);
      expected.skipped++;
    } else {
      lines.push(`${name};${phone}${second};${email};${tags}`);
      expected.created++;
      expected.phones += second ? 2 : 1;
      expected.emails += email ? 1 : 0;
      expected.tags += i % 3 === 0 ? 2 : 1;
    }
  }
  return { file: Buffer.from(lines.join('\r\n')), expected };
}

async function upload(bytes: Buffer, name: string): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${app.baseUrl}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${mgr.token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function run(id: number, step: 'dry-run' | 'commit'): Promise<any> {
  const res = await app.api('POST', `/api/imports/${id}/${step}`, { token: mgr.token, body: { duplicates: 'skip' } });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  for (;;) {
    const now = await app.api('GET', `/api/imports/${id}`, { token: mgr.token });
    assert.equal(now.status, 200);
    if (!['checking', 'running'].includes(now.body.status)) return now.body;
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('100,000 rows into MariaDB: dry run and commit count every row; the base and the failed-rows file agree', { skip, timeout: 15 * 60_000 }, async () => {
  const { file, expected } = buildFile();
  assert.equal(expected.created + expected.skipped + expected.failed, ROWS);
  assert.equal(expected.skipped, 20);
  const up = await upload(file, 'большой.csv');
  assert.equal(up.status, 201, JSON.stringify(up.body));
  assert.deepEqual(up.body.mapping, { ФИО: 'name', Телефон: 'phone', 'E-mail': 'email', Теги: 'tags' });
  const id = up.body.id as number;
  const before = await tables();

  // The dry run counts what the commit will do and writes nothing.
  const dry = await run(id, 'dry-run');
  assert.equal(dry.status, 'checked', JSON.stringify(dry.failure));
  assert.deepEqual({ total: dry.total, processed: dry.processed, created: dry.created, updated: dry.updated, skipped: dry.skipped, failed: dry.failed }, { total: ROWS, processed: ROWS, created: expected.created, updated: 0, skipped: expected.skipped, failed: expected.failed });
  assert.deepEqual(await tables(), before);

  const done = await run(id, 'commit');
  assert.equal(done.status, 'done', JSON.stringify(done.failure));
  assert.deepEqual({ processed: done.processed, created: done.created, updated: done.updated, skipped: done.skipped, failed: done.failed }, { processed: ROWS, created: expected.created, updated: 0, skipped: expected.skipped, failed: expected.failed });

  // What the database holds now: exactly the new clients with their numbers, e-mails and tags, a stage
  // history row and an audit entry each; the clients already there untouched (their one tag "old").
  const now = await tables();
  assert.deepEqual(
    { clients: now.clients - before.clients, phones: now.phones - before.phones, emails: now.emails - before.emails, tags: now.tags - before.tags, stages: now.stages - before.stages, audit: now.audit - before.audit },
    { clients: expected.created, phones: expected.phones, emails: expected.emails, tags: expected.tags, stages: expected.created, audit: expected.created },
  );
  assert.equal(await count("SELECT COUNT(*) AS n FROM clients WHERE name LIKE 'Клиент %' AND stage = 'lead' AND deleted_at IS NULL"), expected.created);
  assert.equal(await count("SELECT COUNT(*) AS n FROM client_tags WHERE tag = 'old'"), existing.length);
  assert.equal(await count('SELECT COUNT(DISTINCT client_id) AS n FROM client_phones WHERE e164 IN (?, ?)', [existing[0]!.phone.replace(/[\s-]/g, ''), existing[2]!.phone.replace(/[\s-]/g, '')]), 2);
  // Every row has its outcome: the errors listed (skips included) and the failed rows' file, one line each.
  assert.equal(await count("SELECT COUNT(DISTINCT row_no) AS n FROM import_errors WHERE import_id = ? AND code <> 'exists'", [id]), expected.failed);
  assert.equal(await count("SELECT COUNT(*) AS n FROM import_errors WHERE import_id = ? AND code = 'exists'", [id]), expected.skipped);
  const csv = await fetch(`${app.baseUrl}/api/imports/${id}/failed.csv`, { headers: { authorization: `Bearer ${mgr.token}` } });
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).replace(/^\ufeff/, '').split('\r\n').filter((l) => l !== '');
  assert.equal(lines[0], 'ФИО;Телефон;E-mail;Теги;error');
  assert.equal(lines.length - 1, expected.failed);
  assert.equal(lines.filter((l) => l.includes('is already in row')).length, ROWS / 1000);
});
