import { Router } from 'express';
import { actorOf } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import type { CallsService } from './calls.service';
import { listCallsQuery, originateSchema, wrapUpSchema } from './calls.schemas';

export function callsRoutes(calls: CallsService): Router {
  const r = Router();
  r.get('/calls', async (req, res) => {
    res.json(await calls.list(parseQuery(listCallsQuery, req), actorOf(req)));
  });
  r.post('/calls/originate', async (req, res) => {
    res.status(202).json(await calls.originate(actorOf(req), parseBody(originateSchema, req)));
  });
  r.get('/calls/:id', async (req, res) => {
    res.json(await calls.get(idParam(req)));
  });
  r.patch('/calls/:id', async (req, res) => {
    res.json(await calls.wrapUp(actorOf(req), idParam(req), parseBody(wrapUpSchema, req)));
  });
  return r;
}
