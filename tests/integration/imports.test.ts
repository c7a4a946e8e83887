import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { InlineJobQueue } from '../../server/jobs/inline-job-queue';
import type { JobQueue } from '../../server/jobs/job-queue';
import { createLogger } from '../../server/logging/logger';
import { ImportsService } from '../../server/modules/imports/imports.service';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Files made here with real encoders and spreadsheet writers; every expected figure is counted by hand.
let app: TestApp;
let mgr: { id: number; token: string };
let op: { token: string };
let existingId: number;

async function upload(bytes: Buffer, name: string, token = mgr.token): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${app.baseUrl}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function settle(id: number): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const res = await app.api('GET', `/api/imports/${id}`, { token: mgr.token });
    assert.equal(res.status, 200);
    if (!['checking', 'running'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the import never finished');
}

async function run(id: number, step: 'dry-run' | 'commit', duplicates: 'skip' | 'fill' | 'overwrite', mapping?: Record<string, string>): Promise<any> {
  const res = await app.api('POST', `/api/imports/${id}/${step}`, { token: mgr.token, body: { duplicates, ...(mapping && { mapping }) } });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return settle(id);
}

const count = async (sql: string, params: unknown[] = []) => Number(((await app.ds.query(sql, params)) as { n: number }[])[0]!.n);
const clientsNow = () => count('SELECT COUNT(*) AS n FROM clients WHERE deleted_at IS NULL');
const clientByPhone = async (e164: string) => {
  const [row] = await app.ds.query('SELECT c.id, c.name, c.organization, c.position, c.birthday, c.source, c.stage FROM clients c JOIN client_phones p ON p.client_id = c.id WHERE p.e164 = ?', [e164]);
  return row as { id: number; name: string; organization: string | null; position: string | null; birthday: string | Date | null; source: string | null; stage: string } | undefined;
};
const day = (v: string | Date | null) => (v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : v);

// Windows-1251, ";" as Russian Excel saves it; row 1's note is quoted with a line break in it.
const CP1251_CSV = [
  'ФИО;Моб. тел.;Телефон;E-mail;Компания;Должность;Дата рождения;Источник;Теги;Примечание',
  'Иванов Иван;8 (916) 123-45-67;;Ivanov@Example.ru;"ООО ""Ромашка""";Директор;07.03.1985;выставка;vip, опт;"Звонить после обеда',
  'вторая строка"',
  'Петров Пётр;+7 916 765-43-21;+7 495 111-22-33;;;;31.02.1990;;;',
  ';+7 916 000-00-01;;;;;;;;',
  'Сидоров;abc;;;;;;;;',
  'Дубль Иванова;89161234567;;;;;;;;',
  ';;;;;;;;;',
  'Новое имя;+7 903 555-66-77;;;;Менеджер;;;;',
  'Ковальчук Олена;+380 44 123 4567;;olena@example.ua;;;1990-12-31;;;',
].join('\r\n');

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
  op = await app.user('operator');
  const created = await app.api('POST', '/api/clients', { token: mgr.token, body: { kind: 'person', name: 'Старое имя', phones: ['+7 903 555-66-77'], emails: [], tags: [], stage: 'customer' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  existingId = created.body.id;
});
after(async () => {
  await app?.close();
});

describe('a Windows-1251 CSV', () => {
  let id: number;
  test('upload: columns found, mapping suggested from Russian headers (two phone columns)', async () => {
    const res = await upload(iconv.encode(CP1251_CSV, 'win1251'), 'клиенты.csv');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'analyzed');
    assert.deepEqual(res.body.columns, ['ФИО', 'Моб. тел.', 'Телефон', 'E-mail', 'Компания', 'Должность', 'Дата рождения', 'Источник', 'Теги', 'Примечание']);
    assert.deepEqual(res.body.mapping, { ФИО: 'name', 'Моб. тел.': 'phone', Телефон: 'phone', 'E-mail': 'email', Компания: 'organization', Должность: 'position', 'Дата рождения': 'birthday', Источник: 'source', Теги: 'tags', Примечание: 'note' });
    id = res.body.id;
  });

  test('dry run: every bad row with its reason and row number, nothing written', async () => {
    const before = await clientsNow();
    const r = await run(id, 'dry-run', 'skip');
    assert.equal(r.status, 'checked');
    // 7 data rows (the empty row 6 is not one); rows 1 and 8 new, row 7 already in the base, 2-5 bad.
    assert.deepEqual({ total: r.total, processed: r.processed, created: r.created, updated: r.updated, skipped: r.skipped, failed: r.failed }, { total: 7, processed: 7, created: 2, updated: 0, skipped: 1, failed: 4 });
    assert.deepEqual(r.errors.map((e: any) => [e.row, e.field, e.code]), [[2, 'birthday', 'bad_date'], [3, 'name', 'no_name'], [4, 'phone', 'bad_phone'], [5, 'phone', 'duplicate_in_file'], [7, 'phone', 'exists']]);
    assert.match(r.errors[3].message, /row 1/);
    assert.equal(await clientsNow(), before, 'a dry run writes no client');
    assert.equal(await count("SELECT COUNT(*) AS n FROM client_phones WHERE e164 = '+79161234567'"), 0);
  });

  test('dry run with "fill": the client in the base counts as updated', async () => {
    const r = await run(id, 'dry-run', 'fill');
    assert.deepEqual([r.created, r.updated, r.skipped, r.failed], [2, 1, 0, 4]);
    assert.deepEqual(r.errors.map((e: any) => e.row), [2, 3, 4, 5]);
  });

  test('commit with "fill": new clients as the client form makes them, the existing one gets its empty fields only', async () => {
    const before = await clientsNow();
    const r = await run(id, 'commit', 'fill');
    assert.equal(r.status, 'done');
    assert.deepEqual([r.processed, r.created, r.updated, r.skipped, r.failed], [7, 2, 1, 0, 4]);
    assert.equal(await clientsNow(), before + 2);
    const ivanov = (await clientByPhone('+79161234567'))!;
    assert.deepEqual({ ...ivanov, id: 0, birthday: day(ivanov.birthday) }, { id: 0, name: 'Иванов Иван', organization: 'ООО "Ромашка"', position: 'Директор', birthday: '1985-03-07', source: 'выставка', stage: 'lead' });
    const card = await app.api('GET', `/api/clients/${ivanov.id}`, { token: mgr.token });
    assert.deepEqual(card.body.emails, ['ivanov@example.ru']);
    assert.deepEqual(card.body.tags, ['vip', 'опт']);
    const notes = await app.api('GET', `/api/clients/${ivanov.id}/notes`, { token: mgr.token });
    assert.equal(notes.body.items[0].body, 'Звонить после обеда\nвторая строка');
    assert.equal(await count('SELECT COUNT(*) AS n FROM client_stage_changes WHERE client_id = ? AND from_stage IS NULL AND to_stage = ?', [ivanov.id, 'lead']), 1);
    assert.equal(await count("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'client' AND action = 'create' AND entity_id = ?", [String(ivanov.id)]), 1);
    const olena = (await clientByPhone('+380441234567'))!;
    assert.equal(day(olena.birthday), '1990-12-31');
    const existing = (await clientByPhone('+79035556677'))!;
    assert.deepEqual([existing.id, existing.name, existing.position, existing.stage], [existingId, 'Старое имя', 'Менеджер', 'customer'], 'fill keeps the name, fills the position');
  });

  test('the failed rows come back as a file to fix, with their reasons', async () => {
    const res = await fetch(`${app.baseUrl}/api/imports/${id}/failed.csv`, { headers: { authorization: `Bearer ${mgr.token}` } });
    assert.equal(res.status, 200);
    const text = (await res.text()).replace(/^\ufeff/, '');
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 5, 'a header and the 4 failed rows');
    assert.ok(lines[0]!.startsWith('ФИО;Моб. тел.;'));
    assert.ok(lines[1]!.startsWith('Петров Пётр;+7 916 765-43-21;'));
    assert.match(lines[1]!, /;"""31\.02\.1990"" is not a date/, 'the reason in the last column');
    assert.match(lines[3]!, /^Сидоров;abc;/);
  });

  test('a commit cannot run twice; the same file again with "skip" skips what is in the base', async () => {
    const again = await app.api('POST', `/api/imports/${id}/commit`, { token: mgr.token, body: { duplicates: 'skip' } });
    assert.equal(again.status, 409);
    const before = await clientsNow();
    const up = await upload(iconv.encode(CP1251_CSV, 'win1251'), 'клиенты.csv');
    const r = await run(up.body.id, 'commit', 'skip');
    assert.deepEqual([r.created, r.updated, r.skipped, r.failed], [0, 0, 3, 4]);
    assert.equal(await clientsNow(), before);
  });
});

describe('a UTF-8 CSV with BOM, "," and "overwrite"', () => {
  test('overwrites the fields the row has, adds the new phone and e-mail', async () => {
    const csv = '\ufeffName,Phone,Work phone,Email,Company,Birth date\r\nНовое Имя,+7 903 555-66-77,+7 903 555-66-78,new@example.ru,Новая компания,1970-01-02\r\n';
    const up = await upload(Buffer.from(csv, 'utf8'), 'export.csv');
    assert.equal(up.status, 201);
    assert.deepEqual(up.body.mapping, { Name: 'name', Phone: 'phone', 'Work phone': 'phone', Email: 'email', Company: 'organization', 'Birth date': 'birthday' });
    const r = await run(up.body.id, 'commit', 'overwrite');
    assert.deepEqual([r.created, r.updated, r.skipped, r.failed], [0, 1, 0, 0]);
    const card = await app.api('GET', `/api/clients/${existingId}`, { token: mgr.token });
    assert.equal(card.body.name, 'Новое Имя');
    assert.equal(card.body.organization, 'Новая компания');
    assert.equal(card.body.birthday, '1970-01-02');
    assert.deepEqual(card.body.phones.map((p: any) => p.e164), ['+79035556677', '+79035556678']);
    assert.deepEqual(card.body.emails, ['new@example.ru']);
  });

  test('a tab-separated file and a mapping chosen by the user', async () => {
    const up = await upload(Buffer.from('Клиент\tНомер\tЗаметка\r\nТабов\t+7 916 444-55-66\tx\r\n', 'utf8'), 'tab.txt');
    assert.equal(up.status, 201);
    assert.deepEqual(up.body.columns, ['Клиент', 'Номер', 'Заметка']);
    const r = await run(up.body.id, 'commit', 'skip', { Клиент: 'name', Номер: 'phone' });
    assert.deepEqual([r.created, r.failed], [1, 0]);
    assert.equal((await clientByPhone('+79164445566'))!.name, 'Табов');
  });
});

describe('an XLSX written by exceljs', () => {
  test('the first visible sheet, formula results as saved (never evaluated), merged cells refused per row', async () => {
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('Скрытый', { state: 'hidden' });
    hidden.addRow(['secret', 'header']);
    hidden.addRow(['nobody', '+7 916 999-99-99']);
    const ws = wb.addWorksheet('Клиенты');
    ws.addRow(['ФИО', 'Телефон', 'Компания', 'Дата рождения']);
    ws.addRow(['Формулов', '+7 916 222-33-44', { formula: '"X"&"Y"', result: 'Сохранённый результат' }, new Date(Date.UTC(1980, 11, 31))]);
    ws.addRow(['Слитов', '+7 916 222-33-45', 'Общая', null]);
    ws.addRow(['Слитова', '+7 916 222-33-46', null, null]);
    ws.addRow([79162223347, 79162223347, null, null]);
    ws.mergeCells('C3:C4');
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await upload(bytes, 'clients.xlsx');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    assert.deepEqual(up.body.columns, ['ФИО', 'Телефон', 'Компания', 'Дата рождения']);
    const dry = await run(up.body.id, 'dry-run', 'skip');
    assert.deepEqual([dry.total, dry.created, dry.failed], [4, 2, 2]);
    assert.deepEqual(dry.errors.map((e: any) => [e.row, e.field, e.code]), [[2, 'organization', 'merged_cell'], [3, 'organization', 'merged_cell']]);
    const r = await run(up.body.id, 'commit', 'skip');
    assert.deepEqual([r.created, r.failed], [2, 2]);
    const formula = (await clientByPhone('+79162223344'))!;
    assert.equal(formula.organization, 'Сохранённый результат');
    assert.equal(day(formula.birthday), '1980-12-31');
    assert.equal((await clientByPhone('+79162223347'))!.name, '79162223347');
    assert.equal(await clientByPhone('+79169999999'), undefined, 'the hidden sheet is not read');
  });
});

describe('bad files, limits and roles', () => {
  test('not a spreadsheet, another zip, old XLS: 415 with a reason; nothing stored (ODS: imports-ods.test.ts)', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM imports');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const r1 = await upload(png, 'photo.csv');
    assert.equal(r1.status, 415);
    assert.equal(r1.body.error.code, 'not_a_spreadsheet');
    const odt = new JSZip();
    odt.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
    odt.file('content.xml', '<office:document-content/>');
    const r2 = await upload(await odt.generateAsync({ type: 'nodebuffer' }), 'letter.ods');
    assert.equal(r2.status, 415);
    assert.equal(r2.body.error.code, 'not_a_spreadsheet');
    const r3 = await upload(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]), 'old.xls');
    assert.equal(r3.status, 415);
    assert.equal(await count('SELECT COUNT(*) AS n FROM imports'), before);
  });

  test('a zip bomb (a small xlsx that unpacks past the cap) is refused', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/workbook.xml', '<workbook/>');
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(310 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    assert.ok(bytes.length < 2 * 1024 * 1024);
    const r = await upload(bytes, 'bomb.xlsx');
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'zip_bomb');
  });

  test('over 50 MB: 413; over 1,000 columns, no data rows, an empty file: 400', async () => {
    const big = await upload(Buffer.alloc(50 * 1024 * 1024 + 1, 'a'), 'big.csv');
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'file_too_large');
    const wide = Array.from({ length: 1001 }, (_, i) => `c${i}`).join(';');
    const r1 = await upload(Buffer.from(`${wide}\r\n${wide}\r\n`), 'wide.csv');
    assert.equal(r1.status, 400);
    assert.equal(r1.body.error.code, 'too_many_columns');
    const r2 = await upload(Buffer.from('ФИО;Телефон\r\n;\r\n\r\n'), 'header.csv');
    assert.equal(r2.status, 400);
    assert.equal(r2.body.error.code, 'no_rows');
    const r3 = await upload(Buffer.alloc(0), 'empty.csv');
    assert.equal(r3.status, 400);
  });

  test('a mapping without a name, or naming a column the file lacks: 400', async () => {
    const up = await upload(Buffer.from('Имя;Телефон\r\nА;+7 916 111-11-11\r\n'), 'm.csv');
    const r1 = await app.api('POST', `/api/imports/${up.body.id}/dry-run`, { token: mgr.token, body: { duplicates: 'skip', mapping: { Телефон: 'phone' } } });
    assert.equal(r1.status, 400);
    const r2 = await app.api('POST', `/api/imports/${up.body.id}/dry-run`, { token: mgr.token, body: { duplicates: 'skip', mapping: { Нет: 'name' } } });
    assert.equal(r2.status, 400);
    const r3 = await app.api('POST', `/api/imports/${up.body.id}/dry-run`, { token: mgr.token, body: { duplicates: 'never' } });
    assert.equal(r3.status, 400);
  });

  test('operators and supervisors may not import', async () => {
    const sup = await app.user('supervisor');
    for (const token of [op.token, sup.token]) {
      const r = await upload(Buffer.from('ФИО\r\nА\r\n'), 'a.csv', token);
      assert.equal(r.status, 403);
    }
    const up = await upload(Buffer.from('ФИО\r\nА\r\n'), 'a.csv');
    for (const [method, path] of [['GET', `/api/imports/${up.body.id}`], ['POST', `/api/imports/${up.body.id}/dry-run`], ['POST', `/api/imports/${up.body.id}/commit`], ['GET', `/api/imports/${up.body.id}/failed.csv`]] as const) {
      const r = await app.api(method, path, { token: op.token, body: method === 'POST' ? { duplicates: 'skip' } : undefined });
      assert.equal(r.status, 403, path);
    }
  });

  test('every upload, dry run and commit is in the audit log, the commit with its counts', async () => {
    const up = await upload(Buffer.from('ФИО;Телефон\r\nАудитов;+7 916 777-00-01\r\nБез телефона;xx\r\n'), 'audit.csv');
    await run(up.body.id, 'dry-run', 'skip');
    await run(up.body.id, 'commit', 'skip');
    const res = await app.api('GET', `/api/audit?entity=import&entityId=${up.body.id}&limit=50`, { token: mgr.token });
    assert.equal(res.status, 200);
    const entries = res.body.items.map((e: any) => ({ action: e.action, after: typeof e.after === 'string' ? JSON.parse(e.after) : e.after }));
    assert.equal(entries.length, 4, 'upload, dry run done, commit started, commit done');
    const done = entries.find((e: any) => e.after?.status === 'done');
    assert.deepEqual([done.after.created, done.after.failed, done.after.total], [1, 1, 2]);
    assert.ok(entries.some((e: any) => e.after?.status === 'checked' && e.after.dryRun === true));
    assert.ok(entries.some((e: any) => e.action === 'create' && e.after.fileName === 'audit.csv'));
  });
});

describe('restart safety', () => {
  test('two deliveries of one commit job, batch by batch, create each client once; a resumed finished import does nothing', async () => {
    const lines = ['ФИО;Телефон', ...Array.from({ length: 9 }, (_, i) => `Повтор ${i};+7 916 880-00-0${i}`)];
    const up = await upload(Buffer.from(lines.join('\r\n')), 'twice.csv');
    // A queue that never runs its jobs: the commit is left "running", as a process that stopped leaves it.
    const idle: JobQueue = { process: () => undefined, schedule: async () => undefined, cancel: async () => undefined, repeat: async () => undefined, pending: async () => 0, close: async () => undefined };
    const stopped = new ImportsService(app.ds, app.services.audit, idle, ['RU'], createLogger('silent'));
    await stopped.start({ userId: mgr.id, role: 'manager', ip: null }, up.body.id, 'commit', { duplicates: 'skip' });
    assert.equal((await app.api('GET', `/api/imports/${up.body.id}`, { token: mgr.token })).body.status, 'running');
    const queue = new InlineJobQueue(createLogger('silent'));
    const small = new ImportsService(app.ds, app.services.audit, queue, ['RU'], createLogger('silent'), 2);
    await Promise.all([small.run(up.body.id), small.run(up.body.id)]);
    const r = await settle(up.body.id);
    assert.deepEqual([r.status, r.processed, r.created, r.failed], ['done', 9, 9, 0]);
    assert.equal(await count("SELECT COUNT(*) AS n FROM client_phones WHERE e164 LIKE '+79168800%'"), 9);
    await small.run(up.body.id);
    await small.resume();
    assert.equal(await count("SELECT COUNT(*) AS n FROM client_phones WHERE e164 LIKE '+79168800%'"), 9);
    await queue.close();
  });
});
