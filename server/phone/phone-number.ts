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

/**
 * Normalizes a number as callers and carriers write it: "8 (916) 123-45-67", "+7 916 123 45 67",
 * "79161234567" (country code without "+"), "044 123 4567" with region UA.
 */
export function normalizePhone(input: string, region: CountryCode): NormalizedPhone {
  const raw = input.trim();
  const digits = raw.replace(/\D/g, '');
  let e164: string | null = null;
  if (digits.length >= 3 && /^[+\d\s().\-/]*$/.test(raw.replace(/^00/, '+'))) {
    const candidate = raw.startsWith('00') ? `+${raw.slice(2)}` : raw;
    const parsed = parsePhoneNumberFromString(candidate, { defaultCountry: region, extract: false });
    // A number written with its country code may be any possible one; one without must be valid in the
    // region, or "067 123 4567" (Ukrainian) would become a Russian number that cannot exist.
    if (parsed && (parsed.isValid() || (candidate.startsWith('+') && parsed.isPossible()))) e164 = parsed.number;
    // A foreign number written with its country code but no "+" (carriers do this): "380441234567".
    else if (digits.length >= 10 && !raw.startsWith('+')) {
      const intl = parsePhoneNumberFromString(`+${digits}`);
      if (intl?.isValid()) e164 = intl.number;
    }
  }
  return { raw, e164, digits, revDigits: reverse(e164 ? e164.slice(1) : digits) };
}

/** The value shown to users and returned by the API. */
export type PhoneView = { e164: string | null; raw: string };
