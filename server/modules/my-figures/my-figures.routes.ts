import { Router } from 'express';
import { actorOf } from '../../http/auth.middleware';
import { parseQuery } from '../../http/validate';
import { myFiguresQuery } from './my-figures.schemas';
import type { MyFiguresService } from './my-figures.service';

/** The signed-in user's own figures (any role; mounted before the supervisors' /kpis routes). */
export function myFiguresRoutes(figures: MyFiguresService): Router {
  const r = Router();
  r.get('/kpis/me', async (req, res) => {
    const { window } = parseQuery(myFiguresQuery, req);
    res.json(await figures.of(actorOf(req).userId, window));
  });
  return r;
}
