import { In, type DataSource, type EntityManager } from 'typeorm';
import { isDuplicateKey } from '../../db/db-errors';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import { MessageOptoutEntity, type MessageChannel, type OptoutSource } from '../../db/entities';
import { badRequest, notFound } from '../../http/errors';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

export type OptoutView = { id: number; channel: MessageChannel; address: string; source: OptoutSource; clientId: number | null; clientName: string | null; createdAt: string };

/** An address as opt-outs keep it: e-mail in lower case, a phone as given (E.164). */
export const optoutAddress = (channel: MessageChannel, address: string) => (channel === 'email' ? address.trim().toLowerCase() : address.trim());

/**
 * Addresses that asked not to be written to. Every send asks here first (a mailing asks per batch, so an
 * unsubscribe made during a mailing holds for the rest of it). Opting out twice is one opt-out.
 */
export class OptoutsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly regions: PhoneRegions,
  ) {}

  /** The addresses of `addresses` that opted out of `channel`. */
  async optedOut(channel: MessageChannel, addresses: string[], em: EntityManager = this.ds.manager): Promise<Set<string>> {
    const wanted = [...new Set(addresses.map((a) => optoutAddress(channel, a)))];
    if (wanted.length === 0) return new Set();
    const rows = await em.getRepository(MessageOptoutEntity).find({ select: { address: true }, where: { channel, address: In(wanted) } });
    return new Set(rows.map((r) => r.address));
  }

  /**
   * Opts an address out; false when it was out already. Audited with the actor (null: the recipient
   * themselves). A phone is kept in E.164 (any spelling a manager types; 400 when it is not a number).
   */
  async optOut(actor: Actor | null, o: { channel: MessageChannel; address: string; source: OptoutSource; clientId?: number | null }): Promise<boolean> {
    const e164 = o.channel === 'sms' ? normalizePhone(o.address, this.regions).e164 : null;
    if (o.channel === 'sms' && !e164) throw badRequest('address: must be a phone number the install can read, e.g. +7 916 123-45-67');
    const address = e164 ?? optoutAddress(o.channel, o.address);
    // Out already: answered without a failing insert (a failed transaction on SQLite takes others' writes with it).
    if ((await this.optedOut(o.channel, [address])).size > 0) return false;
    try {
      await transaction(this.ds, async (em) => {
        const clientId = o.clientId ?? (await this.clientOf(em, o.channel, address));
        const { identifiers } = await em.insert(MessageOptoutEntity, { channel: o.channel, address, source: o.source, clientId, createdById: actor?.userId ?? null, createdAt: new Date() });
        await this.audit.record(em, actor, 'opt_out', 'optout', identifiers[0]!.id as number, null, { channel: o.channel, address, source: o.source, clientId });
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** The client the address belongs to (the first, if several share it), so the list can name them. */
  private async clientOf(em: EntityManager, channel: MessageChannel, address: string): Promise<number | null> {
    const sql = channel === 'email' ? 'SELECT client_id FROM client_emails WHERE email = ? ORDER BY client_id LIMIT 1' : 'SELECT client_id FROM client_phones WHERE e164 = ? ORDER BY client_id LIMIT 1';
    const rows = (await em.query(sql, [address])) as { client_id: number }[];
    return rows[0] ? Number(rows[0].client_id) : null;
  }

  async list(q: { channel?: MessageChannel; limit: number; offset: number }): Promise<{ items: OptoutView[]; total: number }> {
    const where = q.channel ? 'WHERE o.channel = ?' : '';
    const params = q.channel ? [q.channel] : [];
    const [rows, count] = await Promise.all([
      this.ds.query(`SELECT o.id, o.channel, o.address, o.source, o.client_id, o.created_at, c.name AS client_name FROM message_optouts o LEFT JOIN clients c ON c.id = o.client_id ${where} ORDER BY o.id DESC LIMIT ? OFFSET ?`, [...params, q.limit, q.offset]),
      this.ds.query(`SELECT COUNT(*) AS n FROM message_optouts o ${where}`, params),
    ]);
    return {
      items: (rows as Record<string, unknown>[]).map((r) => ({
        id: Number(r.id),
        channel: r.channel as MessageChannel,
        address: String(r.address),
        source: r.source as OptoutSource,
        clientId: r.client_id === null ? null : Number(r.client_id),
        clientName: r.client_name === null ? null : String(r.client_name),
        createdAt: dbDate(r.created_at).toISOString(),
      })),
      total: Number((count as { n: number }[])[0]!.n),
    };
  }

  /** Writes to the address again (a manager, on the client's word). */
  async remove(actor: Actor, id: number): Promise<void> {
    await transaction(this.ds, async (em) => {
      const row = await em.getRepository(MessageOptoutEntity).findOneBy({ id });
      if (!row) throw notFound('Opt-out');
      await em.delete(MessageOptoutEntity, { id });
      await this.audit.record(em, actor, 'delete', 'optout', id, { channel: row.channel, address: row.address, source: row.source, clientId: row.clientId }, null);
    });
  }
}
