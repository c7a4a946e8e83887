import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from './i18n';

const INTL_LOCALE: Record<Language, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB' };

export type Formatters = ReturnType<typeof createFormatters>;

const EMPTY = '—';

function createFormatters(locale: string) {
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const compactFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const timeFmt = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  // Calendar dates (YYYY-MM-DD) have no time zone: format them as UTC so they never shift a day.
  const calendarFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const integerFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const wholeMoneyFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const centsMoneyFmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const minutesFmt = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  const secondsFmt = new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', unitDisplay: 'long' });
  const relativeFmt = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });

  return {
    locale,
    /** An instant (ISO 8601) in the browser's time zone. */
    dateTime: (iso: string | null) => (iso ? dateTimeFmt.format(new Date(iso)) : EMPTY),
    /** The same, compact, for table cells. */
    compactDateTime: (iso: string | null) => (iso ? compactFmt.format(new Date(iso)) : EMPTY),
    date: (iso: string | null) => (iso ? dateFmt.format(new Date(iso)) : EMPTY),
    /** The time of day of an instant, in the browser's time zone. */
    time: (iso: string | null) => (iso ? timeFmt.format(new Date(iso)) : EMPTY),
    /** A calendar date as the API sends it: YYYY-MM-DD. */
    calendarDate: (ymd: string | null) => (ymd ? calendarFmt.format(new Date(`${ymd}T00:00:00Z`)) : EMPTY),
    integer: (n: number) => integerFmt.format(n),
    /** An amount in currency units (the API does not name the currency): kopecks only when there are some. */
    money: (n: number) => (Number.isInteger(n) ? wholeMoneyFmt : centsMoneyFmt).format(n),
    /** Seconds as m:ss or h:mm:ss. */
    duration: (seconds: number | null) => {
      if (seconds === null) return EMPTY;
      const s = Math.max(0, Math.round(seconds));
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      const ss = String(s % 60).padStart(2, '0');
      return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
    },
    /** An instant relative to `now` (ms): "in 20 minutes", "3 hours ago", "tomorrow". */
    relative: (iso: string, now: number) => {
      const minutes = Math.round((Date.parse(iso) - now) / 60_000);
      if (Math.abs(minutes) < 60) return relativeFmt.format(minutes, 'minute');
      const hours = Math.round(minutes / 60);
      if (Math.abs(hours) < 24) return relativeFmt.format(hours, 'hour');
      return relativeFmt.format(Math.round(hours / 24), 'day');
    },
    /** A wait such as "15 minutes" or "40 seconds", in words of the chosen language. */
    wait: (seconds: number) => (seconds >= 60 ? minutesFmt.format(Math.ceil(seconds / 60)) : secondsFmt.format(Math.max(1, Math.ceil(seconds)))),
  };
}

/** Intl formatters for the language in use; they change when the user switches language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lang: Language = isLanguage(i18n.language) ? i18n.language : 'ru';
  return useMemo(() => createFormatters(INTL_LOCALE[lang]), [lang]);
}
