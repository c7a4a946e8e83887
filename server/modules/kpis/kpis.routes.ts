import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { parseBody, parseQuery } from '../../http/validate';
import { kpiTargetsSchema, type KpiTargetsService } from './kpi-targets.service';
import type { KpiHistoryService } from './kpi-history.service';
import type { KpiService } from './kpi.service';

const liveQuery = z.object({ window: z.enum(['today', '15m', '60m']).default('today') }).strict();
const intervalsQuery = z
  .object({ minutes: z.coerce.number().int().min(1).max(60).default(60), bucket: z.coerce.number().pipe(z.union([z.literal(1), z.literal(5), z.literal(15)])).default(5) })
  .strict()
  .refine((q) => q.minutes % q.bucket === 0, { message: 'minutes must be a multiple of bucket', path: ['minutes'] });
const historyQuery = z
  .object({ from: z.iso.datetime({ offset: true }).transform((s) => new Date(s)), to: z.iso.datetime({ offset: true }).transform((s) => new Date(s)) })
  .strict()
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['from'] })
  .refine((q) => q.to.getTime() - q.from.getTime() <= 366 * 86400_000, { message: 'at most a year at a time', path: ['to'] });

export function kpisRoutes(kpis: KpiService, history: KpiHistoryService, targets: KpiTargetsService, floor: () => Promise<unknown>): Router {
  const r = Router();
  r.get('/kpis/targets', requireRole('supervisor'), async (_req, res) => {
    res.json(await targets.get());
  });
  r.put('/kpis/targets', requireRole('manager'), async (req, res) => {
    res.json(await targets.set(actorOf(req), parseBody(kpiTargetsSchema, req)));
  });
  // The floor as it is now: every agent's state and the calls in progress (queue waits included).
  r.get('/floor', requireRole('supervisor'), async (_req, res) => {
    res.json(await floor());
  });
  r.get('/kpis', requireRole('supervisor'), async (req, res) => {
    res.json(await kpis.freshSnapshot(parseQuery(liveQuery, req).window));
  });
  // The floor's last hour in clock-aligned intervals: the wallboard's chart starts from it.
  r.get('/kpis/intervals', requireRole('supervisor'), (req, res) => {
    const q = parseQuery(intervalsQuery, req);
    res.json(kpis.intervals(q.minutes, q.bucket));
  });
  r.get('/kpis/history', requireRole('supervisor'), async (req, res) => {
    const q = parseQuery(historyQuery, req);
    res.json(await history.report(q.from, q.to));
  });
  return r;
}
