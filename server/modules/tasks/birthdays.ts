import type { DataSource } from 'typeorm';
import { dateOnly } from '../clients/client.view';
import type { BirthdayView, BirthdaysView } from './task.view';

/** One day of the window: the month-day stored birthdays are matched by, the local date, how far. */
export type BirthdayDay = { md: string; date: string; daysAway: number };

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

/**
 * The month-days of `days` local dates from `today` on (the year wraps: 30 Dec + 5 days reaches 3 Jan).
 * In a year without 29 February, those born on it are greeted on the 28th.
 */
export function birthdayWindow(today: string, days: number): BirthdayDay[] {
  const out: BirthdayDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(today, i);
    const md = date.slice(5);
    out.push({ md, date, daysAway: i });
    if (md === '02-28' && !isLeap(Number(date.slice(0, 4)))) out.push({ md: '02-29', date, daysAway: i });
  }
  return out;
}

/** At most this many people are listed (a window of a month over a big base). */
const MAX_ITEMS = 500;

/**
 * Clients and contact people whose birthday falls in the window, for one owner (a contact person without
 * an owner of their own counts as their organization's owner's) or for everyone (`ownerId` null).
 * The month-day is compared as text: a DATE reads as 'YYYY-MM-DD' in SUBSTR on MariaDB and SQLite alike.
 * One owner's clients are found by the owner index; everyone's is one scan of the base (see bench/tasks.bench.ts).
 */
export async function upcomingBirthdays(ds: DataSource, today: string, days: number, ownerId: number | null): Promise<BirthdaysView> {
  const window = birthdayWindow(today, days);
  const byMd = new Map(window.map((w) => [w.md, w]));
  const params: unknown[] = [...byMd.keys()];
  let owner = '';
  if (ownerId !== null) {
    owner = ' AND (c.owner_id = ? OR (c.owner_id IS NULL AND o.owner_id = ?))';
    params.push(ownerId, ownerId);
  }
  const rows = (await ds.query(
    `SELECT c.id, c.name, c.kind, c.birthday, c.organization_id, c.owner_id, o.name AS organization_name, o.owner_id AS organization_owner_id
       FROM clients c LEFT JOIN clients o ON o.id = c.organization_id
      WHERE c.birthday IS NOT NULL AND SUBSTR(c.birthday, 6, 5) IN (${[...byMd.keys()].map(() => '?').join(', ')}) AND c.deleted_at IS NULL${owner}
      LIMIT ${MAX_ITEMS * 2}`,
    params,
  )) as Record<string, unknown>[];
  const items: BirthdayView[] = [];
  for (const r of rows) {
    const birthday = dateOnly(r.birthday)!;
    const w = byMd.get(birthday.slice(5));
    if (!w) continue;
    const year = Number(birthday.slice(0, 4));
    items.push({
      clientId: Number(r.id),
      name: String(r.name),
      kind: String(r.kind),
      organizationId: r.organization_id === null || r.organization_id === undefined ? null : Number(r.organization_id),
      organizationName: r.organization_name === null || r.organization_name === undefined ? null : String(r.organization_name),
      birthday,
      date: w.date,
      daysAway: w.daysAway,
      turns: year >= 1900 && year < Number(w.date.slice(0, 4)) ? Number(w.date.slice(0, 4)) - year : null,
      ownerId: r.owner_id !== null && r.owner_id !== undefined ? Number(r.owner_id) : r.organization_owner_id !== null && r.organization_owner_id !== undefined ? Number(r.organization_owner_id) : null,
    });
  }
  items.sort((a, b) => a.daysAway - b.daysAway || a.name.localeCompare(b.name));
  return { today, days, items: items.slice(0, MAX_ITEMS) };
}

