/**
 * PROPOSED replacement for server/modules/clients/client-lookup.service.ts, kept here so the benchmark
 * can measure it side by side with the current service (BENCH_PROPOSED=1); not used by the server.
 *
 * Same results, fewer round trips: the current findByPhone does 5 statements in 3 sequential steps
 * (id by phone → findOneBy client → phones ‖ emails ‖ tags on three pooled connections); this does 2:
 * the client row by phone (hydrated through TypeORM's column metadata, so SQLite and MySQL give the same
 * ClientRow as findOneBy), then phones, emails and tags in one UNION ALL.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { DataSource } from 'typeorm';
import { ClientEntity, type ClientRow } from '../../server/db/entities';
import { MIN_SUFFIX_DIGITS, normalizePhone } from '../../server/phone/phone-number';
import { toClientView, type ClientChildren, type ClientView } from '../../server/modules/clients/client.view';

/** A national significant number is at most 9–10 digits in RU/UA: longer suffixes only add trunk prefixes. */
const SUFFIX_DIGITS = 9;

const BY_PHONE = (where: string) =>
  `SELECT c.* FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE ${where} AND c.deleted_at IS NULL LIMIT 1`;
/** DISTINCT over c.* is DISTINCT over c.id (the primary key): two rows mean two clients, i.e. ambiguous. */
const BY_SUFFIX = `SELECT DISTINCT c.* FROM client_phones p JOIN clients c ON c.id = p.client_id
  WHERE p.rev_digits LIKE ? AND c.deleted_at IS NULL LIMIT 2`;
/** Phones by position, emails by position, tags by name: the order loadClientViews gives. */
const CHILDREN = `SELECT 0 AS k, position AS pos, e164 AS a, raw AS b FROM client_phones WHERE client_id = ?
  UNION ALL SELECT 1, position, email, NULL FROM client_emails WHERE client_id = ?
  UNION ALL SELECT 2, 0, tag, NULL FROM client_tags WHERE client_id = ?
  ORDER BY k, pos, a`;

type Raw = Record<string, unknown>;

export class ProposedClientLookupService {
  constructor(
    private readonly ds: DataSource,
    private readonly region: CountryCode,
  ) {}

  async findIdByPhone(input: string): Promise<number | null> {
    const row = await this.findRow(input);
    return row ? Number(row.id) : null;
  }

  async findByPhone(input: string): Promise<ClientView | null> {
    const raw = await this.findRow(input);
    if (!raw) return null;
    const row = this.hydrate(raw);
    const children: ClientChildren = { phones: [], emails: [], tags: [] };
    const rows: { k: number | string; a: string | null; b: string | null }[] = await this.ds.query(CHILDREN, [row.id, row.id, row.id]);
    for (const r of rows) {
      const k = Number(r.k);
      if (k === 0) children.phones.push({ e164: r.a, raw: r.b! });
      else if (k === 1) children.emails.push(r.a!);
      else children.tags.push(r.a!);
    }
    return toClientView(row, children);
  }

  /** Exact on E.164, else exact on the digits of an unparseable number, else an unambiguous suffix. */
  private async findRow(input: string): Promise<Raw | null> {
    const n = normalizePhone(input, this.region);
    let rows: Raw[] = [];
    if (n.e164) rows = await this.ds.query(BY_PHONE('p.e164 = ?'), [n.e164]);
    else if (n.digits.length >= 3) rows = await this.ds.query(BY_PHONE('p.digits = ? AND p.e164 IS NULL'), [n.digits]);
    if (rows.length > 0) return rows[0]!;
    if (n.digits.length < MIN_SUFFIX_DIGITS) return null;
    const suffix = [...n.digits.slice(-SUFFIX_DIGITS)].reverse().join('');
    rows = await this.ds.query(BY_SUFFIX, [`${suffix}%`]);
    return rows.length === 1 ? rows[0]! : null;
  }

  /** The ClientRow findOneBy would give: the driver's own conversions (dates, decimal transformer). */
  private hydrate(raw: Raw): ClientRow {
    const row: Record<string, unknown> = {};
    for (const col of this.ds.getMetadata(ClientEntity).columns) row[col.propertyName] = this.ds.driver.prepareHydratedValue(raw[col.databaseName], col);
    return row as ClientRow;
  }
}
