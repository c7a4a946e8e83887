import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { Metrics } from './metrics';

const digest = (v: string) => createHash('sha256').update(v).digest();

/** GET /metrics for Prometheus, behind `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). */
export function metricsRoute(metrics: Metrics, token: string): Router {
  const r = Router();
  const expected = digest(`Bearer ${token}`);
  r.get('/metrics', async (req, res) => {
    if (!timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: { code: 'unauthorized', message: 'A metrics token is required' } });
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.text());
  });
  return r;
}
