import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import type { ClientMergeService } from './client-merge.service';
import type { DuplicatesService } from './duplicates.service';
import { listDuplicatesQuery, mergeBody } from './duplicates.schemas';

/**
 * Likely duplicates and merging. Mounted before the clients' routes (/clients/duplicates is not a client id).
 * The base-wide list is for supervisors and up (it reads across the whole base); a client's own likely
 * duplicates show on its card to everyone; merging is a manager's (it deletes a client).
 */
export function duplicatesRoutes(duplicates: DuplicatesService, merges: ClientMergeService): Router {
  const r = Router();
  r.get('/clients/duplicates', requireRole('supervisor'), async (req, res) => {
    res.json(await duplicates.list(parseQuery(listDuplicatesQuery, req), actorOf(req)));
  });
  r.get('/clients/:id/duplicates', async (req, res) => {
    res.json(await duplicates.forClient(idParam(req), actorOf(req)));
  });
  r.get('/clients/:id/merge/:duplicateId', requireRole('manager'), async (req, res) => {
    res.json(await merges.preview(idParam(req), idParam(req, 'duplicateId')));
  });
  r.post('/clients/:id/merge', requireRole('manager'), async (req, res) => {
    const { duplicateId } = parseBody(mergeBody, req);
    res.json(await merges.merge(actorOf(req), idParam(req), duplicateId));
  });
  return r;
}
