import { Router } from 'express';
import { requireRole } from '../../http/auth.middleware';
import type { SoftphoneService } from './softphone.service';

/** The browser softphone: whether the console shows it, and the signed-in operator's Twilio access token. */
export function softphoneRoutes(softphone: SoftphoneService): Router {
  const r = Router();
  r.get('/softphone', requireRole('operator'), (_req, res) => {
    res.json(softphone.status());
  });
  r.get('/softphone/token', requireRole('operator'), (req, res) => {
    // requireRole has checked the session. A bearer credential: no cache, no intermediary keeps it.
    res.set('Cache-Control', 'no-store').json(softphone.tokenFor(req.session!.user.extension));
  });
  return r;
}
