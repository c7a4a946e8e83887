import type { DataSource } from 'typeorm';
import { dayOf } from '../kpis/local-days';
import type { EffectiveCodes } from '../reports/effective-codes';
import { startOfLocalDate } from '../reports/report-period';
import { tailsReport } from '../reports/tails.report';
import { bandSelects, bandsOf, TALK_BAND_VERDICT, TALK_BANDS, type TalkBand, type TalkBandCounts } from '../reports/talk-bands';
import type { MyFiguresWindow } from './my-figures.schemas';

/** An operator's own figures for today or this week (local Monday 00:00 to now). */
export type MyFigures = {
  window: MyFiguresWindow;
  /** [from, to): the window's start (local midnight) and now, ISO 8601 UTC. */
  from: string;
  to: string;
  /** Inbound calls they answered and outbound calls they placed (answered or not); internal calls aside. */
  calls: number;
  /** Contacts: those of their calls that were answered. */
  answered: number;
  /** Contacts wrapped up with an effective result code. */
  effective: number;
  /** effective ÷ contacts, 0..1 (4 decimals); null without contacts. */
  effectiveShare: number | null;
  avgTalkSeconds: number | null;
  /** Contacts by talk length, in the bands of talk-bands.ts. */
  bands: TalkBandCounts;
  /** The bands themselves, in order (seconds, `toSeconds` null = open-ended) with how the floor reads each. */
  bandScale: { key: TalkBand; fromSeconds: number; toSeconds: number | null; verdict: (typeof TALK_BAND_VERDICT)[TalkBand] }[];
  /** Their own pending callbacks due more than `days` days ago. */
  tails: { days: number; count: number; oldestDueAt: string | null };
};

export type MyFiguresOptions = {
  /** KPI_TIMEZONE: where today and the week begin. */
  timeZone: string;
  effectiveCodes: EffectiveCodes;
  now?: () => Date;
};

const TAIL_DAYS = 3;
const n = (v: unknown) => Number(v ?? 0);

/**
 * The console's "My figures": what the contacts report says of one operator, for today or the week, with
 * the contact-length bands and their tails. One grouped statement over their calls (the (operator_id,
 * started_at) index) and the tails report narrowed to them; the operator is always the caller.
 */
export class MyFiguresService {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: MyFiguresOptions,
  ) {}

  /** When the window starts: today's local midnight, or the local Monday's. */
  windowStart(window: MyFiguresWindow, now: Date): Date {
    const today = dayOf(now, this.opts.timeZone);
    if (window === 'today') return startOfLocalDate(today, this.opts.timeZone);
    const back = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // days since Monday
    const monday = new Date(Date.parse(`${today}T00:00:00Z`) - back * 86400_000).toISOString().slice(0, 10);
    return startOfLocalDate(monday, this.opts.timeZone);
  }

  async of(userId: number, window: MyFiguresWindow): Promise<MyFigures> {
    const now = this.opts.now?.() ?? new Date();
    const from = this.windowStart(window, now);
    const codes = await this.opts.effectiveCodes();
    const talk = "(CASE WHEN k.outcome = 'answered' THEN k.talk_seconds END)";
    const qb = this.ds
      .createQueryBuilder()
      .select('COUNT(*)', 'calls')
      .addSelect("SUM(CASE WHEN k.outcome = 'answered' THEN 1 ELSE 0 END)", 'answered')
      .addSelect(codes.length > 0 ? "SUM(CASE WHEN k.outcome = 'answered' AND k.disposition IN (:...codes) THEN 1 ELSE 0 END)" : '0', 'effective')
      .addSelect(`SUM(COALESCE(${talk}, 0))`, 'talk')
      .addSelect(`COUNT(${talk})`, 'talked')
      .from('calls', 'k')
      .where('k.operator_id = :userId', { userId })
      .andWhere('k.started_at >= :from AND k.started_at < :to', { from, to: now })
      .andWhere("k.direction IN ('inbound', 'outbound')");
    if (codes.length > 0) qb.setParameter('codes', [...codes]);
    for (const b of bandSelects(talk)) qb.addSelect(b.sql, b.alias);
    const row: Record<string, unknown> = (await qb.getRawOne()) ?? {};
    const answered = n(row.answered);
    const effective = n(row.effective);
    const tails = await tailsReport(this.ds, { days: TAIL_DAYS, operatorId: userId }, now);
    const mine = tails.items.find((i) => i.assigneeId === userId);
    return {
      window,
      from: from.toISOString(),
      to: now.toISOString(),
      calls: n(row.calls),
      answered,
      effective,
      effectiveShare: answered > 0 ? Math.round((effective / answered) * 10_000) / 10_000 : null,
      avgTalkSeconds: n(row.talked) > 0 ? Math.round(n(row.talk) / n(row.talked)) : null,
      bands: bandsOf(row),
      bandScale: TALK_BANDS.map((b) => ({ key: b.key, fromSeconds: b.fromSeconds, toSeconds: b.toSeconds, verdict: TALK_BAND_VERDICT[b.key] })),
      tails: { days: TAIL_DAYS, count: mine?.count ?? 0, oldestDueAt: mine?.oldestDueAt ?? null },
    };
  }
}
