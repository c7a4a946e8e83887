import { hasControlOrBidi } from '../../http/text-fields';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import type { ImportField, Mapping } from './suggest-mapping';

export type RowError = { row: number; field: string | null; code: string; message: string };

/** A row as it would be written: every value cleaned, phones normalized, the birthday as YYYY-MM-DD. */
export type ClientDraft = {
  name: string;
  organization: string | null;
  /** The organization card of that name, when the base has one (set just before the batch is written). */
  organizationId?: number;
  position: string | null;
  phones: { e164: string; raw: string; digits: string; revDigits: string }[];
  emails: string[];
  birthday: string | null;
  source: string | null;
  tags: string[];
  note: string | null;
};

/** Within-file duplicate detection: normalized phones and e-mails of the earlier good rows, with their row. */
export type Seen = { phones: Map<string, number>; emails: Map<string, number> };
export const newSeen = (): Seen => ({ phones: new Map(), emails: new Map() });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LIMITS: Partial<Record<ImportField, number>> = { name: 200, organization: 200, position: 200, source: 64, note: 5000 };

/** "1985-03-07", "07.03.1985", "7/3/1985", "07.03.85": day first, as Russian and Ukrainian sheets write dates. */
export function parseBirthday(s: string): string | null {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(s))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (match[3]!.length === 2) y += y > new Date().getUTCFullYear() % 100 ? 1900 : 2000;
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || date.getTime() > Date.now()) return null;
  return date.toISOString().slice(0, 10);
}

const splitList = (s: string) => s.split(/[,;\n]/).map((v) => v.trim()).filter((v) => v !== '');

/**
 * Checks one row against the mapping (no database): the draft to write, or the reasons it cannot be.
 * A good row's phones and e-mails are added to `seen`; a later row repeating one is a duplicate in the file.
 */
export function checkRow(rowNo: number, cells: string[], merged: number[] | undefined, columns: string[], mapping: Mapping, regions: PhoneRegions, seen: Seen): { draft: ClientDraft | null; errors: RowError[] } {
  const errors: RowError[] = [];
  const err = (field: string | null, code: string, message: string) => errors.push({ row: rowNo, field, code, message });
  const values: Partial<Record<ImportField, string[]>> = {};
  columns.forEach((header, i) => {
    const field = mapping[header];
    if (!field) return;
    if (merged?.includes(i)) err(field, 'merged_cell', `The cell in "${header}" is merged with another: unmerge it and fill each row`);
    const v = (cells[i] ?? '').trim();
    // Single-line fields as the client form takes them: no control or text-direction characters.
    if (field !== 'note' && hasControlOrBidi(v)) err(field, 'bad_text', `The cell in "${header}" has control or text-direction characters (or a line break)`);
    else if (v !== '') (values[field] ??= []).push(v);
  });
  const one = (f: ImportField) => {
    const v = values[f]?.join(' ') ?? null;
    if (v !== null && LIMITS[f] && v.length > LIMITS[f]!) {
      err(f, 'too_long', `The ${f} is longer than ${LIMITS[f]} characters`);
      return null;
    }
    return v;
  };
  const name = one('name');
  if (!name) err('name', 'no_name', 'The row has no name');
  const phones: ClientDraft['phones'] = [];
  for (const raw of (values.phone ?? []).flatMap(splitList)) {
    const p = normalizePhone(raw, regions);
    if (p.e164 === null) err('phone', 'bad_phone', `"${raw}" is not a phone number`);
    else if (!phones.some((q) => q.e164 === p.e164)) phones.push({ e164: p.e164, raw: p.raw.slice(0, 64), digits: p.digits.slice(0, 32), revDigits: p.revDigits.slice(0, 32) });
  }
  const emails: string[] = [];
  for (const raw of (values.email ?? []).flatMap(splitList)) {
    const e = raw.toLowerCase();
    if (!EMAIL.test(e) || e.length > 254) err('email', 'bad_email', `"${raw}" is not an e-mail address`);
    else if (!emails.includes(e)) emails.push(e);
  }
  const birthdayText = one('birthday');
  const birthday = birthdayText ? parseBirthday(birthdayText) : null;
  if (birthdayText && !birthday) err('birthday', 'bad_date', `"${birthdayText}" is not a date (write 31.12.1980 or 1980-12-31)`);
  const tags = [...new Set((values.tags ?? []).flatMap(splitList).map((t) => t.toLowerCase()))];
  if (tags.some((t) => t.length > 64)) err('tags', 'too_long', 'A tag is longer than 64 characters');
  if (phones.length > 10) err('phone', 'too_many', 'A client has at most 10 phone numbers');
  if (emails.length > 10) err('email', 'too_many', 'A client has at most 10 e-mail addresses');
  if (tags.length > 50) err('tags', 'too_many', 'A client has at most 50 tags');
  const draft: ClientDraft = { name: name ?? '', organization: one('organization'), position: one('position'), phones, emails, birthday, source: one('source'), tags, note: one('note') };
  if (errors.length > 0) return { draft: null, errors };
  for (const p of phones) {
    const first = seen.phones.get(p.e164);
    if (first !== undefined) err('phone', 'duplicate_in_file', `The number ${p.e164} is already in row ${first}`);
  }
  for (const e of emails) {
    const first = seen.emails.get(e);
    if (first !== undefined) err('email', 'duplicate_in_file', `The e-mail ${e} is already in row ${first}`);
  }
  if (errors.length > 0) return { draft: null, errors };
  for (const p of phones) seen.phones.set(p.e164, rowNo);
  for (const e of emails) seen.emails.set(e, rowNo);
  return { draft, errors };
}
