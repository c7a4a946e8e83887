import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

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
    /** Seconds an operator stays in wrap-up after a call before becoming available again; default 30. */
    WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /** Seconds between callback sweeps, the safety net behind the timers (also catches up after a restart); default 60. */
    CALLBACK_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Directory of the durable call spool: calls not yet in the database survive a stop there; default ./data/spool. */
    CALL_SPOOL_DIR: z.string().min(1).default('./data/spool'),
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
    /** 1 makes an inbound call from an unknown number create a lead; default 1. */
    CALLS_CREATE_LEADS: flag(true),
    /** 0 turns the built-in demo PBX off when no AMI_URL is set; default 1. */
    DEMO_PBX: flag(true),
    /** Twilio credentials; both or neither. */
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    TWILIO_AUTH_TOKEN: z.string().min(16, 'is too short').optional(),
    /** The URL users and webhooks reach this server at, e.g. https://crm.example.com. */
    PUBLIC_URL: url(['http:', 'https:']).optional(),
    /** First admin, created at start when the database has no users. */
    ADMIN_LOGIN: z.string().regex(/^[a-zA-Z0-9._-]{3,64}$/, 'must be 3-64 letters, digits, dots, dashes').optional(),
    ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
    /** ISO 3166 region for numbers written without a country code; default RU. */
    PHONE_DEFAULT_REGION: z
      .string()
      .default('RU')
      .refine((v) => isSupportedCountry(v), { message: 'must be a two-letter region code such as RU or UA' })
      .transform((v) => v as CountryCode),
    /** Lifetime of a login session in hours; default 12 (one long shift). */
    SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
    /** Seed demo data into an empty database; default: only when no PBX is configured. */
    DEMO_DATA: z.enum(['auto', '0', '1'], { message: 'must be auto, 0 or 1' }).default('auto'),
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
    pair('ADMIN_LOGIN', 'ADMIN_PASSWORD');
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
  createLeads: boolean;
  wrapUpMs: number;
  callbackSweepMs: number;
  /** CALL_SPOOL_DIR. */
  callSpoolDir: string;
  kpiTimeZone: string;
  serviceLevelSeconds: number;
  demoPbx: boolean;
  twilio: { accountSid: string; authToken: string } | undefined;
  publicUrl: string | undefined;
  admin: { login: string; password: string } | undefined;
  phoneRegion: CountryCode;
  sessionTtlMs: number;
  seedDemoData: boolean;
  logLevel: string;
  cookieSecure: boolean;
}>;

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
  const pbxConfigured = Boolean(e.AMI_URL || e.TWILIO_ACCOUNT_SID);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    database: parseDatabaseUrl(e.DATABASE_URL),
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    ami: e.AMI_URL ? { url: e.AMI_URL } : undefined,
    channels: { phone: e.AMI_PHONE_CHANNEL, local: e.AMI_LOCAL_CHANNEL },
    originate: { channel: e.AMI_ORIGINATE_CHANNEL, context: e.AMI_ORIGINATE_CONTEXT, timeoutMs: 30_000 },
    createLeads: e.CALLS_CREATE_LEADS,
    wrapUpMs: e.WRAP_UP_SECONDS * 1000,
    callbackSweepMs: e.CALLBACK_SWEEP_SECONDS * 1000,
    callSpoolDir: e.CALL_SPOOL_DIR,
    kpiTimeZone: e.KPI_TIMEZONE,
    serviceLevelSeconds: e.SERVICE_LEVEL_SECONDS,
    demoPbx: !e.AMI_URL && e.DEMO_PBX,
    twilio: e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN ? { accountSid: e.TWILIO_ACCOUNT_SID, authToken: e.TWILIO_AUTH_TOKEN } : undefined,
    publicUrl: e.PUBLIC_URL,
    admin: e.ADMIN_LOGIN && e.ADMIN_PASSWORD ? { login: e.ADMIN_LOGIN, password: e.ADMIN_PASSWORD } : undefined,
    phoneRegion: e.PHONE_DEFAULT_REGION,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    seedDemoData: e.DEMO_DATA === 'auto' ? !pbxConfigured : e.DEMO_DATA === '1',
    logLevel: e.LOG_LEVEL,
    cookieSecure: e.PUBLIC_URL?.startsWith('https:') ?? false,
  });
}
