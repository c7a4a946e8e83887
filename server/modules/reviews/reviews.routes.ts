import { Router, type Response } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { forbidden } from '../../http/errors';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import { hasRole } from '../auth/actor';
import { sendReportFile, type ExportTable } from '../reports/report-export';
import type { ReviewChecklistService } from './review-checklist.service';
import { createItemSchema, listItemsQuery, listReviewsQuery, reorderItemsSchema, reviewBody, reviewsReportQuery, updateItemSchema } from './reviews.schemas';
import type { ReviewsReport, ReviewsService } from './reviews.service';

/** The report as files: per operator with a column per checklist item (named in English), then per item. */
export function reviewsReportTables(r: ReviewsReport): ExportTable[] {
  const itemColumns = r.checklist.map((i) => `${i.names.en} %`);
  const itemCells = (avgs: Record<string, number | null>) => r.checklist.map((i) => avgs[String(i.id)] ?? null);
  return [
    {
      name: 'operators',
      columns: ['operatorId', 'operatorName', 'teamId', 'reviews', 'avgPercent', ...itemColumns],
      rows: [...r.items.map((o) => [o.operatorId, o.operatorName, o.teamId, o.reviews, o.avgPercent, ...itemCells(o.items)]), [null, 'total', null, r.total.reviews, r.total.avgPercent, ...itemCells(r.total.items)]],
    },
    { name: 'items', columns: ['itemId', 'nameRu', 'nameUk', 'nameEn', 'avgPercent'], rows: r.checklist.map((i) => [i.id, i.names.ru, i.names.uk, i.names.en, r.total.items[String(i.id)] ?? null]) },
  ];
}

async function answer(res: Response, format: 'json' | 'csv' | 'xlsx', report: ReviewsReport): Promise<void> {
  if (format === 'json') {
    res.json(report);
    return;
  }
  try {
    await sendReportFile(res, format, `reviews-${report.from}-${report.to}`, reviewsReportTables(report));
  } catch (err) {
    if (!res.headersSent) throw err;
    res.destroy(err as Error); // half a file must not look like a whole one
  }
}

/**
 * Call reviews: the checklist (everyone reads the active items; managers see the retired ones and edit),
 * a call's reviews and the reviewer's own review of it, the reviews list and the per-operator report
 * (mounted after the report-file audit, so its files are audited like every report's).
 */
export function reviewsRoutes(checklist: ReviewChecklistService, reviews: ReviewsService): Router {
  const r = Router();
  r.get('/review-checklist', async (req, res) => {
    const { all } = parseQuery(listItemsQuery, req);
    if (all && !hasRole(actorOf(req).role, 'manager')) throw forbidden('Only managers see retired checklist items');
    res.json(await checklist.list(all));
  });
  r.post('/review-checklist', requireRole('manager'), async (req, res) => {
    res.status(201).json(await checklist.create(actorOf(req), parseBody(createItemSchema, req)));
  });
  r.put('/review-checklist/order', requireRole('manager'), async (req, res) => {
    res.json(await checklist.reorder(actorOf(req), parseBody(reorderItemsSchema, req).ids));
  });
  r.patch('/review-checklist/:id', requireRole('manager'), async (req, res) => {
    res.json(await checklist.update(actorOf(req), idParam(req), parseBody(updateItemSchema, req)));
  });
  r.get('/calls/:id/reviews', async (req, res) => {
    res.json(await reviews.forCall(actorOf(req), idParam(req)));
  });
  r.put('/calls/:id/review', requireRole('supervisor'), async (req, res) => {
    const id = idParam(req);
    const { review, created } = await reviews.upsert(actorOf(req), id, parseBody(reviewBody, req));
    res.status(created ? 201 : 200).json(review);
  });
  r.delete('/calls/:id/review', requireRole('supervisor'), async (req, res) => {
    await reviews.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });
  r.get('/reviews', async (req, res) => {
    res.json(await reviews.list(actorOf(req), parseQuery(listReviewsQuery, req)));
  });
  r.get('/reports/reviews', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(reviewsReportQuery, req);
    await answer(res, format, await reviews.report(q));
  });
  return r;
}
