import { Router } from 'express';
import type { HealthService } from './health.service';

/** Liveness and readiness, public so that load balancers and orchestrators can probe them. */
export function healthRoutes(health: HealthService): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const state = await health.readiness();
    res.status(state.ready ? 200 : 503).json(state);
  });
  return r;
}
