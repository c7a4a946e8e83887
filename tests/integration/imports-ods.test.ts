import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import JSZip from 'jszip';
import { parseFile } from '../../server/modules/imports/parse-file';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The .ods files were written by LibreOffice Calc (tests/fixtures/imports/make-ods.ts says how); variants
// of them are the same files with one thing changed in their content.xml.
const fixture = (name: string) => readFileSync(new URL(`../fixtures/imports/${name}`, import.meta.url));
const CLIENTS = fixture('clients.ods');

let app: TestApp;
let mgr: { token: string };

async function upload(bytes: Buffer, name: string, token = mgr.token): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${app.baseUrl}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function run(id: number, step: 'dry-run' | 'commit', mapping?: Record<string, string>): Promise<any> {
  const res = await app.api('POST', `/api/imports/${id}/${step}`, { token: mgr.token, body: { duplicates: 'skip', ...(mapping && { mapping }) } });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  for (let i = 0; i < 400; i++) {
    const r = await app.api('GET', `/api/imports/${id}`, { token: mgr.token });
    if (!['checking', 'running'].includes(r.body.status)) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the import never finished');
}

/** The fixture with its content.xml changed by `edit`, zipped again (mimetype first and stored, as ODF wants). */
async function variant(edit: (xml: string) => string): Promise<Buffer> {
  const src = await JSZip.loadAsync(CLIENTS);
  const out = new JSZip();
  out.file('mimetype', await src.file('mimetype')!.async('string'), { compression: 'STORE' });
  for (const [path, entry] of Object.entries(src.files)) {
    if (entry.dir || path === 'mimetype') continue;
    const data = path === 'content.xml' ? edit(await entry.async('string')) : await entry.async('nodebuffer');
    out.file(path, data);
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const count = async (sql: string, params: unknown[] = []) => Number(((await app.ds.query(sql, params)) as { n: number }[])[0]!.n);
const clientByPhone = async (e164: string) => {
  const [row] = await app.ds.query('SELECT c.id, c.name, c.organization, c.position, c.birthday FROM clients c JOIN client_phones p ON p.client_id = c.id WHERE p.e164 = ?', [e164]);
  return row as { id: number; name: string; organization: string | null; position: string | null; birthday: string | Date | null } | undefined;
};
const day = (v: string | Date | null) => (v instanceof Date ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}` : v);

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
});
after(async () => {
  await app?.close();
});

describe('an ODS written by LibreOffice Calc', () => {
  let id: number;
  test('upload: the visible sheet (the hidden first one skipped), Cyrillic headers, the mapping suggested', async () => {
    const res = await upload(CLIENTS, 'клиенты.ods');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.columns, ['ФИО', 'Телефон', 'Компания', 'Дата рождения', 'Сумма', 'Удвоено', 'Теги', 'Примечание']);
    assert.equal(res.body.mapping['ФИО'], 'name');
    assert.equal(res.body.mapping['Телефон'], 'phone');
    assert.equal(res.body.mapping['Дата рождения'], 'birthday');
    id = res.body.id;
    const [row] = await app.ds.query('SELECT format, total FROM imports WHERE id = ?', [id]);
    assert.deepEqual([row.format, Number(row.total)], ['ods', 4], 'four data rows: the empty row and a million repeated empty ones are not rows');
  });

  test('dry run: the merged cells (C3:C4) refused on both rows, by their numbers', async () => {
    const r = await run(id, 'dry-run');
    assert.equal(r.status, 'checked');
    assert.deepEqual(r.errors.map((e: any) => [e.row, e.field, e.code]), [[2, 'organization', 'merged_cell'], [3, 'organization', 'merged_cell']]);
    assert.deepEqual([r.total, r.created, r.failed], [4, 2, 2]);
  });

  test('commit: text, dates as ISO dates, the formula by its saved value, tags, a note with its line break', async () => {
    const mapping = { ФИО: 'name', Телефон: 'phone', Компания: 'organization', 'Дата рождения': 'birthday', Удвоено: 'position', Теги: 'tags', Примечание: 'note' };
    const r = await run(id, 'commit', mapping);
    assert.equal(r.status, 'done');
    assert.deepEqual([r.created, r.failed], [2, 2]);
    const fyodor = (await clientByPhone('+79162223344'))!;
    assert.deepEqual({ ...fyodor, id: 0, birthday: day(fyodor.birthday) }, { id: 0, name: 'Формулов Фёдор', organization: 'ООО "Ромашка"', position: '42', birthday: '1980-12-31' });
    const card = await app.api('GET', `/api/clients/${fyodor.id}`, { token: mgr.token });
    assert.deepEqual(card.body.tags, ['vip', 'опт']);
    const notes = await app.api('GET', `/api/clients/${fyodor.id}/notes`, { token: mgr.token });
    assert.equal(notes.body.items[0].body, 'Звонить   после обеда\nвторая строка', 'two paragraphs, not the comment on the name cell');
    const olena = (await clientByPhone('+380441234567'))!;
    assert.deepEqual([olena.name, olena.organization, day(olena.birthday)], ['Ковальчук Олена', 'ТОВ «Їжак»', '1990-12-01']);
    assert.equal(await count("SELECT COUNT(*) AS n FROM client_phones WHERE e164 = '+79169999999'"), 0, 'the hidden sheet is not read');
  });
});

describe('the reader', () => {
  test('a sheet ending in a million repeated rows and 16,384 repeated columns is read without expanding them', async () => {
    const xml = await (await JSZip.loadAsync(CLIENTS)).file('content.xml')!.async('string');
    assert.match(xml, /table:number-rows-repeated="10485\d\d"/, 'the fixture has the repeated empty rows');
    const before = process.memoryUsage().heapUsed;
    const file = await parseFile(CLIENTS);
    assert.deepEqual(file.rows.map((r) => r.rowNo), [1, 2, 3, 5]);
    assert.deepEqual(file.rows.map((r) => r.merged ?? []), [[], [2], [2], []]);
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, 'no million-row grid');
  });

  test('a row with data repeated past the row limit: 413 before it is expanded', async () => {
    const bytes = await variant((xml) => xml.replace('<table:table-row table:style-name="ro1"><table:table-cell office:value-type="string" calcext:value-type="string"><text:p>Слитов<', '<table:table-row table:style-name="ro1" table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" calcext:value-type="string"><text:p>Слитов<'));
    const r = await upload(bytes, 'repeated.ods');
    assert.equal(r.status, 413);
    assert.equal(r.body.error.code, 'too_many_rows');
  });

  test('a formula cell whose saved value differs from what the formula would give: the saved value', async () => {
    const bytes = await variant((xml) => xml.replace('office:value="42" calcext:value-type="float"><text:p>42<', 'office:value="1234" calcext:value-type="float"><text:p>1234<'));
    const file = await parseFile(bytes);
    assert.equal(file.rows[0]!.cells[5], '1234');
  });

  test('every sheet hidden: 400 no_visible_sheet', async () => {
    const bytes = await variant((xml) => xml.replace(/table:display="true"/g, 'table:display="false"'));
    const r = await upload(bytes, 'hidden.ods');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'no_visible_sheet');
  });

  test('over 1,000 columns (a 1,001-column sheet saved by LibreOffice): 400', async () => {
    const r = await upload(fixture('wide.ods'), 'wide.ods');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'too_many_columns');
  });

  test('damaged XML: 415; a zip bomb: 413; nothing stored', async () => {
    const before = await count('SELECT COUNT(*) AS n FROM imports');
    const cut = await variant((xml) => xml.slice(0, xml.indexOf('Слитова')));
    const r1 = await upload(cut, 'cut.ods');
    assert.equal(r1.status, 415);
    assert.equal(r1.body.error.code, 'not_a_spreadsheet');
    const bomb = new JSZip();
    bomb.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
    bomb.file('content.xml', Buffer.alloc(310 * 1024 * 1024, ' '));
    const bytes = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    assert.ok(bytes.length < 2 * 1024 * 1024);
    const r2 = await upload(bytes, 'bomb.ods');
    assert.equal(r2.status, 413);
    assert.equal(r2.body.error.code, 'zip_bomb');
    assert.equal(await count('SELECT COUNT(*) AS n FROM imports'), before);
  });

  test('operators may not import an ODS either', async () => {
    const op = await app.user('operator');
    const r = await upload(CLIENTS, 'клиенты.ods', op.token);
    assert.equal(r.status, 403);
  });
});
