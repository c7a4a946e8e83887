import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from '../../db/transaction';
import { AppError, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { dbTime, insertedId } from './review-db';
import type { CreateItemInput, UpdateItemInput } from './reviews.schemas';

/** A checklist item as the API shows it: its text per UI language, the most points it gives, its place. */
export type ReviewItemView = {
  id: number;
  names: { ru: string; uk: string; en: string };
  maxPoints: number;
  position: number;
  /** Retired items are no longer scored; reviews that scored them keep their scores. */
  active: boolean;
};

export const toItemView = (r: Record<string, unknown>): ReviewItemView => ({
  id: Number(r.id),
  names: { ru: String(r.name_ru), uk: String(r.name_uk), en: String(r.name_en) },
  maxPoints: Number(r.max_points),
  position: Number(r.position),
  active: Boolean(Number(r.active)),
});

/** The manager's checklist for call reviews: ordered items, each retired and restored rather than deleted. Every change is audited. */
export class ReviewChecklistService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The items in order: the active ones only unless `all`. */
  async list(all = false, em: EntityManager = this.ds.manager): Promise<{ items: ReviewItemView[]; total: number }> {
    const rows: Record<string, unknown>[] = await em.query(`SELECT * FROM review_items${all ? '' : ' WHERE active = ?'} ORDER BY position, id`, all ? [] : [true]);
    const items = rows.map(toItemView);
    return { items, total: items.length };
  }

  async create(actor: Actor, input: CreateItemInput): Promise<ReviewItemView> {
    return transaction(this.ds, async (em) => {
      const [last] = await em.query('SELECT MAX(position) AS p FROM review_items');
      const now = dbTime(em, new Date());
      const id = insertedId(
        await em.query('INSERT INTO review_items (name_ru, name_uk, name_en, max_points, position, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          input.names.ru, input.names.uk, input.names.en, input.maxPoints, Number(last?.p ?? 0) + 1, input.active, now, now,
        ]),
      );
      const created = await this.get(em, id);
      await this.audit.record(em, actor, 'create', 'review', `item:${id}`, null, created);
      return created;
    });
  }

  /** New text, points or retired/restored. A new maximum applies to reviews made from now on. */
  async update(actor: Actor, id: number, input: UpdateItemInput): Promise<ReviewItemView> {
    return transaction(this.ds, async (em) => {
      const before = await this.get(em, id);
      const names = { ...before.names, ...Object.fromEntries(Object.entries(input.names ?? {}).filter(([, v]) => v !== undefined)) };
      await em.query('UPDATE review_items SET name_ru = ?, name_uk = ?, name_en = ?, max_points = ?, active = ?, updated_at = ? WHERE id = ?', [
        names.ru, names.uk, names.en, input.maxPoints ?? before.maxPoints, input.active ?? before.active, dbTime(em, new Date()), id,
      ]);
      const after = await this.get(em, id);
      await this.audit.record(em, actor, 'update', 'review', `item:${id}`, before, after);
      return after;
    });
  }

  /** Puts the items in the given order; the list must name every item (retired included) once. */
  async reorder(actor: Actor, ids: number[]): Promise<{ items: ReviewItemView[]; total: number }> {
    await transaction(this.ds, async (em) => {
      const rows = (await this.list(true, em)).items;
      const known = new Set(rows.map((r) => r.id));
      const unknown = ids.filter((i) => !known.has(i));
      const missing = rows.map((r) => r.id).filter((i) => !ids.includes(i));
      if (unknown.length || missing.length) throw new AppError(400, 'bad_order', 'List every checklist item exactly once', { unknown, missing });
      const now = dbTime(em, new Date());
      for (const [i, id] of ids.entries()) {
        if (rows.find((r) => r.id === id)!.position !== i + 1) await em.query('UPDATE review_items SET position = ?, updated_at = ? WHERE id = ?', [i + 1, now, id]);
      }
      await this.audit.record(em, actor, 'update', 'review', 'order', { ids: rows.map((r) => r.id) }, { ids });
    });
    return this.list(true);
  }

  private async get(em: EntityManager, id: number): Promise<ReviewItemView> {
    const [row] = await em.query('SELECT * FROM review_items WHERE id = ?', [id]);
    if (!row) throw notFound('Checklist item');
    return toItemView(row);
  }
}
