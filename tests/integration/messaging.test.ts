import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TwilioConnector } from '../../telephony/twilio/twilio-connector';
import { ClientEntity, MailingEntity, MessageEntity } from '../../server/db/entities';
import { EmailSender } from '../../server/modules/messaging/email-sender';
import { TwilioSmsSender } from '../../server/modules/messaging/sms-sender';
import { FakeTwilioSms } from '../helpers/fake-twilio-sms';
import { SmtpSink } from '../helpers/smtp-sink';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { ACCOUNT_SID, AUTH_TOKEN, HOTLINE, PUBLIC_URL, TwilioWebhooks } from '../helpers/twilio-harness';

// E-mail and SMS against a real SMTP server (in-process, speaking the protocol) and Twilio's Messages API
// played on loopback; the real app on MariaDB (or SQLite with TEST_DB=sqlite).
let app: TestApp;
let smtp: SmtpSink;
let sms: FakeTwilioSms;
let hooks: TwilioWebhooks;
let op: { id: number; token: string };
let op2: { id: number; token: string };
let mgr: { id: number; token: string };

const emailTemplate = {
  name: 'Новинки',
  channel: 'email',
  purpose: 'general',
  texts: {
    ru: { subject: 'Новинки для {{firstName}}', body: 'Здравствуйте, {{firstName}}!\nУ нас новинки.\nВаш менеджер {{owner}}' },
    uk: { subject: 'Новинки для {{firstName}}', body: 'Вітаємо, {{firstName}}!\nУ нас новинки.' },
  },
};

async function client(body: Record<string, unknown>, token = mgr.token): Promise<number> {
  const res = await app.api('POST', '/api/clients', { token, body: { kind: 'person', ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as number;
}

before(async () => {
  smtp = new SmtpSink();
  const smtpUrl = await smtp.start();
  sms = new FakeTwilioSms(ACCOUNT_SID);
  const apiUrl = await sms.start();
  const connector: TwilioConnector = new TwilioConnector({
    accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL, apiUrl, callerId: HOTLINE, dialMode: 'simultaneous', ringSeconds: 20,
    greeting: undefined, language: 'ru-RU', record: false, nobody: 'message', nobodyMessage: '-', sipDomain: undefined, available: () => [], reconcileMs: 0,
  });
  app = await startTestApp({
    twilioPbx: connector,
    publicUrl: 'https://crm.example.test',
    senders: {
      email: new EmailSender({ smtpUrl: smtpUrl, from: 'Горячая линия <hello@crm.example.test>', domain: 'crm.example.test' }),
      sms: new TwilioSmsSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl, from: HOTLINE }),
    },
  });
  hooks = new TwilioWebhooks(app.baseUrl);
  op = await app.user('operator', { extension: '301' });
  op2 = await app.user('operator', { extension: '302' });
  mgr = await app.user('manager');
});

after(async () => {
  await app.close();
  await smtp.close();
  await sms.close();
});

test('templates: managers write them, everyone reads; bad ones are refused and change nothing; changes are audited', async () => {
  const made = await app.api('POST', '/api/message-templates', { token: mgr.token, body: emailTemplate });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.deepEqual(Object.keys(made.body.texts).sort(), ['ru', 'uk']);
  assert.equal((await app.api('POST', '/api/message-templates', { token: op.token, body: emailTemplate })).status, 403);
  assert.equal((await app.api('GET', '/api/message-templates', { token: op.token })).status, 200);
  const before = (await app.api('GET', '/api/message-templates', { token: mgr.token })).body.items.length;
  const bad = [
    { ...emailTemplate, texts: { ru: { subject: null, body: 'Без темы' } } },
    { ...emailTemplate, texts: { ru: { subject: 'Тема', body: 'Привет, {{passwordHash}}' } } },
    { ...emailTemplate, texts: {} },
    { ...emailTemplate, texts: { de: { subject: 'x', body: 'y' } } },
    { ...emailTemplate, channel: 'fax' },
    { ...emailTemplate, texts: { ru: { subject: 'Тема\r\nBcc: evil@example.com', body: 'x' } } },
    { ...emailTemplate, channel: 'sms', texts: { ru: { subject: null, body: 'я'.repeat(1531) } } },
  ];
  for (const body of bad) {
    const res = await app.api('POST', '/api/message-templates', { token: mgr.token, body });
    assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 120)} -> ${res.status} ${JSON.stringify(res.body)}`);
  }
  assert.equal((await app.api('GET', '/api/message-templates', { token: mgr.token })).body.items.length, before);
  const renamed = await app.api('PATCH', `/api/message-templates/${made.body.id}`, { token: mgr.token, body: { name: 'Новинки недели' } });
  assert.equal(renamed.body.name, 'Новинки недели');
  const noSubject = await app.api('PATCH', `/api/message-templates/${made.body.id}`, { token: mgr.token, body: { texts: { en: { subject: null, body: 'Hi' } } } });
  assert.equal(noSubject.status, 400);
  const audit = await app.api('GET', `/api/audit?entity=template&entityId=${made.body.id}`, { token: mgr.token });
  assert.deepEqual(audit.body.items.map((e: { action: string }) => e.action).sort(), ['create', 'update']);
});

test('an e-mail from the card goes out through SMTP in the client’s language and lands in their history', async () => {
  const template = (await app.api('POST', '/api/message-templates', { token: mgr.token, body: emailTemplate })).body;
  const id = await client({ name: 'Шевченко Тарас Григорович', phones: ['+380 44 123 45 67'], emails: ['taras@example.com'], ownerId: op.id });
  const preview = await app.api('GET', `/api/message-templates/${template.id}/preview?clientId=${id}`, { token: op.token });
  assert.equal(preview.status, 200);
  assert.equal(preview.body.language, 'uk', 'a +380 number reads in Ukrainian');
  assert.equal(preview.body.subject, 'Новинки для Тарас Григорович');
  const sent = await app.api('POST', `/api/clients/${id}/messages`, { token: op.token, body: { channel: 'email', templateId: template.id } });
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.status, 'sent', JSON.stringify(sent.body));
  await smtp.waitFor(1);
  const [mail] = smtp.to('taras@example.com');
  assert.ok(mail);
  assert.equal(mail.parsed.subject, 'Новинки для Тарас Григорович');
  assert.match(mail.parsed.text ?? '', /Вітаємо, Тарас Григорович!/);
  assert.equal(mail.parsed.from?.value[0]?.address, 'hello@crm.example.test');
  assert.equal(mail.parsed.headers.get('list-unsubscribe'), undefined, 'a personal letter carries no unsubscribe link');
  const history = await app.api('GET', `/api/clients/${id}/messages`, { token: op.token });
  assert.equal(history.body.total, 1);
  assert.equal(history.body.items[0].subject, 'Новинки для Тарас Григорович');
  assert.equal(history.body.items[0].userId, op.id);
  const audit = await app.api('GET', `/api/audit?entity=message&entityId=${sent.body.id}`, { token: mgr.token });
  assert.equal(audit.body.items[0]?.action, 'send');
  // Free text with the client's fields; the language follows the client's own setting.
  await app.api('PATCH', `/api/clients/${id}`, { token: mgr.token, body: { language: 'en' } });
  const free = await app.api('POST', `/api/clients/${id}/messages`, { token: op.token, body: { channel: 'email', subject: 'Dear {{firstName}}', body: 'Your manager, {{operatorName}}' } });
  assert.equal(free.body.status, 'sent');
  await smtp.waitFor(2);
  assert.equal(smtp.to('taras@example.com')[1]?.parsed.subject, 'Dear Тарас Григорович');
});

test('who may write, to which address: refused sends say why and store nothing', async () => {
  const mine = await client({ name: 'Мой клиент', emails: ['mine@example.com'], phones: ['+79160000001'], ownerId: op.id });
  const theirs = await client({ name: 'Чужой клиент', emails: ['theirs@example.com'], ownerId: op2.id });
  const noEmail = await client({ name: 'Без почты', phones: ['+79160000002'], ownerId: op.id });
  const body = { channel: 'email', subject: 'Тема', body: 'Текст' };
  assert.equal((await app.api('POST', `/api/clients/${theirs}/messages`, { token: op.token, body })).status, 403);
  const none = await app.api('POST', `/api/clients/${noEmail}/messages`, { token: op.token, body });
  assert.equal(none.status, 422);
  assert.equal(none.body.error.code, 'no_address');
  assert.equal((await app.api('POST', `/api/clients/${mine}/messages`, { token: op.token, body: { ...body, to: 'stranger@example.com' } })).status, 422);
  assert.equal((await app.api('POST', `/api/clients/${mine}/messages`, { token: op.token, body: { channel: 'email', body: 'no subject' } })).status, 400);
  assert.equal((await app.api('POST', `/api/clients/${mine}/messages`, { token: op.token, body: { channel: 'email', subject: 'x', body: 'y', bcc: 'evil@example.com' } })).status, 400);
  assert.equal((await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'email', address: 'MINE@example.com' } })).status, 201);
  const out = await app.api('POST', `/api/clients/${mine}/messages`, { token: op.token, body });
  assert.equal(out.status, 409);
  assert.equal(out.body.error.code, 'opted_out');
  assert.equal((await app.api('GET', `/api/clients/${mine}/messages`, { token: op.token })).body.total, 0);
  assert.equal((await app.api('GET', `/api/clients/${theirs}/messages`, { token: op.token })).body.total, 0);
});

test('a client’s name cannot inject a header: the name is encoded, the subject stays one line, nobody else is copied', async () => {
  const id = await client({ name: 'Инъекция', emails: ['victim@example.com'], ownerId: op.id });
  // Names typed through the API cannot hold line breaks; an old import or the database might.
  await app.ds.getRepository(ClientEntity).update({ id }, { name: 'Eve\r\nBcc: evil@example.com\r\nX-Evil: 1' });
  const sent = await app.api('POST', `/api/clients/${id}/messages`, { token: op.token, body: { channel: 'email', subject: 'Привет, {{name}}', body: 'Для {{name}}' } });
  assert.equal(sent.body.status, 'sent', JSON.stringify(sent.body));
  const start = smtp.mails.length;
  await smtp.waitFor(start);
  const [mail] = smtp.to('victim@example.com');
  assert.ok(mail);
  assert.deepEqual(mail.envelopeTo, ['victim@example.com']);
  assert.equal(mail.parsed.headers.get('bcc'), undefined);
  assert.equal(mail.parsed.headers.get('x-evil'), undefined);
  assert.equal(mail.parsed.subject, 'Привет, Eve Bcc: evil@example.com X-Evil: 1');
  assert.equal(smtp.to('evil@example.com').length, 0);
  assert.doesNotMatch(mail.raw.split('\r\n\r\n')[0]!, /^Bcc:/im);
});

test('a mailing to a segment: one letter each, opt-outs and missing addresses skipped, a bad mailbox fails only its row, the link unsubscribes', async () => {
  const template = (await app.api('POST', '/api/message-templates', { token: mgr.token, body: emailTemplate })).body;
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) ids.push(await client({ name: `Подписчик ${i}`, emails: [`sub${i}@example.com`], tags: ['рассылка-1'] }));
  ids.push(await client({ name: 'Без почты', phones: ['+79160000099'], tags: ['рассылка-1'] }));
  smtp.rejected.add('sub3@example.com');
  await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'email', address: 'sub5@example.com' } });
  const segment = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'Рассылка 1', filter: { tag: 'рассылка-1' } } });
  assert.equal(segment.status, 201, JSON.stringify(segment.body));
  assert.equal((await app.api('POST', '/api/mailings', { token: op.token, body: { name: 'x', channel: 'email', templateId: template.id, segmentId: segment.body.id } })).status, 403);
  assert.equal((await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: 'x', channel: 'sms', templateId: template.id, segmentId: segment.body.id } })).status, 400, 'an e-mail template cannot go by SMS');
  const before = smtp.mails.length;
  const made = await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: 'Новинки ноября', channel: 'email', templateId: template.id, segmentId: segment.body.id, ratePerMinute: 6000 } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.total, 13);
  const done = await waitForMailing(made.body.id);
  assert.deepEqual({ sent: done.sent, failed: done.failed, skipped: done.skipped, queued: done.queued }, { sent: 10, failed: 1, skipped: 2, queued: 0 });
  assert.equal(smtp.mails.length - before, 10);
  const failed = await app.api('GET', `/api/mailings/${made.body.id}/recipients?status=failed`, { token: mgr.token });
  assert.equal(failed.body.items[0].to, 'sub3@example.com');
  assert.match(failed.body.items[0].error, /550|mailbox/i);
  const skipped = (await app.api('GET', `/api/mailings/${made.body.id}/recipients?status=skipped`, { token: mgr.token })).body.items.map((r: { error: string }) => r.error).sort();
  assert.deepEqual(skipped, ['no_address', 'opted_out']);
  // Each letter carries its unsubscribe link (in the body and as List-Unsubscribe with one-click).
  const [letter] = smtp.to('sub7@example.com');
  const link = /https:\/\/crm\.example\.test(\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(letter!.parsed.text ?? '')?.[1];
  assert.ok(link, letter!.parsed.text);
  const head = letter!.raw.split('\r\n\r\n')[0]!;
  assert.match(head, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
  assert.match(head, /^List-Unsubscribe:\s+<https:\/\/crm\.example\.test\/unsubscribe\//m);
  const page = await fetch(`${app.baseUrl}${link}`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /sub7@example\.com/);
  assert.equal((await app.api('GET', '/api/optouts?channel=email', { token: mgr.token })).body.items.filter((o: { address: string }) => o.address === 'sub7@example.com').length, 0, 'opening the page alone unsubscribes nobody');
  const tampered = await fetch(`${app.baseUrl}${link.slice(0, -2)}xx`, { method: 'POST' });
  assert.equal(tampered.status, 404);
  const confirm = await fetch(`${app.baseUrl}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example.net' }, body: 'List-Unsubscribe=One-Click' });
  assert.equal(confirm.status, 200);
  // The next mailing honours it.
  const again = await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: 'Ещё раз', channel: 'email', templateId: template.id, segmentId: segment.body.id, ratePerMinute: 6000 } });
  const second = await waitForMailing(again.body.id);
  assert.equal(second.skipped, 3);
  assert.equal(smtp.to('sub7@example.com').length, 1);
  // Their history shows both mailings' letters (one sent, one skipped).
  const history = await app.api('GET', `/api/clients/${ids[7]}/messages`, { token: mgr.token });
  assert.deepEqual(history.body.items.map((m: { status: string; kind: string }) => `${m.kind}:${m.status}`), ['mailing:skipped', 'mailing:sent']);
});

test('a mailing tries a temporary refusal again and sends an address shared by two clients once', async () => {
  const template = (await app.api('POST', '/api/message-templates', { token: mgr.token, body: emailTemplate })).body;
  await client({ name: 'Занятый сервер', emails: ['busy@example.com'], tags: ['повтор'] });
  await client({ name: 'Муж', emails: ['family@example.com'], tags: ['повтор'] });
  await client({ name: 'Жена', emails: ['FAMILY@example.com'], tags: ['повтор'] });
  smtp.deferred.set('busy@example.com', 2);
  app.services.messaging.mailings.retryMs = 200;
  const segment = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'Повтор', filter: { tag: 'повтор' } } });
  const made = await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: 'Повтор', channel: 'email', templateId: template.id, segmentId: segment.body.id, ratePerMinute: 6000 } });
  const done = await waitForMailing(made.body.id);
  assert.deepEqual({ sent: done.sent, failed: done.failed, skipped: done.skipped }, { sent: 2, failed: 0, skipped: 1 });
  assert.equal(smtp.to('busy@example.com').length, 1, 'sent on the third try, once');
  assert.equal(smtp.to('family@example.com').length, 1);
  const skipped = await app.api('GET', `/api/mailings/${made.body.id}/recipients?status=skipped`, { token: mgr.token });
  assert.equal(skipped.body.items[0].error, 'duplicate_address');
  // The history keeps the letter, not the recipient's own unsubscribe link.
  const [kept] = (await app.ds.query("SELECT body FROM messages WHERE mailing_id = ? AND status = 'sent' LIMIT 1", [made.body.id])) as { body: string }[];
  assert.doesNotMatch(kept!.body, /unsubscribe/);
});

test('opt-outs by hand: a phone in any spelling is kept in E.164; what is not an address is refused', async () => {
  const added = await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'sms', address: '8 (916) 555-44-33' } });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const list = (await app.api('GET', '/api/optouts?channel=sms&limit=200', { token: mgr.token })).body.items.map((o: { address: string }) => o.address);
  assert.ok(list.includes('+79165554433'));
  assert.equal((await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'sms', address: '+7 916 555 44 33' } })).body.created, false, 'the same number again');
  assert.equal((await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'sms', address: 'позвоните' } })).status, 400);
  assert.equal((await app.api('POST', '/api/optouts', { token: mgr.token, body: { channel: 'email', address: 'not-an-email' } })).status, 400);
});

test('SMS: through Twilio’s Messages API; a bad number fails its row; a STOP reply (signed) opts the number out', async () => {
  const template = await app.api('POST', '/api/message-templates', { token: mgr.token, body: { name: 'Акция SMS', channel: 'sms', texts: { ru: { subject: null, body: '{{firstName}}, скидка 10% до пятницы' } } } });
  assert.equal(template.status, 201, JSON.stringify(template.body));
  const a = await client({ name: 'Олег', phones: ['+79161230001'], tags: ['смс'] });
  await client({ name: 'Пётр', phones: ['+79161230002'], tags: ['смс'] });
  await client({ name: 'Анна', phones: ['+79161230003'], tags: ['смс'] });
  sms.invalid.add('+79161230002');
  const sent = await app.api('POST', `/api/clients/${a}/messages`, { token: mgr.token, body: { channel: 'sms', templateId: template.body.id } });
  assert.equal(sent.body.status, 'sent', JSON.stringify(sent.body));
  assert.deepEqual(sms.sent.map((s) => [s.to, s.body, s.from]), [['+79161230001', 'Олег, скидка 10% до пятницы', HOTLINE]]);
  // The carrier refuses it later: Twilio's status callback (signed) fails the row with its code.
  const status = { MessageSid: sms.sent[0]!.sid, AccountSid: ACCOUNT_SID, MessageStatus: 'undelivered', ErrorCode: '30003' };
  assert.equal((await hooks.post('/telephony/twilio/sms/status', status, { signature: 'forged' })).status, 403);
  assert.equal((await hooks.post('/telephony/twilio/sms/status', { ...status, MessageStatus: 'lost' })).status, 400);
  assert.equal((await hooks.post('/telephony/twilio/sms/status', status)).status, 204);
  const refused = (await app.api('GET', `/api/clients/${a}/messages`, { token: mgr.token })).body.items[0];
  assert.deepEqual([refused.status, refused.error], ['failed', '30003: undelivered (reported by Twilio)']);
  // STOP: unsigned is refused and changes nothing; signed opts out.
  const form = { MessageSid: `SM${'ab'.repeat(16)}`, AccountSid: ACCOUNT_SID, From: '+79161230003', To: HOTLINE, Body: 'СТОП' };
  assert.equal((await hooks.post('/telephony/twilio/sms', form, { signature: 'forged' })).status, 403);
  assert.equal((await hooks.post('/telephony/twilio/sms', { ...form, From: 'not-a-number' })).status, 400);
  const smsOptouts = async () => (await app.api('GET', '/api/optouts?channel=sms&limit=200', { token: mgr.token })).body.items as { address: string }[];
  assert.equal((await smsOptouts()).filter((o) => o.address === '+79161230003').length, 0);
  assert.equal((await hooks.post('/telephony/twilio/sms', form)).status, 200);
  const stopped: any = (await smsOptouts()).find((o) => o.address === '+79161230003');
  assert.deepEqual([stopped.address, stopped.source, stopped.clientName], ['+79161230003', 'stop', 'Анна']);
  const segment = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'СМС', filter: { tag: 'смс' } } });
  const mailing = await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: 'Скидка', channel: 'sms', templateId: template.body.id, segmentId: segment.body.id, ratePerMinute: 6000 } });
  const done = await waitForMailing(mailing.body.id);
  assert.deepEqual({ sent: done.sent, failed: done.failed, skipped: done.skipped }, { sent: 1, failed: 1, skipped: 1 });
  const failed = await app.api('GET', `/api/mailings/${mailing.body.id}/recipients?status=failed`, { token: mgr.token });
  assert.match(failed.body.items[0].error, /^21211/);
});

test('birthday greetings: once a year, at the client’s local hour, 29 February on the 28th', async () => {
  const template = await app.api('POST', '/api/message-templates', { token: mgr.token, body: { name: 'С днём рождения', channel: 'email', purpose: 'birthday', texts: { ru: { subject: 'С днём рождения, {{firstName}}!', body: 'Вам {{age}}! Поздравляем.' } } } });
  assert.equal((await app.api('PUT', '/api/messaging/birthday', { token: mgr.token, body: { enabled: true, channel: 'email', templateId: null, hour: 10 } })).status, 400);
  assert.equal((await app.api('PUT', '/api/messaging/birthday', { token: op.token, body: { enabled: true, channel: 'email', templateId: template.body.id, hour: 10 } })).status, 403);
  const saved = await app.api('PUT', '/api/messaging/birthday', { token: mgr.token, body: { enabled: true, channel: 'email', templateId: template.body.id, hour: 10 } });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const kyiv = await client({ name: 'Киевлянин', birthday: '1980-06-15', timezone: 'Europe/Kyiv', emails: ['kyiv@example.com'] });
  await client({ name: 'Нью-йоркер', birthday: '1985-06-15', timezone: 'America/New_York', emails: ['ny@example.com'] });
  await client({ name: 'Високосный', birthday: '2000-02-29', timezone: 'Europe/London', emails: ['leap@example.com'] });
  const birthdays = app.services.messaging.birthdays;
  // 09:00 UTC on 15 June: noon in Kyiv (due), 05:00 in New York (not yet).
  assert.equal(await birthdays.run(new Date('2026-06-15T09:00:00Z')), 1);
  assert.equal(await birthdays.run(new Date('2026-06-15T10:00:00Z')), 0, 'once a year');
  await smtp.waitFor(smtp.mails.length);
  assert.equal(smtp.to('kyiv@example.com')[0]?.parsed.subject, 'С днём рождения, Киевлянин!');
  assert.match(smtp.to('kyiv@example.com')[0]?.parsed.text ?? '', /Вам 46!/);
  assert.equal(await birthdays.run(new Date('2026-06-15T15:00:00Z')), 1, 'New York at 11:00');
  assert.equal(await birthdays.run(new Date('2026-06-16T02:30:00Z')), 0, 'nobody after 21:00 local or on another day');
  assert.equal(await birthdays.run(new Date('2027-02-28T10:30:00Z')), 1, '29 February, greeted on the 28th in 2027');
  const history = await app.api('GET', `/api/clients/${kyiv}/messages`, { token: mgr.token });
  assert.equal(history.body.items[0].kind, 'birthday');
  assert.equal((await app.api('DELETE', `/api/message-templates/${template.body.id}`, { token: mgr.token })).status, 409, 'the greeting still sends it');
});

test('a process that died mid-send: its claimed letter is failed as interrupted after 2 minutes, never sent twice; the mailing goes on', async () => {
  const template = (await app.api('POST', '/api/message-templates', { token: mgr.token, body: emailTemplate })).body;
  for (let i = 0; i < 3; i++) await client({ name: `Прерванный ${i}`, emails: [`cut${i}@example.com`], tags: ['прерванная'] });
  const segment = await app.api('POST', '/api/segments', { token: mgr.token, body: { name: 'Прерванная', filter: { tag: 'прерванная' } } });
  const made = await app.api('POST', '/api/mailings', { token: mgr.token, body: { name: 'Прерванная', channel: 'email', templateId: template.id, segmentId: segment.body.id, ratePerMinute: 1 } });
  await app.api('POST', `/api/mailings/${made.body.id}/pause`, { token: mgr.token });
  await new Promise((r) => setTimeout(r, 300)); // the first batch (one letter a minute) has gone or not by now
  // As a dead process leaves it: one row claimed three minutes ago, never finished.
  const [row] = (await app.ds.query("SELECT id FROM messages WHERE mailing_id = ? AND status = 'queued' ORDER BY id LIMIT 1", [made.body.id])) as { id: number }[];
  await app.ds.getRepository(MessageEntity).update({ id: row!.id }, { status: 'sending', claimedAt: new Date(Date.now() - 180_000) });
  await (app.services.messaging.mailings as unknown as { sweep(): Promise<void> }).sweep();
  await app.ds.getRepository(MailingEntity).update({ id: made.body.id }, { ratePerMinute: 6000 });
  await app.api('POST', `/api/mailings/${made.body.id}/resume`, { token: mgr.token });
  const done = await waitForMailing(made.body.id);
  assert.deepEqual({ sent: done.sent, failed: done.failed }, { sent: 2, failed: 1 });
  const interrupted = await app.api('GET', `/api/mailings/${made.body.id}/recipients?status=failed`, { token: mgr.token });
  assert.match(interrupted.body.items[0].error, /^interrupted/);
  const address = `cut${interrupted.body.items[0].clientName.split(' ')[1]}@example.com`;
  assert.equal(smtp.to(address).length, 0, 'the interrupted letter is not sent again');
  assert.equal(smtp.mails.filter((m) => m.envelopeTo.some((a) => a.startsWith('cut'))).length, 2);
});

async function waitForMailing(id: number) {
  for (let i = 0; i < 300; i++) {
    const m = (await app.api('GET', `/api/mailings/${id}`, { token: mgr.token })).body;
    if (m.state === 'done') return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the mailing did not finish');
}
