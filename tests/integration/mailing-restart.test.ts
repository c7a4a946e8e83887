import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bulkInsert } from '../../server/db/bulk-write';
import { EmailSender } from '../../server/modules/messaging/email-sender';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

// A mailing to 10,000 clients through a real SMTP server, with the server restarted in the middle: nobody
// gets it twice, nobody is skipped, unsubscribes made during it hold, and bad mailboxes fail only their row.
const N = 10_000;
const FIRST_ID = 500_000;
const REJECTED = ['big17@example.com', 'big5003@example.com', 'big9001@example.com'];
const LATE_OPTOUTS = Array.from({ length: 40 }, (_, i) => `big${N - 1 - i * 3}@example.com`);

let db: TestDatabase;
let smtp: SmtpSink;
let smtpUrl: string;
let app: TestApp;

const sender = () => new EmailSender({ smtpUrl, from: 'Hotline <hello@crm.example.test>', domain: 'crm.example.test' });

before(async () => {
  db = await createTestDatabase();
  smtp = new SmtpSink({ parse: false });
  smtpUrl = await smtp.start();
  for (const a of REJECTED) smtp.rejected.add(a);
});

after(async () => {
  await app?.close().catch(() => undefined);
  await smtp.close();
  await db.drop();
});

test('a 10,000-client mailing survives a restart in the middle: each letter once, late unsubscribes honoured, bad mailboxes fail alone', async () => {
  let email = sender();
  app = await startTestApp({ db, senders: { email }, publicUrl: 'https://crm.example.test' });
  const mgr = await app.user('manager');
  const now = new Date();
  for (let i = 0; i < N; i += 1000) {
    const ids = Array.from({ length: Math.min(1000, N - i) }, (_, k) => i + k);
    await bulkInsert(app.ds.manager, 'clients', ['id', 'kind', 'name', 'name_search', 'stage', 'revenue', 'created_at', 'updated_at'], ids.map((k) => [FIRST_ID + k, 'person', `Клиент ${k}`, `клиент ${k}`, 'customer', 0, now, now]));
    await bulkInsert(app.ds.manager, 'client_emails', ['client_id', 'email', 'position'], ids.map((k) => [FIRST_ID + k, `big${k}@example.com`, 0]));
    await bulkInsert(app.ds.manager, 'client_tags', ['client_id', 'tag'], ids.map((k) => [FIRST_ID + k, 'большая']));
  }
  const template = await app.api('POST', '/api/message-templates', { token: mgr.token, body: { name: 'Большая', channel: 'email', texts: { ru: { subject: 'Новости для {{name}}', body: 'Здравствуйте, {{name}}!' } } } });
  const segment = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'Большая', filter: { tag: 'большая' } } });
  assert.equal(segment.body.count, N);
  const made = await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: '10 000', channel: 'email', templateId: template.body.id, segmentId: segment.body.id, ratePerMinute: 60_000 } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.total, N);

  // Part way through, the last clients unsubscribe (their letters have not gone yet)…
  await smtp.waitFor(1500, 120_000);
  for (const address of LATE_OPTOUTS) assert.equal((await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'email', address } })).status, 201);
  // …and the server stops (letters in flight finish, the rest go back to the queue) and starts again.
  await smtp.waitFor(3000, 120_000);
  await app.close();
  await email.close();
  const atStop = smtp.mails.length;
  assert.ok(atStop < N - 1000, `the restart came too late to test anything (${atStop} sent)`);
  email = sender();
  app = await startTestApp({ db, senders: { email }, publicUrl: 'https://crm.example.test' });
  const mgr2 = await app.user('manager');
  let done: any;
  for (let i = 0; i < 1200 && done?.state !== 'done'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    done = (await app.api('GET', `/api/mailings/${made.body.id}`, { token: mgr2.token })).body;
  }
  await email.close();
  assert.equal(done.state, 'done', JSON.stringify(done));
  assert.deepEqual({ sent: done.sent, failed: done.failed, skipped: done.skipped, queued: done.queued }, { sent: N - REJECTED.length - LATE_OPTOUTS.length, failed: REJECTED.length, skipped: LATE_OPTOUTS.length, queued: 0 });

  const received = new Map<string, number>();
  for (const m of smtp.mails) for (const to of m.envelopeTo) received.set(to, (received.get(to) ?? 0) + 1);
  const twice = [...received].filter(([, n]) => n > 1);
  assert.deepEqual(twice, [], 'nobody gets the mailing twice');
  const missing = Array.from({ length: N }, (_, k) => `big${k}@example.com`).filter((a) => !received.has(a) && !REJECTED.includes(a) && !LATE_OPTOUTS.includes(a));
  assert.deepEqual(missing.slice(0, 10), [], `nobody is skipped (${missing.length} missing)`);
  for (const a of LATE_OPTOUTS) assert.equal(received.has(a), false, `${a} unsubscribed during the mailing`);
  const failed = await app.api('GET', `/api/mailings/${made.body.id}/recipients?status=failed&limit=10`, { token: mgr2.token });
  assert.deepEqual(failed.body.items.map((r: { to: string }) => r.to).sort(), [...REJECTED].sort());
});
