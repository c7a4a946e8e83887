import type { DataSource, EntityManager } from 'typeorm';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import { AppError, badRequest, forbidden, notFound } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import { hasRole, type Actor } from '../auth/actor';
import { reportPeriod } from '../reports/report-period';
import type { ReviewChecklistService, ReviewItemView } from './review-checklist.service';
import { dbTime, insertedId, isDuplicateKey, marks } from './review-db';
import type { ListReviewsQuery, ReviewInput, ReviewsReportQuery } from './reviews.schemas';

type Names = ReviewItemView['names'];
type Person = { id: number; name: string };

/** One item's score in a review, with the item's text (retired items keep theirs). */
export type ReviewScoreView = { itemId: number; names: Names; points: number; maxPoints: number; comment: string | null };

/** A review as the API shows it; `percent` is the points over the most possible, to one decimal. */
export type ReviewView = {
  id: number;
  callId: number;
  call: { startedAt: string; direction: string; clientId: number | null; clientName: string | null };
  operator: Person;
  reviewer: Person;
  points: number;
  maxPoints: number;
  percent: number;
  comment: string | null;
  scores: ReviewScoreView[];
  createdAt: string;
  updatedAt: string;
};

/** One operator's reviews in the report: how many, their average percentage and each item's average. */
export type ReviewsReportRow = { operatorId: number; operatorName: string; teamId: number | null; reviews: number; avgPercent: number | null; items: Record<string, number | null> };
export type ReviewsReport = {
  from: string;
  to: string;
  /** The checklist items any review in the period scored (retired included), in the checklist's order. */
  checklist: { id: number; names: Names; active: boolean }[];
  items: ReviewsReportRow[];
  total: { reviews: number; avgPercent: number | null; items: Record<string, number | null> };
};

/** Points over the most possible as a percentage with one decimal; null when nothing could be scored. */
export const percentOf = (points: number, max: number): number | null => (max > 0 ? Math.round((points / max) * 1000) / 10 : null);
const round1 = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

const REVIEW_SELECT = `SELECT r.*, c.started_at AS call_started_at, c.direction AS call_direction, c.client_id AS call_client_id, cl.name AS client_name,
  o.name AS operator_name, rv.name AS reviewer_name
  FROM call_reviews r JOIN calls c ON c.id = r.call_id LEFT JOIN clients cl ON cl.id = c.client_id
  LEFT JOIN users o ON o.id = r.operator_id LEFT JOIN users rv ON rv.id = r.reviewer_id`;

/**
 * Call reviews for coaching: a supervisor scores a call on the manager's checklist; one review per reviewer
 * and call, edited in place. Who may see and write follows the floor's teams: operators see the reviews
 * of their own calls; supervisors review and see their teams' operators (the teams they supervise and
 * their own); managers and admins any.
 */
export class ReviewsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly checklist: ReviewChecklistService,
    private readonly opts: { timeZone: string; now?: () => Date },
  ) {}

  /** The reviews of one call that the actor may see (every review of it, or 403). */
  async forCall(actor: Actor, callId: number): Promise<{ items: ReviewView[]; total: number }> {
    const call = await this.call(callId);
    await this.assertSees(actor, call.operatorId);
    const items = await this.views('WHERE r.call_id = ? ORDER BY r.created_at, r.id', [callId]);
    return { items, total: items.length };
  }

  /** Writes the actor's review of a call (a new one, or their earlier one replaced); audited. */
  async upsert(actor: Actor, callId: number, input: ReviewInput): Promise<{ review: ReviewView; created: boolean }> {
    const call = await this.call(callId);
    if (call.operatorId === null) throw badRequest('This call has no operator to review');
    if (call.operatorId === actor.userId) throw forbidden('You cannot review your own call');
    await this.assertReviews(actor, call.operatorId);
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(this.ds, (em) => this.write(em, actor, callId, call.operatorId!, input));
      } catch (err) {
        // Two saves of one new review at once: the second finds the first and replaces it.
        if (attempt >= 2 || !isDuplicateKey(err)) throw err;
      }
    }
  }

  /** Removes the actor's own review of a call; audited. */
  async remove(actor: Actor, callId: number): Promise<void> {
    await this.call(callId);
    await transaction(this.ds, async (em) => {
      const [row] = await em.query('SELECT id FROM call_reviews WHERE call_id = ? AND reviewer_id = ?', [callId, actor.userId]);
      if (!row) throw notFound('Your review of this call');
      const before = (await this.views('WHERE r.id = ?', [Number(row.id)], em))[0];
      await em.query('DELETE FROM call_review_scores WHERE review_id = ?', [Number(row.id)]);
      await em.query('DELETE FROM call_reviews WHERE id = ?', [Number(row.id)]);
      await this.audit.record(em, actor, 'delete', 'review', Number(row.id), before, null);
    });
  }

  /** Reviews, newest first: operators get their own only; supervisors their teams' operators'. */
  async list(actor: Actor, q: ListReviewsQuery): Promise<{ items: ReviewView[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const operatorId = actor.role === 'operator' ? actor.userId : q.operatorId;
    if (operatorId !== undefined) {
      await this.assertSees(actor, operatorId);
      where.push('r.operator_id = ?');
      params.push(operatorId);
    } else if (!hasRole(actor.role, 'manager')) {
      const mine = await this.teamOperators(actor.userId);
      if (mine.length === 0) return { items: [], total: 0 };
      where.push(`r.operator_id IN (${marks(mine.length)})`);
      params.push(...mine);
    }
    if (q.from || q.to) {
      const period = reportPeriod(q, this.opts.timeZone, this.now());
      where.push('r.created_at >= ? AND r.created_at < ?');
      params.push(dbTime(this.ds.manager, period.from), dbTime(this.ds.manager, period.to));
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.ds.query(`SELECT COUNT(*) AS n FROM call_reviews r ${clause}`, params);
    const items = await this.views(`${clause} ORDER BY r.created_at DESC, r.id DESC LIMIT ${q.limit} OFFSET ${q.offset}`, params);
    return { items, total: Number(count?.n ?? 0) };
  }

  /** Per operator, reviews made in the period: how many, the average percentage and each checklist item's average percentage. */
  async report(q: Omit<ReviewsReportQuery, 'format'>): Promise<ReviewsReport> {
    const period = reportPeriod(q, this.opts.timeZone, this.now());
    const em = this.ds.manager;
    const where = ['r.created_at >= ?', 'r.created_at < ?'];
    const params: unknown[] = [dbTime(em, period.from), dbTime(em, period.to)];
    if (q.teamId !== undefined) {
      where.push('u.team_id = ?');
      params.push(q.teamId);
    }
    if (q.operatorId !== undefined) {
      where.push('r.operator_id = ?');
      params.push(q.operatorId);
    }
    const clause = `FROM call_reviews r JOIN users u ON u.id = r.operator_id WHERE ${where.join(' AND ')}`;
    const perOperator: Record<string, unknown>[] = await em.query(
      `SELECT r.operator_id AS operator_id, MAX(u.name) AS operator_name, MAX(u.team_id) AS team_id, COUNT(*) AS reviews, AVG(100.0 * r.points / r.max_points) AS avg_percent ${clause} GROUP BY r.operator_id`,
      params,
    );
    const perItem: Record<string, unknown>[] = await em.query(
      `SELECT r.operator_id AS operator_id, s.item_id AS item_id, COUNT(*) AS n, SUM(100.0 * s.points / s.max_points) AS sum_percent ${clause.replace('FROM call_reviews r', 'FROM call_reviews r JOIN call_review_scores s ON s.review_id = r.id')} GROUP BY r.operator_id, s.item_id`,
      params,
    );
    const [total] = await em.query(`SELECT COUNT(*) AS reviews, AVG(100.0 * r.points / r.max_points) AS avg_percent ${clause}`, params);

    const scored = new Set(perItem.map((r) => Number(r.item_id)));
    const checklist = (await this.checklist.list(true)).items.filter((i) => scored.has(i.id)).map((i) => ({ id: i.id, names: i.names, active: i.active }));
    const byOperator = new Map<number, Record<string, number | null>>();
    const itemTotals = new Map<number, { n: number; sum: number }>();
    for (const r of perItem) {
      const op = Number(r.operator_id);
      const item = Number(r.item_id);
      const n = Number(r.n);
      const sum = Number(r.sum_percent);
      const avgs = byOperator.get(op) ?? {};
      avgs[String(item)] = round1(sum / n);
      byOperator.set(op, avgs);
      const t = itemTotals.get(item) ?? { n: 0, sum: 0 };
      itemTotals.set(item, { n: t.n + n, sum: t.sum + sum });
    }
    const items = perOperator
      .map((r): ReviewsReportRow => ({
        operatorId: Number(r.operator_id),
        operatorName: String(r.operator_name ?? ''),
        teamId: r.team_id === null || r.team_id === undefined ? null : Number(r.team_id),
        reviews: Number(r.reviews),
        avgPercent: round1(r.avg_percent),
        items: byOperator.get(Number(r.operator_id)) ?? {},
      }))
      .sort((a, b) => a.operatorName.localeCompare(b.operatorName) || a.operatorId - b.operatorId);
    return {
      from: period.fromDay,
      to: period.toDay,
      checklist,
      items,
      total: {
        reviews: Number(total?.reviews ?? 0),
        avgPercent: round1(total?.avg_percent),
        items: Object.fromEntries([...itemTotals].map(([id, t]) => [String(id), round1(t.sum / t.n)])),
      },
    };
  }

  private async write(em: EntityManager, actor: Actor, callId: number, operatorId: number, input: ReviewInput): Promise<{ review: ReviewView; created: boolean }> {
    const active = (await this.checklist.list(false, em)).items;
    if (active.length === 0) throw new AppError(400, 'no_checklist', 'The review checklist is empty: a manager adds its items first');
    const byId = new Map(active.map((i) => [i.id, i]));
    const unknown = input.scores.filter((s) => !byId.has(s.itemId)).map((s) => s.itemId);
    const missing = active.filter((i) => !input.scores.some((s) => s.itemId === i.id)).map((i) => i.id);
    if (unknown.length || missing.length) throw new AppError(400, 'bad_scores', 'Score every active checklist item once, and no other', { unknown, missing });
    const over = input.scores.filter((s) => s.points > byId.get(s.itemId)!.maxPoints);
    if (over.length) throw new AppError(400, 'too_many_points', `An item gives at most its own points (item ${over[0]!.itemId}: at most ${byId.get(over[0]!.itemId)!.maxPoints})`, { items: over.map((s) => s.itemId) });

    const points = input.scores.reduce((sum, s) => sum + s.points, 0);
    const maxPoints = input.scores.reduce((sum, s) => sum + byId.get(s.itemId)!.maxPoints, 0);
    const now = dbTime(em, this.now());
    const comment = input.comment || null;
    const [existing] = await em.query('SELECT id FROM call_reviews WHERE call_id = ? AND reviewer_id = ?', [callId, actor.userId]);
    let id: number;
    let before: ReviewView | null = null;
    if (existing) {
      id = Number(existing.id);
      before = (await this.views('WHERE r.id = ?', [id], em))[0] ?? null;
      await em.query('UPDATE call_reviews SET operator_id = ?, points = ?, max_points = ?, comment = ?, updated_at = ? WHERE id = ?', [operatorId, points, maxPoints, comment, now, id]);
      await em.query('DELETE FROM call_review_scores WHERE review_id = ?', [id]);
    } else {
      id = insertedId(
        await em.query('INSERT INTO call_reviews (call_id, reviewer_id, operator_id, points, max_points, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
          callId, actor.userId, operatorId, points, maxPoints, comment, now, now,
        ]),
      );
    }
    const rows = input.scores.map((s) => [id, s.itemId, s.points, byId.get(s.itemId)!.maxPoints, s.comment || null]);
    await em.query(`INSERT INTO call_review_scores (review_id, item_id, points, max_points, comment) VALUES ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`, rows.flat());
    const review = (await this.views('WHERE r.id = ?', [id], em))[0]!;
    await this.audit.record(em, actor, before ? 'update' : 'create', 'review', id, before && snapshot(before), snapshot(review));
    return { review, created: !before };
  }

  private async views(tail: string, params: unknown[], em: EntityManager = this.ds.manager): Promise<ReviewView[]> {
    const rows: Record<string, unknown>[] = await em.query(`${REVIEW_SELECT} ${tail}`, params);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => Number(r.id));
    const scores: Record<string, unknown>[] = await em.query(
      `SELECT s.*, i.name_ru, i.name_uk, i.name_en FROM call_review_scores s JOIN review_items i ON i.id = s.item_id WHERE s.review_id IN (${marks(ids.length)}) ORDER BY i.position, i.id`,
      ids,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      callId: Number(r.call_id),
      call: {
        startedAt: dbDate(r.call_started_at).toISOString(),
        direction: String(r.call_direction),
        clientId: r.call_client_id === null || r.call_client_id === undefined ? null : Number(r.call_client_id),
        clientName: r.client_name === null || r.client_name === undefined ? null : String(r.client_name),
      },
      operator: { id: Number(r.operator_id), name: String(r.operator_name ?? '') },
      reviewer: { id: Number(r.reviewer_id), name: String(r.reviewer_name ?? '') },
      points: Number(r.points),
      maxPoints: Number(r.max_points),
      percent: percentOf(Number(r.points), Number(r.max_points)) ?? 0,
      comment: r.comment === null || r.comment === undefined ? null : String(r.comment),
      scores: scores
        .filter((s) => Number(s.review_id) === Number(r.id))
        .map((s) => ({
          itemId: Number(s.item_id),
          names: { ru: String(s.name_ru), uk: String(s.name_uk), en: String(s.name_en) },
          points: Number(s.points),
          maxPoints: Number(s.max_points),
          comment: s.comment === null || s.comment === undefined ? null : String(s.comment),
        })),
      createdAt: dbDate(r.created_at).toISOString(),
      updatedAt: dbDate(r.updated_at).toISOString(),
    }));
  }

  private async call(callId: number): Promise<{ id: number; operatorId: number | null }> {
    const [row] = await this.ds.query('SELECT id, operator_id FROM calls WHERE id = ?', [callId]);
    if (!row) throw notFound('Call');
    return { id: Number(row.id), operatorId: row.operator_id === null ? null : Number(row.operator_id) };
  }

  /** May the actor see reviews of this operator's calls? Their own; a supervisor's team; managers any. */
  private async assertSees(actor: Actor, operatorId: number | null): Promise<void> {
    if (hasRole(actor.role, 'manager')) return;
    if (operatorId !== null && operatorId === actor.userId) return;
    if (actor.role === 'operator') throw forbidden('Operators see the reviews of their own calls only');
    if (operatorId === null || !(await this.teamOperators(actor.userId)).includes(operatorId)) throw forbidden('This operator is not on a team you supervise');
  }

  private async assertReviews(actor: Actor, operatorId: number): Promise<void> {
    if (!hasRole(actor.role, 'supervisor')) throw forbidden('Only supervisors, managers and admins review calls');
    if (hasRole(actor.role, 'manager')) return;
    if (!(await this.teamOperators(actor.userId)).includes(operatorId)) throw forbidden('This operator is not on a team you supervise');
  }

  /** The users on the teams a supervisor leads or belongs to. */
  private async teamOperators(supervisorId: number): Promise<number[]> {
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT u.id FROM users u WHERE u.team_id IN (SELECT t.id FROM teams t WHERE t.supervisor_id = ?)
       OR u.team_id IN (SELECT s.team_id FROM users s WHERE s.id = ? AND s.team_id IS NOT NULL)`,
      [supervisorId, supervisorId],
    );
    return rows.map((r) => Number(r.id));
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}

/** What the audit keeps of a review: the scores and comments, not the joined names. */
const snapshot = (r: ReviewView) => ({
  callId: r.callId,
  operatorId: r.operator.id,
  points: r.points,
  maxPoints: r.maxPoints,
  percent: r.percent,
  comment: r.comment,
  scores: r.scores.map((s) => ({ itemId: s.itemId, points: s.points, maxPoints: s.maxPoints, comment: s.comment })),
});
