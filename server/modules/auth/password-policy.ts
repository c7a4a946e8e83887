import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../http/errors';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export type PasswordProblemCode = 'password_too_short' | 'password_too_long' | 'password_too_common' | 'password_contains_login' | 'password_contains_name';
export type PasswordProblem = { code: PasswordProblemCode; message: string };

/** ~49,000 passwords seen most often in breaches (zxcvbn-ts's list, Russian-keyboard ones included), lower case. */
let common: Set<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));

const fold = (s: string) => s.normalize('NFKC').toLowerCase();
/** Letters and digits only: "Ivan.Petrov" and "ivan petrov" look alike to a guesser. */
const skeleton = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');

/** A password is "common" as typed, without its spaces, or once the digits and symbols around a listed word are cut off. */
function isCommon(password: string): boolean {
  const lower = fold(password);
  const candidates = [lower, lower.replace(/\s+/g, ''), lower.replace(/[^\p{L}]+$/u, ''), lower.replace(/^[^\p{L}]+/u, '')];
  const list = commonPasswords();
  return candidates.some((c) => c.length >= 4 && list.has(c));
}

/**
 * The login or the name adds nothing a guesser does not know: a password that contains one must be long
 * enough without it ("ivan.petrov2024" for ivan.petrov is refused; "restart-admin-pw" for admin is not).
 */
function leansOn(password: string, part: string): boolean {
  const p = skeleton(password);
  const s = skeleton(part);
  if (s.length < 3 || !p.includes(s)) return false;
  return p === s || [...password].length - s.length < PASSWORD_MIN_LENGTH;
}

/** The first rule a new password breaks, or null. `login` and `name` are the account's (after the change). */
export function passwordProblem(password: string, account: { login?: string | null; name?: string | null } = {}): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return { code: 'password_too_short', message: `must be at least ${PASSWORD_MIN_LENGTH} characters` };
  if (length > PASSWORD_MAX_LENGTH) return { code: 'password_too_long', message: `must be at most ${PASSWORD_MAX_LENGTH} characters` };
  if (isCommon(password)) return { code: 'password_too_common', message: 'is one of the most common passwords' };
  if (account.login && leansOn(password, account.login)) return { code: 'password_contains_login', message: 'must not be the login or built on it' };
  if (account.name) {
    // The full name, and each word of it long enough to be guessed on its own ("Olena" in "olena12345!").
    const parts = [account.name, ...account.name.split(/[\s.,_-]+/).filter((w) => skeleton(w).length >= 4)];
    if (parts.some((part) => leansOn(password, part))) return { code: 'password_contains_name', message: "must not be the user's name or built on it" };
  }
  return null;
}

/** Throws 400 validation_failed with a `password` detail (and its code) when the password breaks a rule. */
export function assertPasswordPolicy(password: string, account: { login?: string | null; name?: string | null }): void {
  const problem = passwordProblem(password, account);
  if (problem) {
    throw new AppError(400, 'validation_failed', 'The request is not valid', [{ path: 'password', code: problem.code, message: `Password ${problem.message}` }]);
  }
}
