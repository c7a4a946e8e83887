import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { DncService } from '../../server/modules/dnc/dnc.service';
import { startTestApp, type TestApp } from '../helpers/test-app';

// The do-not-call list against the real app (MariaDB, or SQLite with TEST_DB=sqlite). The test app has no
// PBX: click-to-call of an allowed number answers 503, so a 403 proves the list was asked first.
let app: TestApp;
let op: { id: number; token: string };
let sup: { token: string };
let mgr: { id: number; token: string };

async function upload(bytes: Buffer, name: string, token = mgr.token): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${app.baseUrl}/api/dnc/import`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const download = (format: string, token = mgr.token) => fetch(`${app.baseUrl}/api/dnc/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });

const check = async (phone: string, token = op.token) => {
  const res = await app.api('GET', `/api/dnc/check?phone=${encodeURIComponent(phone)}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { blocked: boolean; reason: string | null };
};

before(async () => {
  app = await startTestApp();
  op = await app.user('operator', { extension: '201' });
  sup = await app.user('supervisor');
  mgr = await app.user('manager');
});

after(async () => {
  await app.close();
});

test('an operator adds a number in one spelling; every other spelling finds it; adding it again changes nothing', async () => {
  const client = await app.api('POST', '/api/clients', { token: mgr.token, body: { kind: 'person', name: 'Не звонить', phones: ['+7 916 111-22-33'], emails: [], tags: [] } });
  assert.equal(client.status, 201, JSON.stringify(client.body));
  const added = await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '8 (916) 111-22-33', reason: 'Просил не звонить', clientId: client.body.id, source: 'wrap_up' } });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  assert.equal(added.body.phone, '+79161112233');
  assert.equal(added.body.reason, 'Просил не звонить');
  assert.equal(added.body.source, 'wrap_up');
  assert.equal(added.body.clientId, client.body.id);
  assert.equal(added.body.clientName, 'Не звонить');
  assert.equal(added.body.addedBy.id, op.id);

  for (const spelling of ['+79161112233', '79161112233', '8 916 111 22 33', '+7 (916) 111-22-33', 'tel:+7-916-111-22-33', '８９１６１１１２２３３']) {
    assert.deepEqual(await check(spelling), { blocked: true, reason: 'Просил не звонить' }, spelling);
  }
  assert.deepEqual(await check('+7 916 111-22-34'), { blocked: false, reason: null });

  const again = await app.api('POST', '/api/dnc', { token: sup.token, body: { phone: '+7 916 111 22 33', reason: 'другая причина' } });
  assert.equal(again.status, 200);
  assert.equal(added.body.created, true);
  assert.deepEqual(again.body, { ...added.body, created: false }, 'the entry as it was: reason, author and client unchanged');
  const [{ n }] = await app.ds.query("SELECT COUNT(*) AS n FROM dnc_numbers WHERE phone = '+79161112233'");
  assert.equal(Number(n), 1);

  // A number the regions cannot read is kept by its digits and found by them.
  const odd = await app.api('POST', '/api/dnc', { token: op.token, body: { phone: 'ext. 4455' } });
  assert.equal(odd.status, 201, JSON.stringify(odd.body));
  assert.equal(odd.body.phone, '4455');
  assert.deepEqual(await check('44-55'), { blocked: true, reason: null });
  // Fewer than three digits, or none, is not a number.
  assert.equal((await app.api('POST', '/api/dnc', { token: op.token, body: { phone: 'abc' } })).status, 400);
  assert.equal((await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '12' } })).status, 400);
  assert.equal((await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '+79160000000', reason: 'x'.repeat(501) } })).status, 400);
  assert.equal((await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '+79160000000', extra: 1 } })).status, 400);
});

test('roles: operators add and check; supervisors list; only managers remove, import and export', async () => {
  assert.equal((await app.api('GET', '/api/dnc', { token: op.token })).status, 403);
  const list = await app.api('GET', '/api/dnc', { token: sup.token });
  assert.equal(list.status, 200);
  assert.ok(list.body.total >= 1);
  const id = list.body.items[0].id;
  assert.equal((await app.api('DELETE', `/api/dnc/${id}`, { token: op.token })).status, 403);
  assert.equal((await app.api('DELETE', `/api/dnc/${id}`, { token: sup.token })).status, 403);
  assert.equal((await download('csv', op.token)).status, 403);
  assert.equal((await download('csv', sup.token)).status, 403);
  assert.equal((await upload(Buffer.from('phone\n+79160000001\n'), 'a.csv', op.token)).status, 403);
  assert.equal((await upload(Buffer.from('phone\n+79160000001\n'), 'a.csv', sup.token)).status, 403);
  assert.equal((await app.api('GET', '/api/dnc/check?phone=%2B79160000001', { token: sup.token })).status, 200);
  assert.equal((await app.api('GET', '/api/dnc/check')).status, 401);
  assert.equal((await app.api('POST', '/api/dnc', { body: { phone: '+79160000001' } })).status, 401);
});

test('the list: search by any part of the number or the reason, paged, newest first', async () => {
  await app.api('POST', '/api/dnc', { token: mgr.token, body: { phone: '+7 903 700-00-01', reason: 'жалоба 100%' } });
  await app.api('POST', '/api/dnc', { token: mgr.token, body: { phone: '+7 903 700-00-02', reason: 'жалоба' } });
  const byDigits = await app.api('GET', `/api/dnc?q=${encodeURIComponent('903 700')}`, { token: sup.token });
  assert.deepEqual(
    byDigits.body.items.map((e: { phone: string }) => e.phone),
    ['+79037000002', '+79037000001'],
  );
  assert.equal(byDigits.body.total, 2);
  const byReason = await app.api('GET', `/api/dnc?q=${encodeURIComponent('100%')}`, { token: sup.token });
  assert.deepEqual(byReason.body.items.map((e: { phone: string }) => e.phone), ['+79037000001'], 'a % is a character, not a wildcard');
  const paged = await app.api('GET', `/api/dnc?q=${encodeURIComponent('жалоба')}&limit=1&offset=1`, { token: sup.token });
  assert.deepEqual([paged.body.total, paged.body.items.length, paged.body.items[0].phone], [2, 1, '+79037000001']);
  assert.equal((await app.api('GET', '/api/dnc?limit=0', { token: sup.token })).status, 400);
});

test('click-to-call refuses a listed number with 403 and the reason, before the missing PBX; others go on to the PBX', async () => {
  await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '+7 916 222-33-44', reason: 'Жалоба в Роскомнадзор' } });
  const refused = await app.api('POST', '/api/calls/originate', { token: op.token, body: { number: '8 916 222 33 44' } });
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, 'do_not_call');
  assert.match(refused.body.error.message, /Жалоба в Роскомнадзор/);
  assert.deepEqual(refused.body.error.details, { reason: 'Жалоба в Роскомнадзор' });
  const other = await app.api('POST', '/api/calls/originate', { token: op.token, body: { number: '8 916 222 33 45' } });
  assert.equal(other.status, 503, 'an allowed number reaches the PBX step (none in the test app)');
  assert.equal(other.body.error.code, 'pbx_unavailable');
});

test('managers remove an entry (audited); the number may be called again at once', async () => {
  const added = await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '+7 916 333-44-55', reason: 'временно' } });
  assert.equal((await app.api('POST', '/api/calls/originate', { token: op.token, body: { number: '+79163334455' } })).status, 403);
  assert.equal((await app.api('DELETE', `/api/dnc/${added.body.id}`, { token: mgr.token })).status, 204);
  assert.equal((await app.api('DELETE', `/api/dnc/${added.body.id}`, { token: mgr.token })).status, 404);
  assert.deepEqual(await check('+79163334455'), { blocked: false, reason: null });
  assert.equal((await app.api('POST', '/api/calls/originate', { token: op.token, body: { number: '+79163334455' } })).status, 503);
  const audit = await app.api('GET', '/api/audit?entity=dnc&limit=500', { token: mgr.token });
  const removal = audit.body.items.find((e: { action: string; entityId: string }) => e.action === 'delete' && e.entityId === '+79163334455');
  assert.ok(removal, 'the removal is audited');
  assert.equal(removal.actorId, mgr.id);
  assert.deepEqual(removal.before, { phone: '+79163334455', reason: 'временно', source: 'manual', clientId: null });
  assert.equal(removal.entityLabel, '+79163334455');
  const creation = audit.body.items.find((e: { action: string; entityId: string }) => e.action === 'create' && e.entityId === '+79161112233');
  assert.equal(creation.actorId, op.id);
  assert.equal(creation.after.source, 'wrap_up');
  assert.equal(creation.entityLabel, '+79161112233');
  assert.equal(creation.clientId, creation.after.clientId, 'the entry points to the client it was added for');
  assert.equal(audit.body.items.filter((e: { entityId: string }) => e.entityId === '+79161112233').length, 1, 'adding again wrote nothing');
});

test('import: a CSV with a phone and a reason column; bad rows reported, numbers on the list counted as already there', async () => {
  const csv = [
    'Телефон;Причина',
    '8 (916) 444-55-01;жалоба',
    '+7 916 444-55-02;',
    'не номер;—',
    ';пустой',
    '89161112233;уже в списке',
    '+7 916 444 55 01;дубль в файле',
    `+79164445503;${'я'.repeat(501)}`,
  ].join('\r\n');
  const res = await upload(Buffer.from(csv, 'utf8'), 'dnc.csv');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.rows, 7);
  assert.equal(res.body.added, 2);
  assert.equal(res.body.already, 2);
  assert.equal(res.body.failed, 3);
  assert.deepEqual(
    res.body.errors.map((e: { row: number; code: string }) => [e.row, e.code]),
    [
      [4, 'not_a_phone'],
      [5, 'no_phone'],
      [8, 'reason_too_long'],
    ],
  );
  assert.deepEqual(await check('+79164445501'), { blocked: true, reason: 'жалоба' });
  assert.deepEqual(await check('+79164445502'), { blocked: true, reason: null });
  assert.deepEqual(await check('+79161112233'), { blocked: true, reason: 'Просил не звонить' }, 'an entry already there keeps its reason');
  const [row] = await app.ds.query("SELECT source, added_by FROM dnc_numbers WHERE phone = '+79164445501'");
  assert.deepEqual([row.source, Number(row.added_by)], ['import', mgr.id]);
  const audit = await app.api('GET', '/api/audit?entity=dnc&limit=500', { token: mgr.token });
  assert.ok(audit.body.items.some((e: { action: string; entityId: string; after: { source: string } }) => e.action === 'create' && e.entityId === '+79164445502' && e.after.source === 'import'));
  const summary = audit.body.items.find((e: { entityId: string }) => e.entityId === 'import');
  assert.deepEqual(summary.after, { rows: 7, added: 2, already: 2, failed: 3 });

  // An XLSX without a title row: the first row is a number, read as data.
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('list');
  sheet.addRow(['+7 916 555-66-01']);
  sheet.addRow(['8 916 555 66 02']);
  const xlsx = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'dnc.xlsx');
  assert.equal(xlsx.status, 200, JSON.stringify(xlsx.body));
  assert.deepEqual([xlsx.body.rows, xlsx.body.added, xlsx.body.already, xlsx.body.failed], [2, 2, 0, 0]);
  assert.equal((await check('89165556601')).blocked, true);

  // Not a spreadsheet, or an empty file: refused as the imports refuse them.
  assert.equal((await upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 1]), 'x.png')).status, 415);
  assert.equal((await upload(Buffer.alloc(0), 'x.csv')).status, 400);
});

test('export: CSV and XLSX read back give the list; the export is audited', async () => {
  const total = (await app.api('GET', '/api/dnc?limit=1', { token: sup.token })).body.total as number;
  const csv = await download('csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="do-not-call\.csv"/);
  const text = (await csv.text()).replace(/^\ufeff/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines[0], 'phone;reason;source;client_id;client;added_by;created_at');
  assert.equal(lines.length, total + 1);
  assert.ok(lines.some((l) => l.startsWith('+79161112233;Просил не звонить;wrap_up;')));

  const xlsx = await download('xlsx');
  assert.equal(xlsx.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await xlsx.arrayBuffer());
  const sheet = wb.worksheets[0]!;
  assert.equal(sheet.rowCount, total + 1);
  const phones = new Set<string>();
  sheet.eachRow((row, n) => n > 1 && phones.add(String(row.getCell(1).value)));
  assert.ok(phones.has('+79164445501') && phones.has('4455'));
  assert.equal((await download('pdf')).status, 400);

  const audit = await app.api('GET', '/api/audit?entity=dnc&limit=500', { token: mgr.token });
  const exports = audit.body.items.filter((e: { action: string }) => e.action === 'export');
  assert.deepEqual(exports.map((e: { after: { format: string } }) => e.after.format).sort(), ['csv', 'xlsx']);
});

test('another node sees a change within its refresh period; its own changes at once', async () => {
  // A second service on the same database stands for another node; it re-reads when its copy is stale.
  const other = new DncService(app.ds, app.services.audit, ['RU'], undefined, 0);
  assert.equal((await other.check('+79166667701')).blocked, false);
  await app.api('POST', '/api/dnc', { token: op.token, body: { phone: '+79166667701', reason: 'с другого узла' } });
  // Stale (refresh period 0): the check answers from the old copy and reads the list again meanwhile.
  await other.check('+79166667701');
  for (let i = 0; i < 100 && !(await other.check('+79166667701')).blocked; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(await other.check('+79166667701'), { blocked: true, reason: 'с другого узла' });
});
