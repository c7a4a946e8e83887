import type { ClientLanguage } from '../../db/entities';

/** The client fields a template may name, as {{name}}. */
export const PLACEHOLDERS = ['name', 'firstName', 'organization', 'position', 'owner', 'birthday', 'age', 'operatorName'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<Placeholder, string | null>>;

const TOKEN = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;
/** Line breaks and other control or direction characters: a value is one line of plain text, wherever it lands. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/g;

/** Placeholders a text names that the product does not know (the template editor refuses them). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...new Set([...text.matchAll(TOKEN)].map((m) => m[1]!).filter((p) => !known.has(p)))];
}

/**
 * Fills a template's text. Values are flattened to one line (a client's name with a line break cannot
 * add a header to a subject or forge lines in a body); an empty value leaves nothing. The subject is
 * flattened as a whole too: only the body keeps the template's own line breaks.
 */
export function render(text: string, values: TemplateValues, kind: 'subject' | 'body'): string {
  const filled = text.replace(TOKEN, (_, key: string) => (values[key as Placeholder] ?? '').replace(UNSAFE, ' ').trim());
  return kind === 'subject' ? filled.replace(UNSAFE, ' ').replace(/\s{2,}/g, ' ').trim() : filled.replace(/\r\n?/g, '\n').trim();
}

const MONTHS: Record<ClientLanguage, string> = { ru: 'ru-RU', uk: 'uk-UA', en: 'en-GB' };

/** The values of a client's placeholders, dates written the language's way. */
export function clientValues(c: { name: string; kind: string; organization: string | null; position: string | null; birthday: string | null; ownerName: string | null }, language: ClientLanguage, today: string, operatorName: string | null = null): TemplateValues {
  const firstName = c.kind === 'person' ? firstNameOf(c.name) : c.name;
  const birthday = c.birthday ? new Date(`${c.birthday}T12:00:00Z`).toLocaleDateString(MONTHS[language], { day: 'numeric', month: 'long', timeZone: 'UTC' }) : null;
  const age = c.birthday ? String(ageOn(c.birthday, today)) : null;
  return { name: c.name, firstName, organization: c.organization, position: c.position, owner: c.ownerName, birthday, age, operatorName };
}

/**
 * The name to greet a person by: Russian and Ukrainian names are written "Surname Name Patronymic", so a
 * three-word name greets by "Name Patronymic"; otherwise the first word.
 */
export function firstNameOf(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length === 3 && /(вич|вна|ична|чна|ич|івна|ович|евич|йович)$/i.test(words[2]!)) return `${words[1]} ${words[2]}`;
  return words[0] ?? name;
}

/** Full years from a birthday (YYYY-MM-DD) to `today` (YYYY-MM-DD). */
export function ageOn(birthday: string, today: string): number {
  const [by, bm, bd] = birthday.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
