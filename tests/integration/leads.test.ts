import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { CallbackEntity } from '../../server/db/entities';
import { createLogger } from '../../server/logging/logger';
import { LeadsService } from '../../server/modules/leads/leads.service';
import { LeadThrottle, TooManyLeads } from '../../server/modules/leads/lead-throttle';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let mgr: { id: number; token: string };
let seq = 0;
const uniq = (prefix: string) => `${prefix} ${process.pid}-${++seq}`;
/** A valid Russian mobile number, different each call. */
const phone = () => `+7 916 ${String(1_000_000 + ++seq * 7919).slice(-7)}`;

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
});
after(() => app.close());

type Source = { id: number; name: string; token: string; callbackMinutes: number; origins: string[]; active: boolean; endpoint: string; snippet: string; leads: number };

async function newSource(body: Record<string, unknown> = {}): Promise<Source> {
  const res = await app.api('POST', '/api/lead-sources', { token: mgr.token, body: { name: uniq('Сайт'), ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

type Answer = { status: number; body: any; headers: Headers };
let addressSeq = 0;
/** A loopback address of its own for each post (the per-address limit is tested by the flood, from one). */
const nextAddress = () => {
  addressSeq++;
  return `127.1.${Math.floor(addressSeq / 250)}.${(addressSeq % 250) + 1}`;
};

/** An HTTP request from a chosen local address (fetch cannot pick one). */
function send(method: string, path: string, opts: { body?: string; headers?: Record<string, string>; from?: string } = {}): Promise<Answer> {
  const url = new URL(path, app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, localAddress: opts.from ?? nextAddress(), headers: { ...(opts.body !== undefined && { 'content-length': String(Buffer.byteLength(opts.body)) }), ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* keep the text */
        }
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, body, headers });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const post = (token: string, body: unknown, headers: Record<string, string> = {}, from?: string) =>
  send('POST', `/api/leads/${token}`, { body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers }, from });

const form = (token: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  send('POST', `/api/leads/${token}`, { body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

const preflight = (token: string, headers: Record<string, string>) => send('OPTIONS', `/api/leads/${token}`, { headers });

const count = async (sql: string, params: unknown[]) => Number(((await app.ds.query(sql, params)) as { n: number }[])[0]!.n);
const leadsOf = (sourceId: number) => count('SELECT COUNT(*) AS n FROM leads WHERE source_id = ?', [sourceId]);
const clientsBySource = (name: string) => app.ds.query('SELECT id, name, source, owner_id FROM clients WHERE source = ? ORDER BY id', [name]) as Promise<{ id: number; name: string }[]>;
const callbacksOf = (clientId: number) => app.ds.query('SELECT id, assignee_id, due_at, status, note FROM callbacks WHERE client_id = ? ORDER BY id', [clientId]) as Promise<{ id: number; assignee_id: number | null; due_at: Date | string; status: string; note: string }[]>;
const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`));

test('a manager creates a lead source: 201 with a secret token, its endpoint and a snippet that posts to it', async () => {
  const src = await newSource({ callbackMinutes: 10, origins: ['https://shop.example.com/', 'https://promo.example.com'] });
  assert.match(src.token, /^[A-Za-z0-9_-]{32}$/);
  assert.equal(src.callbackMinutes, 10);
  assert.deepEqual(src.origins, ['https://shop.example.com', 'https://promo.example.com']);
  assert.equal(src.active, true);
  assert.equal(src.endpoint, `${app.baseUrl}/api/leads/${src.token}`);
  assert.ok(src.snippet.includes(`action="${src.endpoint}"`));
  assert.ok(src.snippet.includes('name="website"'), 'the honeypot is in the snippet');
  const defaults = await newSource();
  assert.equal(defaults.callbackMinutes, 15);
  assert.deepEqual(defaults.origins, []);
  // The name is unique; bad fields are a 400 with the field named.
  assert.equal((await app.api('POST', '/api/lead-sources', { token: mgr.token, body: { name: src.name } })).status, 409);
  const bad = await app.api('POST', '/api/lead-sources', { token: mgr.token, body: { name: 'x', origins: ['ftp://a.b', 'https://a.b/path'], callbackMinutes: 0 } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['callbackMinutes', 'origins.0', 'origins.1']);
});

test('a JSON lead creates the client (source = the source name, stage lead) with its UTMs and a callback due within the minutes, in the pool', async () => {
  const src = await newSource({ callbackMinutes: 7 });
  const number = phone();
  const before = Date.now();
  const res = await post(src.token, { name: 'Ирина Лидова', phone: number, email: 'Irina@Example.com', comment: 'Перезвоните после 18', utm_source: 'yandex', utm_medium: 'cpc', utm_campaign: 'spring', extra: 'ignored' });
  assert.equal(res.status, 201);
  assert.deepEqual(res.body, { ok: true });
  const [client] = await clientsBySource(src.name);
  assert.ok(client);
  const card = (await app.api('GET', `/api/clients/${client.id}`, { token: mgr.token })).body;
  assert.equal(card.name, 'Ирина Лидова');
  assert.equal(card.source, src.name);
  assert.equal(card.stage, 'lead');
  assert.equal(card.ownerId, null);
  assert.deepEqual(card.phones.map((p: { e164: string }) => p.e164), [number.replace(/\s/g, '')]);
  assert.deepEqual(card.emails, ['irina@example.com']);
  const [lead] = await app.ds.query('SELECT * FROM leads WHERE source_id = ?', [src.id]);
  assert.equal(lead.utm_source, 'yandex');
  assert.equal(lead.utm_medium, 'cpc');
  assert.equal(lead.utm_campaign, 'spring');
  assert.equal(lead.utm_term, null);
  assert.equal(lead.comment, 'Перезвоните после 18');
  assert.equal(Number(lead.client_id), client.id);
  const cbs = await callbacksOf(client.id);
  assert.equal(cbs.length, 1);
  assert.equal(Number(lead.callback_id), cbs[0]!.id);
  assert.equal(cbs[0]!.assignee_id, null);
  assert.equal(cbs[0]!.status, 'pending');
  assert.match(cbs[0]!.note, /Перезвоните после 18/);
  const due = asDate(cbs[0]!.due_at).getTime();
  assert.ok(due >= before + 7 * 60_000 - 1000 && due <= Date.now() + 7 * 60_000, 'due within the source’s minutes');
  // The stage history has the entry and the audit a create with no human actor.
  assert.equal(await count("SELECT COUNT(*) AS n FROM client_stage_changes WHERE client_id = ? AND from_stage IS NULL AND to_stage = 'lead' AND changed_by_id IS NULL", [client.id]), 1);
  const audit = (await app.api('GET', `/api/audit?entity=client&entityId=${client.id}`, { token: mgr.token })).body.items;
  assert.equal(audit.length, 1);
  assert.equal(audit[0].action, 'create');
  assert.equal(audit[0].actorId, null);
  // The lead counts on the sources page.
  assert.equal((await app.api('GET', `/api/lead-sources/${src.id}`, { token: mgr.token })).body.leads, 1);
});

test('a form post answers 303 to its redirect (the page that posted it) and records the lead; a redirect elsewhere is a 400', async () => {
  const src = await newSource({ origins: ['https://shop.example.com'] });
  const res = await form(src.token, { name: 'Пётр', phone: phone(), comment: '', email: '', utm_source: 'vk', redirect: 'https://shop.example.com/thanks?x=1', website: '' }, { origin: 'https://shop.example.com' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), 'https://shop.example.com/thanks?x=1');
  assert.equal((await clientsBySource(src.name)).length, 1);
  const [lead] = await app.ds.query('SELECT utm_source, email, comment FROM leads WHERE source_id = ?', [src.id]);
  assert.deepEqual({ ...lead }, { utm_source: 'vk', email: null, comment: null });
  // No redirect field: 201 { ok: true } as for JSON.
  const plain = await form(src.token, { phone: phone() });
  assert.equal(plain.status, 201);
  assert.deepEqual(plain.body, { ok: true });
  // An open redirect is refused, and nothing is written.
  const foreign = await form(src.token, { phone: phone(), redirect: 'https://evil.example.net/' }, { origin: 'https://shop.example.com' });
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.error.details[0].path, 'redirect');
  assert.equal(await leadsOf(src.id), 2);
  // A source without origins: a form on any page comes back to that page.
  const open = await newSource();
  const back = await form(open.token, { phone: phone(), redirect: 'https://landing.example.org/ok' }, { origin: 'https://landing.example.org' });
  assert.equal(back.status, 303);
  assert.equal(back.headers.get('location'), 'https://landing.example.org/ok');
});

test('an unknown, malformed or inactive token is a 404 and changes nothing', async () => {
  const src = await newSource();
  const clientsBefore = await count('SELECT COUNT(*) AS n FROM clients', []);
  const leadsBefore = await count('SELECT COUNT(*) AS n FROM leads', []);
  assert.equal((await post('A'.repeat(32), { phone: phone() })).status, 404);
  assert.equal((await post(`${src.token.slice(0, -1)}${src.token.endsWith('A') ? 'B' : 'A'}`, { phone: phone() })).status, 404);
  assert.equal((await post('short', { phone: phone() })).status, 404);
  assert.equal((await form('x'.repeat(40), { phone: phone() })).status, 404);
  const off = await app.api('PATCH', `/api/lead-sources/${src.id}`, { token: mgr.token, body: { active: false } });
  assert.equal(off.body.active, false);
  assert.equal((await post(src.token, { phone: phone() })).status, 404);
  assert.equal(await count('SELECT COUNT(*) AS n FROM clients', []), clientsBefore);
  assert.equal(await count('SELECT COUNT(*) AS n FROM leads', []), leadsBefore);
});

test('bad fields are a 400 with the reasons, and write nothing', async () => {
  const src = await newSource();
  const cases: [Record<string, unknown>, string][] = [
    [{ name: 'Без контактов' }, 'phone'],
    [{ phone: '12' }, 'phone'],
    [{ phone: 'позвоните мне' }, 'phone'],
    [{ phone: phone(), email: 'not-an-email' }, 'email'],
    [{ phone: phone(), name: 'x'.repeat(201) }, 'name'],
    [{ phone: phone(), comment: 'x'.repeat(2001) }, 'comment'],
    [{ phone: phone(), utm_source: 'u'.repeat(201) }, 'utm_source'],
    [{ phone: phone(), name: 'evil\u202Etxt.exe' }, 'name'],
    [{ phone: ['+79161234567', '+79161234568'] }, 'phone'],
    [{ phone: phone(), redirect: 'javascript:alert(1)' }, 'redirect'],
  ];
  for (const [body, field] of cases) {
    const res = await post(src.token, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
    assert.ok(res.body.error.details.some((d: { path: string }) => d.path === field), `${field}: ${JSON.stringify(res.body.error.details)}`);
  }
  assert.equal((await post(src.token, undefined, { 'content-type': 'application/json' })).status, 400);
  const junk = await send('POST', `/api/leads/${src.token}`, { body: '{"phone":', headers: { 'content-type': 'application/json' } });
  assert.equal(junk.status, 400);
  assert.equal(await leadsOf(src.id), 0);
});

test('a filled honeypot is thanked and ignored: no client, no lead, no callback', async () => {
  const src = await newSource();
  const json = await post(src.token, { name: 'Bot', phone: phone(), website: 'http://spam.example' });
  assert.equal(json.status, 201);
  const viaForm = await form(src.token, { name: 'Bot', phone: phone(), website: 'http://spam.example' });
  assert.equal(viaForm.status, 201);
  assert.equal(await leadsOf(src.id), 0);
  assert.equal((await clientsBySource(src.name)).length, 0);
});

test('the same submission twice within a minute makes one client and one callback, even sent at once', async () => {
  const src = await newSource();
  const body = { name: 'Дубль', phone: phone(), comment: 'два клика' };
  const answers = await Promise.all([post(src.token, body), post(src.token, body), post(src.token, body)]);
  assert.deepEqual(answers.map((a) => a.status), [201, 201, 201]);
  assert.equal((await post(src.token, body)).status, 201);
  const clients = await clientsBySource(src.name);
  assert.equal(clients.length, 1);
  assert.equal((await callbacksOf(clients[0]!.id)).length, 1);
  assert.equal(await leadsOf(src.id), 1);
  // Another comment is another submission: recorded as a lead of the same client; its pending callback stands.
  assert.equal((await post(src.token, { ...body, comment: 'и ещё' })).status, 201);
  assert.equal(await leadsOf(src.id), 2);
  assert.equal((await clientsBySource(src.name)).length, 1);
  assert.equal((await callbacksOf(clients[0]!.id)).length, 1);
});

test('a lead for an existing client updates it, by phone in any format and by e-mail; the owner gets the callback', async () => {
  const src = await newSource({ callbackMinutes: 30 });
  const owner = await app.user('operator');
  const digits = phone().replace(/\D/g, '');
  const existing = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Старый клиент', phones: [`+${digits}`], source: 'Выставка', ownerId: owner.id } })).body;
  // By phone written the Russian national way: the e-mail is added, the name and the older source kept.
  const national = `8 (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
  assert.equal((await post(src.token, { name: 'Другое имя', phone: national, email: 'old@example.com' })).status, 201);
  let card = (await app.api('GET', `/api/clients/${existing.id}`, { token: mgr.token })).body;
  assert.equal(card.name, 'Старый клиент');
  assert.equal(card.source, 'Выставка');
  assert.deepEqual(card.emails, ['old@example.com']);
  assert.equal(card.phones.length, 1);
  assert.equal((await clientsBySource(src.name)).length, 0, 'no new client');
  const cbs = await callbacksOf(existing.id);
  assert.equal(cbs.length, 1);
  assert.equal(cbs[0]!.assignee_id, owner.id);
  // By e-mail (any case), with a new phone: the phone is added to the same client.
  const second = phone();
  assert.equal((await post(src.token, { email: 'OLD@example.com', phone: second })).status, 201);
  card = (await app.api('GET', `/api/clients/${existing.id}`, { token: mgr.token })).body;
  assert.deepEqual(card.phones.map((p: { e164: string }) => p.e164).sort(), [`+${digits}`, second.replace(/\s/g, '')].sort());
  const updates = (await app.api('GET', `/api/audit?entity=client&entityId=${existing.id}`, { token: mgr.token })).body.items.filter((e: { action: string }) => e.action === 'update');
  assert.equal(updates.length, 2);
  assert.ok(updates.every((e: { actorId: number | null }) => e.actorId === null));
  // A client without a source takes the lead source's name.
  const bare = (await app.api('POST', '/api/clients', { token: mgr.token, body: { name: 'Без источника', emails: ['bare@example.com'] } })).body;
  assert.equal((await post(src.token, { email: 'bare@example.com' })).status, 201);
  assert.equal((await app.api('GET', `/api/clients/${bare.id}`, { token: mgr.token })).body.source, src.name);
});

test('CORS: the source’s origins get the headers and the preflight; other origins get none and are refused', async () => {
  const src = await newSource({ origins: ['https://shop.example.com'] });
  const pre = await preflight(src.token, { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example.com');
  assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
  assert.match(pre.headers.get('access-control-allow-headers') ?? '', /content-type/i);
  const ok = await post(src.token, { phone: phone() }, { origin: 'https://shop.example.com' });
  assert.equal(ok.status, 201);
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example.com');
  // The reasons of a 400 are readable by the allowed page too.
  const bad = await post(src.token, { phone: '1' }, { origin: 'https://shop.example.com' });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get('access-control-allow-origin'), 'https://shop.example.com');

  const foreignPre = await preflight(src.token, { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' });
  assert.equal(foreignPre.status, 403);
  assert.equal(foreignPre.headers.get('access-control-allow-origin'), null);
  const foreign = await post(src.token, { phone: phone() }, { origin: 'https://evil.example.net' });
  assert.equal(foreign.status, 403);
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  assert.equal(await leadsOf(src.id), 1);
  // A source without origins: form posts from anywhere, but no CORS headers for anyone.
  const open = await newSource();
  const anywhere = await post(open.token, { phone: phone() }, { origin: 'https://any.example.org' });
  assert.equal(anywhere.status, 201);
  assert.equal(anywhere.headers.get('access-control-allow-origin'), null);
  assert.equal((await preflight(open.token, { origin: 'https://any.example.org' })).status, 403);
  // The CRM's own Origin check does not stand in the way, and the session routes keep it.
  const csrf = await app.api('POST', '/api/lead-sources', { body: { name: 'csrf' }, headers: { origin: 'https://evil.example.net', cookie: 'hotline_session=x' } });
  assert.equal(csrf.status, 403);
  assert.equal(csrf.body.error.code, 'forbidden_origin');
});

test('rotating the token: the old one is a 404 at once, the new one works', async () => {
  const src = await newSource();
  const rotated = (await app.api('POST', `/api/lead-sources/${src.id}/rotate-token`, { token: mgr.token })).body;
  assert.notEqual(rotated.token, src.token);
  assert.ok(rotated.snippet.includes(rotated.token));
  assert.equal((await post(src.token, { phone: phone() })).status, 404);
  assert.equal((await post(rotated.token, { phone: phone() })).status, 201);
  const audit = (await app.api('GET', `/api/audit?entity=setting&entityId=lead_source.${src.id}`, { token: mgr.token })).body.items;
  assert.ok(audit.length >= 2);
  assert.ok(!JSON.stringify(audit).includes(src.token), 'tokens stay out of the audit log');
});

test('roles: managers and admins manage lead sources; supervisors and operators get 403, anonymous 401', async () => {
  const admin = await app.user('admin');
  const src = await newSource();
  assert.equal((await app.api('GET', '/api/lead-sources', { token: admin.token })).status, 200);
  const listed = (await app.api('GET', '/api/lead-sources', { token: mgr.token })).body;
  assert.ok(listed.items.some((s: Source) => s.id === src.id && s.token === src.token));
  for (const role of ['operator', 'supervisor'] as const) {
    const who = await app.user(role);
    for (const [method, path, body] of [['GET', '/api/lead-sources'], ['POST', '/api/lead-sources', { name: uniq('x') }], ['GET', `/api/lead-sources/${src.id}`], ['PATCH', `/api/lead-sources/${src.id}`, { name: 'taken' }], ['POST', `/api/lead-sources/${src.id}/rotate-token`]] as const) {
      assert.equal((await app.api(method, path, { token: who.token, body })).status, 403, `${role} ${method} ${path}`);
    }
  }
  assert.equal((await app.api('GET', '/api/lead-sources')).status, 401);
  assert.equal((await app.api('POST', `/api/lead-sources/${src.id}/rotate-token`)).status, 401);
  assert.equal((await app.api('GET', `/api/lead-sources/${src.id}`, { token: mgr.token })).body.name, src.name);
  assert.equal((await app.api('GET', '/api/lead-sources/999999', { token: mgr.token })).status, 404);
  const patched = await app.api('PATCH', `/api/lead-sources/${src.id}`, { token: admin.token, body: { callbackMinutes: 45, origins: ['https://new.example.com'] } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.callbackMinutes, 45);
  assert.deepEqual(patched.body.origins, ['https://new.example.com']);
});

test('the per-source limit counts posts from every address; the per-address one every source', async () => {
  const throttle = new LeadThrottle(undefined, `t${process.pid}`, { address: { points: 3, seconds: 60 }, token: { points: 5, seconds: 60 } });
  for (let i = 0; i < 5; i++) await throttle.toSource(1);
  await assert.rejects(throttle.toSource(1), TooManyLeads);
  await throttle.toSource(2);
  for (let i = 0; i < 3; i++) await throttle.fromAddress('2001:db8:1:2::1');
  // Another address of the same IPv6 /64 is the same sender.
  await assert.rejects(throttle.fromAddress('2001:db8:1:2:ffff::9'), TooManyLeads);
  await throttle.fromAddress('203.0.113.7');
});

test('speed to lead: nobody called within the minutes, so the lead router hands the lead’s callback on', async () => {
  const src = await newSource({ callbackMinutes: 5 });
  const op = await app.user('operator');
  const rule = await app.api('POST', '/api/routing-rules', { token: mgr.token, body: { name: uniq('speed to lead'), graceMinutes: 2, action: { type: 'user', userId: op.id } } });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  try {
    assert.equal((await post(src.token, { name: 'Быстрый лид', phone: phone() })).status, 201);
    const [client] = await clientsBySource(src.name);
    const [cb] = await callbacksOf(client!.id);
    assert.equal(cb!.assignee_id, null);
    // Within the minutes and the grace nothing moves; past them the router moves it.
    await app.services.router.route([cb!.id]);
    assert.equal((await callbacksOf(client!.id))[0]!.assignee_id, null);
    await app.ds.getRepository(CallbackEntity).update({ id: cb!.id }, { dueAt: new Date(Date.now() - 3 * 60_000) });
    await app.services.router.route([cb!.id]);
    assert.equal(Number((await callbacksOf(client!.id))[0]!.assignee_id), op.id);
    const view = (await app.api('GET', `/api/callbacks/${cb!.id}`, { token: mgr.token })).body;
    assert.deepEqual(view.history.map((h: { fromId: number | null; toId: number | null }) => [h.fromId, h.toId]), [[null, op.id]]);
  } finally {
    await app.api('DELETE', `/api/routing-rules/${rule.body.id}`, { token: mgr.token });
  }
});

test('with Redis, nodes share the limits and the duplicate check', async () => {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `leadtest${process.pid}${Date.now()}`;
  const redisA = new Redis(url, { maxRetriesPerRequest: 1 });
  const redisB = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await Promise.all([redisA.ping(), redisB.ping()]); // connected, as main.ts has them before anything runs
    const limits = { address: { points: 2, seconds: 60 }, token: { points: 3, seconds: 60 } };
    const nodeA = new LeadThrottle(redisA, prefix, limits);
    const nodeB = new LeadThrottle(redisB, prefix, limits);
    await nodeA.toSource(7);
    await nodeB.toSource(7);
    await nodeA.toSource(7);
    await assert.rejects(nodeB.toSource(7), TooManyLeads);
    await nodeA.fromAddress('198.51.100.4');
    await nodeB.fromAddress('198.51.100.4');
    await assert.rejects(nodeA.fromAddress('198.51.100.4'), TooManyLeads);

    // The same submission reaching two nodes at once is one lead.
    const src = await newSource();
    const source = (await app.services.leadSources.byToken(src.token))!;
    const logger = createLogger('silent');
    const leadsA = new LeadsService(app.ds, app.services.clients, app.services.callbacks, ['RU'], logger, redisA, prefix);
    const leadsB = new LeadsService(app.ds, app.services.clients, app.services.callbacks, ['RU'], logger, redisB, prefix);
    const input = { name: 'Два узла', phone: phone() };
    const results = await Promise.all([leadsA.capture(source, input, '198.51.100.5'), leadsB.capture(source, input, '198.51.100.5')]);
    assert.deepEqual(results.map((r) => r.duplicate).sort(), [false, true]);
    assert.equal(await leadsOf(src.id), 1);
    assert.equal((await clientsBySource(src.name)).length, 1);
  } finally {
    const keys = await redisA.keys(`${prefix}:*`);
    if (keys.length > 0) await redisA.del(...keys);
    redisA.disconnect();
    redisB.disconnect();
  }
});

const FLOODER = '127.0.9.9';

test('a flood of 1,000 posts from one address: 429s with Retry-After, and no more leads written than the limit', async () => {
  const src = await newSource();
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let batch = 0; batch < 20; batch++) {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(src.token, { name: `Flood ${batch}-${i}`, phone: phone() }, {}, FLOODER)));
    for (const a of answers) {
      statuses.push(a.status);
      if (a.status === 429) retryAfter ??= a.headers.get('retry-after');
    }
  }
  const created = statuses.filter((s) => s === 201).length;
  const refused = statuses.filter((s) => s === 429).length;
  assert.equal(created + refused, 1000);
  assert.ok(created <= 20, `${created} accepted`);
  assert.ok(refused >= 980);
  assert.ok(Number(retryAfter) > 0);
  assert.equal(await leadsOf(src.id), created);
  assert.ok((await clientsBySource(src.name)).length <= 20);
  // Wrong tokens from that address are throttled as well (guessing does not get past the limit).
  assert.equal((await post('B'.repeat(32), { phone: phone() }, {}, FLOODER)).status, 429);
  // Another address still gets through.
  assert.equal((await post(src.token, { phone: phone() })).status, 201);
});
