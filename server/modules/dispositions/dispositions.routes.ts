import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { forbidden } from '../../http/errors';
import { parseBody, parseQuery } from '../../http/validate';
import { hasRole } from '../auth/actor';
import { createDispositionSchema, dispositionCode, listDispositionsQuery, reorderDispositionsSchema, updateDispositionSchema } from './dispositions.schemas';
import type { DispositionsService } from './dispositions.service';

const codeParam = (req: Request) => dispositionCode.parse(req.params.code);

/** The result codes: everyone signed in reads the active list; managers see the retired ones and edit. */
export function dispositionsRoutes(dispositions: DispositionsService): Router {
  const r = Router();
  r.get('/dispositions', async (req, res) => {
    const { all } = parseQuery(listDispositionsQuery, req);
    if (all && !hasRole(actorOf(req).role, 'manager')) throw forbidden('Only managers see retired result codes');
    res.json(await dispositions.list(all));
  });
  // Names of every code, retired included, for showing old calls' results (history, reports) to anyone.
  r.get('/dispositions/names', async (_req, res) => {
    const items = (await dispositions.all()).map((d) => ({ code: d.code, names: d.names, active: d.active }));
    res.json({ items, total: items.length });
  });
  r.post('/dispositions', requireRole('manager'), async (req, res) => {
    res.status(201).json(await dispositions.create(actorOf(req), parseBody(createDispositionSchema, req)));
  });
  r.put('/dispositions/order', requireRole('manager'), async (req, res) => {
    res.json(await dispositions.reorder(actorOf(req), parseBody(reorderDispositionsSchema, req).codes));
  });
  r.patch('/dispositions/:code', requireRole('manager'), async (req, res) => {
    res.json(await dispositions.update(actorOf(req), codeParam(req), parseBody(updateDispositionSchema, req)));
  });
  return r;
}
