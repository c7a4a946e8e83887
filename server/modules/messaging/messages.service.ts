import type { DataSource } from 'typeorm';
import { dbDate } from '../../db/db-date';
import { lastingWrite } from '../../db/transaction';
import { ClientEntity, MessageEntity, MessageTemplateEntity, UserEntity, type MessageChannel, type MessageKind, type MessageStatus } from '../../db/entities';
import { AppError, forbidden, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import type { MessageDelivery, MessageSource } from './message-delivery';
import type { SendMessageInput } from './messaging.schemas';
import type { OptoutsService } from './optouts.service';
import { addressOf, loadRecipients } from './recipients';
import { assertTemplateChannel, toTemplateView } from './templates.service';
import { TWILIO_UNSUBSCRIBED } from './sms-sender';

export type MessageView = {
  id: number;
  clientId: number;
  channel: MessageChannel;
  to: string | null;
  subject: string | null;
  body: string;
  status: MessageStatus;
  error: string | null;
  kind: MessageKind;
  mailingId: number | null;
  templateId: number | null;
  userId: number | null;
  userName: string | null;
  createdAt: string;
  sentAt: string | null;
};

/** A message with its author's name. */
const SELECT = 'SELECT m.*, u.name AS user_name FROM messages m LEFT JOIN users u ON u.id = m.user_id';

const toView = (r: Record<string, unknown>): MessageView => ({
  id: Number(r.id),
  clientId: Number(r.client_id),
  channel: r.channel as MessageChannel,
  to: (r.to_address as string | null) ?? null,
  subject: (r.subject as string | null) ?? null,
  body: String(r.body),
  status: r.status as MessageStatus,
  error: (r.error as string | null) ?? null,
  kind: r.kind as MessageKind,
  mailingId: r.mailing_id === null ? null : Number(r.mailing_id),
  templateId: r.template_id === null ? null : Number(r.template_id),
  userId: r.user_id === null ? null : Number(r.user_id),
  userName: (r.user_name as string | null) ?? null,
  createdAt: dbDate(r.created_at).toISOString(),
  sentAt: r.sent_at === null || r.sent_at === undefined ? null : dbDate(r.sent_at).toISOString(),
});

/**
 * A client's messages (their history on the card) and the letters and SMS operators send from the card.
 * A send is stored before it goes (status `sending`), so a crash mid-send leaves a trace, never a ghost.
 */
export class MessagesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly delivery: MessageDelivery,
    private readonly optouts: OptoutsService,
    private readonly floorZone: () => string,
  ) {}

  async history(clientId: number, page: { limit: number; offset: number }): Promise<{ items: MessageView[]; total: number }> {
    if (!(await this.ds.getRepository(ClientEntity).existsBy({ id: clientId }))) throw notFound('Client');
    // A mailing's recipient is part of the history once it was tried; still queued, it is the mailing's.
    const where = "m.client_id = ? AND m.status <> 'queued'";
    const [rows, count] = await Promise.all([
      this.ds.query(`${SELECT} WHERE ${where} ORDER BY m.id DESC LIMIT ? OFFSET ?`, [clientId, page.limit, page.offset]),
      this.ds.query(`SELECT COUNT(*) AS n FROM messages m WHERE ${where}`, [clientId]),
    ]);
    return { items: (rows as Record<string, unknown>[]).map(toView), total: Number((count as { n: number }[])[0]!.n) };
  }

  /** One message from the card: operators write to their own clients; supervisors and managers to anyone. */
  async send(actor: Actor, clientId: number, input: SendMessageInput): Promise<MessageView> {
    const recipient = (await loadRecipients(this.ds.manager, [clientId], this.floorZone())).get(clientId);
    if (!recipient) throw notFound('Client');
    if (!hasRole(actor.role, 'supervisor') && recipient.ownerId !== actor.userId) throw forbidden('Operators write to their own clients only');
    this.delivery.assertConfigured(input.channel);
    const to = addressOf(recipient, input.channel, input.to);
    if (!to) throw new AppError(422, 'no_address', input.to ? 'That address is not one of the client’s' : input.channel === 'email' ? 'The client has no e-mail' : 'The client has no mobile number in international form');
    if ((await this.optouts.optedOut(input.channel, [to])).size > 0) throw new AppError(409, 'opted_out', 'This address asked not to be written to');
    let source: MessageSource;
    if (input.templateId !== undefined) {
      const template = await this.ds.getRepository(MessageTemplateEntity).findOneBy({ id: input.templateId });
      if (!template) throw notFound('Template');
      assertTemplateChannel(template, input.channel);
      source = { texts: toTemplateView(template).texts };
    } else {
      source = { subject: input.subject ?? null, body: input.body! };
    }
    const operatorName = (await this.ds.getRepository(UserEntity).findOne({ select: { name: true }, where: { id: actor.userId } }))?.name ?? null;
    const row = { clientId, channel: input.channel, toAddress: to, subject: null, body: '', language: null, status: 'sending' as const, error: null, kind: 'manual' as const, mailingId: null, templateId: input.templateId ?? null, userId: actor.userId, providerId: null, dedupeKey: null, createdAt: new Date(), claimedAt: new Date(), sentAt: null };
    const { identifiers } = await lastingWrite(this.ds, (em) => em.insert(MessageEntity, row));
    const id = identifiers[0]!.id as number;
    await this.delivery.deliver({ id, ...row }, recipient, source, new Set(), { operatorName });
    const view = await this.get(id);
    await this.audit.recordAlone(actor, 'send', 'message', id, { clientId, channel: view.channel, to: view.to, subject: view.subject, status: view.status, error: view.error, templateId: view.templateId });
    return view;
  }

  /**
   * Twilio could not deliver an SMS it had accepted: the row says so, with Twilio's error code. A number
   * that opted out at the carrier (21610) is opted out here too. Unknown ids are ignored (another install's).
   */
  async undelivered(providerId: string, status: 'undelivered' | 'failed', errorCode: string | null): Promise<void> {
    const row = await this.ds.getRepository(MessageEntity).findOneBy({ providerId, channel: 'sms' });
    if (!row) return;
    await this.ds.getRepository(MessageEntity).update({ id: row.id }, { status: 'failed', error: `${errorCode ?? '-'}: ${status} (reported by Twilio)` });
    if (errorCode === String(TWILIO_UNSUBSCRIBED) && row.toAddress) await this.optouts.optOut(null, { channel: 'sms', address: row.toAddress, source: 'stop', clientId: row.clientId });
  }

  async get(id: number): Promise<MessageView> {
    const rows = (await this.ds.query(`${SELECT} WHERE m.id = ?`, [id])) as Record<string, unknown>[];
    if (!rows[0]) throw notFound('Message');
    return toView(rows[0]);
  }
}
