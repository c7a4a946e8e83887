import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallEntity } from '../../server/db/entities';
import { startTestApp, type TestApp } from '../helpers/test-app';

let app: TestApp;
let mgr: { id: number; token: string };
let sup: { id: number; token: string };
let op: { id: number; token: string };
let seq = 0;
/** A different valid Russian mobile each call, as E.164 digits without the plus. */
const mobile = () => `7916${String(1_000_000 + ++seq * 7919 + process.pid * 13).slice(-7)}`;
/** The same number as a CRM's old import wrote it: a trunk "0" the parser refuses, so it stays raw. */
const unparsed = (digits: string) => `(0${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7, 9)}-${digits.slice(9)}`;
const uniq = (s: string) => `${s} ${process.pid}${++seq}`;
/** A Latin-letter word unique to this run and call (names of a test must not match another test's). */
const word = () => `w${process.pid.toString(36)}${(++seq).toString(36)}`.replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
  sup = await app.user('supervisor');
  op = await app.user('operator');
});
after(() => app.close());

async function create(body: Record<string, unknown>, token = mgr.token) {
  const res = await app.api('POST', '/api/clients', { token, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: number; name: string; phones: { e164: string | null; raw: string }[]; emails: string[]; tags: string[]; revenue: number };
}
const duplicatesOf = async (id: number, token = mgr.token) => {
  const res = await app.api('GET', `/api/clients/${id}/duplicates`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items as { client: { id: number }; reasons: string[]; score: number }[];
};
/** Every group of the base-wide list (paged through) with its client ids. */
async function allGroups(reason?: string): Promise<{ reason: string; key: string; ids: number[]; size: number }[]> {
  const out: { reason: string; key: string; ids: number[]; size: number }[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await app.api('GET', `/api/clients/duplicates?limit=100&offset=${offset}${reason ? `&reason=${reason}` : ''}`, { token: mgr.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const g of res.body.items) out.push({ reason: g.reason, key: g.key, size: g.size, ids: g.clients.map((c: { id: number }) => c.id).sort((a: number, b: number) => a - b) });
    if (offset + 100 >= res.body.total) return out;
  }
}
const hasGroup = (groups: { reason: string; ids: number[] }[], reason: string, ids: number[]) => groups.some((g) => g.reason === reason && ids.every((id) => g.ids.includes(id)));
const merge = (survivorId: number, duplicateId: unknown, token = mgr.token) => app.api('POST', `/api/clients/${survivorId}/merge`, { token, body: { duplicateId } });

async function insertCall(clientId: number) {
  const now = new Date();
  await app.ds.getRepository(CallEntity).insert({
    pbx: 'test', pbxCallId: uniq('call'), direction: 'inbound', externalNumber: null, externalE164: null, clientId, clientStage: null, operatorId: null, queue: null,
    startedAt: now, answeredAt: now, endedAt: now, ringSeconds: 1, waitSeconds: 1, talkSeconds: 10, outcome: 'answered', disposition: null, note: null, recordingUrl: null, createdAt: now, updatedAt: now,
  });
}

/** Every table of the schema with a client_id column (so a table added later cannot be forgotten by the merge). */
async function clientIdTables(): Promise<string[]> {
  if (app.ds.options.type === 'mysql') {
    const rows: { t: string }[] = await app.ds.query("SELECT table_name AS t FROM information_schema.columns WHERE table_schema = DATABASE() AND column_name = 'client_id'");
    return rows.map((r) => r.t);
  }
  const tables: { name: string }[] = await app.ds.query("SELECT name FROM sqlite_master WHERE type = 'table'");
  const out: string[] = [];
  for (const { name } of tables) if (((await app.ds.query(`PRAGMA table_info("${name}")`)) as { name: string }[]).some((c) => c.name === 'client_id')) out.push(name);
  return out;
}
const n = async (sql: string, params: unknown[]) => Number(((await app.ds.query(sql, params)) as { n: number }[])[0]!.n);

test('likely duplicates by phone: one number written as E.164 and kept raw elsewhere; two E.164 numbers never match', async () => {
  const digits = mobile();
  const a = await create({ name: uniq('Алексей Телефонов'), phones: [`+${digits}`] });
  const b = await create({ name: uniq('Лёша Т.'), phones: [unparsed(digits)] });
  assert.equal(b.phones[0]!.e164, null, 'the test number does not normalize');
  const c = await create({ name: uniq('Другой номер'), phones: [`+${mobile()}`] });
  const groups = await allGroups('phone');
  assert.ok(hasGroup(groups, 'phone', [a.id, b.id]), JSON.stringify(groups));
  assert.ok(!groups.some((g) => g.ids.includes(c.id)));
  const forA = await duplicatesOf(a.id);
  assert.deepEqual(forA.map((d) => d.client.id), [b.id]);
  assert.deepEqual(forA[0]!.reasons, ['phone']);
  assert.deepEqual((await duplicatesOf(b.id)).map((d) => d.client.id), [a.id]);
});

test('likely duplicates by e-mail (case aside) and by name: word order, ё, punctuation and legal forms aside; not across kinds, not deleted, not a first name alone', async () => {
  const mail = `${word()}@example.com`;
  const a = await create({ name: uniq('Мария Почтова'), emails: [mail] });
  const b = await create({ name: uniq('М. Почтова'), emails: [mail.toUpperCase()] });
  const w1 = word();
  const w2 = word();
  const p1 = await create({ name: `Семён ${w1} ${w2}` });
  const p2 = await create({ name: `${w2}, Семен ${w1.toUpperCase()}!` });
  const gone = await create({ name: `${w1} семён ${w2}` });
  assert.equal((await app.api('DELETE', `/api/clients/${gone.id}`, { token: mgr.token })).status, 204);
  const firstName = word();
  const solo1 = await create({ name: firstName });
  const solo2 = await create({ name: firstName });
  const org = word();
  const o1 = await create({ kind: 'organization', name: `ООО «${org}»` });
  const o2 = await create({ kind: 'organization', name: `${org} ООО` });
  const person = await create({ name: org });

  const byEmail = await allGroups('email');
  assert.ok(hasGroup(byEmail, 'email', [a.id, b.id]));
  const byName = await allGroups('name');
  const names = byName.find((g) => g.ids.includes(p1.id));
  assert.deepEqual(names?.ids, [p1.id, p2.id], 'the deleted namesake is not listed');
  assert.ok(hasGroup(byName, 'name', [o1.id, o2.id]));
  assert.ok(!byName.some((g) => g.ids.includes(person.id)), 'a person is no duplicate of an organization');
  assert.ok(!byName.some((g) => g.ids.includes(solo1.id) || g.ids.includes(solo2.id)), 'one first name identifies nobody');
  const all = await allGroups();
  assert.ok(hasGroup(all, 'email', [a.id, b.id]) && hasGroup(all, 'name', [p1.id, p2.id]), 'without a reason every reason is listed');

  assert.deepEqual((await duplicatesOf(p1.id)).map((d) => [d.client.id, d.reasons]), [[p2.id, ['name']]]);
  assert.deepEqual((await duplicatesOf(o2.id)).map((d) => d.client.id), [o1.id]);
  assert.deepEqual((await duplicatesOf(a.id)).map((d) => d.reasons), [['email']]);

  // A rename keeps the key in step (no stale match, a new one found).
  assert.equal((await app.api('PATCH', `/api/clients/${p2.id}`, { token: mgr.token, body: { name: uniq('Совсем другой') } })).status, 200);
  assert.deepEqual(await duplicatesOf(p1.id), []);
  // A client written by raw SQL (an import's bulk INSERT) gets its key before the finder reads.
  const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
  await app.ds.query('INSERT INTO clients (kind, name, name_search, stage, revenue, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', ['person', `${w2} ${w1} Семён`, 'x', 'lead', 0, now, now]);
  const found = await duplicatesOf(p1.id);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.reasons, ['name']);
});

test('who may look: supervisors list the base, everyone sees a card’s duplicates, bad queries are 400', async () => {
  assert.equal((await app.api('GET', '/api/clients/duplicates', { token: op.token })).status, 403);
  assert.equal((await app.api('GET', '/api/clients/duplicates?reason=phone', { token: sup.token })).status, 200);
  assert.equal((await app.api('GET', '/api/clients/duplicates?reason=fax', { token: mgr.token })).status, 400);
  assert.equal((await app.api('GET', '/api/clients/duplicates?limit=1000', { token: mgr.token })).status, 400);
  const c = await create({ name: uniq('Карточка') });
  assert.equal((await app.api('GET', `/api/clients/${c.id}/duplicates`, { token: op.token })).status, 200);
  assert.equal((await app.api('GET', '/api/clients/999999999/duplicates', { token: mgr.token })).status, 404);
});

test('a merge moves calls, deals, notes, callbacks, funnel moves and leads, unites phones, e-mails and tags, sums revenue, fills empty fields, audits, and leaves nothing pointing at the duplicate', async () => {
  const shared = mobile();
  const other = mobile();
  const mail = `${word()}@example.com`;
  const s = await create({ name: uniq('Пётр Выживший'), phones: [`+${shared}`], emails: [`keep-${mail}`], tags: ['vip', 'опт'] });
  const d = await create({ name: uniq('Петр Дубль'), phones: [unparsed(shared), `+${other}`], emails: [mail, `KEEP-${mail}`], tags: ['опт', 'выставка'], birthday: '1980-05-17', source: 'выставка', stage: 'qualified' });
  await insertCall(s.id);
  await insertCall(d.id);
  await insertCall(d.id);
  assert.equal((await app.api('POST', `/api/clients/${s.id}/deals`, { token: mgr.token, body: { title: 'Своя', amount: 1000, closedAt: '2026-01-10' } })).status, 201);
  assert.equal((await app.api('POST', `/api/clients/${d.id}/deals`, { token: mgr.token, body: { title: 'Чужая', amount: 2500.5, closedAt: '2026-02-10' } })).status, 201);
  assert.equal((await app.api('POST', `/api/clients/${d.id}/notes`, { token: mgr.token, body: { body: 'Звонил с другого номера' } })).status, 201);
  const cb = await app.api('POST', '/api/callbacks', { token: mgr.token, body: { clientId: d.id, assigneeId: op.id, dueAt: new Date(Date.now() + 3600_000).toISOString() } });
  assert.equal(cb.status, 201, JSON.stringify(cb.body));
  assert.equal((await app.api('PATCH', `/api/clients/${d.id}`, { token: mgr.token, body: { stage: 'proposal' } })).status, 200);
  const source = await app.api('POST', '/api/lead-sources', { token: mgr.token, body: { name: uniq('Сайт') } });
  assert.equal(source.status, 201);
  const lead = await app.api('POST', `/api/leads/${source.body.token}`, { body: { name: 'Петр', email: mail } });
  assert.equal(lead.status, 201, JSON.stringify(lead.body));
  assert.equal(await n('SELECT COUNT(*) AS n FROM leads WHERE client_id = ?', [d.id]), 1, 'the lead found the duplicate by its e-mail');

  const preview = await app.api('GET', `/api/clients/${s.id}/merge/${d.id}`, { token: mgr.token });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.moves.calls, 2);
  assert.equal(preview.body.moves.deals, 1);
  assert.equal(preview.body.moves.callbacks, 2, 'the one set and the website lead’s');
  assert.equal(preview.body.revenue, 3500.5);

  const before = await n('SELECT COUNT(*) AS n FROM calls', []);
  const res = await merge(s.id, d.id);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const m = res.body;
  assert.deepEqual(m.moved, { calls: 2, deals: 1, notes: 1, callbacks: 2, stageChanges: m.moved.stageChanges, leads: 1, people: 0, phones: 1, emails: 1, tags: 1 });
  assert.ok(m.moved.stageChanges >= 2, 'the duplicate’s creation and its move to proposal');
  assert.equal(m.client.revenue, 3500.5);
  assert.deepEqual(m.client.phones.map((p: { e164: string }) => p.e164), [`+${shared}`, `+${other}`], 'the number spelled twice once, the other after the survivor’s');
  assert.deepEqual(m.client.emails, [`keep-${mail}`, mail]);
  assert.deepEqual([...m.client.tags].sort(), ['vip', 'выставка', 'опт'].sort());
  assert.equal(m.client.birthday, '1980-05-17');
  assert.equal(m.client.source, 'выставка');
  assert.equal(m.client.stage, 'proposal', 'the survivor takes the stage further along the funnel');
  assert.equal(m.client.name, s.name, 'the survivor keeps its name');

  assert.equal(await n('SELECT COUNT(*) AS n FROM calls', []), before, 'no call lost or added');
  assert.equal(await n('SELECT COUNT(*) AS n FROM calls WHERE client_id = ?', [s.id]), 3);
  const deals = await app.api('GET', `/api/clients/${s.id}/deals`, { token: mgr.token });
  assert.equal(deals.body.items.length, 2);
  for (const table of await clientIdTables()) assert.equal(await n(`SELECT COUNT(*) AS n FROM ${table} WHERE client_id = ?`, [d.id]), 0, `${table} still points at the duplicate`);
  assert.equal(await n('SELECT COUNT(*) AS n FROM clients WHERE organization_id = ?', [d.id]), 0);
  assert.equal((await app.api('GET', `/api/clients/${d.id}`, { token: mgr.token })).status, 404, 'the duplicate is gone');
  assert.equal(await n('SELECT COUNT(*) AS n FROM clients WHERE id = ? AND deleted_at IS NOT NULL AND revenue = 0', [d.id]), 1, 'soft-deleted, its revenue now the survivor’s');
  const found = await app.api('GET', `/api/clients?phone=${encodeURIComponent(`+${other}`)}`, { token: mgr.token });
  assert.deepEqual(found.body.items.map((c: { id: number }) => c.id), [s.id], 'the duplicate’s number finds the survivor');
  assert.deepEqual(await duplicatesOf(s.id), [], 'no longer a duplicate of anyone');

  const audit = await app.api('GET', `/api/audit?entity=client&entityId=${s.id}`, { token: mgr.token });
  const entry = audit.body.items.find((e: { action: string }) => e.action === 'merge');
  assert.ok(entry, JSON.stringify(audit.body.items.map((e: { action: string }) => e.action)));
  assert.equal(entry.actorId, mgr.id);
  assert.equal(entry.before.survivor.id, s.id);
  assert.equal(entry.before.duplicate.id, d.id);
  assert.equal(entry.after.duplicateId, d.id);
  assert.equal(entry.after.survivor.revenue, 3500.5);
  const gone = await app.api('GET', `/api/audit?entity=client&entityId=${d.id}`, { token: mgr.token });
  assert.deepEqual(gone.body.items[0].after, { mergedInto: s.id });
});

test('merging organizations moves the duplicate’s people; a person takes the duplicate’s organization when it has none', async () => {
  const o1 = await create({ kind: 'organization', name: uniq('Ромашка') });
  const o2 = await create({ kind: 'organization', name: uniq('ООО Ромашка') });
  const person = await create({ name: uniq('Ольга Секретарь'), organizationId: o2.id, position: 'секретарь' });
  const res = await merge(o1.id, o2.id);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.moved.people, 1);
  const moved = await app.api('GET', `/api/clients/${person.id}`, { token: mgr.token });
  assert.equal(moved.body.organizationId, o1.id);
  assert.equal(moved.body.organization, o1.name);

  const p1 = await create({ name: uniq('Иван Без Фирмы') });
  const p2 = await create({ name: uniq('Иван С Фирмой'), organizationId: o1.id, position: 'закупщик' });
  const merged = await merge(p1.id, p2.id);
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.client.organizationId, o1.id);
  assert.equal(merged.body.client.position, 'закупщик');
});

test('refusals: itself 400, unknown and deleted 404, an organization with a person 400, operators and supervisors 403, a bad body 400', async () => {
  const a = await create({ name: uniq('Отказ А') });
  const b = await create({ name: uniq('Отказ Б') });
  const org = await create({ kind: 'organization', name: uniq('Фирма') });
  const deleted = await create({ name: uniq('Удалённый') });
  assert.equal((await app.api('DELETE', `/api/clients/${deleted.id}`, { token: mgr.token })).status, 204);
  assert.equal((await merge(a.id, a.id)).status, 400);
  assert.equal((await merge(a.id, 999_999_999)).status, 404);
  assert.equal((await merge(999_999_999, a.id)).status, 404);
  assert.equal((await merge(a.id, deleted.id)).status, 404);
  assert.equal((await merge(deleted.id, a.id)).status, 404);
  assert.equal((await merge(org.id, a.id)).status, 400);
  assert.equal((await merge(a.id, b.id, op.token)).status, 403);
  assert.equal((await merge(a.id, b.id, sup.token)).status, 403);
  assert.equal((await app.api('GET', `/api/clients/${a.id}/merge/${b.id}`, { token: op.token })).status, 403);
  assert.equal((await merge(a.id, 'x')).status, 400);
  assert.equal((await app.api('POST', `/api/clients/${a.id}/merge`, { token: mgr.token, body: { duplicateId: b.id, extra: 1 } })).status, 400);
  assert.equal((await app.api('GET', `/api/clients/${a.id}`, { token: mgr.token })).status, 200, 'nothing changed');
  assert.equal((await app.api('GET', `/api/clients/${b.id}`, { token: mgr.token })).status, 200);
});

test('two merges of one pair at once (either way round): exactly one succeeds, the other finds a client gone', async () => {
  for (let round = 0; round < 3; round++) {
    const a = await create({ name: uniq('Гонка А'), phones: [`+${mobile()}`] });
    const b = await create({ name: uniq('Гонка Б'), phones: [`+${mobile()}`] });
    await insertCall(b.id);
    const answers = await Promise.all([merge(a.id, b.id), round === 1 ? merge(b.id, a.id) : merge(a.id, b.id)]);
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 404], JSON.stringify(answers.map((r) => r.body)));
    const live = await n('SELECT COUNT(*) AS n FROM clients WHERE id IN (?, ?) AND deleted_at IS NULL', [a.id, b.id]);
    assert.equal(live, 1);
    assert.equal(await n('SELECT COUNT(*) AS n FROM client_phones WHERE client_id IN (?, ?)', [a.id, b.id]), 2, 'both numbers kept once');
  }
});
