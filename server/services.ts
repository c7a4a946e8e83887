import type { CountryCode } from 'libphonenumber-js';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { PbxConnector } from '../telephony/call-event';
import type { TwilioConnector } from '../telephony/twilio/twilio-connector';
import { AvailableOperators } from './modules/twilio/available-operators';
import { CampaignsService } from './modules/campaigns/campaigns.service';
import { CoachingService } from './modules/coaching/coaching.service';
import { CallRecordings } from './modules/twilio/call-recordings';
import { RecordingsService } from './modules/recordings/recordings.service';
import type { Config } from './config/config';
import type { Logger } from './logging/logger';
import { AuditService } from './modules/audit/audit.service';
import { AuthService } from './modules/auth/auth.service';
import { LoginThrottle } from './modules/auth/login-throttle';
import { LateSessionEvents } from './modules/auth/session-events';
import { AgentStateService } from './modules/agents/agent-state.service';
import { PresenceTracker } from './modules/agents/presence-tracker';
import { RedisAgentStatePeers } from './modules/agents/agent-state-peers';
import { CallLogService } from './modules/calls/call-log.service';
import { CallSpool, spoolDirFor } from './modules/calls/call-spool';
import { ScreenPopService } from './modules/screenpop/screenpop.service';
import { ExtensionDirectory } from './modules/users/extension-directory';
import { LateNotifier } from './realtime/notifier';
import { InlineJobQueue } from './jobs/inline-job-queue';
import type { JobQueue } from './jobs/job-queue';
import { CallbacksService } from './modules/callbacks/callbacks.service';
import type { WrittenCall } from './modules/calls/call-log.service';
import { LeadRouter } from './modules/routing/lead-router.service';
import { KpiService } from './modules/kpis/kpi.service';
import { KpiHistoryService } from './modules/kpis/kpi-history.service';
import { KpiTargetsService } from './modules/kpis/kpi-targets.service';
import { RoutingRulesService } from './modules/routing/routing-rules.service';
import { FloorSettingsService } from './modules/settings/floor-settings.service';
import { CallsService } from './modules/calls/calls.service';
import { MyCallsService } from './modules/calls/my-calls.service';
import { AbcClassesService } from './modules/clients/abc-classes.service';
import { AbcService } from './modules/abc/abc.service';
import { ClientLookupService } from './modules/clients/client-lookup.service';
import { ClientsService } from './modules/clients/clients.service';
import { ClientExportService } from './modules/clients/client-export.service';
import { SegmentsService } from './modules/segments/segments.service';
import { DealsService } from './modules/clients/deals.service';
import { NotesService } from './modules/clients/notes.service';
import { OrganizationLinkingService } from './modules/clients/organization-linking.service';
import { HealthService, type PbxState } from './modules/health/health.service';
import { TeamsService } from './modules/teams/teams.service';
import { UsersService } from './modules/users/users.service';
import { ReadBudget } from './modules/read-budget/read-budget.service';
import { DispositionsService } from './modules/dispositions/dispositions.service';
import { ContactsDailyService } from './modules/reports/contacts-daily.service';
import { ReportsService } from './modules/reports/reports.service';
import { MyFiguresService } from './modules/my-figures/my-figures.service';
import { SourceSpendService } from './modules/reports/source-spend.service';
import { ImportsService } from './modules/imports/imports.service';
import { LeadSourcesService } from './modules/leads/lead-sources.service';
import { LeadsService } from './modules/leads/leads.service';
import { LeadThrottle, type LeadLimits } from './modules/leads/lead-throttle';
import { ClientMergeService } from './modules/duplicates/client-merge.service';
import { DuplicatesService } from './modules/duplicates/duplicates.service';
import { NameKeySubscriber } from './modules/duplicates/name-key.subscriber';
import { SoftphoneService } from './modules/softphone/softphone.service';
import { DncService } from './modules/dnc/dnc.service';
import { ReviewChecklistService } from './modules/reviews/review-checklist.service';
import { ReviewsService } from './modules/reviews/reviews.service';
import { createMessaging } from './modules/messaging/messaging.module';
import type { MessageSenders } from './modules/messaging/senders';
import { TasksService } from './modules/tasks/tasks.service';

export type Services = ReturnType<typeof createServices>;

export type ServiceDeps = {
  ds: DataSource;
  config: Pick<Config, 'phoneRegion' | 'sessionTtlMs'> & Partial<Pick<Config, 'phoneRegions' | 'createLeads' | 'wrapUpMs' | 'kpiTimeZone' | 'serviceLevelSeconds' | 'dealReviewThreshold' | 'offlineGraceMs' | 'callSpoolDir' | 'database' | 'twilio' | 'recordings'>>;
  logger: Logger;
  redis?: Redis;
  redisPrefix?: string;
  /** Timers and sweeps; in-process unless main.ts passes bull. */
  jobs?: JobQueue;
  /** The PBX connector, when one runs (click-to-call, /readyz). */
  pbx?: PbxConnector;
  /** Twilio, when configured (alone or beside Asterisk in `pbx`): its webhooks are served. */
  twilio?: TwilioConnector;
  pbxMode?: PbxState['mode'];
  /** Public lead posts per address and per source (defaults in lead-throttle.ts; the bench raises them). */
  leadLimits?: LeadLimits;
  /** E-mail and SMS to clients (main.ts makes them from SMTP_URL and Twilio); none: messaging says "not set up". */
  senders?: MessageSenders;
  /** This server's address as recipients reach it (unsubscribe links): PUBLIC_URL, else the local one. */
  baseUrl?: string;
};

/** Builds the domain services by hand (constructor injection); main.ts and the tests both start here. */
export function createServices({ ds, config, logger, redis, redisPrefix = 'hotline', pbx, twilio, pbxMode = 'none', jobs = new InlineJobQueue(logger), leadLimits, senders = {}, baseUrl = 'http://localhost:3000' }: ServiceDeps) {
  const audit = new AuditService(ds);
  // Every TypeORM write of a client's name keeps the duplicate finder's name key in step (once per data source).
  if (!ds.subscribers.some((s) => s instanceof NameKeySubscriber)) ds.subscribers.push(new NameKeySubscriber());
  // Numbers without a country code: the install's regions in order (PHONE_REGIONS, else the one default).
  // One array for every service: the floor settings change it in place when a manager saves a new list.
  const regions: CountryCode[] = [...(config.phoneRegions ?? [config.phoneRegion])];
  const lookup = new ClientLookupService(ds, regions);
  // A/B/C classes: "today" (the end of the turnover period) is the floor's day.
  const abc = new AbcClassesService(ds, logger, { timeZone: config.kpiTimeZone ?? 'Europe/Moscow' });
  // How much of the base each user reads through the lists: per node in memory, shared through Redis.
  const readBudget = new ReadBudget(ds, audit, { redis, prefix: redisPrefix, logger });
  const clients = new ClientsService(ds, audit, lookup, regions, readBudget, () => abc.scheduleRecompute());
  const directory = new ExtensionDirectory(ds);
  // Services notify people through this; main.ts attaches Socket.IO once the HTTP server exists.
  const notifier = new LateNotifier();
  // Sessions that end or change role cut their live sockets; main.ts attaches Socket.IO here too.
  const sessionEvents = new LateSessionEvents();
  // The call log's durable spool (main.ts sets CALL_SPOOL_DIR; tests without it hold calls in memory only).
  const spool = config.callSpoolDir && config.database ? new CallSpool(spoolDirFor(config.callSpoolDir, config.database), logger) : undefined;
  const callLog = new CallLogService(ds, clients, directory, logger, { createLeads: config.createLeads ?? true, region: regions, spool });
  const screenpops = new ScreenPopService(ds, lookup, directory, notifier, logger);
  // With several nodes, each tells the others the states it sets (the phone's events reach only the PBX link's node).
  const agentPeers = redis ? new RedisAgentStatePeers(redis, redisPrefix, logger) : undefined;
  const agents = new AgentStateService(ds, directory, notifier, logger, config.wrapUpMs, pbx, agentPeers);
  // Pauses made on the phone show in the product; sign-out and closed browsers make operators offline.
  pbx?.onAgentPresence?.((event) => agents.presenceFromPbx(event));
  pbx?.onConnected?.(() => void agents.restorePresence().catch((err: Error) => logger.warn({ err: err.message }, 'queue presence not restored on the PBX')));
  const presence = new PresenceTracker(ds, agents, logger, config.offlineGraceMs);
  const kpis = new KpiService(ds, directory, notifier, logger, { timeZone: config.kpiTimeZone ?? 'Europe/Moscow', slaSeconds: config.serviceLevelSeconds ?? 20, wrapUpSeconds: Math.round((config.wrapUpMs ?? 30_000) / 1000) });
  callLog.onEvent((record, event) => {
    screenpops.handle(record, event);
    agents.handle(event);
    if (event.type === 'ended') void kpis.onCallEnded(record).catch((err: Error) => logger.error({ err: err.message }, 'KPI update failed'));
  });
  // Rule changes re-plan the callbacks' routing timers (the rules service exists before the callbacks one).
  const kpiHistory = new KpiHistoryService(ds, logger, { slaSeconds: config.serviceLevelSeconds ?? 20, wrapUpSeconds: Math.round((config.wrapUpMs ?? 30_000) / 1000), timeZone: config.kpiTimeZone ?? 'Europe/Moscow' });
  // A call written or wrapped up for a day already rolled up: the history reads that day raw again.
  const invalidateHistory = (endedAts: (Date | null)[]) => {
    const days = endedAts.filter((d): d is Date => d !== null);
    if (days.length > 0) void kpiHistory.invalidate(days).catch((err: Error) => logger.error({ err: err.message }, 'KPI rollup invalidation failed'));
  };
  // The contacts report's rollup is by the day a call started: a call of a rolled-up day written late drops it.
  const contactsDaily = new ContactsDailyService(ds, logger, { timeZone: config.kpiTimeZone ?? 'Europe/Moscow' });
  const invalidateContacts = (startedAts: Date[]) => {
    if (startedAts.length > 0) void contactsDaily.invalidate(startedAts).catch((err: Error) => logger.error({ err: err.message }, 'contacts rollup invalidation failed'));
  };
  callLog.onEndedWritten((endedAts, startedAts) => {
    invalidateHistory(endedAts);
    invalidateContacts(startedAts);
  });
  const replan = () => void callbacks.rulesChanged().catch((err: Error) => logger.error({ err: err.message }, 'cannot re-plan after a rule change'));
  const floor = new FloorSettingsService(ds, audit, regions, replan);
  const routingRules = new RoutingRulesService(ds, audit, replan, () => floor.workingHours());
  const router = new LeadRouter(ds, routingRules, notifier, logger);
  const callbacks: CallbacksService = new CallbacksService(ds, audit, router, jobs, notifier, logger);
  // The manager's result codes: the KPIs count effective contacts by them, live and in the history.
  const dispositions = new DispositionsService(ds, audit);
  dispositions.onChange((items) => {
    const effective = items.filter((d) => d.effective).map((d) => d.code);
    void kpis.setEffectiveCodes(effective).catch((err: Error) => logger.error({ err: err.message }, 'KPIs not recounted after a result-code change'));
    void kpiHistory.setEffectiveCodes(effective).catch((err: Error) => logger.error({ err: err.message }, 'KPI rollup not dropped after a result-code change'));
  });
  void dispositions.all().catch((err: Error) => logger.warn({ err: err.message }, 'result codes not loaded yet'));
  callLog.onWritten((calls) => void callbacksFromCalls(callbacks, calls).catch((err: Error) => logger.error({ err: err.message }, 'callbacks from calls failed')));
  const duplicates = new DuplicatesService(ds, readBudget);
  // The do-not-call list (held in memory): click-to-call and campaigns refuse its numbers.
  const dnc = new DncService(ds, audit, regions, logger);
  const pbxState = (): PbxState => (pbx ? { mode: pbxMode, ...pbx.state() } : { mode: pbxMode, status: 'disabled' });
  // A call's result changed (the wrap-up, or a campaign's result on the call it was made for): live KPIs and rollups follow.
  const onCallResult = (endedAt: Date | null, operatorId: number | null, before: string | null, after: string | null, startedAt: Date) => {
    kpis.onDisposition(endedAt, operatorId, before, after);
    invalidateHistory([endedAt]);
    invalidateContacts([startedAt]);
  };
  const calls = new CallsService(ds, audit, regions, pbx, onCallResult, readBudget, { dispositions, callbacks }, dnc);
  // Call reviews for coaching: the manager's checklist and the supervisors' scores (periods in the floor's days).
  const reviewChecklist = new ReviewChecklistService(ds, audit);
  // Saved segments: named filters of the client base with live counts; campaigns, exports and mailings take them.
  const segments = new SegmentsService(ds, audit, clients);
  return {
    twilio,
    // Who can take a Twilio call now (read every second: the voice webhook answers from memory).
    availableOperators: new AvailableOperators(ds, logger),
    callRecordings: new CallRecordings(ds, logger),
    phoneRegions: regions,
    floor,
    audit,
    auth: new AuthService(ds, new LoginThrottle(redis, redisPrefix), audit, config.sessionTtlMs, sessionEvents),
    users: new UsersService(ds, audit, () => directory.invalidate(), sessionEvents),
    teams: new TeamsService(ds, audit),
    lookup,
    clients,
    clientExport: new ClientExportService(ds, clients, audit, (id) => segments.filterOf(id)),
    segments,
    organizationLinking: new OrganizationLinkingService(ds, audit, clients),
    abc,
    abcReports: new AbcService(ds, audit, abc),
    deals: new DealsService(ds, audit, abc, config.dealReviewThreshold),
    notes: new NotesService(ds, audit),
    calls,
    // Live coaching from the wallboard: a supervisor's phone joins an operator's call through the PBX.
    coaching: new CoachingService(ds, audit, { stateOf: (userId) => agents.stateOf(userId), liveCalls: () => callLog.live(), pbx }),
    dispositions,
    dnc,
    readBudget,
    kpis,
    kpiTargets: new KpiTargetsService(ds, audit),
    kpiHistory,
    contactsDaily,
    callLog,
    jobs,
    routingRules,
    router,
    callbacks,
    directory,
    notifier,
    sessionEvents,
    screenpops,
    myCalls: new MyCallsService(ds, screenpops),
    agents,
    presence,
    health: new HealthService(ds, redis, pbxState),
    // Reports read the effective result codes from the manager's list (in memory, see DispositionsService).
    reports: new ReportsService(ds, {
      timeZone: config.kpiTimeZone ?? 'Europe/Moscow',
      effectiveCodes: async () => [...(await dispositions.effectiveCodes())],
      outcomeCodes: async () => {
        const all = await dispositions.all(); // retired codes included: old calls keep theirs
        return { sale: all.filter((d) => d.marksSale).map((d) => d.code), lost: all.filter((d) => d.marksLost).map((d) => d.code) };
      },
      contactsDaily,
    }),
    sourceSpend: new SourceSpendService(ds, audit),
    // Office-file imports: dry runs and commits run as jobs; their progress is in the database.
    imports: new ImportsService(ds, audit, jobs, regions, logger),
    // Website leads: sources for managers, the public endpoint's clients and callbacks, its rate limits.
    leadSources: new LeadSourcesService(ds, audit),
    leads: new LeadsService(ds, clients, callbacks, regions, logger, redis, redisPrefix),
    leadThrottle: new LeadThrottle(redis, redisPrefix, leadLimits),
    // Outbound campaigns: "Next" hands each client to one operator at a time, in their local calling hours.
    campaigns: new CampaignsService(ds, audit, clients, callbacks, () => dispositions.effectiveCodes(), () => config.kpiTimeZone ?? 'Europe/Moscow', {
      blocked: async (phone) => {
        const listed = await dnc.check(phone);
        return listed.blocked ? (listed.reason ?? 'do not call') : null;
      },
      saleCodes: async () => new Set((await dispositions.all()).filter((d) => d.marksSale).map((d) => d.code)),
      originate: (actor, request) => calls.originate(actor, { number: request.number, clientId: request.clientId }),
      onCallResult,
      segment: (id) => segments.segmentOf(id),
    }),
    // Likely duplicates (same number, e-mail or name key) and merging two clients into one.
    duplicates,
    clientMerge: new ClientMergeService(ds, audit, () => {
      abc.scheduleRecompute();
      duplicates.forget();
    }),
    // The console's "My figures": the operator's own, in the floor's days, with the same effective codes.
    // The operators' browser softphone (Twilio Voice): access tokens when Twilio's API key and TwiML app are set.
    softphone: new SoftphoneService(config.twilio),
    // Call recordings: found on the PBX's mounted directory or web server, or Twilio's; who may hear which.
    recordings: new RecordingsService(ds, audit, {
      ...(config.recordings ?? { pbxRoot: '/var/spool/asterisk/monitor' }),
      timeZone: config.kpiTimeZone ?? 'Europe/Moscow',
      twilio: config.twilio && { accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiUrl: config.twilio.apiUrl },
    }, logger),
    reviewChecklist,
    reviews: new ReviewsService(ds, audit, reviewChecklist, { timeZone: config.kpiTimeZone ?? 'Europe/Moscow' }),
    // Tasks and meetings on clients, the agenda and birthdays; reminders through the job queue.
    tasks: new TasksService(ds, audit, jobs, notifier, logger, { timeZone: config.kpiTimeZone ?? 'Europe/Moscow' }),
    // E-mail and SMS to clients: templates, the card's messages, mailings to segments, opt-outs, birthday greetings.
    messaging: createMessaging({ ds, audit, clients, logger, senders, baseUrl, timeZone: config.kpiTimeZone ?? 'Europe/Moscow', segment: (id) => segments.segmentOf(id), regions }),
    myFigures: new MyFiguresService(ds, { timeZone: config.kpiTimeZone ?? 'Europe/Moscow', effectiveCodes: async () => [...(await dispositions.effectiveCodes())] }),
  };
}

/** Calls close and open callbacks: an answered outbound call keeps a promise; a missed inbound call makes one. */
async function callbacksFromCalls(callbacks: CallbacksService, calls: WrittenCall[]): Promise<void> {
  for (const c of calls) {
    if (c.clientId === null) continue;
    if (c.direction === 'outbound' && c.outcome === 'answered' && c.operatorId !== null) await callbacks.completeByCall(c.clientId, c.operatorId, c.id);
    else if (c.direction === 'inbound' && (c.outcome === 'missed' || c.outcome === 'abandoned')) await callbacks.createForMissedCall(c.clientId, c.id);
  }
}
