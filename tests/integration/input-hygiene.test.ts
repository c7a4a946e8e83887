import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Issue 10, items 12 and 15: what reached the database (or a 500) through names, phones, dates and bodies.
let app: TestApp;
let mgr: { id: number; token: string };
before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
});
after(() => app.close());

const total = async () => (await app.api('GET', '/api/clients?limit=1', { token: mgr.token })).body.total as number;

test('control and text-direction characters in names, phones, tags and notes are refused and change nothing', async () => {
  const before = await total();
  for (const body of [
    { name: 'Иван\u0000Петров' },
    { name: 'Счёт\u202Efdp.exe' },
    { name: 'Звонок\u0007' },
    { name: 'Имя\u2066скрыто\u2069' },
    { name: 'Нормальное имя', organization: 'ООО\u0085Ромашка' },
    { name: 'Нормальное имя', phones: ['+7 916 555\u202E 00 01'] },
    { name: 'Нормальное имя', phones: ['+7 916 555 00 01\u0000'] },
    { name: 'Нормальное имя', tags: ['vip\u200F\u202B'] },
    { name: 'Нормальное имя', source: 'сайт\u001b[31m' },
  ]) {
    const res = await app.api('POST', '/api/clients', { token: mgr.token, body });
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
  }
  assert.equal(await total(), before, 'nothing was written');

  const ok = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Олена Коваль-Шевченко' } });
  assert.equal(ok.status, 201);
  const multiLine = await app.api('POST', `/api/clients/${ok.body.id}/notes`, { token: mgr.token, body: { body: 'Первая строка\nвторая\tс табуляцией' } });
  assert.equal(multiLine.status, 201, 'line breaks and tabs are fine in a note');
  const bad = await app.api('POST', `/api/clients/${ok.body.id}/notes`, { token: mgr.token, body: { body: 'скрытый \u202E текст' } });
  assert.equal(bad.status, 400);
});

test('impossible dates are a 400 on every database, not a 500 or a silent roll-over to March', async () => {
  for (const birthday of ['2026-02-31', '1990-13-01', '1990-00-10', '0000-01-01', '2023-02-29']) {
    const res = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Дата', birthday } });
    assert.equal(res.status, 400, birthday);
  }
  const leap = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Високосный', birthday: '2024-02-29' } });
  assert.equal(leap.status, 201);
  assert.equal(leap.body.birthday, '2024-02-29');
});

test('one number, one client: dashes from office files, full-width digits and extensions are the same number', async () => {
  const first = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Первый', phones: ['+7 916 432 10 01'] } });
  assert.equal(first.status, 201);
  for (const spelling of ['8 (916) 432–10–01', '８ ９１６ ４３２ １０ ０１', '8 916 432-10-01 доб. 15', 'tel:+79164321001']) {
    const res = await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Двойник', phones: [spelling] } });
    assert.equal(res.status, 409, spelling);
    assert.equal(res.body.error.details.clientId, first.body.id);
  }
  const found = await app.api('GET', `/api/clients?phone=${encodeURIComponent('8 (916) 432–10–01')}`, { token: mgr.token });
  assert.deepEqual(found.body.items.map((c: { id: number }) => c.id), [first.body.id]);
});

test('GET /api/phones/parse tells the form whether a number will be stored as a dialable number', async () => {
  const ok = await app.api('GET', `/api/phones/parse?number=${encodeURIComponent('8 916 123 45 67')}`, { token: mgr.token });
  assert.deepEqual(ok.body, { e164: '+79161234567', valid: true, country: 'RU', regions: ['RU'] });
  const ua = await app.api('GET', `/api/phones/parse?number=${encodeURIComponent('067 123 45 67')}`, { token: mgr.token });
  assert.equal(ua.body.valid, false, 'a Ukrainian local number does not parse on a RU-only install');
  assert.equal((await app.api('GET', '/api/phones/parse?number=1', {})).status, 401);
  assert.equal((await app.api('GET', '/api/phones/parse', { token: mgr.token })).status, 400);
});

test('a corrupt compressed body is a 400, not a 500', async () => {
  for (const body of [Buffer.from('this is not gzip at all'), gzipSync(Buffer.from('{"name":"Усечённый"}')).subarray(0, 12)]) {
    const res = await fetch(`${app.baseUrl}/api/clients`, { method: 'POST', headers: { authorization: `Bearer ${mgr.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_body');
  }
  const good = await fetch(`${app.baseUrl}/api/clients`, { method: 'POST', headers: { authorization: `Bearer ${mgr.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(Buffer.from('{"name":"Сжатый"}')) });
  assert.equal(good.status, 201);
});

test('/readyz tells states only, never a driver error or an address', async () => {
  const res = await fetch(`${app.baseUrl}/readyz`);
  const body = (await res.json()) as Record<string, unknown>;
  assert.deepEqual(Object.keys(body).sort(), ['database', 'pbx', 'ready', 'redis']);
  assert.doesNotMatch(JSON.stringify(body), /detail|127\.0\.0\.1|localhost|:\d{2,5}/);
});

test('GET /api/meta is public and says whether this is a demo', async () => {
  const res = await app.api('GET', '/api/meta');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { demo: false });
});
