import { dirname, join } from 'node:path';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { passwordProblem } from '../modules/auth/password-policy';
import { parseTrustProxy } from './trust-proxy';

/** Turns "0"/"1"/"true"/"false" into a boolean; anything else is a config error. */
const flag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false'], { message: 'must be 0, 1, true or false' })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === '1' || v === 'true'));

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** A regular expression given as text; must compile and have at least `groups` capture groups. */
const regex = (groups: number) =>
  z.string().transform((v, ctx) => {
    try {
      const re = new RegExp(v);
      if (new RegExp(`${v}|`).exec('')!.length - 1 < groups) throw new Error(`needs ${groups} capture group`);
      return re;
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `must be a regular expression (${(err as Error).message})` });
      return z.NEVER;
    }
  });

const databaseUrl = z
  .string()
  .refine((v) => /^sqlite:.+/.test(v) || /^mysql:\/\/[^/]+\/[A-Za-z0-9_$]+$/.test(v.split('?')[0] ?? ''), {
    message: 'must be sqlite:<path> or mysql://user:pass@host:3306/database',
  });

const envSchema = z
  .object({
    /** HTTP port; default 3000. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Interface to listen on; default all. */
    HOST: z.string().min(1).default('0.0.0.0'),
    /** sqlite:<path> (embedded default) or mysql://user:pass@host:3306/db (scale-out). */
    DATABASE_URL: databaseUrl.default('sqlite:./data/crm.sqlite'),
    /** redis://host:6379; unset means in-process jobs and a single realtime node. */
    REDIS_URL: url(['redis:', 'rediss:']).optional(),
    /** Prefix of every Redis key and stream this deployment uses, so several can share one Redis; default hotline. */
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, dashes or underscores').default('hotline'),
    /** ami://user:secret@host:5038; unset means the demo PBX (unless DEMO_PBX=0). */
    AMI_URL: url(['ami:']).optional(),
    /** Regular expression of operator phone channels; group 1 is the extension. Default fits PJSIP/SIP/IAX2 "TECH/101-xxxx". */
    AMI_PHONE_CHANNEL: regex(1).optional(),
    /** Regular expression of PBX plumbing channels (queue members, transfer helpers); default ^Local/. */
    AMI_LOCAL_CHANNEL: regex(0).optional(),
    /** Click-to-call: the channel that rings the operator first; {extension} is replaced. Default PJSIP/{extension}. */
    AMI_ORIGINATE_CHANNEL: z.string().regex(/^[A-Za-z0-9]+\/[^\s]*\{extension\}[^\s]*$/, 'must be like PJSIP/{extension}').default('PJSIP/{extension}'),
    /** Click-to-call: the dialplan context that dials the client once the operator answers; default click-to-call. */
    AMI_ORIGINATE_CONTEXT: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'must be a dialplan context name').default('click-to-call'),
    /** Seconds between checks of the PBX's channel list that close calls it no longer has (a lost hangup); default 60. */
    AMI_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Break and Offline in the PBX queues: pause (QueuePause; default), add-remove (QueueAdd/QueueRemove in AMI_QUEUES, Break pauses) or off. */
    AMI_QUEUE_PRESENCE: z.enum(['pause', 'add-remove', 'off'], { message: 'must be pause, add-remove or off' }).default('pause'),
    /** An operator's queue member interface; {extension} is replaced. Default PJSIP/{extension} (FreePBX: Local/{extension}@from-queue/n). */
    AMI_QUEUE_INTERFACE: z.string().regex(/^[A-Za-z0-9_]+[/:][^\s]*\{extension\}[^\s]*$/, 'must be like PJSIP/{extension}').default('PJSIP/{extension}'),
    /** Comma list of queues operators are added to and removed from (required by add-remove); with pause, only these (default: all). */
    AMI_QUEUES: z
      .string()
      .transform((v) => v.split(',').map((q) => q.trim()).filter(Boolean))
      .refine((list) => list.every((q) => /^[A-Za-z0-9_.-]{1,80}$/.test(q)), { message: 'must be a comma list of queue names' })
      .optional(),
    /** Seconds an operator whose last browser closed keeps their state (a reload comes back within it) before going offline; default 15. */
    OFFLINE_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(15),
    /** Seconds an operator stays in wrap-up after a call before becoming available again; default 30. */
    WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /** Seconds between callback sweeps, the safety net behind the timers (also catches up after a restart); default 60. */
    CALLBACK_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Directory of the durable call spool: calls not yet in the database survive a stop there; default ./data/spool. */
    CALL_SPOOL_DIR: z.string().min(1).default('./data/spool'),
    /** Where the PBX's call recordings can be read: a directory mounted from the PBX (RECORDINGS_DIR) or an HTTP base URL serving the same tree (RECORDINGS_URL). Neither, with demo data: the demo's generated recordings, in demo-recordings beside CALL_SPOOL_DIR. */
    RECORDINGS_DIR: z.string().min(1).optional(),
    RECORDINGS_URL: url(['http:', 'https:']).optional(),
    /** The PBX's own recordings directory: the start of the file names it reports, cut off to find a file under RECORDINGS_DIR/URL. Default /var/spool/asterisk/monitor. */
    RECORDINGS_PBX_ROOT: z.string().min(1).default('/var/spool/asterisk/monitor'),
    /** For calls whose events named no file: where the dialplan puts it, with {callId} (Linkedid), {yyyy}, {mm}, {dd} (the call's start in KPI_TIMEZONE), e.g. {yyyy}/{mm}/{dd}/in-{callId}.wav. */
    RECORDINGS_PATTERN: z.string().regex(/\{callId\}/, 'must contain {callId}').optional(),
    /** The floor's time zone: "today" on the wallboard starts at its midnight; default Europe/Moscow. */
    KPI_TIMEZONE: z.string().default('Europe/Moscow').refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Moscow'),
    /** Service level threshold: an inbound call answered within this many seconds counts; default 20. */
    SERVICE_LEVEL_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
    /** Currency units an operator's deals may add to revenue per 24 hours before the rest wait for a supervisor's confirmation; 0: all of them wait. Default 100000. */
    DEAL_REVIEW_THRESHOLD: z.coerce.number().min(0).max(1e12).default(100_000),
    /** 1 makes an inbound call from an unknown number create a lead; default 1. */
    CALLS_CREATE_LEADS: flag(true),
    /** 0 turns the built-in demo PBX off; it never runs beside AMI_URL, Twilio or ADMIN_LOGIN. Default 1. */
    DEMO_PBX: flag(true),
    /** Twilio credentials; both or neither. */
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, 'is too short').optional(),
    /** The hotline's Twilio number (E.164): the caller id of click-to-call; without it click-to-call through Twilio is refused. */
    TWILIO_CALLER_ID: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a number in E.164, like +74951234567').optional(),
    /** How an incoming call reaches the available operators: all at once (`simultaneous`, the default) or one after another, longest available first (`sequential`). */
    TWILIO_DIAL_MODE: z.enum(['simultaneous', 'sequential']).default('simultaneous'),
    /** Seconds an operator's phone rings before the call moves on (sequential) or gives up (simultaneous); default 20. */
    TWILIO_RING_SECONDS: z.coerce.number().int().min(5).max(120).default(20),
    /** Said to the caller before the operators' phones ring (nothing when unset). */
    TWILIO_GREETING: z.string().max(500).optional(),
    /** The voice's language for the greeting and messages (Twilio <Say language>); default ru-RU. */
    TWILIO_LANGUAGE: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'must be a language tag like ru-RU').default('ru-RU'),
    /** 1 records answered calls (both sides) and puts the recording's link on the call; default 0. */
    TWILIO_RECORD: flag(false),
    /** When nobody is available: `message` (say TWILIO_NOBODY_MESSAGE and hang up: a missed call, which opens a callback) or `voicemail` (record a message, linked to the missed call). Default message. */
    TWILIO_NOBODY: z.enum(['message', 'voicemail']).default('message'),
    TWILIO_NOBODY_MESSAGE: z.string().max(500).default('Все операторы заняты. Мы перезвоним вам в ближайшее время.'),
    /** Operators are dialled at sip:<extension>@this domain (a Twilio SIP domain) instead of their browser softphone (<Client>). */
    TWILIO_SIP_DOMAIN: z.string().regex(/^[a-z0-9.-]+$/i, 'must be a domain like hotline.sip.twilio.com').optional(),
    /** The browser softphone's access tokens: an API key (SK…) with its secret, and the TwiML app its outgoing calls use; all three or none. */
    TWILIO_API_KEY_SID: z.string().regex(/^SK[0-9a-fA-F]{32}$/, 'must look like SK followed by 32 hex digits').optional(),
    TWILIO_API_KEY_SECRET: z.string().min(16, 'is too short').optional(),
    TWILIO_TWIML_APP_SID: z.string().regex(/^AP[0-9a-fA-F]{32}$/, 'must look like AP followed by 32 hex digits').optional(),
    /** Where Twilio's REST API is (tests and proxies); default https://api.twilio.com. */
    TWILIO_API_URL: url(['http:', 'https:']).optional(),
    /** Which PBX places click-to-call when both AMI_URL and Twilio are configured; default asterisk. */
    CLICK_TO_CALL_PBX: z.enum(['asterisk', 'twilio']).default('asterisk'),
    /** The URL users and webhooks reach this server at, e.g. https://crm.example.com. */
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    /** E-mail to clients goes through this SMTP server: smtp://user:password@host:587 (STARTTLS) or smtps://…:465. Unset: no e-mail (the demo keeps its letters in memory). */
    SMTP_URL: url(['smtp:', 'smtps:']).optional(),
    /** The From of e-mail to clients, e.g. "Hotline <hello@example.com>"; default Hotline CRM <no-reply@localhost>. */
    MAIL_FROM: z.string().max(300).regex(/^[^\r\n]*@[^\r\n]+$/, 'must be an address like Hotline <hello@example.com>').default('Hotline CRM <no-reply@localhost>'),
    /** Twilio's SMS sender: a number in E.164 or a messaging service (MG…); default TWILIO_CALLER_ID. SMS needs Twilio and one of them. */
    TWILIO_SMS_FROM: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, 'must be a number in E.164 or a messaging service id (MG…)').optional(),
    /** Other web origins whose pages may use a signed-in browser's session (comma list, e.g. a separate front end);
     *  besides the server's own address and PUBLIC_URL. Default: http://localhost:5173 (Vite) when NODE_ENV=development, else none. */
    ALLOWED_ORIGINS: z
      .string()
      .transform((v, ctx) => {
        const origins = v.split(',').map((o) => o.trim()).filter(Boolean);
        for (const o of origins) {
          let parsed: URL | undefined;
          try {
            parsed = new URL(o);
          } catch {
            /* reported below */
          }
          if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== o.replace(/\/$/, '').toLowerCase()) {
            ctx.addIssue({ code: 'custom', message: `must be a comma list of origins like https://crm.example.com (not "${o}")` });
            return z.NEVER;
          }
        }
        return origins.map((o) => new URL(o).origin);
      })
      .optional(),
    /** development allows the Vite dev server's origin by default; anything else changes nothing here. */
    NODE_ENV: z.string().optional(),
    /** Reverse proxies whose X-Forwarded-For is believed: a hop count or a comma list of addresses/subnets; default none. */
    TRUST_PROXY: z.string().optional().transform((v, ctx) => {
      const parsed = parseTrustProxy(v);
      if (parsed.ok) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }),
    /** First admin, created at start when the database has no users. */
    ADMIN_LOGIN: z.string().regex(/^[a-zA-Z0-9._-]{3,64}$/, 'must be 3-64 letters, digits, dots, dashes').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
    /** ISO 3166 region for numbers written without a country code; default RU. */
    PHONE_DEFAULT_REGION: z
      .string()
      .default('RU')
      .refine((v) => isSupportedCountry(v), { message: 'must be a two-letter region code such as RU or UA' })
      .transform((v) => v as CountryCode),
    /** Regions tried in order for numbers without a country code, e.g. RU,UA; default PHONE_DEFAULT_REGION. */
    PHONE_REGIONS: z
      .string()
      .transform((v) => v.split(',').map((r) => r.trim().toUpperCase()).filter(Boolean))
      .refine((list) => list.length > 0 && list.length <= 10 && list.every((r) => isSupportedCountry(r)), { message: 'must be a comma list of two-letter region codes such as RU,UA' })
      .transform((list) => [...new Set(list)] as CountryCode[])
      .optional(),
    /** Lifetime of a login session in hours; default 12 (one long shift). */
    SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
    /** Seed demo data (demo accounts with a published password) into an empty database: auto = only when nothing
     *  production-like is set (no AMI_URL, Twilio, ADMIN_LOGIN, DEMO_PBX=0); 1 = always (tests, trials); 0 = never. */
    DEMO_DATA: z.enum(['auto', '0', '1'], { message: 'must be auto, 0 or 1' }).default('auto'),
    /** An API request not answered within this many seconds gets 503 (a hung database); default 30. */
    REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
    /** Bearer token that /metrics (Prometheus) requires on the main port; unset: no /metrics there. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** A separate port serving only /metrics without a token (bind it to a private interface); unset: none. */
    METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Interface of METRICS_PORT; default 127.0.0.1. */
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** pino level; default info. */
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    const pair = (a: keyof typeof env, b: keyof typeof env) => {
      if ((env[a] === undefined) !== (env[b] === undefined)) {
        ctx.addIssue({ code: 'custom', path: [env[a] === undefined ? a : b], message: `must be set together with ${env[a] === undefined ? b : a}` });
      }
    };
    pair('TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN');
    pair('TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET');
    pair('TWILIO_API_KEY_SID', 'TWILIO_TWIML_APP_SID');
    pair('ADMIN_LOGIN', 'ADMIN_PASSWORD');
    // The first admin's password meets the same policy as any other (not common, not built on the login).
    const adminProblem = env.ADMIN_PASSWORD && passwordProblem(env.ADMIN_PASSWORD, { login: env.ADMIN_LOGIN, name: 'Administrator' });
    if (adminProblem) ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: adminProblem.message });
    if (env.AMI_QUEUE_PRESENCE === 'add-remove' && !env.AMI_QUEUES?.length) {
      ctx.addIssue({ code: 'custom', path: ['AMI_QUEUES'], message: 'is required when AMI_QUEUE_PRESENCE is add-remove (the queues operators join and leave)' });
    }
    // A real install names its admin: demo accounts with the published password must never sit beside it.
    if (env.DEMO_DATA === '1' && env.ADMIN_LOGIN) {
      ctx.addIssue({ code: 'custom', path: ['DEMO_DATA'], message: 'cannot be 1 together with ADMIN_LOGIN (demo accounts have a published password)' });
    }
    if (env.TWILIO_ACCOUNT_SID && !env.PUBLIC_URL) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required when Twilio is configured (webhook signatures are checked against it)' });
    }
  });

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'mysql'; url: string; database: string };

export type Config = Readonly<{
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  redisPrefix: string;
  ami: { url: string } | undefined;
  channels: { phone: RegExp | undefined; local: RegExp | undefined };
  originate: { channel: string; context: string; timeoutMs: number };
  /** AMI_RECONCILE_SECONDS in ms: how often the PBX's channel list is compared with the calls in progress. */
  amiReconcileMs: number;
  /** How Break/Offline reach the PBX queues (AMI_QUEUE_PRESENCE, AMI_QUEUE_INTERFACE, AMI_QUEUES). */
  queuePresence: { mode: 'pause' | 'add-remove' | 'off'; interface: string; queues: string[] };
  /** OFFLINE_GRACE_SECONDS in ms. */
  offlineGraceMs: number;
  createLeads: boolean;
  wrapUpMs: number;
  callbackSweepMs: number;
  /** CALL_SPOOL_DIR. */
  callSpoolDir: string;
  /** Where call recordings are read (RECORDINGS_*); dir and url both unset: only Twilio's recordings play. */
  recordings: { dir: string | undefined; url: string | undefined; pbxRoot: string; pattern: string | undefined };
  /** Demo data with RECORDINGS_DIR and RECORDINGS_URL unset: the demo's generated recordings go here (beside the call spool) and are read from here. */
  demoRecordingsDir: string | undefined;
  kpiTimeZone: string;
  serviceLevelSeconds: number;
  /** DEAL_REVIEW_THRESHOLD: an operator's deals beyond it (per 24 h) are pending until a supervisor confirms them. */
  dealReviewThreshold: number;
  demoPbx: boolean;
  /** DEMO_DATA=1 was asked for explicitly: a database holding demo data may be used. */
  demoDataAllowed: boolean;
  twilio: TwilioConfig | undefined;
  /** CLICK_TO_CALL_PBX: which PBX places click-to-call when both are configured. */
  clickToCallPbx: 'asterisk' | 'twilio';
  publicUrl: string | undefined;
  /** E-mail (SMTP_URL, MAIL_FROM) and SMS (TWILIO_SMS_FROM, else the caller id) to clients. */
  messaging: { smtpUrl: string | undefined; mailFrom: string; smsFrom: string | undefined };
  /** Web origins besides the server's own and PUBLIC_URL's that may act with the session cookie (CSRF, sockets). */
  allowedOrigins: readonly string[];
  admin: { login: string; password: string } | undefined;
  phoneRegion: CountryCode;
  /** PHONE_REGIONS: the install's countries, the default region first. */
  phoneRegions: CountryCode[];
  sessionTtlMs: number;
  seedDemoData: boolean;
  logLevel: string;
  cookieSecure: boolean;
  /** TRUST_PROXY as express's 'trust proxy': 0 (nobody), a hop count, or proxy addresses/subnets. */
  trustProxy: number | string[];
  metrics: { token: string | undefined; port: number | undefined; host: string };
  requestTimeoutMs: number;
}>;

export type TwilioConfig = {
  accountSid: string;
  authToken: string;
  callerId: string | undefined;
  dialMode: 'simultaneous' | 'sequential';
  ringSeconds: number;
  greeting: string | undefined;
  language: string;
  record: boolean;
  nobody: 'message' | 'voicemail';
  nobodyMessage: string;
  sipDomain: string | undefined;
  /** The browser softphone's token signing (API key and secret) and its TwiML app; undefined: no softphone. */
  softphone: { apiKeySid: string; apiKeySecret: string; twimlAppSid: string } | undefined;
  apiUrl: string | undefined;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseDatabaseUrl(value: string): DatabaseConfig {
  if (value.startsWith('sqlite:')) return { type: 'sqlite', path: value.slice('sqlite:'.length) };
  const database = new URL(value).pathname.slice(1);
  return { type: 'mysql', url: value, database };
}

/** Parses the environment once; throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const e = result.data;
  // Demo mode only when nothing production-like is configured: a PBX, Twilio, a named admin or DEMO_PBX=0.
  const productionLike = Boolean(e.AMI_URL || e.TWILIO_ACCOUNT_SID || e.ADMIN_LOGIN);
  const demo = !productionLike && e.DEMO_PBX;
  // Demo data plays recordings out of the box; a configured recordings source is never written to.
  const demoRecordingsDir = (e.DEMO_DATA === '1' || (e.DEMO_DATA === 'auto' && demo)) && !e.RECORDINGS_DIR && !e.RECORDINGS_URL ? join(dirname(e.CALL_SPOOL_DIR), 'demo-recordings') : undefined;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    ami: e.AMI_URL ? { url: e.AMI_URL } : undefined,
    channels: { phone: e.AMI_PHONE_CHANNEL, local: e.AMI_LOCAL_CHANNEL },
    originate: { channel: e.AMI_ORIGINATE_CHANNEL, context: e.AMI_ORIGINATE_CONTEXT, timeoutMs: 30_000 },
    amiReconcileMs: e.AMI_RECONCILE_SECONDS * 1000,
    queuePresence: { mode: e.AMI_QUEUE_PRESENCE, interface: e.AMI_QUEUE_INTERFACE, queues: e.AMI_QUEUES ?? [] },
    offlineGraceMs: e.OFFLINE_GRACE_SECONDS * 1000,
    createLeads: e.CALLS_CREATE_LEADS,
    wrapUpMs: e.WRAP_UP_SECONDS * 1000,
    callbackSweepMs: e.CALLBACK_SWEEP_SECONDS * 1000,
    callSpoolDir: e.CALL_SPOOL_DIR,
    recordings: { dir: e.RECORDINGS_DIR ?? demoRecordingsDir, url: e.RECORDINGS_URL, pbxRoot: e.RECORDINGS_PBX_ROOT, pattern: e.RECORDINGS_PATTERN },
    demoRecordingsDir,
    kpiTimeZone: e.KPI_TIMEZONE,
    serviceLevelSeconds: e.SERVICE_LEVEL_SECONDS,
    dealReviewThreshold: e.DEAL_REVIEW_THRESHOLD,
    demoPbx: demo,
    demoDataAllowed: e.DEMO_DATA === '1' || (e.DEMO_DATA === 'auto' && demo),
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            callerId: e.TWILIO_CALLER_ID,
            dialMode: e.TWILIO_DIAL_MODE,
            ringSeconds: e.TWILIO_RING_SECONDS,
            greeting: e.TWILIO_GREETING,
            language: e.TWILIO_LANGUAGE,
            record: e.TWILIO_RECORD,
            nobody: e.TWILIO_NOBODY,
            nobodyMessage: e.TWILIO_NOBODY_MESSAGE,
            sipDomain: e.TWILIO_SIP_DOMAIN,
            softphone: e.TWILIO_API_KEY_SID && e.TWILIO_API_KEY_SECRET && e.TWILIO_TWIML_APP_SID ? { apiKeySid: e.TWILIO_API_KEY_SID, apiKeySecret: e.TWILIO_API_KEY_SECRET, twimlAppSid: e.TWILIO_TWIML_APP_SID } : undefined,
            apiUrl: e.TWILIO_API_URL,
          }
        : undefined,
    clickToCallPbx: e.CLICK_TO_CALL_PBX,
    publicUrl: e.PUBLIC_URL,
    messaging: { smtpUrl: e.SMTP_URL, mailFrom: e.MAIL_FROM, smsFrom: e.TWILIO_SMS_FROM ?? e.TWILIO_CALLER_ID },
    allowedOrigins: Object.freeze(e.ALLOWED_ORIGINS ?? (e.NODE_ENV === 'development' ? ['http://localhost:5173'] : [])),
    admin: e.ADMIN_LOGIN && e.ADMIN_PASSWORD ? { login: e.ADMIN_LOGIN, password: e.ADMIN_PASSWORD } : undefined,
    phoneRegion: e.PHONE_REGIONS?.[0] ?? e.PHONE_DEFAULT_REGION,
    phoneRegions: e.PHONE_REGIONS ?? [e.PHONE_DEFAULT_REGION],
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    seedDemoData: e.DEMO_DATA === 'auto' ? demo : e.DEMO_DATA === '1',
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.PUBLIC_URL?.startsWith('https:') ?? false,
    trustProxy: e.TRUST_PROXY,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
  });
}
