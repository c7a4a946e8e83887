import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging/logger';
import { auditRoutes } from '../modules/audit/audit.routes';
import { callbacksRoutes } from '../modules/callbacks/callbacks.routes';
import { routingRoutes } from '../modules/routing/routing.routes';
import { kpisRoutes } from '../modules/kpis/kpis.routes';
import { authRoutes } from '../modules/auth/auth.routes';
import { callsRoutes } from '../modules/calls/calls.routes';
import { myCallsRoutes } from '../modules/calls/my-calls.routes';
import { clientsRoutes } from '../modules/clients/clients.routes';
import { healthRoutes } from '../modules/health/health.routes';
import { teamsRoutes } from '../modules/teams/teams.routes';
import { usersRoutes } from '../modules/users/users.routes';
import type { Services } from '../services';
import { authenticate } from './auth.middleware';
import { AppError, toErrorResponse } from './errors';

export type HttpAppOptions = {
  services: Services;
  logger: Logger;
  cookieSecure: boolean;
  /** Built SPA to serve (client/dist); omitted in tests and when only the API runs. */
  staticDir?: string;
  /** Number of proxies in front (X-Forwarded-For is trusted only from them). */
  trustProxy?: number;
};

export function createHttpApp({ services, logger, cookieSecure, staticDir, trustProxy = 0 }: HttpAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  // Served over plain HTTP on a LAN, upgrade-insecure-requests and HSTS would make browsers fetch every
  // asset over https and show a blank page: they are sent only when the public URL is https.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: cookieSecure ? [] : null } }, strictTransportSecurity: cookieSecure }));
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/([?&](token|password)=)[^&]*/gi, '$1[redacted]') }) },
    }),
  );
  app.use(healthRoutes(services.health));

  const api = express.Router();
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use(cookieParser());
  api.use(authRoutes(services.auth, cookieSecure));
  api.use(authenticate(services.auth));
  api.use(usersRoutes(services.users));
  api.use(teamsRoutes(services.teams));
  api.use(clientsRoutes(services));
  api.use(myCallsRoutes(services.myCalls));
  api.use(callsRoutes(services.calls));
  api.use(auditRoutes(services.audit));
  api.use(callbacksRoutes(services.callbacks));
  api.use(routingRoutes(services.routingRules, services.router));
  api.use(kpisRoutes(services.kpis, services.kpiHistory, services.kpiTargets, async () => ({ agents: (await services.users.directoryWithState()).items, calls: services.callLog.live() })));
  api.use((req: Request) => {
    throw new AppError(404, 'not_found', `No route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use('/api', api);

  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    app.use(express.static(staticDir, { index: false, maxAge: '1h' }));
    // The SPA owns every other GET path (client-side routing).
    app.get(/^\/(?!api\/|telephony\/|socket\.io\/).*/, (_req, res) => res.sendFile(join(staticDir, 'index.html')));
  }
  app.use((req: Request) => {
    throw new AppError(404, 'not_found', `No route ${req.method} ${req.path}`);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) req.log?.error({ err }, 'request failed');
    if (status === 429 && body.error.details && typeof body.error.details === 'object' && 'retryAfterSeconds' in body.error.details) {
      res.set('Retry-After', String(body.error.details.retryAfterSeconds));
    }
    res.status(status).json(body);
  });
  return app;
}
