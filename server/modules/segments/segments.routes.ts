import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody } from '../../http/validate';
import { createSegmentSchema, updateSegmentSchema } from './segments.schemas';
import type { SegmentsService } from './segments.service';

/** Saved segments: every signed-in role reads them (operators filter the client list by them); supervisors and managers keep them. */
export function segmentsRoutes(segments: SegmentsService): Router {
  const r = Router();
  r.get('/segments', async (_req, res) => {
    res.json(await segments.list());
  });
  r.get('/segments/:id', async (req, res) => {
    res.json(await segments.get(idParam(req)));
  });
  r.post('/segments', requireRole('supervisor'), async (req, res) => {
    res.status(201).json(await segments.create(actorOf(req), parseBody(createSegmentSchema, req)));
  });
  r.patch('/segments/:id', requireRole('supervisor'), async (req, res) => {
    res.json(await segments.update(actorOf(req), idParam(req), parseBody(updateSegmentSchema, req)));
  });
  r.delete('/segments/:id', requireRole('supervisor'), async (req, res) => {
    await segments.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });
  return r;
}
