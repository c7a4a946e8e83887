import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody } from '../../http/validate';
import type { CampaignsService } from './campaigns.service';
import { createCampaignSchema, resultSchema, skipSchema } from './campaigns.schemas';

/** Campaigns: managers create and run them, supervisors watch them, their operators work them ("Next"). */
export function campaignsRoutes(campaigns: CampaignsService): Router {
  const r = Router();
  // Supervisors and above see every campaign; an operator, those they work (running or paused).
  r.get('/campaigns', async (req, res) => {
    res.json(await campaigns.list(actorOf(req)));
  });
  r.post('/campaigns', requireRole('manager'), async (req, res) => {
    res.status(201).json(await campaigns.create(actorOf(req), parseBody(createCampaignSchema, req)));
  });
  r.get('/campaigns/:id', async (req, res) => {
    res.json(await campaigns.get(idParam(req)));
  });
  for (const [verb, status] of [['start', 'running'], ['pause', 'paused'], ['stop', 'stopped']] as const) {
    r.post(`/campaigns/:id/${verb}`, requireRole('manager'), async (req, res) => {
      res.json(await campaigns.setStatus(actorOf(req), idParam(req), status));
    });
  }
  r.post('/campaigns/:id/next', async (req, res) => {
    const next = await campaigns.next(actorOf(req), idParam(req));
    if (next) res.json(next);
    else res.status(204).end();
  });
  r.post('/campaigns/:id/entries/:entryId/result', async (req, res) => {
    res.json(await campaigns.result(actorOf(req), idParam(req), idParam(req, 'entryId'), parseBody(resultSchema, req)));
  });
  r.post('/campaigns/:id/entries/:entryId/skip', async (req, res) => {
    await campaigns.skip(actorOf(req), idParam(req), idParam(req, 'entryId'), parseBody(skipSchema, req).reason);
    res.status(204).end();
  });
  return r;
}
