/**
 * A client's name as the duplicate finder compares it: lower case, ё as е, punctuation and quotes gone,
 * legal forms dropped ("ООО «Ромашка»" = "Ромашка ООО"), words deduplicated and sorted (word order does not
 * matter: "Иванов Иван" = "иван иванов"). Stored in clients.name_key (indexed), so equal names group through
 * the index instead of comparing every pair. '' when nothing is left.
 */
const LEGAL_FORMS = new Set(['ооо', 'оао', 'зао', 'пао', 'ао', 'нко', 'ип', 'тов', 'пп', 'пат', 'прат', 'фоп', 'llc', 'ltd', 'inc', 'gmbh', 'corp', 'co', 'plc']);

/** name_key is VARCHAR(200). */
const MAX_KEY = 200;

export function nameKey(name: string): string {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '' && !LEGAL_FORMS.has(w));
  return [...new Set(words)].sort().join(' ').slice(0, MAX_KEY);
}

/**
 * Whether equal keys make a likely duplicate: an organization's one word does ("ромашка"); a person needs
 * at least two words (a first name alone, "ольга", matches thousands of different people).
 */
export const keyIdentifies = (key: string, kind: string): boolean => key !== '' && (kind === 'organization' || key.includes(' '));

/** One UPDATE that stores the keys of many clients (by id): the migration's backfill and the finder's. */
export function nameKeyUpdate(rows: { id: number | string; name: string }[]): [string, unknown[]] {
  const cases = rows.map(() => 'WHEN ? THEN ?').join(' ');
  const params = [...rows.flatMap((r) => [Number(r.id), nameKey(r.name)]), ...rows.map((r) => Number(r.id))];
  return [`UPDATE clients SET name_key = CASE id ${cases} END WHERE id IN (${rows.map(() => '?').join(',')})`, params];
}
