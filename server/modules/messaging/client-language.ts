import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { ClientLanguage } from '../../db/entities';

/** Countries whose numbers are written to in Ukrainian or Russian when a client's language is not set. */
const BY_COUNTRY: Record<string, ClientLanguage> = { UA: 'uk', RU: 'ru', BY: 'ru', KZ: 'ru', KG: 'ru' };

/**
 * The language to write to a client in: theirs when set, else their phone's country's (+380: Ukrainian,
 * +7: Russian), else `fallback` (the install's). English only when chosen: the floor speaks Russian.
 */
export function clientLanguage(language: ClientLanguage | null | undefined, phoneE164: string | null | undefined, fallback: ClientLanguage = 'ru'): ClientLanguage {
  if (language) return language;
  const country = phoneE164 ? parsePhoneNumberFromString(phoneE164)?.country : undefined;
  return (country && BY_COUNTRY[country]) ?? fallback;
}

/** The template's text in `language`, else Russian, else any it has (a template needs one language, not all). */
export function pickText<T>(texts: Partial<Record<ClientLanguage, T>>, language: ClientLanguage): { language: ClientLanguage; text: T } | null {
  for (const l of [language, 'ru', 'uk', 'en'] as const) {
    const text = texts[l];
    if (text) return { language: l, text };
  }
  return null;
}
