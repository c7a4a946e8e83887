import type { DataSource } from 'typeorm';
import { callerPool, type Caller } from '../../telephony/simulator';

/** The share of demo inbound calls that come from clients the demo knows (with calls, notes, deals, callbacks). */
export const KNOWN_CALLER_SHARE = 0.6;

/**
 * Who calls the demo PBX: the demo's regulars (clients with notes, so with a history) for about
 * `share` of the calls, new numbers for the rest (they become leads). Numbers come the way carriers send
 * them (`+7…` or `8…`), names as the PBX shows them (sometimes none). Empty when the database knows nobody.
 */
export async function demoCallers(ds: DataSource, share = KNOWN_CALLER_SHARE, limit = 300): Promise<Caller[]> {
  const rows: { id: unknown; name: string; e164: string }[] = await ds
    .createQueryBuilder()
    .select(['c.id AS id', 'c.name AS name', 'p.e164 AS e164'])
    .from('clients', 'c')
    .innerJoin('client_phones', 'p', 'p.client_id = c.id AND p.position = 0')
    .where('c.deleted_at IS NULL AND p.e164 IS NOT NULL')
    .andWhere('EXISTS (SELECT 1 FROM client_notes n WHERE n.client_id = c.id)')
    .orderBy('c.id', 'ASC')
    .limit(limit)
    .getRawMany();
  if (rows.length === 0) return [];
  const known = rows.map((r, i): Caller => {
    // A Russian carrier often sends the trunk prefix 8 instead of +7; the CRM matches both.
    const number = r.e164.startsWith('+7') && i % 2 === 1 ? `8${r.e164.slice(2)}` : r.e164;
    return { number, name: i % 5 === 4 ? '' : r.name };
  });
  const unknown = callerPool(Math.max(1, Math.round((known.length * (1 - share)) / share)), 11);
  return [...known, ...unknown];
}
