import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import type { CallbacksService } from './callbacks.service';
import { createCallbackSchema, listCallbacksQuery, updateCallbackSchema } from './callbacks.schemas';

export function callbacksRoutes(callbacks: CallbacksService): Router {
  const r = Router();
  r.get('/callbacks', async (req, res) => {
    res.json(await callbacks.list(actorOf(req), parseQuery(listCallbacksQuery, req)));
  });
  r.post('/callbacks', async (req, res) => {
    res.status(201).json(await callbacks.create(actorOf(req), parseBody(createCallbackSchema, req)));
  });
  r.get('/callbacks/tails', requireRole('supervisor'), async (_req, res) => {
    res.json(await callbacks.tails());
  });
  r.get('/callbacks/:id', async (req, res) => {
    res.json(await callbacks.get(idParam(req), actorOf(req)));
  });
  r.patch('/callbacks/:id', async (req, res) => {
    res.json(await callbacks.update(actorOf(req), idParam(req), parseBody(updateCallbackSchema, req)));
  });
  return r;
}
