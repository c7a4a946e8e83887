import type { DataSource } from 'typeorm';
import { dateOnly } from '../clients/client.view';
import type { BirthdayView, BirthdaysView } from './task.view';

/** One day of the window: the month-day stored birthdays are matched by, the local date, how far. */
export type BirthdayDay = { md: string; date: string; daysAway: number };

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
/** The local date `n` days from `day` (YYYY-MM-DD). */
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

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
 * The month-day is compared as text: MariaDB's indexed `birthday_md` column (migration 1795500000351),
 * SQLite's SUBSTR of the 'YYYY-MM-DD' it stores. One owner's are read by the owner index (their clients)
 * and the organization index (their organizations' people); everyone's by the month-day index.
 */
export async function upcomingBirthdays(ds: DataSource, today: string, days: number, ownerId: number | null): Promise<BirthdaysView> {
  const window = birthdayWindow(today, days);
  const byMd = new Map(window.map((w) => [w.md, w]));
  const mds = [...byMd.keys()];
  const md = ds.options.type === 'mysql' ? 'c.birthday_md' : 'SUBSTR(c.birthday, 6, 5)';
  const inWindow = `c.birthday IS NOT NULL AND ${md} IN (${mds.map(() => '?').join(', ')}) AND c.deleted_at IS NULL`;
  const columns = 'SELECT c.id, c.name, c.kind, c.birthday, c.organization_id, c.owner_id, o.name AS organization_name, o.owner_id AS organization_owner_id';
  const read = (sql: string, params: unknown[]) => ds.query(`${sql} LIMIT ${MAX_ITEMS}`, params) as Promise<Record<string, unknown>[]>;
  const rows: Record<string, unknown>[] = [];
  if (ownerId === null) {
    // Day by day (the index's ranges in the window's order), so the list cut at MAX_ITEMS keeps the nearest.
    for (const day of new Set(window.map((w) => w.daysAway))) {
      const dayMds = window.filter((w) => w.daysAway === day).map((w) => w.md);
      rows.push(...(await read(`${columns} FROM clients c LEFT JOIN clients o ON o.id = c.organization_id WHERE c.birthday IS NOT NULL AND ${md} IN (${dayMds.map(() => '?').join(', ')}) AND c.deleted_at IS NULL ORDER BY c.name`, dayMds)));
      if (rows.length >= MAX_ITEMS) break;
    }
  } else {
    rows.push(...(await read(`${columns} FROM clients c LEFT JOIN clients o ON o.id = c.organization_id WHERE c.owner_id = ? AND ${inWindow}`, [ownerId, ...mds])));
    rows.push(...(await read(`${columns} FROM clients o JOIN clients c ON c.organization_id = o.id WHERE o.owner_id = ? AND c.owner_id IS NULL AND ${inWindow}`, [ownerId, ...mds])));
  }
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

