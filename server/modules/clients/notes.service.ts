import { transaction } from '../../db/transaction';
import { In, type DataSource } from 'typeorm';
import { ClientEntity, ClientNoteEntity, type ClientNoteRow } from '../../db/entities';
import { notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { historyIds } from './organization-links';

export type NoteView = { id: number; clientId: number; authorId: number | null; body: string; createdAt: string };

export const toNoteView = (n: ClientNoteRow): NoteView => ({ id: n.id, clientId: n.clientId, authorId: n.authorId, body: n.body, createdAt: n.createdAt.toISOString() });

export class NotesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(clientId: number): Promise<{ items: NoteView[]; total: number }> {
    const rows = await this.ds.getRepository(ClientNoteEntity).find({ where: { clientId: In(await historyIds(this.ds.manager, clientId)) }, order: { createdAt: 'DESC', id: 'DESC' }, take: 200 });
    return { items: rows.map(toNoteView), total: rows.length };
  }

  async create(actor: Actor, clientId: number, body: string): Promise<NoteView> {
    return transaction(this.ds, async (em) => {
      const client = await em.findOneBy(ClientEntity, { id: clientId });
      if (!client || client.deletedAt) throw notFound('Client');
      const { identifiers } = await em.insert(ClientNoteEntity, { clientId, authorId: actor.userId, body, createdAt: new Date() });
      const note = toNoteView(await em.findOneByOrFail(ClientNoteEntity, { id: identifiers[0]!.id as number }));
      await this.audit.record(em, actor, 'create', 'note', note.id, null, note);
      return note;
    });
  }
}
