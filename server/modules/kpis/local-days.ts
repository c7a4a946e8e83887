/** Days in the floor's time zone: "today", the history's whole days, the daily rollup's rows. */

// One formatter per zone and purpose: building an Intl.DateTimeFormat costs ~90 µs, more than a KPI update.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The day of a moment in a time zone, as YYYY-MM-DD. */
export function dayOf(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) dayFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return format.format(at);
}

/** How far the zone's wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(at: Date, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    clockFormats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the local day containing `at` begins (a DST change makes some days 23 or 25 hours long). */
export function dayStartOf(at: Date, timeZone: string): Date {
  const day = dayOf(at, timeZone);
  const [y, m, d] = day.split('-').map(Number);
  const midnight = Date.UTC(y!, m! - 1, d!);
  // Midnight's offset can differ from the offset a few hours later: settle it in two steps.
  let start = midnight - offsetMs(new Date(midnight), timeZone);
  start = midnight - offsetMs(new Date(start), timeZone);
  // Where clocks jump forward at midnight (Santiago, Havana) there is no 00:00: the day starts at 01:00.
  while (dayOf(new Date(start), timeZone) < day) start += 15 * 60_000;
  return new Date(start);
}

/** The start of the local day after the one that starts at `dayStart`. */
export const nextDayStart = (dayStart: Date, timeZone: string): Date => dayStartOf(new Date(dayStart.getTime() + 36 * 3600_000), timeZone);
