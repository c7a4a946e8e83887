import { Router } from 'express';
import type { Logger } from '../../logging/logger';
import type { HealthService } from './health.service';

/** Liveness and readiness, public so that load balancers and orchestrators can probe them. */
export function healthRoutes(health: HealthService, logger?: Logger): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const { readiness, details } = await health.publicReadiness();
    if (!readiness.ready) logger?.warn({ details }, 'not ready');
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  return r;
}
