import type { DataSource } from 'typeorm';

const DAY = 86400_000;

/**
 * [from, to) cut into consecutive slices of about `daysPerSlice` days (at most `max`), for a report whose rows
 * add up (counts and sums by some key) to read a long period as several statements side by side: on MySQL or
 * MariaDB each runs on its own pooled connection and server thread, so a 90-day scan of millions of calls
 * takes a fraction of one statement's time. SQLite (one connection) reads it whole.
 */
export function periodSlices(ds: DataSource, from: Date, to: Date, daysPerSlice = 10, max = 4): { from: Date; to: Date }[] {
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  const span = to.getTime() - from.getTime();
  const n = mysql ? Math.max(1, Math.min(max, Math.ceil(span / (daysPerSlice * DAY)))) : 1;
  const cuts = Array.from({ length: n + 1 }, (_, i) => (i === 0 ? from : i === n ? to : new Date(from.getTime() + Math.round((span * i) / n))));
  return cuts.slice(0, n).map((f, i) => ({ from: f, to: cuts[i + 1]! }));
}
