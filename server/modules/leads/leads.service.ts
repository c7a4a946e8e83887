import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { DataSource, EntityManager } from 'typeorm';
import { bulkInsert } from '../../db/bulk-write';
import { transaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import type { CallbackView } from '../callbacks/callback.view';
import type { CallbacksService } from '../callbacks/callbacks.service';
import type { ClientsService } from '../clients/clients.service';
import type { LeadSource } from './lead-sources.service';
import { UTM_FIELDS, type LeadInput } from './leads.schemas';

/** The same submission again within this long is the same lead (a double click, a reload, a retry). */
export const DUPLICATE_WINDOW_MS = 60_000;

export type CaptureResult = { duplicate: boolean; clientId: number | null; callbackId: number | null };

/**
 * Turns a website's lead into a client and a callback: the client found by normalized phone or e-mail is
 * updated, else created (ClientsService, no human actor); the lead's fields and UTMs are kept in `leads`;
 * a callback due within the source's minutes goes to the client's owner or the pool (CallbacksService),
 * and the lead router moves it when nobody calls in time.
 */
export class LeadsService {
  /** Fingerprints claimed in this process (one node without Redis): submissions racing each other. */
  private readonly claimed = new Map<string, number>();
  private readonly startedAt = Date.now();

  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientsService,
    private readonly callbacks: CallbacksService,
    private readonly regions: PhoneRegions,
    private readonly logger: Logger,
    private readonly redis?: Redis,
    private readonly prefix = 'hotline',
  ) {}

  async capture(source: LeadSource, input: LeadInput, ip: string | null): Promise<CaptureResult> {
    const phone = input.phone ? normalizePhone(input.phone, this.regions) : null;
    const email = input.email ?? null;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([source.id, phone?.e164 ?? null, email, input.name ?? null, input.comment ?? null, ...UTM_FIELDS.map((f) => input[f] ?? null)]))
      .digest('hex');
    if (!(await this.claim(fingerprint)) || (this.mayHaveForgotten() && (await this.seenRecently(source.id, fingerprint)))) return { duplicate: true, clientId: null, callbackId: null };
    try {
      return await this.write(source, input, phone?.e164 ?? null, email, fingerprint, ip);
    } catch (err) {
      await this.release(fingerprint);
      throw err;
    }
  }

  /**
   * One transaction for the whole lead: the client (created or updated), its callback and the lead's row,
   * with their audit entries, commit together or not at all (one commit, one log flush); the callback's
   * timers are set after it. The target client is read before it (the caller lookup).
   */
  private async write(source: LeadSource, input: LeadInput, phone: string | null, email: string | null, fingerprint: string, ip: string | null): Promise<CaptureResult> {
    const name = input.name ?? input.phone ?? email ?? '';
    const now = new Date();
    const once = async () => {
      const existing = await this.clients.findLeadTarget(phone, email);
      return transaction(this.ds, async (em) => {
        const client = await this.clients.captureLead(em, { name, phone: input.phone ?? null, email, source: source.name }, existing);
        const callback = await this.openCallback(em, source, client.id, client.created ? null : client.ownerId, input.comment ?? null, now, client.created);
        const callbackId = typeof callback === 'number' ? callback : callback.id;
        await bulkInsert(em, 'leads', ['source_id', 'client_id', 'callback_id', 'fingerprint', 'name', 'phone', 'email', 'comment', ...UTM_FIELDS, 'ip', 'created_at'], [
          [source.id, client.id, callbackId, fingerprint, input.name ?? null, input.phone ?? null, email, input.comment ?? null, ...UTM_FIELDS.map((f) => input[f] ?? null), ip?.slice(0, 64) ?? null, now],
        ]);
        return { clientId: client.id, callback };
      });
    };
    // Two different leads with one new number at once: the second finds the first's client on a retry.
    const done = await once().catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'conflict') return once();
      throw err;
    });
    if (typeof done.callback !== 'number') await this.callbacks.announce(done.callback);
    return { duplicate: false, clientId: done.clientId, callbackId: typeof done.callback === 'number' ? done.callback : done.callback.id };
  }

  /**
   * A callback due within the source's minutes, for the owner (when active) or the pool: the new one's
   * view (announced after the commit). A pending callback of the client due no later already promises
   * that call: it is the lead's (its id), and no second one is opened.
   */
  private async openCallback(em: EntityManager, source: LeadSource, clientId: number, ownerId: number | null, comment: string | null, now: Date, newClient: boolean): Promise<CallbackView | number> {
    const dueAt = new Date(now.getTime() + source.callbackMinutes * 60_000);
    const input = { clientId, dueAt, note: this.note(source, comment), priority: 2 };
    // A client created just now has no callbacks and no owner: straight to the pool. captureLead wrote or
    // read the live client in this transaction, and the owner is read here: nothing to check again.
    if (newClient) return this.callbacks.insert(em, null, { ...input, assigneeId: null }, { refsChecked: true });
    const [pending] = (await em
      .createQueryBuilder()
      .select('cb.id', 'id')
      .from('callbacks', 'cb')
      .where("cb.client_id = :clientId AND cb.status = 'pending' AND cb.due_at <= :dueAt", { clientId, dueAt })
      .orderBy('cb.due_at', 'ASC')
      .limit(1)
      .getRawMany()) as { id: number }[];
    if (pending) return Number(pending.id);
    const [owner] = ownerId === null ? [] : ((await em.query('SELECT id FROM users WHERE id = ? AND active = ?', [ownerId, this.ds.options.type === 'mysql' ? true : 1])) as unknown[]);
    return this.callbacks.insert(em, null, { ...input, assigneeId: owner ? ownerId : null }, { refsChecked: true });
  }

  private note(source: LeadSource, comment: string | null): string {
    return `Website lead (${source.name})${comment ? `: ${comment}` : ''}`.slice(0, 2000);
  }

  /** True when this process (or, with Redis, any node) takes the fingerprint first within the window. */
  private async claim(fingerprint: string): Promise<boolean> {
    if (this.redis) {
      const ok = await this.redis.set(`${this.prefix}:lead_dup:${fingerprint}`, '1', 'PX', DUPLICATE_WINDOW_MS, 'NX').catch((err: Error) => {
        this.logger.warn({ err: err.message }, 'lead duplicate check without Redis: the database decides');
        return 'OK';
      });
      return ok === 'OK';
    }
    const now = Date.now();
    if (this.claimed.size > 10_000) for (const [k, until] of this.claimed) if (until <= now) this.claimed.delete(k);
    const until = this.claimed.get(fingerprint);
    if (until !== undefined && until > now) return false;
    this.claimed.set(fingerprint, now + DUPLICATE_WINDOW_MS);
    return true;
  }

  private async release(fingerprint: string): Promise<void> {
    if (this.redis) await this.redis.del(`${this.prefix}:lead_dup:${fingerprint}`).catch(() => undefined);
    else this.claimed.delete(fingerprint);
  }

  /**
   * Whether the claims may have missed a lead written within the window, so the database is asked: with
   * Redis always (it may have restarted or been flushed); without it (one node), only while this process
   * is younger than the window: after that, every lead it wrote within the window is in its own claims.
   */
  private mayHaveForgotten(): boolean {
    return this.redis !== undefined || Date.now() - this.startedAt < DUPLICATE_WINDOW_MS;
  }

  /** The same lead written within the window (by a node that restarted since, or before Redis forgot). */
  private async seenRecently(sourceId: number, fingerprint: string): Promise<boolean> {
    const rows = await this.ds
      .createQueryBuilder()
      .select('l.id', 'id')
      .from('leads', 'l')
      .where('l.source_id = :sourceId AND l.fingerprint = :fingerprint AND l.created_at >= :since', { sourceId, fingerprint, since: new Date(Date.now() - DUPLICATE_WINDOW_MS) })
      .limit(1)
      .getRawMany();
    return rows.length > 0;
  }
}
