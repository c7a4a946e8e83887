import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { CampaignEntryEntity, CallbackEntity } from '../../server/db/entities';
import type { Actor } from '../../server/modules/auth/actor';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Outbound campaigns: a client list worked through by operators with "Next", in each client's calling hours.
let app: TestApp;
let mgr: { id: number; token: string };
let op: { id: number; token: string };
let seq = 0;

before(async () => {
  app = await startTestApp();
  mgr = await app.user('manager');
  op = await app.user('operator', { extension: '301' });
});
after(() => app.close());

const post = (path: string, body: unknown, token = mgr.token) => app.api('POST', path, { token, body });
const phone = () => `+7 916 ${String(4_000_000 + ++seq * 7919).slice(-7)}`;

/** Clients with a tag of their own (the campaign's filter), with the given time zones and classes. */
async function clients(tag: string, specs: { timezone?: string; name?: string }[]): Promise<number[]> {
  const ids: number[] = [];
  for (const s of specs) {
    const res = await post('/api/clients', { name: s.name ?? `Клиент ${++seq}`, phones: [phone()], tags: [tag], ...(s.timezone && { timezone: s.timezone }) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.id);
  }
  return ids;
}

async function campaign(tag: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await post('/api/campaigns', { name: `Обзвон ${tag}`, filter: { tag }, callingHours: { from: '00:00', to: '24:00' }, ...extra });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal((await post(`/api/campaigns/${res.body.id}/start`, {})).status, 200);
  return res.body.id;
}

const actor = (userId: number): Actor => ({ userId, role: 'operator' }) as Actor;

test('a manager creates a campaign from the client list’s filter; operators may not; bad settings are a 400', async () => {
  const ids = await clients('camp-create', [{}, {}, {}]);
  const res = await post('/api/campaigns', { name: 'Продление подписки', filter: { tag: 'camp-create' }, script: 'Здравствуйте, {{name}}! Звоню по поводу продления.', maxAttempts: 3 });
  const allDay = await post('/api/campaigns', { name: 'Круглосуточно', filter: { tag: 'camp-create' }, callingHours: { from: '00:00', to: '24:00' } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, 'draft');
  assert.deepEqual(res.body.progress, { total: 3, done: 0, reached: 0, effective: 0, sales: 0, remaining: 3, attempts: 0, inProgress: 0 });
  assert.deepEqual(res.body.callingHours, { from: '09:00', to: '21:00' }, 'the default window');
  assert.equal(allDay.status, 201);
  const entries = await app.ds.getRepository(CampaignEntryEntity).findBy({ campaignId: res.body.id });
  assert.deepEqual(entries.map((e) => e.clientId).sort((a, b) => a - b), ids);
  assert.ok(entries.every((e) => e.tz === 'Europe/Moscow'), 'a +7 number without a zone: Moscow');

  assert.equal((await post('/api/campaigns', { name: 'x', filter: {} }, op.token)).status, 403);
  assert.equal((await post('/api/campaigns', { name: 'x', filter: { class: 'Z' } })).status, 400);
  assert.equal((await post('/api/campaigns', { name: 'x', callingHours: { from: '25:00', to: '21:00' } })).status, 400);
  assert.equal((await post('/api/campaigns', { name: 'x', teamId: 999_999 })).status, 400);

  assert.equal((await post(`/api/campaigns/${res.body.id}/next`, {}, op.token)).status, 409, 'not started yet');
  assert.equal((await post(`/api/campaigns/${res.body.id}/pause`, {})).status, 409, 'a draft cannot pause');
  assert.equal((await post(`/api/campaigns/${res.body.id}/start`, {}, op.token)).status, 403);
  assert.equal((await post(`/api/campaigns/${res.body.id}/start`, {})).status, 200);
  assert.equal((await post(`/api/campaigns/${allDay.body.id}/start`, {})).status, 200);
  const next = await post(`/api/campaigns/${allDay.body.id}/next`, {}, op.token);
  assert.equal(next.status, 200, JSON.stringify(next.body));
  assert.ok(ids.includes(next.body.client.id));
  const scripted = await app.services.campaigns.next(actor(op.id), res.body.id, new Date('2026-12-04T09:00:00Z'));
  assert.equal(scripted?.script, `Здравствуйте, ${scripted?.client.name}! Звоню по поводу продления.`, 'the script with the client’s fields, in Moscow’s working hours');
  assert.equal((await post(`/api/campaigns/${allDay.body.id}/next`, {}, op.token)).body.entryId, next.body.entryId, 'asked again (a reload): the same client');
  assert.equal((await post(`/api/campaigns/${res.body.id}/stop`, {})).status, 200);
  assert.equal((await post(`/api/campaigns/${res.body.id}/start`, {})).status, 409, 'stopped for good');
  const audit = await app.api('GET', `/api/audit?entity=campaign&entityId=${res.body.id}`, { token: mgr.token });
  assert.ok(audit.body.items.length >= 3);
});

test('500 operators pressing Next at once: no client is handed to two of them', async () => {
  const tag = 'camp-race';
  await clients(tag, Array.from({ length: 60 }, () => ({})));
  const id = await campaign(tag);
  const got = await Promise.all(Array.from({ length: 500 }, (_, i) => app.services.campaigns.next(actor(100_000 + i), id)));
  const handed = got.filter((g) => g !== null).map((g) => g!.entryId);
  assert.equal(handed.length, 60, 'every client handed out once the list is exhausted');
  assert.equal(new Set(handed).size, handed.length, 'no entry twice');
  const rows = await app.ds.getRepository(CampaignEntryEntity).findBy({ campaignId: id });
  assert.ok(rows.every((r) => r.state === 'assigned'));
  assert.equal(new Set(rows.map((r) => r.assignedTo)).size, 60, 'each to another operator');
});

test('the retry ladder: busy again in 15 minutes, first before fresh clients; attempts run out; a sale ends it', async () => {
  const tag = 'camp-retry';
  await clients(tag, [{}, {}, {}]);
  const id = await campaign(tag, { maxAttempts: 2, retry: { busy: 15, no_answer: 120, default: 60 } });
  const t0 = new Date();
  const first = (await app.services.campaigns.next(actor(op.id), id, t0))!;
  const busy = await app.services.campaigns.result(actor(op.id), id, first.entryId, { disposition: 'busy' }, t0);
  assert.equal(busy.state, 'waiting');
  assert.equal(Date.parse(busy.nextAt!) - t0.getTime(), 15 * 60_000);
  // Ten minutes later it is not due: a fresh client comes.
  const fresh = (await app.services.campaigns.next(actor(op.id), id, new Date(t0.getTime() + 10 * 60_000)))!;
  assert.notEqual(fresh.entryId, first.entryId);
  await app.services.campaigns.result(actor(op.id), id, fresh.entryId, { disposition: 'sale' }, t0);
  // Sixteen minutes later the retry comes before the last fresh one.
  const retry = (await app.services.campaigns.next(actor(op.id), id, new Date(t0.getTime() + 16 * 60_000)))!;
  assert.equal(retry.entryId, first.entryId);
  assert.equal(retry.attempts, 1);
  const out = await app.services.campaigns.result(actor(op.id), id, retry.entryId, { disposition: 'no_answer' }, t0);
  assert.equal(out.state, 'done', 'two attempts were the most');
  const progress = (await app.api('GET', `/api/campaigns/${id}`, { token: mgr.token })).body.progress;
  assert.deepEqual(progress, { total: 3, done: 2, reached: 1, effective: 1, sales: 1, remaining: 1, attempts: 3, inProgress: 0 });
});

test('"call me back on Thursday": a callback for the operator (the lead router’s), and the client leaves the list', async () => {
  const tag = 'camp-callback';
  await clients(tag, [{}]);
  const id = await campaign(tag);
  const next = (await post(`/api/campaigns/${id}/next`, {}, op.token)).body;
  const when = new Date(Date.now() + 2 * 86400_000).toISOString();
  const res = await post(`/api/campaigns/${id}/entries/${next.entryId}/result`, { disposition: 'callback_promised', callbackAt: when, note: 'после обеда' }, op.token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.state, 'done');
  const cb = await app.ds.getRepository(CallbackEntity).findOneByOrFail({ clientId: next.client.id });
  assert.equal(cb.assigneeId, op.id);
  assert.equal(cb.dueAt.toISOString(), when);
  assert.equal((await post(`/api/campaigns/${id}/next`, {}, op.token)).status, 204, 'nobody left to call');
});

test('calling hours in each client’s zone: Moscow at night is skipped while Vladivostok’s morning is called', async () => {
  const tag = 'camp-zones';
  const [moscow, vladivostok] = await clients(tag, [{ timezone: 'Europe/Moscow' }, { timezone: 'Asia/Vladivostok' }]);
  const id = await campaign(tag, { callingHours: { from: '09:00', to: '21:00' } });
  // 23:30 UTC: 02:30 in Moscow, 09:30 in Vladivostok; tomorrow's, so the entries (due from now) are due then.
  const night = new Date(`${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T23:30:00Z`);
  const got = await app.services.campaigns.next(actor(op.id), id, night);
  assert.equal(got?.client.id, vladivostok);
  assert.equal(await app.services.campaigns.next(actor(op.id + 1000), id, night), null, 'Moscow sleeps');
  const morning = await app.services.campaigns.next(actor(op.id + 1000), id, new Date(night.getTime() + 7.5 * 3600_000));
  assert.equal(morning?.client.id, moscow);
});

test('an operator who vanishes mid-preview: the client goes back after the timeout, and their late result is refused', async () => {
  const tag = 'camp-vanish';
  await clients(tag, [{}]);
  const id = await campaign(tag);
  const t0 = new Date();
  const held = (await app.services.campaigns.next(actor(op.id), id, t0))!;
  assert.equal(await app.services.campaigns.next(actor(op.id + 1), id, new Date(t0.getTime() + 60_000)), null, 'still theirs');
  const later = await app.services.campaigns.next(actor(op.id + 1), id, new Date(t0.getTime() + 11 * 60_000));
  assert.equal(later?.entryId, held.entryId, 'handed on after 10 minutes');
  await assert.rejects(app.services.campaigns.result(actor(op.id), id, held.entryId, { disposition: 'sale' }), /not yours/);
  const skip = await post(`/api/campaigns/${id}/entries/${held.entryId}/skip`, { reason: '' }, op.token);
  assert.equal(skip.status, 400, 'skipping needs a reason');
});

test('a number on the do-not-call list is never handed out, even if listed after the campaign was made', async () => {
  const tag = 'camp-dnc';
  const [blocked, free] = await clients(tag, [{}, {}]);
  const id = await campaign(tag);
  const number = (await app.api('GET', `/api/clients/${blocked}`, { token: mgr.token })).body.phones[0].e164;
  assert.ok((await post('/api/dnc', { phone: number, reason: 'Просил не звонить' }, op.token)).status < 300);
  const got = await app.services.campaigns.next(actor(op.id), id);
  assert.equal(got?.client.id, free);
  await app.services.campaigns.result(actor(op.id), id, got!.entryId, { disposition: 'sale' });
  assert.equal(await app.services.campaigns.next(actor(op.id), id), null, 'the listed client is out');
  const row = await app.ds.getRepository(CampaignEntryEntity).findOneByOrFail({ campaignId: id, clientId: blocked });
  assert.deepEqual({ state: row.state, doneReason: row.doneReason }, { state: 'done', doneReason: 'do_not_call' });
});

test('the campaign list: supervisors see every campaign; an operator, the running and paused ones they work', async () => {
  const tag = 'camp-list';
  await clients(tag, [{}]);
  const other = await app.user('operator', { extension: '302' });
  const sup = await app.user('supervisor');
  const mine = await campaign(tag, { operatorIds: [op.id] });
  const theirs = await campaign(tag, { operatorIds: [other.id] });
  const everyone = await campaign(tag);
  const draft = (await post('/api/campaigns', { name: 'Черновик', filter: { tag }, operatorIds: [op.id] })).body.id as number;
  const paused = await campaign(tag, { operatorIds: [op.id] });
  assert.equal((await post(`/api/campaigns/${paused}/pause`, {})).status, 200);
  const stopped = await campaign(tag, { operatorIds: [op.id] });
  assert.equal((await post(`/api/campaigns/${stopped}/stop`, {})).status, 200);

  const ids = async (token: string) => {
    const res = await app.api('GET', '/api/campaigns', { token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as { id: number }[]).map((c) => c.id);
  };
  const forOp = await ids(op.token);
  for (const id of [mine, everyone, paused]) assert.ok(forOp.includes(id), `campaign ${id} is the operator’s`);
  for (const id of [theirs, draft, stopped]) assert.ok(!forOp.includes(id), `campaign ${id} is not shown to the operator`);
  const forSup = await ids(sup.token);
  for (const id of [mine, theirs, everyone, draft, paused, stopped]) assert.ok(forSup.includes(id));
  assert.ok(!(await ids(other.token)).includes(mine));
});

test('a manager changes a running campaign’s settings (audited); a stopped one stays as it was; bad changes are a 400', async () => {
  const tag = 'camp-edit';
  await clients(tag, [{}]);
  const id = await campaign(tag);
  const team = (await post('/api/teams', { name: `Смена ${tag}` })).body.id as number;
  const patch = (body: unknown, token = mgr.token) => app.api('PATCH', `/api/campaigns/${id}`, { token, body });
  const res = await patch({ name: 'Обзвон: весна', teamId: team, operatorIds: [op.id], maxAttempts: 3, retry: { busy: 30, no_answer: 90, default: 180 }, finalCodes: ['sale', 'wrong_number'], mode: 'progressive', callingHours: { from: '10:00', to: '20:00' }, days: [1, 2, 3, 4, 5] });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(
    { name: res.body.name, teamId: res.body.teamId, operatorIds: res.body.operatorIds, maxAttempts: res.body.maxAttempts, retry: res.body.retry, finalCodes: res.body.finalCodes, mode: res.body.mode, hours: res.body.callingHours, days: res.body.days, status: res.body.status },
    { name: 'Обзвон: весна', teamId: team, operatorIds: [op.id], maxAttempts: 3, retry: { busy: 30, no_answer: 90, default: 180 }, finalCodes: ['sale', 'wrong_number'], mode: 'progressive', hours: { from: '10:00', to: '20:00' }, days: [1, 2, 3, 4, 5], status: 'running' },
  );
  const audit = (await app.api('GET', `/api/audit?entity=campaign&entityId=${id}`, { token: mgr.token })).body.items[0];
  assert.deepEqual({ action: audit.action, before: audit.before.mode, after: audit.after.mode }, { action: 'update', before: 'preview', after: 'progressive' });

  for (const bad of [{}, { teamId: 999_999 }, { operatorIds: [999_999] }, { maxAttempts: 0 }, { mode: 'predictive' }, { filter: { tag: 'x' } }, { startsOn: '2027-02-01', endsOn: '2027-01-01' }, { retry: { 'no way': 5 } }]) {
    const r = await patch(bad);
    assert.equal(r.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(r.body)}`);
  }
  assert.equal((await patch({ name: 'x' }, op.token)).status, 403);
  assert.equal((await app.api('PATCH', '/api/campaigns/999999', { token: mgr.token, body: { name: 'x' } })).status, 404);
  assert.equal((await app.api('GET', `/api/campaigns/${id}`, { token: mgr.token })).body.name, 'Обзвон: весна', 'refused changes changed nothing');
  assert.equal((await post(`/api/campaigns/${id}/stop`, {})).status, 200);
  assert.equal((await patch({ name: 'После остановки' })).status, 409);
});

test('progress per operator and the results’ distribution; the results as CSV and XLSX (managers only, audited)', async () => {
  const tag = 'camp-stats';
  const names = ['Анна Литвин', 'Борис Гаврилов', '=cmd|calc', 'Дина Осипова', 'Егор Фомин'];
  await clients(tag, names.map((name) => ({ name })));
  const id = await campaign(tag, { finalCodes: ['sale', 'not_interested'] });
  const other = await app.user('operator', { extension: '303' });
  const work = async (who: number, disposition: string) => {
    const got = (await app.services.campaigns.next(actor(who), id))!;
    await app.services.campaigns.result(actor(who), id, got.entryId, { disposition });
  };
  await work(op.id, 'sale');
  await work(op.id, 'busy');
  await work(other.id, 'not_interested');
  await work(other.id, 'info_given');
  await work(other.id, 'sale');

  const sup = await app.user('supervisor');
  const stats = await app.api('GET', `/api/campaigns/${id}/stats`, { token: sup.token });
  assert.equal(stats.status, 200, JSON.stringify(stats.body));
  assert.deepEqual(
    stats.body.operators.map((o: Record<string, unknown>) => [o.operatorId, o.attempts, o.reached, o.effective, o.sales, o.done]),
    [[other.id, 3, 3, 2, 1, 2], [op.id, 2, 1, 1, 1, 1]],
  );
  assert.deepEqual(stats.body.results, [{ disposition: 'sale', count: 2 }, { disposition: 'busy', count: 1 }, { disposition: 'info_given', count: 1 }, { disposition: 'not_interested', count: 1 }]);
  assert.deepEqual({ total: stats.body.progress.total, done: stats.body.progress.done, sales: stats.body.progress.sales, attempts: stats.body.progress.attempts }, { total: 5, done: 3, sales: 2, attempts: 5 });
  assert.equal((await app.api('GET', `/api/campaigns/${id}/stats`, { token: op.token })).status, 403);

  const csv = await fetch(`${app.baseUrl}/api/campaigns/${id}/export`, { headers: { authorization: `Bearer ${mgr.token}` } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-disposition') ?? '', new RegExp(`campaign-${id}-results\\.csv`));
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0], 'client_id;client;phone;time_zone;state;attempts;last_result;reached;effective;done_reason;last_operator;updated_at');
  assert.equal(lines.length, 6, 'a row per client');
  assert.ok(lines.some((l) => l.includes(";'=cmd|calc;")), 'formula-like names are defused');
  assert.ok(lines.some((l) => l.includes(';done;1;sale;1;1;result;')), lines.join('\n'));

  const xlsx = await fetch(`${app.baseUrl}/api/campaigns/${id}/export?format=xlsx`, { headers: { authorization: `Bearer ${mgr.token}` } });
  assert.equal(xlsx.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await xlsx.arrayBuffer());
  const rows = (wb.worksheets[0]!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
  assert.equal(rows.length, 6);
  assert.ok(rows.some((r) => r[1] === 'Анна Литвин' || r[1] === 'Дина Осипова'), 'Cyrillic kept');
  assert.equal((await fetch(`${app.baseUrl}/api/campaigns/${id}/export`, { headers: { authorization: `Bearer ${sup.token}` } })).status, 403);
  assert.equal((await fetch(`${app.baseUrl}/api/campaigns/${id}/export?format=pdf`, { headers: { authorization: `Bearer ${mgr.token}` } })).status, 400);
  const audit = (await app.api('GET', `/api/audit?entity=campaign&entityId=${id}`, { token: mgr.token })).body.items.filter((e: { action: string }) => e.action === 'export');
  assert.deepEqual(audit.map((e: { after: { format: string; rows: number; status: string } }) => [e.after.format, e.after.rows, e.after.status]), [['xlsx', 5, 'completed'], ['csv', 5, 'completed']]);
});

test('Call: only the operator holding the client; a number put on the do-not-call list meanwhile is refused (403); no PBX is a clear 503', async () => {
  const tag = 'camp-call';
  const [first] = await clients(tag, [{}, {}]);
  const id = await campaign(tag);
  const got = (await post(`/api/campaigns/${id}/next`, {}, op.token)).body;
  const other = await app.user('operator', { extension: '304' });
  assert.equal((await post(`/api/campaigns/${id}/entries/${got.entryId}/call`, {}, other.token)).status, 409);
  const noPbx = await post(`/api/campaigns/${id}/entries/${got.entryId}/call`, {}, op.token);
  assert.equal(noPbx.status, 503, JSON.stringify(noPbx.body));
  const number = got.client.phones[0].e164;
  assert.ok((await post('/api/dnc', { phone: number, reason: 'Попросил не звонить' }, op.token)).status < 300);
  const refused = await post(`/api/campaigns/${id}/entries/${got.entryId}/call`, {}, op.token);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'do_not_call');
  assert.ok(first);
});
