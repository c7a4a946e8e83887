import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClientEntity } from '../../server/db/entities';
import { connectSocket } from '../helpers/socket-client';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app';

// Cross-origin: a page on another origin (here: another port of the same host, as in the attack) must
// not use a signed-in browser's cookie to change anything, to sign in, or to open a socket.
let app: TestApp;
let manager: { id: number; login: string; token: string };
let cookie: string;
let foreign: string;
before(async () => {
  app = await startTestApp();
  manager = await app.user('manager');
  const res = await app.api('POST', '/api/auth/login', { body: { login: manager.login, password: TEST_PASSWORD } });
  assert.equal(res.status, 200);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const own = new URL(app.baseUrl);
  foreign = `${own.protocol}//${own.hostname}:${Number(own.port) === 65535 ? 1 : Number(own.port) + 1}`;
});
after(() => app.close());

const clientCount = () => app.ds.getRepository(ClientEntity).count();
const newClient = (name: string) => ({ name, phones: [`+7 916 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`] });

test('a cookie POST from a foreign origin is 403 forbidden_origin and changes nothing', async () => {
  const before = await clientCount();
  const res = await app.api('POST', '/api/clients', { headers: { cookie, origin: foreign }, body: newClient('Подделанный Запрос') });
  assert.equal(res.status, 403);
  assert.equal(res.body.error.code, 'forbidden_origin');
  assert.equal(await clientCount(), before);
});

test('PATCH and DELETE with the cookie from a foreign origin are refused too; GET is not a write', async () => {
  const created = await app.api('POST', '/api/clients', { token: manager.token, body: newClient('Клиент Для Правки') });
  assert.equal(created.status, 201);
  const id = created.body.id;
  const patch = await app.api('PATCH', `/api/clients/${id}`, { headers: { cookie, origin: foreign }, body: { name: 'Чужое Имя' } });
  assert.equal(patch.status, 403);
  const del = await app.api('DELETE', `/api/clients/${id}`, { headers: { cookie, origin: foreign } });
  assert.equal(del.status, 403);
  const read = await app.api('GET', `/api/clients/${id}`, { headers: { cookie, origin: foreign } });
  assert.equal(read.status, 200);
  assert.equal(read.body.name, 'Клиент Для Правки');
});

test('without Origin, a foreign Referer is refused; a browser\u2019s cross-site fetch without either is refused', async () => {
  const before = await clientCount();
  const viaReferer = await app.api('POST', '/api/clients', { headers: { cookie, referer: `${foreign}/attack.html` }, body: newClient('Через Реферер') });
  assert.equal(viaReferer.status, 403);
  assert.equal(viaReferer.body.error.code, 'forbidden_origin');
  const fetchMetadata = await app.api('POST', '/api/clients', { headers: { cookie, 'sec-fetch-site': 'same-site' }, body: newClient('Без Источника') });
  assert.equal(fetchMetadata.status, 403);
  const opaque = await app.api('POST', '/api/clients', { headers: { cookie, origin: 'null' }, body: newClient('Песочница') });
  assert.equal(opaque.status, 403);
  assert.equal(await clientCount(), before);
});

test('a same-origin cookie POST works (the SPA), so does one with the same-origin Referer', async () => {
  const viaOrigin = await app.api('POST', '/api/clients', { headers: { cookie, origin: app.baseUrl }, body: newClient('Из Своего Окна') });
  assert.equal(viaOrigin.status, 201, JSON.stringify(viaOrigin.body));
  const viaReferer = await app.api('POST', '/api/clients', { headers: { cookie, referer: `${app.baseUrl}/clients` }, body: newClient('Из Своей Страницы') });
  assert.equal(viaReferer.status, 201, JSON.stringify(viaReferer.body));
});

test('a bearer token without Origin works, and with a foreign Origin too (a page cannot set the header)', async () => {
  const plain = await app.api('POST', '/api/clients', { token: manager.token, body: newClient('Скрипт Интеграции') });
  assert.equal(plain.status, 201);
  const withOrigin = await app.api('POST', '/api/clients', { token: manager.token, headers: { origin: foreign }, body: newClient('Другой Фронтенд') });
  assert.equal(withOrigin.status, 201);
});

test('a cookie request with a bearer token is still checked (the cookie rides along)', async () => {
  const res = await app.api('POST', '/api/clients', { token: manager.token, headers: { cookie, origin: foreign }, body: newClient('Смешанный Запрос') });
  assert.equal(res.status, 403);
});

test('login from a foreign origin is refused (login CSRF); from the own origin or a script it works', async () => {
  const body = { login: manager.login, password: TEST_PASSWORD };
  const forged = await app.api('POST', '/api/auth/login', { headers: { origin: foreign }, body });
  assert.equal(forged.status, 403);
  assert.equal(forged.body.error.code, 'forbidden_origin');
  assert.equal(forged.headers.get('set-cookie'), null);
  assert.equal((await app.api('POST', '/api/auth/login', { headers: { origin: app.baseUrl }, body })).status, 200);
  assert.equal((await app.api('POST', '/api/auth/login', { body })).status, 200);
});

test('public webhook paths are exempt by design (the Origin check does not answer for them)', async () => {
  const lead = await app.api('POST', '/api/leads/some-token', { headers: { cookie, origin: foreign }, body: { name: 'Лид С Сайта', phone: '+79160000000' } });
  assert.notEqual(lead.body?.error?.code, 'forbidden_origin');
  const twilio = await app.api('POST', '/telephony/twilio/status', { headers: { origin: foreign }, rawBody: 'CallSid=CA1' });
  assert.notEqual(twilio.body?.error?.code, 'forbidden_origin');
});

test('a socket handshake from a foreign origin is refused; from the own origin or without one it is accepted', async () => {
  await assert.rejects(connectSocket(app.baseUrl, undefined, { headers: { cookie, origin: foreign } }));
  await assert.rejects(connectSocket(app.baseUrl, manager.token, { headers: { origin: foreign } }));
  const own = await connectSocket(app.baseUrl, undefined, { headers: { cookie, origin: app.baseUrl } });
  assert.ok(own.socket.connected);
  own.socket.close();
  const script = await connectSocket(app.baseUrl, manager.token);
  assert.ok(script.socket.connected);
  script.socket.close();
});

test('the foreign socket is refused at the transport, before the session is looked at', async () => {
  const sup = await app.user('supervisor');
  const err = await connectSocket(app.baseUrl, sup.token, { headers: { origin: foreign } }).then(
    () => null,
    (e: Error) => e,
  );
  assert.ok(err);
  assert.notEqual(err.message, 'unauthorized');
});
