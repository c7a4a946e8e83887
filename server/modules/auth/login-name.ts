/** Invisible characters (zero-width space/joiner, soft hyphen, BOM, variation selectors…): never part of a login. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The one spelling of a login, used when an account is created and at every sign-in (and as the throttle's
 * key): compatibility forms folded (NFKC: full-width letters, ligatures), invisible characters dropped,
 * surrounding spaces trimmed, lower case. "Ivan.Petrov", "ｉｖａｎ.petrov" and "ivan\u200B.petrov" are one
 * account and one counter.
 */
export function normalizeLogin(raw: string): string {
  return raw.normalize('NFKC').replace(IGNORABLE, '').trim().toLowerCase().normalize('NFKC');
}
