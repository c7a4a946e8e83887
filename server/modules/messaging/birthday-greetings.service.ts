import type { DataSource } from 'typeorm';
import { isDuplicateKey } from '../../db/db-errors';
import { lastingWrite, transaction } from '../../db/transaction';
import { MessageEntity, MessageTemplateEntity, SettingEntity } from '../../db/entities';
import { notFound } from '../../http/errors';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../logging/logger';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { MessageDelivery } from './message-delivery';
import type { BirthdaySettings } from './messaging.schemas';
import type { OptoutsService } from './optouts.service';
import { loadRecipients, type Recipient } from './recipients';
import { assertTemplateChannel, toTemplateView } from './templates.service';
import { addDays, birthdayWindow } from '../tasks/birthdays';

export const BIRTHDAY_SETTINGS_KEY = 'messaging.birthday';
const KEY = BIRTHDAY_SETTINGS_KEY;
const JOB = 'birthday.greetings';
const EVERY_MS = 15 * 60_000;
/** Greetings wait for the client's `hour` and are not sent from this local hour on (a server down all day skips the year). */
const LAST_HOUR = 21;
const DEFAULTS: BirthdaySettings = { enabled: false, channel: 'email', templateId: null, hour: 10 };

/** The local date (YYYY-MM-DD) and hour of `at` in `zone`. */
function localNow(at: Date, zone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** Whether a birthday (YYYY-MM-DD) falls on `day`: 29 February is kept on the 28th in other years (the agenda's rule). */
export const isBirthdayOn = (birthday: string, day: string): boolean => birthdayWindow(day, 1).some((w) => w.md === birthday.slice(5));

/**
 * Birthday greetings: when a manager turns them on, each client (contact people too) gets the birthday
 * template once a year, in their language, at the chosen hour of their own day (their time zone, else
 * their phone's country's, else the floor's). The year's greeting is one row (b:<year>:<client>), so
 * two nodes or two runs never greet twice.
 */
export class BirthdayGreetingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly delivery: MessageDelivery,
    private readonly optouts: OptoutsService,
    private readonly logger: Logger,
    private readonly floorZone: () => string,
  ) {}

  async start(jobs: JobQueue): Promise<void> {
    jobs.process(JOB, async () => void (await this.run()));
    await jobs.repeat(JOB, EVERY_MS, {});
  }

  async settings(): Promise<BirthdaySettings> {
    const row = await this.ds.getRepository(SettingEntity).findOneBy({ key: KEY });
    return row ? { ...DEFAULTS, ...(JSON.parse(row.value) as Partial<BirthdaySettings>) } : DEFAULTS;
  }

  async setSettings(actor: Actor, input: BirthdaySettings): Promise<BirthdaySettings> {
    await transaction(this.ds, async (em) => {
      if (input.templateId !== null) {
        const template = await em.getRepository(MessageTemplateEntity).findOneBy({ id: input.templateId });
        if (!template) throw notFound('Template');
        assertTemplateChannel(template, input.channel);
      }
      const row = await em.getRepository(SettingEntity).findOneBy({ key: KEY });
      await em.getRepository(SettingEntity).save({ key: KEY, value: JSON.stringify(input), updatedAt: new Date(), updatedById: actor.userId });
      await this.audit.record(em, actor, 'update', 'setting', KEY, row ? JSON.parse(row.value) : null, input);
    });
    return input;
  }

  /** Greets whoever's hour has come; returns how many greetings went out. */
  async run(now = new Date()): Promise<number> {
    const s = await this.settings();
    if (!s.enabled || s.templateId === null || !this.delivery.configured(s.channel)) return 0;
    const template = await this.ds.getRepository(MessageTemplateEntity).findOneBy({ id: s.templateId });
    if (!template) return 0;
    const texts = toTemplateView(template).texts;
    // Somewhere on Earth it is yesterday, today or tomorrow (UTC): the candidates' month-days, read by
    // MariaDB's month-day index (migration 1795500000351); SQLite compares the stored text.
    const monthDays = [...new Set(birthdayWindow(addDays(now.toISOString().slice(0, 10), -1), 3).map((d) => d.md))];
    const md = this.ds.options.type === 'mysql' ? 'birthday_md' : 'SUBSTR(birthday, 6, 5)';
    const ids = ((await this.ds.query(`SELECT id FROM clients WHERE birthday IS NOT NULL AND ${md} IN (${monthDays.map(() => '?').join(', ')}) AND deleted_at IS NULL`, monthDays)) as { id: number }[]).map((r) => Number(r.id));
    let sent = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const recipients = await loadRecipients(this.ds.manager, ids.slice(i, i + 500), this.floorZone());
      const due = [...recipients.values()].filter((r) => this.isDue(r, s.hour, now));
      const optedOut = await this.optouts.optedOut(s.channel, due.flatMap((r) => (s.channel === 'email' ? r.emails : r.phones)));
      for (const r of due) {
        const today = localNow(now, r.timeZone).day;
        const row = await this.claim(r, s.channel, template.id, today.slice(0, 4), now);
        if (!row) continue;
        const outcome = await this.delivery.deliver(row, r, { texts }, optedOut, { today, retry: true });
        if (outcome.status === 'sent') sent += 1;
        // Refused for now (a relay down): the row says so, and the year's key is freed for the next run.
        if (outcome.transient) await lastingWrite(this.ds, (em) => em.update(MessageEntity, { id: row.id }, { status: 'failed', error: outcome.error, dedupeKey: null }));
      }
    }
    if (sent > 0) this.logger.info({ sent }, 'birthday greetings sent');
    return sent;
  }

  private isDue(r: Recipient, hour: number, now: Date): boolean {
    if (!r.birthday) return false;
    const local = localNow(now, r.timeZone);
    return isBirthdayOn(r.birthday, local.day) && local.hour >= hour && local.hour < LAST_HOUR;
  }

  /** The year's greeting row, made once; null when it exists (sent, or being sent by another run). */
  private async claim(r: Recipient, channel: 'email' | 'sms', templateId: number, year: string, now: Date) {
    const row = { clientId: r.id, channel, toAddress: null, subject: null, body: '', language: null, status: 'sending' as const, error: null, kind: 'birthday' as const, mailingId: null, templateId, userId: null, providerId: null, dedupeKey: `b:${year}:${r.id}`, createdAt: now, claimedAt: now, sentAt: null };
    try {
      const { identifiers } = await lastingWrite(this.ds, (em) => em.insert(MessageEntity, row));
      return { id: identifiers[0]!.id as number, ...row };
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }
}
