/**
 * E-mail mailings (server/modules/messaging): a template sent to a segment of BENCH_CLIENTS (default
 * 20,000) clients, each with one e-mail and the tag, through the real pipeline on a throwaway MariaDB
 * database: createServices with an EmailSender (nodemailer, pooled, 4 connections) whose SMTP server is a
 * minimal smtp-server in this process that only counts what it receives (no parsing), and
 * services.messaging.mailings.start(services.jobs) as main.ts starts it. The mailing asks for the highest
 * rate (60,000 a minute).
 *
 * Figures:
 * - mailing_materialize: mailings.create (the segment's clients read page by page, one `messages` row
 *   each, in one transaction; then the view, the audit row and the first batch's job).
 * - mailing_send: from create's return to the mailing's state 'done' (polled), messages a second over that,
 *   and the SMTP server's own view (first to last message received). Every message must arrive once.
 * - mailing_progress_get: mailings.get(id) latency (what GET /api/mailings/:id does), sampled every
 *   BENCH_PROGRESS_EVERY_MS (default 100) while the mailing runs.
 * - mailing_send_parts: where a message's time goes: MessageDelivery.deliver per message (compose + SMTP +
 *   the row's UPDATE) and EmailSender.send alone (the SMTP round trip), timed by wrapping both instances'
 *   methods in this process (the server code is unchanged), and compose (template, unsubscribe link);
 *   deliver minus send minus compose is the row's UPDATE. With them the SMTP connections the server saw
 *   and this process's event-loop utilization and CPU while sending (client and SMTP server share it).
 *   Note: nodemailer's pool opens a new connection every 100 messages (maxMessages) and smtp-server waits
 *   100 ms before its greeting (early-talker check), so about 1 send in 100 takes 100 ms (the send p99).
 *
 *   bash bench/run.sh messaging
 *   BENCH_CLIENTS=100000 bash bench/run.sh messaging
 */
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../server/db/data-source';
import { createLogger } from '../server/logging/logger';
import { EmailSender } from '../server/modules/messaging/email-sender';
import { createServices } from '../server/services';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, loadAvg, round, summarize } from './lib/stats';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20_000);
const PROGRESS_EVERY_MS = Number(process.env.BENCH_PROGRESS_EVERY_MS ?? 100);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const TAG = 'рассылка';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** Replaces obj[name] (an async method) on this instance by one that records each call's duration (ms) in the returned array. */
function timeCalls<O, K extends keyof O>(obj: O, name: K): number[] {
  const durations: number[] = [];
  const original = (obj[name] as (...a: unknown[]) => Promise<unknown>).bind(obj);
  obj[name] = (async (...args: unknown[]) => {
    const t = process.hrtime.bigint();
    try {
      return await original(...args);
    } finally {
      durations.push(ms(t));
    }
  }) as O[K];
  return durations;
}

/** An SMTP server that takes every message and counts it (and its recipients); nothing is parsed or kept. */
class CountingSmtp {
  messages = 0;
  connections = 0;
  bytes = 0;
  firstAt = 0;
  lastAt = 0;
  readonly seen = new Set<string>();
  duplicates = 0;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onConnect: (_session, callback) => {
      this.connections++;
      callback();
    },
    onData: (stream, session, callback) => {
      stream.on('data', (c: Buffer) => (this.bytes += c.length));
      stream.on('end', () => {
        const now = performance.now();
        if (this.messages === 0) this.firstAt = now;
        this.lastAt = now;
        this.messages++;
        for (const r of session.envelope.rcptTo) {
          if (this.seen.has(r.address)) this.duplicates++;
          else this.seen.add(r.address);
        }
        callback();
      });
    },
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const db = await ThrowawayDatabase.create('crm_bench_messaging');
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const conn = await connect(db.name);
  const t0 = process.hrtime.bigint();
  // Clients 1..N, each with one e-mail and the tag (the Sequence engine's seq_1_to_N), as the restart test seeds them.
  await conn.query(`INSERT INTO clients (id, kind, name, name_search, stage, revenue, created_at, updated_at)
    SELECT seq, 'person', CONCAT('Клиент ', seq), CONCAT('клиент ', seq), 'customer', 0, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) FROM seq_1_to_${CLIENTS}`);
  await conn.query(`INSERT INTO client_emails (client_id, email, position) SELECT seq, CONCAT('bench', seq, '@example.com'), 0 FROM seq_1_to_${CLIENTS}`);
  await conn.query(`INSERT INTO client_tags (client_id, tag) SELECT seq, ? FROM seq_1_to_${CLIENTS}`, [TAG]);
  await conn.query("INSERT INTO users (id, login, password_hash, name, role, state, state_since, active, created_at, updated_at) VALUES (1, 'bench', 'x', 'Bench', 'manager', 'offline', UTC_TIMESTAMP(3), 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
  await conn.query('ANALYZE TABLE clients, client_emails, client_tags');
  await conn.end();
  info(`seeded ${CLIENTS.toLocaleString('en')} clients (e-mail + tag each) in ${round(ms(t0) / 1000, 1)} s`);

  const smtp = new CountingSmtp();
  const smtpUrl = await smtp.start();
  const email = new EmailSender({ smtpUrl, from: 'Hotline <hello@crm.example.test>', domain: 'crm.example.test' });
  const logger = createLogger('silent');
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 3600_000 }, logger, senders: { email }, baseUrl: 'https://crm.example.test' });

  // Where a message's time goes: the instances' methods wrapped (timing only).
  const delivery = services.messaging.delivery;
  const sendMs = timeCalls(email, 'send');
  const deliverMs = timeCalls(delivery, 'deliver');
  const composeMs = timeCalls(delivery, 'compose');

  const mailings = services.messaging.mailings;
  await mailings.start(services.jobs);
  try {
    const actor = { userId: 1, role: 'manager' as const, ip: null };
    const segment = await services.segments.create(actor, { name: 'Рассылка', filter: { tag: TAG } });
    const template = await services.messaging.templates.create(actor, {
      name: 'Новости',
      channel: 'email',
      purpose: 'general',
      texts: { ru: { subject: 'Новости для {{name}}', body: 'Здравствуйте, {{name}}!\n\nУ нас новости: этой осенью мы открыли второй офис.' } },
    });

    const load = loadAvg();
    const t1 = process.hrtime.bigint();
    const made = await mailings.create(actor, { name: 'Бенчмарк', channel: 'email', templateId: template.id, segmentId: segment.id, ratePerMinute: 60_000 });
    const materializeMs = ms(t1);
    if (made.total !== CLIENTS) throw new Error(`the mailing has ${made.total} recipients, not ${CLIENTS}`);
    emit({ bench: 'mailing_materialize', recipients: made.total, ms: round(materializeMs, 1), rows_per_s: Math.round(made.total / (materializeMs / 1000)), load_at_start: load });
    info(`materialized ${made.total.toLocaleString('en')} recipients in ${round(materializeMs / 1000, 2)} s`);

    // Progress as a manager's page polls it, until the mailing is done.
    const t2 = process.hrtime.bigint();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const getMs: number[] = [];
    let view = made;
    let lastInfo = Date.now();
    while (view.state === 'running') {
      await sleep(PROGRESS_EVERY_MS);
      const t = process.hrtime.bigint();
      view = await mailings.get(made.id);
      getMs.push(ms(t));
      if (Date.now() - lastInfo > 5000) {
        lastInfo = Date.now();
        info(`${view.sent.toLocaleString('en')} sent, ${view.queued.toLocaleString('en')} queued (${Math.round(view.sent / (ms(t2) / 1000))}/s)`);
      }
      if (ms(t2) > TIMEOUT_S * 1000) throw new Error(`not done after ${TIMEOUT_S} s: ${JSON.stringify(view)}`);
    }
    const sendS = ms(t2) / 1000;
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    if (view.state !== 'done' || view.sent !== CLIENTS || smtp.messages !== CLIENTS || smtp.duplicates !== 0) {
      throw new Error(`expected ${CLIENTS} sent once each: ${JSON.stringify({ state: view.state, sent: view.sent, failed: view.failed, skipped: view.skipped, received: smtp.messages, duplicates: smtp.duplicates })}`);
    }
    const smtpS = (smtp.lastAt - smtp.firstAt) / 1000;
    emit({
      bench: 'mailing_send',
      recipients: CLIENTS,
      rate_per_minute: made.ratePerMinute,
      total_s: round(sendS, 2),
      messages_per_s: Math.round(CLIENTS / sendS),
      smtp_first_to_last_s: round(smtpS, 2),
      smtp_messages_per_s: Math.round((CLIENTS - 1) / smtpS),
      avg_message_bytes: Math.round(smtp.bytes / smtp.messages),
      smtp_connections: smtp.connections,
      // This process (pipeline + nodemailer + the SMTP server): its event loop's busy share and CPU seconds a second.
      event_loop_utilization: round(elu.utilization),
      process_cpu_cores: round((cpu.user + cpu.system) / 1e6 / sendS),
      load_at_start: load,
    });
    emit({ bench: 'mailing_progress_get', recipients: CLIENTS, every_ms: PROGRESS_EVERY_MS, ...summarize(Float64Array.from(getMs)), load_at_start: load });
    const d = summarize(Float64Array.from(deliverMs));
    const s = summarize(Float64Array.from(sendMs));
    const c = summarize(Float64Array.from(composeMs));
    emit({
      bench: 'mailing_send_parts',
      recipients: CLIENTS,
      deliver_p50_ms: d.p50_ms, deliver_p99_ms: d.p99_ms, deliver_mean_ms: d.mean_ms,
      smtp_send_p50_ms: s.p50_ms, smtp_send_p99_ms: s.p99_ms, smtp_send_mean_ms: s.mean_ms,
      compose_mean_ms: c.mean_ms,
      // What is left of deliver: the row's UPDATE (one per message, autocommit).
      update_mean_ms: round(d.mean_ms - s.mean_ms - c.mean_ms),
      // Four workers a batch: the busy time of one worker over the wall time says how much waiting there was.
      deliver_busy_share: round((deliverMs.reduce((a, b) => a + b, 0) / 4 / 1000) / sendS),
      load_at_start: load,
    });
  } finally {
    await mailings.stop();
    await services.jobs.close();
    await email.close();
    await smtp.close();
    await ds.destroy();
  }
} finally {
  await db.drop();
}
