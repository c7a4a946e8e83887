import { IsNull, type DataSource } from 'typeorm';
import { bulkInsert } from '../db/bulk-write';
import { ClientEntity, MailingEntity, UserEntity, type MessageChannel, type MessageStatus } from '../db/entities';
import type { Logger } from '../logging/logger';
import { loadRecipients } from '../modules/messaging/recipients';
import { dbTime } from '../db/db-date';
import type { Services } from '../services';

const DAY = 86_400_000;
const LATIN: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya' };
const latin = (s: string) => [...s.toLowerCase()].map((ch) => LATIN[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
const DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'ukr.net', 'bk.ru', 'inbox.ru'];

const NEWS = {
  ru: { subject: '{{firstName}}, новые поступления этой недели', body: 'Здравствуйте, {{firstName}}!\n\nНа этой неделе у нас новые тарифы и оборудование для офиса. Ваш менеджер {{owner}} расскажет подробности и подберёт вариант под ваши задачи.\n\nС уважением,\nкоманда горячей линии' },
  uk: { subject: '{{firstName}}, нові надходження цього тижня', body: 'Вітаємо, {{firstName}}!\n\nЦього тижня в нас нові тарифи та обладнання для офісу. Ваш менеджер {{owner}} розповість подробиці й підбере варіант під ваші завдання.\n\nЗ повагою,\nкоманда гарячої лінії' },
  en: { subject: '{{firstName}}, new arrivals this week', body: 'Hello {{firstName}},\n\nThis week we have new plans and office equipment. Your manager {{owner}} will tell you more and find what suits you.\n\nKind regards,\nthe hotline team' },
};
const BIRTHDAY = {
  ru: { subject: 'С днём рождения, {{firstName}}!', body: '{{firstName}}, поздравляем вас с днём рождения!\nЖелаем здоровья, удачи и хороших новостей. В честь праздника — скидка 15% на любой заказ в течение недели.\n\n{{owner}} и вся команда' },
  uk: { subject: 'З днем народження, {{firstName}}!', body: '{{firstName}}, вітаємо вас із днем народження!\nБажаємо здоров’я, удачі та гарних новин. З нагоди свята — знижка 15% на будь-яке замовлення протягом тижня.\n\n{{owner}} і вся команда' },
};
const SMS = { ru: { subject: null, body: '{{firstName}}, только до пятницы: скидка 10% на продление тарифа. Ответьте СТОП, чтобы не получать SMS.' }, uk: { subject: null, body: '{{firstName}}, лише до п’ятниці: знижка 10% на продовження тарифу. Відповідайте СТОП, щоб не отримувати SMS.' } };

/**
 * The demo's messaging: e-mail addresses for most clients (the base seed has only phones), the manager's
 * templates, the birthday greeting turned on, a few opt-outs, last week's mailing with its statuses, a
 * mailing running slowly now (its progress moves while you watch), and letters operators wrote from cards.
 */
export async function seedDemoMessaging(ds: DataSource, services: Services, logger: Logger): Promise<void> {
  const m = services.messaging;
  const manager = await ds.getRepository(UserEntity).findOneByOrFail({ login: 'manager' });
  const actor = { userId: manager.id, role: manager.role, ip: null };
  const now = Date.now();

  const clients = await ds.getRepository(ClientEntity).find({ select: { id: true, name: true, kind: true }, where: { deletedAt: IsNull() }, order: { id: 'ASC' } });
  const emails = clients.flatMap((c, i) => {
    if (i % 5 === 4) return []; // a fifth have no e-mail: mailings skip them ("no address")
    const words = c.name.split(/\s+/).map(latin).filter(Boolean);
    const local = c.kind === 'organization' ? 'info' : `${words[1]?.[0] ?? ''}${words[1] ? '.' : ''}${words[0] ?? 'client'}`;
    const domain = c.kind === 'organization' ? `${words.join('').slice(0, 20) || 'company'}.ru` : DOMAINS[i % DOMAINS.length]!;
    return [[c.id, `${local}${c.kind === 'organization' ? '' : i}@${domain}`, 0]];
  });
  for (let i = 0; i < emails.length; i += 500) await bulkInsert(ds.manager, 'client_emails', ['client_id', 'email', 'position'], emails.slice(i, i + 500));

  const news = await m.templates.create(actor, { name: 'Новые поступления', channel: 'email', purpose: 'general', texts: NEWS });
  const birthday = await m.templates.create(actor, { name: 'Поздравление с днём рождения', channel: 'email', purpose: 'birthday', texts: BIRTHDAY });
  await m.templates.create(actor, { name: 'Скидка на продление (SMS)', channel: 'sms', purpose: 'general', texts: SMS });
  await m.birthdays.setSettings(actor, { enabled: true, channel: 'email', templateId: birthday.id, hour: 10 });

  const byId = new Map(emails.map(([id, email]) => [id as number, email as string]));
  const optedOut = [...byId.values()].filter((_, i) => i % 37 === 5).slice(0, 6);
  for (const [i, address] of optedOut.entries()) await m.optouts.optOut(i % 3 === 2 ? actor : null, { channel: 'email', address, source: i % 3 === 2 ? 'manual' : 'link' });

  const segments = (await services.segments.list()).items;
  const subscribers = segments.find((s) => s.name === 'Подписчики рассылки');
  const keyClients = segments.find((s) => s.name === 'Ключевые клиенты A');
  // Last week's mailing, as the sender left it: most sent, a few mailboxes refused, opt-outs and no address skipped.
  if (subscribers) {
    const made = await m.mailings.create(actor, { name: 'Новые поступления — ноябрь', channel: 'email', templateId: news.id, segmentId: subscribers.id, ratePerMinute: 120 });
    await m.mailings.pause(actor, made.id); // not sent by the demo's sender: written below as it went last week
    const at = new Date(now - 6 * DAY + 10 * 3600_000);
    const rows = (await ds.query("SELECT id, client_id FROM messages WHERE mailing_id = ? AND status = 'queued' ORDER BY id", [made.id])) as { id: number; client_id: number }[];
    const recipients = await loadRecipients(ds.manager, rows.map((r) => Number(r.client_id)), 'Europe/Moscow');
    const optedSet = new Set(optedOut);
    for (const [i, row] of rows.entries()) {
      const r = recipients.get(Number(row.client_id));
      const composed = r ? await m.delivery.compose({ channel: 'email', toAddress: null, kind: 'mailing' }, r, { texts: NEWS }) : { skip: 'client_deleted' as const };
      const sentAt = new Date(at.getTime() + i * 500);
      const outcome: { status: MessageStatus; error: string | null } =
        'skip' in composed ? { status: 'skipped', error: composed.skip } : optedSet.has(composed.to) ? { status: 'skipped', error: 'opted_out' } : i % 23 === 7 ? { status: 'failed', error: '550 5.1.1 <' + composed.to + '>: Recipient address rejected: User unknown' } : { status: 'sent', error: null };
      const fields = 'skip' in composed ? {} : { toAddress: composed.to, subject: composed.subject, body: composed.kept, language: composed.language };
      await ds.query('UPDATE messages SET status = ?, error = ?, to_address = ?, subject = ?, body = ?, language = ?, claimed_at = ?, sent_at = ?, created_at = ? WHERE id = ?', [
        outcome.status, outcome.error, fields.toAddress ?? null, fields.subject ?? null, fields.body ?? '', fields.language ?? null, dbTime(ds.manager, sentAt), outcome.status === 'sent' ? dbTime(ds.manager, sentAt) : null, dbTime(ds.manager, at), row.id,
      ]);
    }
    await ds.getRepository(MailingEntity).update({ id: made.id }, { state: 'done', createdAt: new Date(at.getTime() - 3600_000), startedAt: at, finishedAt: new Date(at.getTime() + rows.length * 500) });
  }
  // Today's mailing to the key clients, slow enough to watch: about one letter every five seconds.
  if (keyClients) await m.mailings.create(actor, { name: 'Новые поступления — декабрь, ключевые клиенты', channel: 'email', templateId: news.id, segmentId: keyClients.id, ratePerMinute: 12 });

  // Letters and SMS operators wrote from the card in the last days.
  const operators = await ds.getRepository(UserEntity).find({ where: { role: 'operator' }, take: 4 });
  const owned = await ds.query('SELECT id, owner_id FROM clients WHERE owner_id IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT 400') as { id: number; owner_id: number }[];
  const letters: unknown[][] = [];
  const sample = owned.filter((_, i) => i % 9 === 0).slice(0, 30);
  const recipients = await loadRecipients(ds.manager, sample.map((c) => Number(c.id)), 'Europe/Moscow');
  for (const [i, c] of sample.entries()) {
    const r = recipients.get(Number(c.id));
    const channel: MessageChannel = i % 3 === 2 ? 'sms' : 'email';
    const to = channel === 'email' ? r?.emails[0] : r?.phones[0];
    if (!r || !to) continue;
    const author = operators.find((o) => o.id === Number(c.owner_id)) ?? operators[i % operators.length]!;
    const at = new Date(now - (1 + (i % 5)) * DAY - (i % 7) * 3600_000);
    const subject = channel === 'email' ? 'Коммерческое предложение по нашему разговору' : null;
    const body = channel === 'email' ? `Здравствуйте!\n\nКак договорились по телефону, отправляю предложение: тариф «Бизнес», подключение за 3 дня, первый месяц бесплатно.\nЕсли будут вопросы — звоните.\n\n${author.name}` : `Здравствуйте! Это ${author.name}, горячая линия. Перезвоню вам завтра после 14:00, как договорились.`;
    letters.push([Number(c.id), channel, to, subject, body, 'ru', 'sent', 'manual', author.id, at, at, at]);
  }
  await bulkInsert(ds.manager, 'messages', ['client_id', 'channel', 'to_address', 'subject', 'body', 'language', 'status', 'kind', 'user_id', 'created_at', 'claimed_at', 'sent_at'], letters);
  logger.info({ emails: emails.length, letters: letters.length }, 'demo messaging seeded');
}
