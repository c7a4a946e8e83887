import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import { sendRecording } from './recording-stream';
import { recordingSettingsSchema, type RecordingsService } from './recordings.service';

const recordingQuery = z.object({ download: z.enum(['0', '1']).optional() }).strict();

/**
 * A call's recording through the API, with the session: play and seek (HTTP range requests), download for
 * supervisors and above. The retention is the manager's.
 */
export function recordingsRoutes(recordings: RecordingsService): Router {
  const r = Router();
  r.get('/calls/:id/recording', async (req, res) => {
    const download = parseQuery(recordingQuery, req).download === '1';
    // A player asks again for each seek: only the start of a playback is a "listen" in the audit log.
    const range = req.headers.range;
    const first = !range || /^bytes=0-/.test(range);
    const where = await recordings.open(actorOf(req), idParam(req), { download, first });
    await sendRecording(req, res, where, download);
  });
  r.get('/recordings/settings', requireRole('manager'), async (_req, res) => {
    res.json(await recordings.settings());
  });
  r.put('/recordings/settings', requireRole('manager'), async (req, res) => {
    res.json(await recordings.setSettings(actorOf(req), parseBody(recordingSettingsSchema, req)));
  });
  return r;
}
