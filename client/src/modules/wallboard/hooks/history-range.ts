/** A calendar day as the date inputs give it: YYYY-MM-DD, in the browser's time zone. */
export type Day = string;

/** The longest period asked for at once; the API refuses more than a year. */
export const MAX_DAYS = 365;

const pad = (n: number) => String(n).padStart(2, '0');

export const dayOf = (d: Date): Day => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** Local midnight at the start of `day`, or null for something that is not a date. */
export function startOfDay(day: Day): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getDate() === Number(m[3]) ? d : null;
}

export function addDays(day: Day, n: number): Day {
  const d = startOfDay(day) ?? new Date();
  d.setDate(d.getDate() + n);
  return dayOf(d);
}

/** The instants [from, to) of the days `first`…`last` inclusive, or null when the period is not valid. */
export function rangeOf(first: Day, last: Day): { from: string; to: string } | null {
  const from = startOfDay(first);
  const end = startOfDay(last);
  if (!from || !end || from > end) return null;
  end.setDate(end.getDate() + 1);
  if (Math.round((end.getTime() - from.getTime()) / 86_400_000) > MAX_DAYS) return null;
  return { from: from.toISOString(), to: end.toISOString() };
}
