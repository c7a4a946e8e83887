import type { DataSource } from 'typeorm';
import { MessageTemplateEntity } from '../../db/entities';
import { notFound } from '../../http/errors';
import type { MessageDelivery } from './message-delivery';
import { loadRecipients } from './recipients';
import { toTemplateView } from './templates.service';

/** What a template would say to one client: the editor's preview and the card's send dialog. */
export class TemplatePreviews {
  constructor(
    private readonly ds: DataSource,
    private readonly delivery: MessageDelivery,
    private readonly floorZone: () => string,
  ) {}

  async preview(templateId: number, clientId: number): Promise<{ language: string; subject: string | null; body: string; to: string | null }> {
    const template = await this.ds.getRepository(MessageTemplateEntity).findOneBy({ id: templateId });
    if (!template) throw notFound('Template');
    const r = (await loadRecipients(this.ds.manager, [clientId], this.floorZone())).get(clientId);
    if (!r) throw notFound('Client');
    const composed = await this.delivery.compose({ channel: template.channel, toAddress: null, kind: 'manual' }, r, { texts: toTemplateView(template).texts });
    if ('skip' in composed) {
      // No address yet: the text is still worth seeing.
      const again = await this.delivery.compose({ channel: template.channel, toAddress: '-', kind: 'manual' }, r, { texts: toTemplateView(template).texts });
      if ('skip' in again) return { language: r.language, subject: null, body: '', to: null };
      return { language: again.language, subject: again.subject, body: again.body, to: null };
    }
    return { language: composed.language, subject: composed.subject, body: composed.body, to: composed.to };
  }
}
