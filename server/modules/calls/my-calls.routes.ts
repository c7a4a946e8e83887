import { Router } from 'express';
import { actorOf } from '../../http/auth.middleware';
import { idParam, parseQuery } from '../../http/validate';
import type { MyCallsService } from './my-calls.service';
import { myCallsQuery } from './my-calls.schemas';

/** The signed-in operator's own calls (mounted before the calls routes: `/calls/mine` is not an id). */
export function myCallsRoutes(myCalls: MyCallsService): Router {
  const r = Router();
  r.get('/calls/mine', async (req, res) => {
    res.json(await myCalls.today(actorOf(req), parseQuery(myCallsQuery, req)));
  });
  r.get('/calls/mine/open', async (req, res) => {
    res.json(await myCalls.open(actorOf(req), parseQuery(myCallsQuery, req)));
  });
  r.get('/calls/:id/pop', async (req, res) => {
    res.json(await myCalls.pop(actorOf(req), idParam(req)));
  });
  return r;
}
