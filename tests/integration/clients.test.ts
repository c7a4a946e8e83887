import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let mgr: { id: number; token: string };
let op: { id: number; token: string };
before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
  op = await app.user('operator');
});
after(() => app.close());

const create = (body: Record<string, unknown>, token = mgr.token) => app.api('POST', '/api/clients', { token, body });
const list = (query: string, token = mgr.token) => app.api('GET', `/api/clients?${query}`, { token });

test('managers export the filtered base as CSV for spreadsheets: BOM, semicolons, formulas defused, audited', async () => {
  const tag = `export-${Date.now()}`;
  await create({ name: '=HYPERLINK("http://evil","Ваш приз")', phones: ['+7 916 800 00 01'], tags: [tag], source: 'выставка; Киев' });
  await create({ name: 'Олена Коваль', phones: ['+380 67 800 00 02'], emails: ['olena@firm.ua'], tags: [tag] });
  await create({ name: 'Не в выгрузке', tags: ['other-tag'] });
  const res = await fetch(`${app.baseUrl}/api/clients/export?tag=${tag}&sort=name`, { headers: { authorization: `Bearer ${mgr.token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
  assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="clients-\d{4}-\d\d-\d\d\.csv"/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM for spreadsheet programs');
  const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim().split('\n');
  assert.equal(lines.length, 3, 'the header and the two tagged clients only');
  assert.match(lines[0]!, /^id;kind;name;organization;phones;emails;/);
  assert.match(lines[1]!, /^\d+;person;"'=HYPERLINK\(""http:\/\/evil"",""Ваш приз""\)";/, 'the formula is defused and quoted');
  assert.ok(lines[1]!.includes(';+79168000001;'), 'a phone number stays a plain number');
  assert.ok(lines[1]!.includes(';"выставка; Киев";'), 'a separator inside a value is quoted');
  assert.ok(lines[2]!.includes('Олена Коваль') && lines[2]!.includes('olena@firm.ua'));
  const comma = await fetch(`${app.baseUrl}/api/clients/export?tag=${tag}&separator=comma`, { headers: { authorization: `Bearer ${mgr.token}` } });
  assert.match((await comma.text()).split('\n')[0]!, /^\uFEFF?id,kind,name,/);
  const audit = await app.api('GET', '/api/audit?entity=client&entityId=all', { token: mgr.token });
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  assert.equal(audit.body.items[0].action, 'export');
  assert.equal(audit.body.items[0].after.rows, 2);

  assert.equal((await app.api('GET', '/api/clients/export', { token: op.token })).status, 403, 'operators do not take the base home');
  assert.equal((await app.api('GET', '/api/clients/export?separator=tab', { token: mgr.token })).status, 400);
  assert.equal((await app.api('GET', '/api/clients/export?limit=5', { token: mgr.token })).status, 400, 'no paging: the export is the whole selection');
});

test('tags that a case-insensitive collation would confuse (ёлка, елка) are two tags, each found by itself', async () => {
  const res = await create({ name: 'Тамара Ёлкина', tags: ['Ёлка', 'елка', 'ґанок', 'ганок'] });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.deepEqual([...res.body.tags].sort(), ['ганок', 'елка', 'ёлка', 'ґанок'].sort());
  const found = await list(`tag=${encodeURIComponent('ёлка')}`);
  assert.deepEqual(found.body.items.map((c: { id: number }) => c.id), [res.body.id]);
});

test('a client is created with phones in any format and found by any other format', async () => {
  const res = await create({ name: 'Иван Петров', phones: ['8 (916) 123-45-67', '044 123 4567'], emails: ['Ivan@Example.com'], tags: ['VIP', 'vip', 'wholesale'], source: 'website' });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body.phones[0], { e164: '+79161234567', raw: '8 (916) 123-45-67' });
  assert.equal(res.body.phones[1].raw, '044 123 4567');
  assert.deepEqual(res.body.emails, ['ivan@example.com']);
  assert.deepEqual(res.body.tags, ['vip', 'wholesale']);
  for (const form of ['+7 916 123 45 67', '79161234567', '89161234567', '9161234567', '+7 (916) 123-45-67']) {
    const found = await list(`phone=${encodeURIComponent(form)}`);
    assert.equal(found.status, 200);
    assert.deepEqual(found.body.items.map((c: { id: number }) => c.id), [res.body.id], form);
    assert.equal(found.body.total, 1);
  }
  assert.equal((await app.services.lookup.findByPhone('+7 916 123-45-67'))?.id, res.body.id);
});

test('UA numbers: national form with region UA is stored as E.164 and matched from the RU default', async () => {
  const res = await create({ name: 'Олена Коваль', phones: ['+380 44 765 43 21'] });
  assert.equal(res.body.phones[0].e164, '+380447654321');
  assert.equal((await list('phone=380447654321')).body.items[0]?.id, res.body.id);
  // A PBX that strips the country code and trunk prefix: only the last digits are known.
  assert.equal((await list('phone=447654321')).body.items[0]?.id, res.body.id);
  assert.equal((await list('phone=0447654321')).body.items[0]?.id, res.body.id);
});

test('two clients cannot share a normalized number: 409 names the other client, nothing is written', async () => {
  const first = await create({ name: 'Первый', phones: ['+7 903 555 66 77'] });
  const before = (await list('limit=1')).body.total;
  const dup = await create({ name: 'Второй', phones: ['8 903 555-66-77'] });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'conflict');
  assert.equal(dup.body.error.details.clientId, first.body.id);
  assert.equal((await list('limit=1')).body.total, before, 'the rejected client was not half-created');
  const other = await create({ name: 'Третий', phones: ['+7 903 555 66 78'] });
  const patch = await app.api('PATCH', `/api/clients/${other.body.id}`, { token: mgr.token, body: { phones: ['89035556677'] } });
  assert.equal(patch.status, 409);
  assert.equal((await app.api('GET', `/api/clients/${other.body.id}`, { token: mgr.token })).body.phones[0].e164, '+79035556678');
});

test('a number that does not parse is kept raw and still matches exactly', async () => {
  const res = await create({ name: 'Внутренний', phones: ['ext. 4455'] });
  assert.deepEqual(res.body.phones, [{ e164: null, raw: 'ext. 4455' }]);
  assert.equal((await list('phone=4455')).body.items[0]?.id, res.body.id);
  // Raw numbers are not held unique: two records may carry the same extension.
  assert.equal((await create({ name: 'Тоже внутренний', phones: ['4455'] })).status, 201);
});

test('search by name (any case, Cyrillic), email, tag and phone through q', async () => {
  const c = await create({ name: 'Ярослав Мельник', emails: ['yaroslav@firm.ua'], phones: ['+380 67 111 22 33'], tags: ['partner'] });
  for (const q of ['ярослав', 'ЯРОСЛАВ', 'мельн', 'yaroslav@firm.ua', '067 111 22 33', '+380671112233']) {
    const ids = (await list(`q=${encodeURIComponent(q)}`)).body.items.map((x: { id: number }) => x.id);
    assert.ok(ids.includes(c.body.id), q);
  }
  assert.ok((await list('tag=partner')).body.items.some((x: { id: number }) => x.id === c.body.id));
  assert.ok((await list('email=YAROSLAV@firm.ua')).body.items.some((x: { id: number }) => x.id === c.body.id));
  assert.equal((await list(`q=${encodeURIComponent('%')}`)).body.total, 0, 'LIKE wildcards are literal');
});

test('filters, sorting and pagination', async () => {
  const tag = `batch${Date.now()}`;
  for (const [name, stage, tier] of [
    ['Альфа', 'lead', 'gold'],
    ['Бета', 'customer', 'silver'],
    ['Гамма', 'customer', 'gold'],
    ['Дельта', 'lost', 'standard'],
  ] as const) {
    assert.equal((await create({ name, stage, tier, tags: [tag], source: 'exhibition', ownerId: op.id })).status, 201);
  }
  const byStage = await list(`tag=${tag}&stage=customer&sort=name&order=asc`);
  assert.deepEqual(byStage.body.items.map((c: { name: string }) => c.name), ['Бета', 'Гамма']);
  const byTier = await list(`tag=${tag}&tier=gold,silver&sort=name&order=desc`);
  assert.deepEqual(byTier.body.items.map((c: { name: string }) => c.name), ['Гамма', 'Бета', 'Альфа']);
  assert.equal((await list(`tag=${tag}&ownerId=${op.id}&source=exhibition`)).body.total, 4);
  const page1 = await list(`tag=${tag}&sort=name&limit=2&offset=0`);
  const page2 = await list(`tag=${tag}&sort=name&limit=2&offset=2`);
  assert.equal(page1.body.total, 4);
  assert.deepEqual([...page1.body.items, ...page2.body.items].map((c: { name: string }) => c.name), ['Альфа', 'Бета', 'Гамма', 'Дельта']);
});

test('deals add up to revenue and the A/B/C classes follow it', async () => {
  const tag = `abc${Date.now()}`;
  const big = await create({ name: 'Крупный', tags: [tag] });
  const small = await create({ name: 'Мелкий', tags: [tag] });
  // A deal this large by an operator would wait for a supervisor (deals-review.test.ts); a manager's counts at once.
  assert.equal((await app.api('POST', `/api/clients/${big.body.id}/deals`, { token: mgr.token, body: { title: 'Поставка', amount: 900000, closedAt: '2026-10-01' } })).status, 201);
  assert.equal((await app.api('POST', `/api/clients/${small.body.id}/deals`, { token: op.token, body: { title: 'Мелочь', amount: 10.5, closedAt: '2026-10-02' } })).status, 201);
  assert.equal((await app.api('POST', `/api/clients/${small.body.id}/deals`, { token: op.token, body: { title: 'X', amount: -5, closedAt: '2026-10-02' } })).status, 400);
  await app.services.abc.recompute();
  const got = await app.api('GET', `/api/clients/${small.body.id}`, { token: mgr.token });
  assert.equal(got.body.revenue, 10.5);
  assert.equal((await app.api('GET', `/api/clients/${big.body.id}`, { token: mgr.token })).body.abcClass, 'A');
  const deals = await app.api('GET', `/api/clients/${small.body.id}/deals`, { token: op.token });
  assert.equal(deals.body.items[0].closedAt, '2026-10-02');
  assert.equal(deals.body.items[0].amount, 10.5);
});

test('updates and soft deletes are audited with before and after; a deleted client is gone and frees its number', async () => {
  const c = await create({ name: 'До правки', phones: ['+7 926 000 11 22'] });
  const upd = await app.api('PATCH', `/api/clients/${c.body.id}`, { token: op.token, body: { name: 'После правки', stage: 'contacted' } });
  assert.equal(upd.status, 200);
  assert.equal(upd.body.name, 'После правки');
  assert.equal((await app.api('DELETE', `/api/clients/${c.body.id}`, { token: mgr.token })).status, 204);
  assert.equal((await app.api('GET', `/api/clients/${c.body.id}`, { token: mgr.token })).status, 404);
  assert.equal((await list('phone=89260001122')).body.total, 0);
  assert.equal((await create({ name: 'Новый владелец номера', phones: ['89260001122'] })).status, 201);

  const audit = await app.api('GET', `/api/audit?entity=client&entityId=${c.body.id}`, { token: mgr.token });
  assert.deepEqual(audit.body.items.map((a: { action: string }) => a.action), ['delete', 'update', 'create']);
  const [del, update] = audit.body.items;
  assert.equal(update.actorId, op.id);
  assert.equal(update.before.name, 'До правки');
  assert.equal(update.after.name, 'После правки');
  assert.equal(del.actorId, mgr.id);
  assert.equal(del.after, null);
  assert.equal(del.before.phones[0].e164, '+79260001122');
});

test('operators own the clients they create and cannot set manager fields', async () => {
  const mine = await create({ name: 'Мой лид' }, op.token);
  assert.equal(mine.body.ownerId, op.id);
  assert.equal((await create({ name: 'Чужой', ownerId: mgr.id }, op.token)).status, 403);
  assert.equal((await create({ name: 'VIP', tier: 'platinum' }, op.token)).status, 403);
  assert.equal((await create({ name: 'VIP', tier: 'platinum', potential: 'high' })).status, 201);
});

test('bad input gets a clear 4xx and changes nothing', async () => {
  const before = (await list('limit=1')).body.total;
  const bodies: [unknown, number, string][] = [
    [{ phones: ['+79161234599'] }, 400, 'validation_failed'],
    [{ name: 42 }, 400, 'validation_failed'],
    [{ name: '' }, 400, 'validation_failed'],
    [{ name: 'x'.repeat(201) }, 400, 'validation_failed'],
    [{ name: 'Ok', unknownField: 1 }, 400, 'validation_failed'],
    [{ name: 'Ok', phones: 'not an array' }, 400, 'validation_failed'],
    [{ name: 'Ok', phones: ['no digits'] }, 400, 'validation_failed'],
    [{ name: 'Ok', phones: ['+7916\r\n1234567'] }, 400, 'validation_failed'],
    [{ name: 'Ok', emails: ['not-an-email'] }, 400, 'validation_failed'],
    [{ name: 'Ok', birthday: '2026-13-45' }, 400, 'validation_failed'],
    [{ name: 'Ok', stage: 'won' }, 400, 'validation_failed'],
    [{ name: 'Ok', timezone: 'Mars/Olympus' }, 400, 'validation_failed'],
    [{ name: 'Ok', ownerId: 99999999 }, 400, 'bad_request'],
    [{ name: 'Ok', phones: Array.from({ length: 11 }, (_, i) => `+7916000000${i}`) }, 400, 'validation_failed'],
    [[1, 2, 3], 400, 'validation_failed'],
    [null, 400, 'invalid_json'],
  ];
  for (const [body, status, code] of bodies) {
    const res = await app.api('POST', '/api/clients', { token: mgr.token, body });
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(res.body.error.code, code, JSON.stringify(body));
  }
  const malformed = await app.api('POST', '/api/clients', { token: mgr.token, rawBody: '{"name": "unterminated' });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, 'invalid_json');
  const huge = await app.api('POST', '/api/clients', { token: mgr.token, rawBody: JSON.stringify({ name: 'x', note: 'y'.repeat(2_000_000) }) });
  assert.equal(huge.status, 413);
  for (const query of ['limit=0', 'limit=abc', 'offset=-1', 'sort=password', 'class=D', 'nonsense=1', 'ownerId=1;DROP']) {
    const res = await list(query);
    assert.equal(res.status, 400, query);
  }
  for (const path of ['/api/clients/abc', '/api/clients/-1', '/api/clients/1.5', '/api/clients/99999999999']) {
    assert.equal((await app.api('GET', path, { token: mgr.token })).status, 400, path);
  }
  assert.equal((await app.api('GET', '/api/clients/2147483000', { token: mgr.token })).status, 404);
  assert.equal((await list('limit=1')).body.total, before);
  for (const res of [malformed, huge]) assert.doesNotMatch(JSON.stringify(res.body), /at .*\.ts:\d+/);
});

test('SQL-looking strings are stored and searched literally', async () => {
  const name = "Robert'); DROP TABLE clients;-- \" OR 1=1";
  const res = await create({ name, tags: ["x' OR '1'='1"] });
  assert.equal(res.status, 201);
  assert.equal((await app.api('GET', `/api/clients/${res.body.id}`, { token: mgr.token })).body.name, name);
  const found = await list(`q=${encodeURIComponent("robert'); drop")}`);
  assert.deepEqual(found.body.items.map((c: { id: number }) => c.id), [res.body.id]);
  assert.equal((await list(`tag=${encodeURIComponent("x' or '1'='1")}`)).body.total, 1);
});

test('notes on the client card', async () => {
  const c = await create({ name: 'С заметками' });
  assert.equal((await app.api('POST', `/api/clients/${c.body.id}/notes`, { token: op.token, body: { body: 'Перезвонить после 18:00' } })).status, 201);
  assert.equal((await app.api('POST', `/api/clients/${c.body.id}/notes`, { token: op.token, body: { body: '' } })).status, 400);
  const notes = await app.api('GET', `/api/clients/${c.body.id}/notes`, { token: op.token });
  assert.equal(notes.body.items[0].body, 'Перезвонить после 18:00');
  assert.equal(notes.body.items[0].authorId, op.id);
  assert.equal((await app.api('GET', '/api/clients/2147483000/notes', { token: op.token })).status, 404);
});
