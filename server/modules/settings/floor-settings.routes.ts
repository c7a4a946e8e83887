import { Router } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { parseBody } from '../../http/validate';
import { floorSettingsSchema, type FloorSettingsService } from './floor-settings.service';

/** The floor's working hours and phone regions: supervisors read them, managers change them. */
export function floorSettingsRoutes(floor: FloorSettingsService): Router {
  const r = Router();
  r.get('/settings/floor', requireRole('supervisor'), async (_req, res) => {
    res.json(await floor.get());
  });
  r.put('/settings/floor', requireRole('manager'), async (req, res) => {
    res.json(await floor.set(actorOf(req), parseBody(floorSettingsSchema, req)));
  });
  return r;
}
