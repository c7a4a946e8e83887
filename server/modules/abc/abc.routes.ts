import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { parseBody, parseQuery } from '../../http/validate';
import { sendReportFile } from '../reports/report-export';
import { abcMovementQuery, abcReportQuery, abcSettingsSchema } from './abc.schemas';
import type { AbcService } from './abc.service';

/** A/B/C settings (read: supervisor+, change: manager+) and the A/B/C reports (supervisor+), each also as CSV or XLSX. */
export function abcRoutes(abc: AbcService): Router {
  const r = Router();
  r.get('/settings/abc', requireRole('supervisor'), async (_req, res) => {
    res.json(await abc.getSettings());
  });
  r.put('/settings/abc', requireRole('manager'), async (req, res) => {
    res.json(await abc.setSettings(actorOf(req), parseBody(abcSettingsSchema, req)));
  });
  r.get('/reports/abc', requireRole('supervisor'), async (req, res) => {
    const q = parseQuery(abcReportQuery, req);
    const s = await abc.summary(q);
    if (q.format === 'json') return void res.json(s);
    await sendReportFile(res, q.format, `abc-${s.from}-${s.to}`, [
      {
        name: 'ABC',
        columns: ['class', 'clients', 'turnover', 'share', 'avgPerClient'],
        rows: [...s.classes.map((c) => [c.class, c.clients, c.turnover, Math.round(c.share * 10000) / 10000, c.avgPerClient]), ['none', s.unclassified, 0, 0, 0]],
      },
    ]);
  });
  r.get('/reports/abc/matrix', requireRole('supervisor'), async (req, res) => {
    const q = parseQuery(abcReportQuery, req);
    const m = await abc.matrix(q);
    if (q.format === 'json') return void res.json(m);
    await sendReportFile(res, q.format, `abc-matrix-${m.from}-${m.to}`, [
      { name: 'Matrix', columns: ['class', 'potential', 'clients', 'turnover'], rows: m.cells.map((c) => [c.class ?? 'none', c.potential ?? 'none', c.clients, c.turnover]) },
    ]);
  });
  r.get('/reports/abc/movement', requireRole('supervisor'), async (req, res) => {
    const q = parseQuery(abcMovementQuery, req);
    const m = await abc.movement(q);
    if (q.format === 'json') return void res.json(m);
    // The clients who fell out of A first: the CSV (one table) is that list; the XLSX has the pairs too.
    await sendReportFile(res, q.format, `abc-movement-${m.period2.from}-${m.period2.to}`, [
      { name: 'Fell out of A', columns: ['clientId', 'name', 'turnover1', 'class2', 'turnover2'], rows: m.fellOutOfA.items.map((i) => [i.clientId, i.name, i.turnover1, i.class2 ?? 'none', i.turnover2]) },
      { name: 'Movement', columns: ['from', 'to', 'clients'], rows: m.pairs.map((p) => [p.from ?? 'none', p.to ?? 'none', p.clients]) },
    ]);
  });
  return r;
}
