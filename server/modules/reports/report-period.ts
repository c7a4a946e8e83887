import { dayOf, dayStartOf, nextDayStart } from '../kpis/local-days';

/** A report's period: whole local days in the floor's time zone, `toDay` included. */
export type ReportPeriod = {
  fromDay: string;
  toDay: string;
  /** The instant `fromDay` begins, local midnight. */
  from: Date;
  /** The instant the day after `toDay` begins (exclusive). */
  to: Date;
  /** The local date after `toDay` (exclusive bound for DATE columns such as deals.closed_at). */
  afterDay: string;
};

/** The instant a local date begins in `timeZone`. */
export function startOfLocalDate(day: string, timeZone: string): Date {
  // UTC noon of that date is the same local date for every offset from -12 to +11; +12..+14 are a day ahead.
  let probe = new Date(`${day}T12:00:00Z`);
  if (dayOf(probe, timeZone) > day) probe = new Date(probe.getTime() - 12 * 3600_000);
  else if (dayOf(probe, timeZone) < day) probe = new Date(probe.getTime() + 12 * 3600_000);
  return dayStartOf(probe, timeZone);
}

/** Resolves optional from/to local dates: missing `to` is today, missing `from` the first of `to`'s month. */
export function reportPeriod(q: { from?: string; to?: string }, timeZone: string, now = new Date()): ReportPeriod {
  const toDay = q.to ?? dayOf(now, timeZone);
  const fromDay = q.from ?? `${toDay.slice(0, 7)}-01`;
  const from = startOfLocalDate(fromDay, timeZone);
  const to = nextDayStart(startOfLocalDate(toDay, timeZone), timeZone);
  return { fromDay, toDay, from, to, afterDay: dayOf(to, timeZone) };
}

/**
 * How much of each calendar month (YYYY-MM) the period covers, 0..1, counted in whole local days:
 * 10 days of a 30-day month is 1/3. The sources report prorates a month's spend by it.
 */
export function monthShares(fromDay: string, toDay: string): Map<string, number> {
  const shares = new Map<string, number>();
  const start = Date.parse(`${fromDay}T00:00:00Z`);
  const end = Date.parse(`${toDay}T00:00:00Z`);
  let cursor = start;
  while (cursor <= end) {
    const d = new Date(cursor);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const monthDays = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const lastOfMonth = Date.UTC(y, m, monthDays);
    const until = Math.min(end, lastOfMonth);
    const days = Math.round((until - cursor) / 86400_000) + 1;
    shares.set(`${y}-${String(m + 1).padStart(2, '0')}`, days / monthDays);
    cursor = lastOfMonth + 86400_000;
  }
  return shares;
}
