import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import { XLSX_CONTENT_TYPE } from '../exports/spreadsheet-file';
import type { CampaignsService } from './campaigns.service';
import { createCampaignSchema, exportCampaignQuery, resultSchema, skipSchema, updateCampaignSchema } from './campaigns.schemas';

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
  r.patch('/campaigns/:id', requireRole('manager'), async (req, res) => {
    res.json(await campaigns.update(actorOf(req), idParam(req), parseBody(updateCampaignSchema, req)));
  });
  // Progress per operator and the results' distribution: the supervisor's live view.
  r.get('/campaigns/:id/stats', requireRole('supervisor'), async (req, res) => {
    await campaigns.get(idParam(req)); // 404 for a campaign that is not there
    res.json(await campaigns.report.stats(idParam(req)));
  });
  r.get('/campaigns/:id/export', requireRole('manager'), async (req, res) => {
    const { format } = parseQuery(exportCampaignQuery, req);
    const id = idParam(req);
    await campaigns.get(id);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="campaign-${id}-results.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    await campaigns.report.export(actorOf(req), id, format, res);
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
  // "Call": the operator's phone, then the client's number (click-to-call; 403 for a do-not-call number).
  r.post('/campaigns/:id/entries/:entryId/call', async (req, res) => {
    res.status(202).json(await campaigns.call(actorOf(req), idParam(req), idParam(req, 'entryId')));
  });
  r.post('/campaigns/:id/entries/:entryId/skip', async (req, res) => {
    await campaigns.skip(actorOf(req), idParam(req), idParam(req, 'entryId'), parseBody(skipSchema, req).reason);
    res.status(204).end();
  });
  return r;
}
