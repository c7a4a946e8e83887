import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { createClientSchema } from '../../server/modules/clients/clients.schemas';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let mgr: { id: number; token: string };
before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
});
after(() => app.close());

const create = (body: Record<string, unknown>) => app.api('POST', '/api/clients', { token: mgr.token, body });
const download = (query: string, token = mgr.token) => fetch(`${app.baseUrl}/api/clients/export?${query}`, { headers: { authorization: `Bearer ${token}` } });

test('managers export the filtered base as XLSX: read back by exceljs, Cyrillic, phones, tags, numbers as numbers; audited', async () => {
  const tag = `xlsx-${Date.now()}`;
  const a = await create({ name: 'Олена Коваль', phones: ['+380 67 800 00 02', '8 (916) 800-00-03'], emails: ['olena@firm.ua'], tags: [tag, 'опт'], source: 'выставка; Киев' });
  const b = await create({ name: '=HYPERLINK("http://evil","Ваш приз")', phones: ['+7 916 800 00 01'], tags: [tag] });
  await create({ name: 'Не в выгрузке', tags: ['other-tag'] });
  assert.equal(a.status, 201, JSON.stringify(a.body));

  const res = await download(`tag=${tag}&sort=name&format=xlsx`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="clients-\d{4}-\d\d-\d\d\.xlsx"/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  const rows = (ws.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
  assert.equal(rows.length, 3, 'the header and the two tagged clients only');
  const header = rows[0] as string[];
  assert.deepEqual(header.slice(0, 6), ['id', 'kind', 'name', 'organization', 'phones', 'emails']);
  const col = (row: unknown[], name: string) => row[header.indexOf(name)];
  const [first, second] = [rows[1]!, rows[2]!];
  assert.equal(col(first, 'id'), b.body.id, 'an id is a number cell');
  assert.equal(col(first, 'name'), '=HYPERLINK("http://evil","Ваш приз")', 'text that looks like a formula is a plain text cell, not a formula');
  assert.equal(col(first, 'phones'), '+79168000001');
  assert.equal(col(second, 'id'), a.body.id);
  assert.equal(col(second, 'name'), 'Олена Коваль');
  assert.equal(col(second, 'phones'), '+380678000002, +79168000003');
  assert.equal(col(second, 'emails'), 'olena@firm.ua');
  assert.equal(col(second, 'source'), 'выставка; Киев');
  assert.deepEqual(String(col(second, 'tags')).split(', ').sort(), [tag, 'опт'].sort());

  const audit = await app.api('GET', '/api/audit?entity=client&entityId=all', { token: mgr.token });
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  const [end, start] = audit.body.items;
  assert.deepEqual([start.after.status, start.after.format, start.after.filters.tag], ['started', 'xlsx', tag]);
  assert.deepEqual([end.after.status, end.after.format, end.after.rows, end.after.exportId], ['completed', 'xlsx', 2, start.after.exportId]);
});

test('CSV stays the default; a format that is not csv or xlsx is 400; operators and supervisors get 403', async () => {
  const csv = await download('tag=nothing-has-this-tag');
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
  await csv.arrayBuffer();
  assert.equal((await download('format=pdf')).status, 400);
  assert.equal((await download('format=xlsx&limit=5')).status, 400, 'no paging: the export is the whole selection');
  for (const role of ['operator', 'supervisor'] as const) {
    const user = await app.user(role);
    const res = await download('format=xlsx', user.token);
    assert.equal(res.status, 403, role);
    assert.equal((await res.json()).error.code, 'forbidden');
  }
});

test('an XLSX of more rows than one page is whole and in order', async () => {
  const tag = `xlsx-many-${Date.now()}`;
  const ids: number[] = [];
  for (let i = 0; i < 1203; i++) {
    // Through the service: 1,203 HTTP round trips would only slow the suite down.
    ids.push((await app.services.clients.create({ userId: mgr.id, role: 'manager', ip: null }, createClientSchema.parse({ name: `Клиент ${String(i).padStart(4, '0')}`, phones: [`+7 916 7${String(i).padStart(6, '0')}`], tags: [tag] }))).id);
  }
  const res = await download(`tag=${tag}&sort=createdAt&format=xlsx`);
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  const ws = wb.worksheets[0]!;
  assert.equal(ws.actualRowCount, 1204);
  const got: number[] = [];
  ws.eachRow((row, n) => n > 1 && got.push(row.getCell(1).value as number));
  assert.deepEqual(got, ids);
});

test('an XLSX that fails midway is cut off, never finished: the download errors and no reader opens it; audited as failed', async () => {
  const tag = `xlsx-fail-${Date.now()}`;
  await create({ name: 'Первый Клиент', tags: [tag] });
  const clients = app.services.clients;
  const real = clients.pages.bind(clients);
  // The database goes away after the first page has been written into the file.
  clients.pages = async function* (...args: Parameters<typeof clients.pages>) {
    for await (const page of real(...args)) {
      yield page;
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('connection lost');
    }
  } as typeof clients.pages;
  try {
    const res = await download(`tag=${tag}&format=xlsx`);
    assert.equal(res.status, 200, 'the rows had started to leave');
    let bytes: ArrayBuffer | null = null;
    try {
      bytes = await res.arrayBuffer();
    } catch {
      // the connection was cut: what a browser shows as a failed download
    }
    if (bytes) await assert.rejects(new ExcelJS.Workbook().xlsx.load(bytes), 'whatever arrived is not a whole workbook');
  } finally {
    clients.pages = real;
  }
  const audit = await app.api('GET', '/api/audit?entity=client&entityId=all', { token: mgr.token });
  const [end, start] = audit.body.items;
  assert.deepEqual([start.after.status, end.after.status, end.after.format, end.after.exportId], ['started', 'failed', 'xlsx', start.after.exportId]);
});
