import type { CountryCode } from 'libphonenumber-js';
import type { DataSource } from 'typeorm';
import { ClientEntity } from '../../db/entities';
import { MIN_SUFFIX_DIGITS, normalizePhone } from '../../phone/phone-number';
import { loadClientViews } from './client-children';
import type { ClientView } from './client.view';

/** A national significant number is at most 9–10 digits in RU/UA: longer suffixes only add trunk prefixes. */
const SUFFIX_DIGITS = 9;

/**
 * Finds the client behind a phone number as a PBX or a user wrote it. Exact on E.164 first; then exact
 * on the digits of a number that does not parse; then by its last digits through the reversed-digits
 * index (a prefix LIKE on it is a suffix match that uses the index), accepted only when unambiguous.
 */
export class ClientLookupService {
  constructor(
    private readonly ds: DataSource,
    private readonly region: CountryCode,
  ) {}

  async findIdByPhone(input: string): Promise<number | null> {
    const n = normalizePhone(input, this.region);
    if (n.e164) {
      const id = await this.first('p.e164 = ?', [n.e164]);
      if (id !== null) return id;
    } else if (n.digits.length >= 3) {
      const id = await this.first('p.digits = ? AND p.e164 IS NULL', [n.digits]);
      if (id !== null) return id;
    }
    if (n.digits.length < MIN_SUFFIX_DIGITS) return null;
    const suffix = [...n.digits.slice(-SUFFIX_DIGITS)].reverse().join('');
    const rows: { id: number }[] = await this.ds.query(
      `SELECT DISTINCT c.id AS id FROM client_phones p JOIN clients c ON c.id = p.client_id
       WHERE p.rev_digits LIKE ? AND c.deleted_at IS NULL LIMIT 2`,
      [`${suffix}%`],
    );
    return rows.length === 1 ? Number(rows[0]!.id) : null;
  }

  async findByPhone(input: string): Promise<ClientView | null> {
    const id = await this.findIdByPhone(input);
    if (id === null) return null;
    const row = await this.ds.getRepository(ClientEntity).findOneBy({ id });
    if (!row) return null;
    const [view] = await loadClientViews(this.ds.manager, [row]);
    return view ?? null;
  }

  private async first(where: string, params: unknown[]): Promise<number | null> {
    const rows: { id: number }[] = await this.ds.query(
      `SELECT c.id AS id FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE ${where} AND c.deleted_at IS NULL LIMIT 1`,
      params,
    );
    return rows.length > 0 ? Number(rows[0]!.id) : null;
  }
}
