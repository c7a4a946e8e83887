import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A campaign's calling window in the client's local time: "HH:MM" to "HH:MM", on ISO weekdays (1 = Monday … 7 = Sunday). */
export type CallingHours = { from: string; to: string; days: number[] };

/**
 * The zone of a number's country, for clients without a time zone of their own. A country with several
 * zones gets its most populous one (Russia: Moscow); the client's own `timezone` is the precise answer.
 */
const COUNTRY_ZONES: Record<string, string> = {
  RU: 'Europe/Moscow', UA: 'Europe/Kyiv', BY: 'Europe/Minsk', KZ: 'Asia/Almaty', UZ: 'Asia/Tashkent', MD: 'Europe/Chisinau', GE: 'Asia/Tbilisi',
  AM: 'Asia/Yerevan', AZ: 'Asia/Baku', KG: 'Asia/Bishkek', PL: 'Europe/Warsaw', DE: 'Europe/Berlin', LT: 'Europe/Vilnius', LV: 'Europe/Riga',
  EE: 'Europe/Tallinn', GB: 'Europe/London', US: 'America/New_York', IL: 'Asia/Jerusalem', TR: 'Europe/Istanbul', IN: 'Asia/Kolkata',
};

/** The zone a client is called in: their own, else their number's country's, else the floor's. */
export function clientZone(timezone: string | null, phone: string | null, fallback: string): string {
  if (timezone) return timezone;
  const country = phone ? parsePhoneNumberFromString(phone)?.country : undefined;
  return (country && COUNTRY_ZONES[country]) || fallback;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The local weekday (1–7) and minute of the day of `at` in `zone`. */
/** One formatter per zone: building one costs far more than using it, and "Next" asks for each zone every time. */
const clocks = new Map<string, Intl.DateTimeFormat>();

function localClock(at: Date, zone: string): { day: number; minute: number } {
  let clock = clocks.get(zone);
  if (!clock) clocks.set(zone, (clock = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = clock.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Whether `at` is inside the calling hours in `zone` (a window past midnight, e.g. 20:00–02:00, wraps). */
export function mayCall(hours: CallingHours, zone: string, at: Date): boolean {
  const { day, minute } = localClock(at, zone);
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  if (from <= to) return hours.days.includes(day) && minute >= from && minute < to;
  // Past midnight: the evening part is on its own day, the small hours on the day before's.
  return (minute >= from && hours.days.includes(day)) || (minute < to && hours.days.includes(day === 1 ? 7 : day - 1));
}

/** Of the zones a campaign's clients live in, those that may be called at `at`. */
export const zonesOpen = (hours: CallingHours, zones: Iterable<string>, at: Date): string[] => [...zones].filter((z) => mayCall(hours, z, at));
