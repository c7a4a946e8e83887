import { existsSync } from 'node:fs';
import { join } from 'node:path';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { metricsRoute } from '../metrics/metrics.routes';
import { auditRoutes } from '../modules/audit/audit.routes';
import { callbacksRoutes } from '../modules/callbacks/callbacks.routes';
import { routingRoutes } from '../modules/routing/routing.routes';
import { kpisRoutes } from '../modules/kpis/kpis.routes';
import { myFiguresRoutes } from '../modules/my-figures/my-figures.routes';
import { dispositionsRoutes } from '../modules/dispositions/dispositions.routes';
import { abcRoutes } from '../modules/abc/abc.routes';
import { authRoutes } from '../modules/auth/auth.routes';
import { callsRoutes } from '../modules/calls/calls.routes';
import { myCallsRoutes } from '../modules/calls/my-calls.routes';
import { clientsRoutes } from '../modules/clients/clients.routes';
import { duplicatesRoutes } from '../modules/duplicates/duplicates.routes';
import { organizationsRoutes } from '../modules/clients/organizations.routes';
import { healthRoutes } from '../modules/health/health.routes';
import { phonesRoutes } from '../modules/phones/phones.routes';
import { floorSettingsRoutes } from '../modules/settings/floor-settings.routes';
import { auditReportFiles } from '../modules/reports/report-export-audit';
import { reportsRoutes } from '../modules/reports/reports.routes';
import { teamsRoutes } from '../modules/teams/teams.routes';
import { usersRoutes } from '../modules/users/users.routes';
import { importsRoutes } from '../modules/imports/imports.routes';
import { campaignsRoutes } from '../modules/campaigns/campaigns.routes';
import { coachingRoutes } from '../modules/coaching/coaching.routes';
import { leadSourcesRoutes, publicLeadsRoutes } from '../modules/leads/leads.routes';
import { twilioWebhookRoutes } from '../modules/twilio/twilio-webhooks.routes';
import { softphoneRoutes } from '../modules/softphone/softphone.routes';
import { dncRoutes } from '../modules/dnc/dnc.routes';
import { segmentsRoutes } from '../modules/segments/segments.routes';
import { recordingsRoutes } from '../modules/recordings/recordings.routes';
import { reviewsRoutes } from '../modules/reviews/reviews.routes';
import { messagingRoutes } from '../modules/messaging/messaging.routes';
import { unsubscribeRoutes } from '../modules/messaging/unsubscribe.routes';
import { smsWebhookRoutes } from '../modules/messaging/sms-webhook.routes';
import { tasksRoutes } from '../modules/tasks/tasks.routes';
import { SOFTPHONE_CSP } from '../modules/softphone/softphone.service';
import type { Services } from '../services';
import { authenticate } from './auth.middleware';
import { AppError, toErrorResponse } from './errors';
import { originPolicy, requireAllowedOrigin, type OriginOptions } from './origin-check';
import { requestDeadline } from './request-deadline';

export type HttpAppOptions = {
  services: Services;
  logger: Logger;
  cookieSecure: boolean;
  /** Built SPA to serve (client/dist); omitted in tests and when only the API runs. */
  staticDir?: string;
  /** TRUST_PROXY: proxy hops, or proxy addresses/subnets, whose X-Forwarded-For gives req.ip (default: none). */
  trustProxy?: number | string[];
  /** Web origins allowed to act with the session cookie besides the server's own (PUBLIC_URL, ALLOWED_ORIGINS). */
  origins?: OriginOptions;
  /** Demo data or the demo PBX: every page shows a banner (GET /api/meta tells the SPA). */
  demo?: boolean;
  /** Prometheus metrics: HTTP latency is observed; /metrics is served when a token protects it. */
  metrics?: Metrics;
  metricsToken?: string;
  /** An API request without an answer after this long gets 503 (default 30 s). */
  requestTimeoutMs?: number;
};

/**
 * Endpoints other sites and services post to by design (Twilio webhooks, public lead forms, mail clients' one-click unsubscribe): exempt from
 * the Origin check. They authenticate by signature or token, never by the session cookie.
 */
const CROSS_ORIGIN_PATHS = [/^\/telephony\//, /^\/api\/leads\/[^/]+\/?$/, /^\/unsubscribe\//];
const isCrossOriginByDesign = (req: Request) => CROSS_ORIGIN_PATHS.some((re) => re.test(req.path));

export function createHttpApp({ services, logger, cookieSecure, staticDir, trustProxy = 0, origins = {}, demo = false, metrics, metricsToken, requestTimeoutMs = 30_000 }: HttpAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  // Served over plain HTTP on a LAN, upgrade-insecure-requests and HSTS would make browsers fetch every
  // asset over https and show a blank page: they are sent only when the public URL is https.
  // The browser softphone's SDK talks to Twilio from the page: its hosts join the policy when it is on.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: cookieSecure ? [] : null, ...(services.softphone.status().enabled && SOFTPHONE_CSP) } }, strictTransportSecurity: cookieSecure }));
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.replace(/([?&](token|password)=)[^&]*/gi, '$1[redacted]').replace(/^(\/unsubscribe\/)[^/?]+/i, '$1[redacted]') }) },
    }),
  );
  if (metrics) app.use(metrics.http());
  // JSON answers and the SPA's files compress 3-5x; the client list and the bundles are the big ones.
  app.use(compression());
  app.use(healthRoutes(services.health, logger));
  // CSRF: a state-changing request made with the session cookie (or a login) must come from an allowed page.
  app.use(requireAllowedOrigin(originPolicy(origins), isCrossOriginByDesign));
  if (metrics && metricsToken) app.use(metricsRoute(metrics, metricsToken));
  // Twilio's webhooks: signed by Twilio (checked in the routes), never the session.
  if (services.twilio) app.use('/telephony/twilio/sms', smsWebhookRoutes(services.twilio, services.messaging.optouts, services.messaging.messages));
  if (services.twilio) app.use('/telephony/twilio', twilioWebhookRoutes(services.twilio, services.callRecordings));
  // Mailings' unsubscribe links: no sign-in, the address signed in the link.
  app.use('/unsubscribe', unsubscribeRoutes(services.messaging.tokens, services.messaging.optouts));

  const api = express.Router();
  api.use(requestDeadline(requestTimeoutMs));
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use(cookieParser());
  // Public: the login page needs to know it is a demo before anyone signs in. Nothing else is told.
  api.get('/meta', (_req, res) => {
    res.json({ demo });
  });
  api.use(authRoutes(services.auth, cookieSecure, (userId) => services.presence.signedOut(userId)));
  // Public: websites post leads with the source's token (no session; CORS for the source's origins only).
  api.use(publicLeadsRoutes(services.leadSources, services.leads, services.leadThrottle, services.phoneRegions));
  api.use(authenticate(services.auth));
  api.use(usersRoutes(services.users));
  api.use(teamsRoutes(services.teams));
  api.use(duplicatesRoutes(services.duplicates, services.clientMerge));
  api.use(clientsRoutes(services));
  api.use(organizationsRoutes(services.organizationLinking));
  api.use(myCallsRoutes(services.myCalls));
  api.use(phonesRoutes(services.phoneRegions));
  api.use(floorSettingsRoutes(services.floor));
  api.use(callsRoutes(services.calls));
  api.use(dispositionsRoutes(services.dispositions));
  api.use(auditRoutes(services.audit));
  api.use(callbacksRoutes(services.callbacks));
  api.use(routingRoutes(services.routingRules, services.router));
  api.use(auditReportFiles(services.audit));
  api.use(reportsRoutes(services.reports, services.sourceSpend));
  api.use(leadSourcesRoutes(services.leadSources, origins.publicUrl));
  api.use(abcRoutes(services.abcReports));
  api.use(myFiguresRoutes(services.myFigures));
  api.use(softphoneRoutes(services.softphone));
  api.use(importsRoutes(services.imports));
  api.use(dncRoutes(services.dnc));
  api.use(campaignsRoutes(services.campaigns));
  api.use(segmentsRoutes(services.segments));
  api.use(coachingRoutes(services.coaching));
  api.use(recordingsRoutes(services.recordings));
  api.use(reviewsRoutes(services.reviewChecklist, services.reviews));
  api.use(messagingRoutes(services.messaging));
  api.use(tasksRoutes(services.tasks));
  api.use(kpisRoutes(services.kpis, services.kpiHistory, services.kpiTargets, async () => ({ agents: (await services.users.directoryWithState()).items, calls: services.callLog.live() })));
  api.use((req: Request) => {
    throw new AppError(404, 'not_found', `No route ${req.method} ${req.baseUrl}${req.path}`);
  });
  app.use('/api', api);

  if (staticDir && existsSync(join(staticDir, 'index.html'))) {
    // Vite names every asset by its content hash: cached for a year. index.html is checked each time.
    app.use('/assets', express.static(join(staticDir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: false }));
    app.use(express.static(staticDir, { index: false, maxAge: '1h' }));
    // The SPA owns every other GET path (client-side routing).
    app.get(/^\/(?!api\/|telephony\/|socket\.io\/).*/, (_req, res) => res.set('Cache-Control', 'no-cache').sendFile(join(staticDir, 'index.html')));
  }
  app.use((req: Request) => {
    throw new AppError(404, 'not_found', `No route ${req.method} ${req.path}`);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, body } = toErrorResponse(err);
    // Already answered (the deadline passed, or a stream broke midway): log, but do not answer twice.
    if (res.headersSent) {
      if (status >= 500) req.log?.error({ err }, 'request failed after its answer');
      return;
    }
    if (status >= 500) req.log?.error({ err }, 'request failed');
    if (status === 429 && body.error.details && typeof body.error.details === 'object' && 'retryAfterSeconds' in body.error.details) {
      res.set('Retry-After', String(body.error.details.retryAfterSeconds));
    }
    res.status(status).json(body);
  });
  return app;
}
