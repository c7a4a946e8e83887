import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { parseBody } from '../../http/validate';
import { spySchema } from './coaching.schemas';
import type { CoachingService } from './coaching.service';

/** Live coaching from the wallboard (supervisors and up; the service checks whose calls). */
export function coachingRoutes(coaching: CoachingService): Router {
  const r = Router();
  r.post('/coaching/spy', requireRole('supervisor'), async (req, res) => {
    res.status(202).json(await coaching.spy(actorOf(req), parseBody(spySchema, req)));
  });
  return r;
}
