/**
 * PROPOSED version of server/modules/clients/client-lookup.service.ts, kept here so the benchmark can
 * measure it next to the server's (BENCH_PROPOSED=1); the benchmark checks that both give the same
 * views, byte for byte. Once the server has the same class (imports '../../db/entities',
 * '../../phone/phone-number', './client.view'), proposed_* only repeats exact/suffix/miss, and what is
 * left to compare is the MariaDB-only 1-statement variant at the end of this file (proposed_json_*).
 *
 * Same answers, fewer round trips. The current findByPhone runs 5 statements in 3 sequential steps
 * (id by phone → findOneBy(client) → phones ‖ emails ‖ tags on three pooled connections), 6 for a suffix
 * match. This one runs 2 for a number found exactly — the client row by phone, then its phones, emails
 * and tags in one UNION ALL — and 3 for a suffix match; a miss costs the same 2 as before. Plain SQL
 * that SQLite and MariaDB/MySQL both run; the client row is hydrated through TypeORM's column metadata,
 * so it is the ClientRow findOneBy would give on either driver. findIdByPhone is unchanged.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { DataSource } from 'typeorm';
import { ClientEntity, type ClientRow } from '../../server/db/entities';
import { MIN_SUFFIX_DIGITS, normalizePhone } from '../../server/phone/phone-number';
import { toClientView, type ClientChildren, type ClientView } from '../../server/modules/clients/client.view';

/** A national significant number is at most 9–10 digits in RU/UA: longer suffixes only add trunk prefixes. */
const SUFFIX_DIGITS = 9;

/** Phones and emails by position, tags by name: the order loadClientViews gives (in the database's collation). */
const CHILDREN = `SELECT 0 AS k, position AS pos, e164 AS a, raw AS b FROM client_phones WHERE client_id = ?
  UNION ALL SELECT 1, position, email, NULL FROM client_emails WHERE client_id = ?
  UNION ALL SELECT 2, 0, tag, NULL FROM client_tags WHERE client_id = ?
  ORDER BY k, pos, a`;

type Row = Record<string, unknown>;

export class ProposedClientLookupService {
  constructor(
    protected readonly ds: DataSource,
    protected readonly region: CountryCode,
  ) {}

  async findIdByPhone(input: string): Promise<number | null> {
    const n = normalizePhone(input, this.region);
    if (n.e164) {
      const id = await this.first('c.id AS id', 'p.e164 = ?', n.e164);
      if (id) return Number(id.id);
    } else if (n.digits.length >= 3) {
      const id = await this.first('c.id AS id', 'p.digits = ? AND p.e164 IS NULL', n.digits);
      if (id) return Number(id.id);
    }
    const rows = await this.bySuffix('c.id AS id', n.digits);
    return rows.length === 1 ? Number(rows[0]!.id) : null;
  }

  async findByPhone(input: string): Promise<ClientView | null> {
    const n = normalizePhone(input, this.region);
    let raw: Row | null = null;
    if (n.e164) raw = await this.first('c.*', 'p.e164 = ?', n.e164);
    else if (n.digits.length >= 3) raw = await this.first('c.*', 'p.digits = ? AND p.e164 IS NULL', n.digits);
    if (!raw) {
      const rows = await this.bySuffix('c.*', n.digits);
      if (rows.length !== 1) return null;
      raw = rows[0]!;
    }
    return this.withChildren(this.hydrate(raw));
  }

  protected async withChildren(row: ClientRow): Promise<ClientView> {
    const children: ClientChildren = { phones: [], emails: [], tags: [] };
    const kids: { k: number | string; a: string | null; b: string | null }[] = await this.ds.query(CHILDREN, [row.id, row.id, row.id]);
    for (const r of kids) {
      const k = Number(r.k);
      if (k === 0) children.phones.push({ e164: r.a, raw: r.b! });
      else if (k === 1) children.emails.push(r.a!);
      else children.tags.push(r.a!);
    }
    return toClientView(row, children);
  }

  protected async first(select: string, where: string, param: string): Promise<Row | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT ${select} FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE ${where} AND c.deleted_at IS NULL LIMIT 1`,
      [param],
    );
    return rows[0] ?? null;
  }

  /**
   * By the last digits through the reversed-digits index (a prefix LIKE is a suffix match that uses the
   * index). Up to two distinct clients (DISTINCT c.* is DISTINCT c.id): the caller accepts only one.
   */
  protected async bySuffix(select: string, digits: string): Promise<Row[]> {
    if (digits.length < MIN_SUFFIX_DIGITS) return [];
    const suffix = [...digits.slice(-SUFFIX_DIGITS)].reverse().join('');
    return this.ds.query(
      `SELECT DISTINCT ${select} FROM client_phones p JOIN clients c ON c.id = p.client_id
       WHERE p.rev_digits LIKE ? AND c.deleted_at IS NULL LIMIT 2`,
      [`${suffix}%`],
    );
  }

  /** The ClientRow findOneBy would give: the driver's own conversions (dates, the decimal transformer). */
  protected hydrate(raw: Row): ClientRow {
    const row: Row = {};
    for (const col of this.ds.getMetadata(ClientEntity).columns) row[col.propertyName] = this.ds.driver.prepareHydratedValue(raw[col.databaseName], col);
    return row as ClientRow;
  }
}

/**
 * A further step, MariaDB only (JSON_ARRAYAGG … ORDER BY needs MariaDB ≥ 10.5; MySQL 8 has no ORDER BY
 * there): a number found exactly costs ONE statement — the client row with its phones, emails and tags
 * as JSON arrays from correlated subqueries, which run only when the row is found, so a miss costs what
 * it did. On SQLite, where a statement is a function call and not a round trip, the 2-statement path.
 */
export class ProposedJsonClientLookupService extends ProposedClientLookupService {
  override async findByPhone(input: string): Promise<ClientView | null> {
    if (this.ds.options.type !== 'mysql' && this.ds.options.type !== 'mariadb') return super.findByPhone(input);
    const n = normalizePhone(input, this.region);
    let raw: Row | null = null;
    if (n.e164) raw = await this.firstWithChildren('p.e164 = ?', n.e164);
    else if (n.digits.length >= 3) raw = await this.firstWithChildren('p.digits = ? AND p.e164 IS NULL', n.digits);
    if (raw) {
      const json = <T>(v: unknown): T[] => (v === null || v === undefined ? [] : typeof v === 'string' ? (JSON.parse(v) as T[]) : (v as T[]));
      return toClientView(this.hydrate(raw), { phones: json(raw._phones), emails: json(raw._emails), tags: json(raw._tags) });
    }
    const rows = await this.bySuffix('c.*', n.digits);
    return rows.length === 1 ? this.withChildren(this.hydrate(rows[0]!)) : null;
  }

  private async firstWithChildren(where: string, param: string): Promise<Row | null> {
    const rows: Row[] = await this.ds.query(
      `SELECT c.*,
         (SELECT JSON_ARRAYAGG(JSON_OBJECT('e164', x.e164, 'raw', x.raw) ORDER BY x.position) FROM client_phones x WHERE x.client_id = c.id) AS _phones,
         (SELECT JSON_ARRAYAGG(x.email ORDER BY x.position) FROM client_emails x WHERE x.client_id = c.id) AS _emails,
         (SELECT JSON_ARRAYAGG(x.tag ORDER BY x.tag) FROM client_tags x WHERE x.client_id = c.id) AS _tags
       FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE ${where} AND c.deleted_at IS NULL LIMIT 1`,
      [param],
    );
    return rows[0] ?? null;
  }
}
