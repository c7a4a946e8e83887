import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import { XLSX_CONTENT_TYPE } from '../exports/spreadsheet-file';
import type { AbcClassesService } from './abc-classes.service';
import { clientExportQuery, type ClientExportService } from './client-export.service';
import type { ClientsService } from './clients.service';
import { createClientSchema, createDealSchema, createNoteSchema, listClientsQuery, updateClientSchema } from './clients.schemas';
import type { DealsService } from './deals.service';
import type { NotesService } from './notes.service';

export type ClientsRoutesDeps = { clients: ClientsService; clientExport: ClientExportService; deals: DealsService; notes: NotesService; abc: AbcClassesService };

export function clientsRoutes({ clients, clientExport, deals, notes, abc }: ClientsRoutesDeps): Router {
  const r = Router();
  r.get('/clients', async (req, res) => {
    res.json(await clients.list(parseQuery(listClientsQuery, req), actorOf(req)));
  });
  r.post('/clients', async (req, res) => {
    res.status(201).json(await clients.create(actorOf(req), parseBody(createClientSchema, req)));
  });
  // Before /clients/:id. The whole base leaves the building: managers only, and audited.
  r.get('/clients/export', requireRole('manager'), async (req, res) => {
    const q = parseQuery(clientExportQuery, req);
    res.setHeader('Content-Type', q.format === 'xlsx' ? XLSX_CONTENT_TYPE : 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="clients-${new Date().toISOString().slice(0, 10)}.${q.format}"`);
    try {
      await clientExport.export(actorOf(req), q, res);
    } catch (err) {
      if (!res.headersSent) throw err;
      res.destroy(err as Error); // half a file must not look like a whole one
    }
  });
  r.post('/clients/abc/recompute', requireRole('manager'), async (_req, res) => {
    res.json(await abc.recompute());
  });
  r.get('/clients/:id', async (req, res) => {
    res.json(await clients.get(idParam(req), actorOf(req)));
  });
  r.patch('/clients/:id', async (req, res) => {
    res.json(await clients.update(actorOf(req), idParam(req), parseBody(updateClientSchema, req)));
  });
  r.delete('/clients/:id', requireRole('manager'), async (req, res) => {
    await clients.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });

  r.get('/clients/:id/deals', async (req, res) => {
    const id = idParam(req);
    await clients.get(id);
    res.json(await deals.list(id));
  });
  r.post('/clients/:id/deals', async (req, res) => {
    res.status(201).json(await deals.create(actorOf(req), idParam(req), parseBody(createDealSchema, req)));
  });
  // An operator's deal past the review threshold waits for a supervisor before it adds to revenue.
  r.post('/clients/:id/deals/:dealId/confirm', requireRole('supervisor'), async (req, res) => {
    res.json(await deals.confirm(actorOf(req), idParam(req), idParam(req, 'dealId')));
  });
  r.delete('/clients/:id/deals/:dealId', requireRole('manager'), async (req, res) => {
    await deals.remove(actorOf(req), idParam(req), idParam(req, 'dealId'));
    res.status(204).end();
  });

  r.get('/clients/:id/notes', async (req, res) => {
    const id = idParam(req);
    await clients.get(id);
    res.json(await notes.list(id));
  });
  r.post('/clients/:id/notes', async (req, res) => {
    res.status(201).json(await notes.create(actorOf(req), idParam(req), parseBody(createNoteSchema, req).body));
  });
  return r;
}
