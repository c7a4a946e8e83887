import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody } from '../../http/validate';
import { createTeamSchema, updateTeamSchema, type TeamsService } from './teams.service';

export function teamsRoutes(teams: TeamsService): Router {
  const r = Router();
  r.get('/teams', async (_req, res) => {
    res.json(await teams.list());
  });
  r.post('/teams', requireRole('manager'), async (req, res) => {
    res.status(201).json(await teams.create(actorOf(req), parseBody(createTeamSchema, req)));
  });
  r.patch('/teams/:id', requireRole('manager'), async (req, res) => {
    res.json(await teams.update(actorOf(req), idParam(req), parseBody(updateTeamSchema, req)));
  });
  return r;
}
