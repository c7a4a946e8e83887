import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type NormalizedPhone = {
  /** As the user or the PBX wrote it (trimmed). */
  raw: string;
  /** +79161234567, or null when the input is not a possible phone number. */
  e164: string | null;
  /** All digits of the input: how an unparseable number is still matched exactly. */
  digits: string;
  /** Digits of the E.164 form (or of the input) reversed, for suffix matching through an index. */
  revDigits: string;
};

/** Below this many digits a suffix match is too likely to hit the wrong client. */
export const MIN_SUFFIX_DIGITS = 7;

const reverse = (s: string) => [...s].reverse().join('');

/** The install's regions for numbers written without a country code, tried in order (PHONE_REGIONS). */
export type PhoneRegions = CountryCode | readonly CountryCode[];

/**
 * Folds the ways one number gets spelled into ASCII: full-width digits (NFKC), dashes and minus signs
 * pasted from office files, invisible and direction characters, a "tel:" prefix, an extension after it.
 */
export function cleanPhoneInput(input: string): string {
  return input
    .normalize('NFKC')
    .replace(/[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .replace(/[\u2010-\u2015\u2212\u2043\ufe58\ufe63]/g, '-')
    .replace(/^\s*tel:/i, '')
    // An extension after a whole number ("… доб. 12"); "ext. 4455" alone is an internal number, kept.
    .replace(/(\d[\d\s().-]{5,}?)\s*(?:доб\.?|ext\.?|extension|вн\.?|x|#)\s*\d{1,6}\s*$/i, '$1')
    .trim();
}

/**
 * Normalizes a number as callers and carriers write it: "8 (916) 123-45-67", "+7 916 123 45 67",
 * "79161234567" (country code without "+"), "044 123 4567" with region UA. With several regions, a
 * national number takes the first region where it is valid.
 */
export function normalizePhone(input: string, regions: PhoneRegions): NormalizedPhone {
  const raw = input.trim();
  const clean = cleanPhoneInput(raw);
  const digits = clean.replace(/\D/g, '');
  let e164: string | null = null;
  if (digits.length >= 3 && /^[+\d\s().\-/]*$/.test(clean.replace(/^00/, '+'))) {
    const candidate = clean.startsWith('00') ? `+${clean.slice(2)}` : clean;
    for (const region of typeof regions === 'string' ? [regions] : regions) {
      const parsed = parsePhoneNumberFromString(candidate, { defaultCountry: region, extract: false });
      // A number written with its country code may be any possible one; one without must be valid in the
      // region, or "067 123 4567" (Ukrainian) would become a Russian number that cannot exist.
      if (parsed && (parsed.isValid() || (candidate.startsWith('+') && parsed.isPossible()))) {
        e164 = parsed.number;
        break;
      }
    }
    // A foreign number written with its country code but no "+" (carriers do this): "380441234567".
    if (e164 === null && digits.length >= 10 && !clean.startsWith('+')) {
      const intl = parsePhoneNumberFromString(`+${digits}`);
      if (intl?.isValid()) e164 = intl.number;
    }
  }
  return { raw, e164, digits, revDigits: reverse(e164 ? e164.slice(1) : digits) };
}

/** The value shown to users and returned by the API. */
export type PhoneView = { e164: string | null; raw: string };
