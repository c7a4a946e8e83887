export const IMPORT_FIELDS = ['name', 'organization', 'position', 'phone', 'email', 'birthday', 'source', 'tags', 'note'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Header title → field; unmapped columns are left out (a header may map to `phone` more than once). */
export type Mapping = Record<string, ImportField>;

/** Headers as Russian, Ukrainian and English sheets title them, folded (lower case, no punctuation, ё → е). */
const WORDS: Record<ImportField, string[]> = {
  name: ['фио', 'ф и о', 'имя', 'фамилия имя отчество', 'клиент', 'контакт', 'контактное лицо', 'піб', 'п і б', 'ім я', 'імя', 'прізвище імя по батькові', 'name', 'full name', 'fullname', 'contact', 'client', 'contact name'],
  organization: ['компания', 'организация', 'фирма', 'название компании', 'компанія', 'організація', 'company', 'organization', 'organisation', 'company name', 'account'],
  position: ['должность', 'посада', 'position', 'title', 'job title', 'role'],
  phone: ['телефон', 'тел', 'моб тел', 'мобильный', 'мобильный телефон', 'рабочий телефон', 'домашний телефон', 'сотовый', 'номер', 'номер телефона', 'мобільний', 'мобільний телефон', 'моб', 'phone', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell', 'work phone', 'phone number'],
  email: ['email', 'e mail', 'эл почта', 'электронная почта', 'почта', 'ел пошта', 'електронна пошта', 'пошта', 'mail', 'e mail address', 'email address'],
  birthday: ['дата рождения', 'день рождения', 'др', 'дата народження', 'день народження', 'birthday', 'birth date', 'date of birth', 'dob', 'birthdate'],
  source: ['источник', 'канал', 'джерело', 'source', 'lead source', 'channel'],
  tags: ['теги', 'тег', 'метки', 'мітки', 'теґи', 'tags', 'tag', 'labels'],
  note: ['примечание', 'комментарий', 'заметка', 'заметки', 'примітка', 'коментар', 'нотатка', 'note', 'notes', 'comment', 'comments', 'remark'],
};

export const foldHeader = (s: string) =>
  s.toLowerCase().replace(/ё/g, 'е').replace(/['’`ʼ]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

const LOOKUP = new Map<string, ImportField>(Object.entries(WORDS).flatMap(([field, words]) => words.map((w) => [foldHeader(w), field as ImportField] as const)));

/** The field a header suggests, or null: exact folded title first, then a title that starts with one (e.g. "Телефон 2"). */
export function suggestField(header: string): ImportField | null {
  const h = foldHeader(header);
  const exact = LOOKUP.get(h);
  if (exact) return exact;
  const stripped = h.replace(/\s*\d+$/, '');
  if (LOOKUP.has(stripped)) return LOOKUP.get(stripped)!;
  for (const [word, field] of LOOKUP) if (word.length >= 4 && h.startsWith(`${word} `)) return field;
  return null;
}

/** One suggestion per header; every field but `phone` is taken by its first header only. */
export function suggestMapping(columns: string[]): Mapping {
  const mapping: Mapping = {};
  const taken = new Set<ImportField>();
  for (const header of columns) {
    const field = suggestField(header);
    if (!field || (field !== 'phone' && taken.has(field))) continue;
    taken.add(field);
    mapping[header] = field;
  }
  return mapping;
}
