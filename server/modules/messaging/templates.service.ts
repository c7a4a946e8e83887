import type { DataSource } from 'typeorm';
import { transaction } from '../../db/transaction';
import { MailingEntity, MessageTemplateEntity, SettingEntity, type MessageChannel, type MessageTemplateRow, type TemplatePurpose, type TemplateTexts } from '../../db/entities';
import { AppError, conflict, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { CreateTemplateInput, UpdateTemplateInput } from './messaging.schemas';
import { BIRTHDAY_SETTINGS_KEY } from './birthday-greetings.service';
import { SMS_MAX_CHARS } from './messaging.schemas';

export type TemplateView = { id: number; name: string; channel: MessageChannel; purpose: TemplatePurpose; texts: TemplateTexts; createdAt: string; updatedAt: string };

export const toTemplateView = (r: MessageTemplateRow): TemplateView => ({
  id: r.id,
  name: r.name,
  channel: r.channel,
  purpose: r.purpose,
  texts: JSON.parse(r.texts) as TemplateTexts,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** A template sent on another channel than its own: 400, nothing changes. */
export function assertTemplateChannel(template: { channel: MessageChannel }, channel: MessageChannel): void {
  if (template.channel !== channel) throw new AppError(400, 'validation_failed', `The template is for ${template.channel}, not ${channel}`);
}

/** Message templates: managers write them, everyone who sends reads them. Every change is audited. */
export class TemplatesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(q: { channel?: MessageChannel; purpose?: TemplatePurpose }): Promise<TemplateView[]> {
    const rows = await this.ds.getRepository(MessageTemplateEntity).find({ where: { ...(q.channel && { channel: q.channel }), ...(q.purpose && { purpose: q.purpose }) }, order: { name: 'ASC', id: 'ASC' } });
    return rows.map(toTemplateView);
  }

  async get(id: number): Promise<TemplateView> {
    const row = await this.ds.getRepository(MessageTemplateEntity).findOneBy({ id });
    if (!row) throw notFound('Template');
    return toTemplateView(row);
  }

  async create(actor: Actor, input: CreateTemplateInput): Promise<TemplateView> {
    return transaction(this.ds, async (em) => {
      const now = new Date();
      const { identifiers } = await em.insert(MessageTemplateEntity, { name: input.name, channel: input.channel, purpose: input.purpose, texts: JSON.stringify(input.texts), createdById: actor.userId, createdAt: now, updatedAt: now });
      const view = toTemplateView(await em.getRepository(MessageTemplateEntity).findOneByOrFail({ id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'template', view.id, null, view);
      return view;
    });
  }

  async update(actor: Actor, id: number, input: UpdateTemplateInput): Promise<TemplateView> {
    return transaction(this.ds, async (em) => {
      const row = await em.getRepository(MessageTemplateEntity).findOneBy({ id });
      if (!row) throw notFound('Template');
      if (input.texts) assertFitsChannel(row.channel, input.texts);
      await em.update(MessageTemplateEntity, { id }, { ...(input.name !== undefined && { name: input.name }), ...(input.purpose && { purpose: input.purpose }), ...(input.texts && { texts: JSON.stringify(input.texts) }), updatedAt: new Date() });
      const before = toTemplateView(row);
      const after = toTemplateView(await em.getRepository(MessageTemplateEntity).findOneByOrFail({ id }));
      await this.audit.record(em, actor, 'update', 'template', id, before, after);
      return after;
    });
  }

  /** A template a running or paused mailing sends, or the birthday greeting's, cannot go (they read it at each send). */
  async remove(actor: Actor, id: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      const row = await em.getRepository(MessageTemplateEntity).findOneBy({ id });
      if (!row) throw notFound('Template');
      const busy = await em.getRepository(MailingEntity).exists({ where: [{ templateId: id, state: 'running' }, { templateId: id, state: 'paused' }] });
      if (busy) throw conflict('A mailing that has not finished sends this template: cancel it or let it finish first');
      const greeting = await em.getRepository(SettingEntity).findOneBy({ key: BIRTHDAY_SETTINGS_KEY });
      if (greeting && (JSON.parse(greeting.value) as { templateId?: number | null }).templateId === id) throw conflict('The birthday greeting sends this template: choose another one there first');
      await em.delete(MessageTemplateEntity, { id });
      await this.audit.record(em, actor, 'delete', 'template', id, toTemplateView(row), null);
    });
  }
}

/** The create schema checks texts against the channel; a change checks them against the stored channel. */
function assertFitsChannel(channel: MessageChannel, texts: TemplateTexts): void {
  for (const [language, t] of Object.entries(texts)) {
    if (!t) continue;
    if (channel === 'email' && !t.subject) throw new AppError(400, 'validation_failed', 'an e-mail needs a subject', [{ path: `texts.${language}.subject`, message: 'an e-mail needs a subject' }]);
    if (channel === 'sms' && t.body.length > SMS_MAX_CHARS) throw new AppError(400, 'validation_failed', `an SMS must be at most ${SMS_MAX_CHARS} characters`, [{ path: `texts.${language}.body`, message: 'too long' }]);
  }
}
