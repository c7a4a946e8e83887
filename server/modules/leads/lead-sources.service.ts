import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isDuplicateKey } from '../../db/db-errors';
import { bulkInsert } from '../../db/bulk-write';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import { conflict, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { CreateLeadSourceInput, UpdateLeadSourceInput } from './leads.schemas';
import { leadSnippet } from './lead-snippet';

/** A lead source as the public endpoint needs it. */
export type LeadSource = { id: number; name: string; token: string; callbackMinutes: number; origins: string[]; active: boolean; createdAt: string; updatedAt: string };

/** As managers see it: with the endpoint, the HTML to paste and how many leads it brought. */
export type LeadSourceView = LeadSource & { endpoint: string; snippet: string; leads: number; lastLeadAt: string | null };

/** 32 URL-safe characters from 24 random bytes: not guessable, short enough for a form's action URL. */
const newToken = () => randomBytes(24).toString('base64url');

const toSource = (r: Record<string, unknown>): LeadSource => ({
  id: Number(r.id),
  name: String(r.name),
  token: String(r.token),
  callbackMinutes: Number(r.callback_minutes),
  origins: JSON.parse(String(r.origins)) as string[],
  active: Boolean(Number(r.active)),
  createdAt: dbDate(r.created_at).toISOString(),
  updatedAt: dbDate(r.updated_at).toISOString(),
});


/** Managers' lead sources: CRUD, the secret token (rotatable) and the snippet for the website. */
export class LeadSourcesService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every source by name, with its lead count (one GROUP BY). `baseUrl` is where websites reach this server. */
  async list(baseUrl: string): Promise<{ items: LeadSourceView[]; total: number }> {
    const rows: Record<string, unknown>[] = await this.ds.query('SELECT * FROM lead_sources ORDER BY name');
    const counts: { source_id: number; n: number; last: unknown }[] = await this.ds.query('SELECT source_id, COUNT(*) AS n, MAX(created_at) AS last FROM leads GROUP BY source_id');
    const bySource = new Map(counts.map((c) => [Number(c.source_id), c]));
    const items = rows.map((r) => {
      const c = bySource.get(Number(r.id));
      return this.view(toSource(r), baseUrl, c ? Number(c.n) : 0, c?.last ? dbDate(c.last).toISOString() : null);
    });
    return { items, total: items.length };
  }

  async get(id: number, baseUrl: string): Promise<LeadSourceView> {
    const source = await this.find(id);
    const [c] = (await this.ds.query('SELECT COUNT(*) AS n, MAX(created_at) AS last FROM leads WHERE source_id = ?', [id])) as { n: number; last: unknown }[];
    return this.view(source, baseUrl, Number(c?.n ?? 0), c?.last ? dbDate(c.last).toISOString() : null);
  }

  /** The source behind a token, active or not; null for an unknown token. */
  async byToken(token: string): Promise<LeadSource | null> {
    const [row] = (await this.ds.query('SELECT * FROM lead_sources WHERE token = ?', [token])) as Record<string, unknown>[];
    return row ? toSource(row) : null;
  }

  async create(actor: Actor, input: CreateLeadSourceInput, baseUrl: string): Promise<LeadSourceView> {
    const id = await this.unique(input.name, () =>
      transaction(this.ds, async (em) => {
        const now = new Date();
        await bulkInsert(em, 'lead_sources', ['name', 'token', 'callback_minutes', 'origins', 'active', 'created_at', 'updated_at'], [[input.name, newToken(), input.callbackMinutes, JSON.stringify(input.origins), input.active, now, now]]);
        const [row] = (await em.query('SELECT * FROM lead_sources WHERE name = ?', [input.name])) as Record<string, unknown>[];
        const created = toSource(row!);
        await this.audit.record(em, actor, 'create', 'setting', `lead_source.${created.id}`, null, this.redacted(created));
        return created.id;
      }),
    );
    return this.get(id, baseUrl);
  }

  async update(actor: Actor, id: number, input: UpdateLeadSourceInput, baseUrl: string): Promise<LeadSourceView> {
    await this.unique(input.name ?? '', () =>
      transaction(this.ds, async (em) => {
        const before = await this.find(id);
        const set: Record<string, unknown> = { updated_at: new Date() };
        if (input.name !== undefined) set.name = input.name;
        if (input.callbackMinutes !== undefined) set.callback_minutes = input.callbackMinutes;
        if (input.origins !== undefined) set.origins = JSON.stringify(input.origins);
        if (input.active !== undefined) set.active = input.active ? 1 : 0;
        await em.createQueryBuilder().update('lead_sources').set(set).where('id = :id', { id }).execute();
        await this.audit.record(em, actor, 'update', 'setting', `lead_source.${id}`, this.redacted(before), this.redacted(await this.find(id, em.query.bind(em))));
      }),
    );
    return this.get(id, baseUrl);
  }

  /** A new secret: the old token stops working at once (the website's snippet must be pasted again). */
  async rotateToken(actor: Actor, id: number, baseUrl: string): Promise<LeadSourceView> {
    await transaction(this.ds, async (em) => {
      await this.find(id);
      await em.createQueryBuilder().update('lead_sources').set({ token: newToken(), updated_at: new Date() }).where('id = :id', { id }).execute();
      await this.audit.record(em, actor, 'update', 'setting', `lead_source.${id}`, null, { tokenRotated: true });
    });
    return this.get(id, baseUrl);
  }

  private async find(id: number, query: (sql: string, params: unknown[]) => Promise<unknown> = (sql, params) => this.ds.query(sql, params)): Promise<LeadSource> {
    const [row] = (await query('SELECT * FROM lead_sources WHERE id = ?', [id])) as Record<string, unknown>[];
    if (!row) throw notFound('Lead source');
    return toSource(row);
  }

  private async unique<T>(name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict(`A lead source named “${name}” exists already`);
      throw err;
    }
  }

  /** The audit keeps no token: the log is read by more people than the sources page. */
  private redacted({ token: _token, ...rest }: LeadSource) {
    return rest;
  }

  private view(source: LeadSource, baseUrl: string, leads: number, lastLeadAt: string | null): LeadSourceView {
    const endpoint = `${baseUrl}/api/leads/${source.token}`;
    return { ...source, endpoint, snippet: leadSnippet(endpoint), leads, lastLeadAt };
  }
}
