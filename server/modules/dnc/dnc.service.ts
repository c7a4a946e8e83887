import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { DataSource, EntityManager } from 'typeorm';
import { isDuplicateKey } from '../../db/db-errors';
import { bulkUpsert } from '../../db/bulk-write';
import { dbDate } from '../../db/db-date';
import { transaction } from '../../db/transaction';
import { AppError, badRequest, notFound } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import { normalizePhone, type PhoneRegions } from '../../phone/phone-number';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { abandonXlsxWriter, openXlsxWriter, spreadsheetSafe, type SpreadsheetFormat } from '../exports/spreadsheet-file';
import { parseFile } from '../imports/parse-file';
import type { AddDncInput, DncSource, ListDncQuery } from './dnc.schemas';

/** An entry as the list shows it. */
export type DncEntry = {
  id: number;
  /** E.164, or the digits of a number the install's regions cannot read. */
  phone: string;
  reason: string | null;
  source: DncSource;
  clientId: number | null;
  clientName: string | null;
  addedBy: { id: number; name: string } | null;
  createdAt: string;
};

/** What a check answers: whether the number may be called, and why not. */
export type DncCheck = { blocked: boolean; reason: string | null };

/** The port other modules (click-to-call, campaigns) use: cheap, answered from memory. */
export type DoNotCallList = { check(phone: string): Promise<DncCheck> };

export type DncImportError = { row: number; value: string; code: 'no_phone' | 'not_a_phone' | 'reason_too_long'; message: string };
/** An import's report: numbers added, numbers that were on the list already (or twice in the file), rows refused. */
export type DncImportReport = { rows: number; added: number; already: number; failed: number; errors: DncImportError[] };

/** Other nodes' changes are seen within this long (the list is read again when a check finds it older). */
const REFRESH_MS = 30_000;
/** An import reports at most this many refused rows one by one (the count covers them all). */
const MAX_REPORTED_ERRORS = 1000;
const CHUNK = 500;
const MIN_DIGITS = 3;

const PHONE_HEADER = /^(phone|phones|tel|telephone|number|mobile|msisdn|телефон|телефоны|тел|номер|номер телефона|мобильный|телефони|номер телефону|мобільний)\.?$/i;
const REASON_HEADER = /^(reason|comment|note|причина|комментарий|примечание|коментар|примітка)$/i;


const toEntry = (r: Record<string, unknown>): DncEntry => ({
  id: Number(r.id),
  phone: String(r.phone),
  reason: r.reason === null || r.reason === undefined ? null : String(r.reason),
  source: String(r.source) as DncSource,
  clientId: r.client_id === null || r.client_id === undefined ? null : Number(r.client_id),
  clientName: r.client_name === null || r.client_name === undefined ? null : String(r.client_name),
  addedBy: r.added_by === null || r.added_by === undefined ? null : { id: Number(r.added_by), name: String(r.user_name ?? '') },
  createdAt: dbDate(r.created_at).toISOString(),
});

/** What the audit keeps of an entry. */
const snapshot = (e: { phone: string; reason: string | null; source: string; clientId: number | null }) => ({ phone: e.phone, reason: e.reason, source: e.source, clientId: e.clientId });

const SELECT = 'SELECT d.*, c.name AS client_name, u.name AS user_name FROM dnc_numbers d LEFT JOIN clients c ON c.id = d.client_id LEFT JOIN users u ON u.id = d.added_by';

/**
 * The do-not-call list. Numbers are kept normalized (any spelling of a number finds it); the whole list
 * is held in memory as number → reason, so a check costs a map lookup. This node's changes update it at
 * once; other nodes' changes are read within REFRESH_MS (a check that finds the copy older reads it again
 * in the background and answers from the copy meanwhile).
 */
export class DncService implements DoNotCallList {
  private numbers: Map<string, string | null> | undefined;
  private loadedAt = 0;
  private loading: Promise<Map<string, string | null>> | undefined;
  /** Counts this node's changes: a read that a change overtook is done again. */
  private version = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    /** The install's regions: one array shared with the floor settings, which change it in place. */
    private readonly regions: PhoneRegions,
    private readonly logger?: Logger,
    private readonly refreshMs = REFRESH_MS,
  ) {}

  /** The key a number is kept under: E.164 when the regions read it, else its digits; null when it has too few digits. */
  keyOf(phone: string): string | null {
    const n = normalizePhone(phone, this.regions);
    if (n.e164) return n.e164;
    return n.digits.length >= MIN_DIGITS ? n.digits : null;
  }

  async check(phone: string): Promise<DncCheck> {
    const key = this.keyOf(phone);
    if (key === null) return { blocked: false, reason: null };
    const numbers = await this.current();
    return numbers.has(key) ? { blocked: true, reason: numbers.get(key) ?? null } : { blocked: false, reason: null };
  }

  /** Every blocked key (campaigns filter their lists by it). */
  async blockedKeys(): Promise<ReadonlySet<string>> {
    return new Set((await this.current()).keys());
  }

  /**
   * Puts a number on the list. Adding one that is there already changes nothing and answers the entry
   * as it is (`created: false`).
   */
  async add(actor: Actor, input: AddDncInput, source: DncSource = input.source ?? 'manual'): Promise<{ entry: DncEntry; created: boolean }> {
    const key = this.keyOf(input.phone);
    if (key === null) throw new AppError(400, 'invalid_number', `${input.phone} is not a phone number`);
    const existing = await this.findByPhone(key);
    if (existing) return { entry: existing, created: false };
    try {
      await transaction(this.ds, async (em) => {
        const row = { phone: key, reason: input.reason ?? null, source, clientId: input.clientId ?? null };
        await em.query('INSERT INTO dnc_numbers (phone, reason, source, client_id, added_by, created_at) VALUES (?, ?, ?, ?, ?, ?)', [key, row.reason, source, row.clientId, actor.userId, this.dbNow(em)]);
        await this.audit.record(em, actor, 'create', 'dnc', key, null, snapshot(row));
      });
    } catch (err) {
      // Added by someone else a moment ago: theirs stands.
      if (!isDuplicateKey(err)) throw err;
      const theirs = await this.findByPhone(key);
      if (theirs) return { entry: theirs, created: false };
      throw err;
    }
    this.changed((m) => m.set(key, input.reason ?? null));
    return { entry: (await this.findByPhone(key))!, created: true };
  }

  async list(q: ListDncQuery): Promise<{ items: DncEntry[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.q) {
      const digits = q.q.replace(/\D/g, '');
      // "!" escapes: a backslash means different things in MySQL's and SQLite's string literals.
      const like = `%${q.q.replace(/[!%_]/g, (c) => `!${c}`)}%`;
      const parts = ["d.reason LIKE ? ESCAPE '!'"];
      params.push(like);
      if (digits.length > 0) {
        parts.push('d.phone LIKE ?');
        params.push(`%${digits}%`);
      }
      where.push(`(${parts.join(' OR ')})`);
    }
    const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const [count] = (await this.ds.query(`SELECT COUNT(*) AS n FROM dnc_numbers d${clause}`, params)) as { n: unknown }[];
    const rows = (await this.ds.query(`${SELECT}${clause} ORDER BY d.created_at DESC, d.id DESC LIMIT ? OFFSET ?`, [...params, q.limit, q.offset])) as Record<string, unknown>[];
    return { items: rows.map(toEntry), total: Number(count?.n ?? 0) };
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const entry = await transaction(this.ds, async (em) => {
      const [row] = (await em.query('SELECT * FROM dnc_numbers WHERE id = ?', [id])) as Record<string, unknown>[];
      if (!row) throw notFound('Do-not-call entry');
      const before = toEntry(row);
      await em.query('DELETE FROM dnc_numbers WHERE id = ?', [id]);
      await this.audit.record(em, actor, 'delete', 'dnc', before.phone, snapshot(before), null);
      return before;
    });
    this.changed((m) => m.delete(entry.phone));
  }

  /**
   * Reads a CSV/XLSX/ODS file: the phone column (by its title, else the only or first column) and an
   * optional reason column. A file without a title row (a number in the first row) is read from that row.
   */
  async import(actor: Actor, file: Buffer): Promise<DncImportReport> {
    const parsed = await parseFile(file);
    let phoneCol = parsed.columns.findIndex((c) => PHONE_HEADER.test(c.trim()));
    const reasonCol = parsed.columns.findIndex((c) => REASON_HEADER.test(c.trim()));
    const rows = parsed.rows.map((r) => ({ rowNo: r.rowNo + 1, cells: r.cells }));
    if (phoneCol < 0) {
      // No title says "phone": a first row that is a number is data, not a header.
      const firstIsNumber = parsed.columns.findIndex((c) => normalizePhone(c, this.regions).e164 !== null);
      if (firstIsNumber >= 0) {
        phoneCol = firstIsNumber;
        rows.unshift({ rowNo: 1, cells: parsed.columns });
      } else if (parsed.columns.length === 1 || reasonCol !== 0) {
        phoneCol = reasonCol === 0 ? 1 : 0;
      }
    }
    if (phoneCol < 0 || phoneCol >= Math.max(parsed.columns.length, 1)) throw badRequest('The file has no phone column: title one column “phone”');
    const report: DncImportReport = { rows: rows.length, added: 0, already: 0, failed: 0, errors: [] };
    const fail = (e: DncImportError) => {
      report.failed++;
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(e);
    };
    const wanted = new Map<string, string | null>();
    for (const r of rows) {
      const value = (r.cells[phoneCol] ?? '').trim();
      const reason = reasonCol >= 0 ? (r.cells[reasonCol] ?? '').trim().replace(/\s+/g, ' ') || null : null;
      if (value === '') {
        fail({ row: r.rowNo, value, code: 'no_phone', message: 'The row has no phone number' });
        continue;
      }
      const key = value.length <= 40 ? this.keyOf(value) : null;
      if (key === null) {
        fail({ row: r.rowNo, value: value.slice(0, 100), code: 'not_a_phone', message: `${value.slice(0, 100)} is not a phone number` });
        continue;
      }
      if (reason !== null && reason.length > 500) {
        fail({ row: r.rowNo, value, code: 'reason_too_long', message: 'The reason is longer than 500 characters' });
        continue;
      }
      if (wanted.has(key)) report.already++;
      else wanted.set(key, reason);
    }
    const added: { phone: string; reason: string | null }[] = [];
    await transaction(this.ds, async (em) => {
      const keys = [...wanted.keys()];
      const now = this.dbNow(em);
      for (let i = 0; i < keys.length; i += CHUNK) {
        const chunk = keys.slice(i, i + CHUNK);
        const present = new Set(((await em.query(`SELECT phone FROM dnc_numbers WHERE phone IN (${chunk.map(() => '?').join(', ')})`, chunk)) as { phone: string }[]).map((r) => String(r.phone)));
        const fresh = chunk.filter((k) => !present.has(k));
        report.already += chunk.length - fresh.length;
        // A number someone adds meanwhile is kept as theirs (the insert leaves it).
        await bulkUpsert(em, 'dnc_numbers', ['phone', 'reason', 'source', 'client_id', 'added_by', 'created_at'], fresh.map((k) => [k, wanted.get(k) ?? null, 'import', null, actor.userId, now]), ['phone'], 'ignore');
        for (const k of fresh) added.push({ phone: k, reason: wanted.get(k) ?? null });
        await this.audit.recordMany(em, actor, fresh.map((k) => ({ action: 'create' as const, entity: 'dnc' as const, entityId: k, before: null, after: snapshot({ phone: k, reason: wanted.get(k) ?? null, source: 'import', clientId: null }) })));
      }
      await this.audit.record(em, actor, 'create', 'dnc', 'import', null, { rows: report.rows, added: added.length, already: report.already, failed: report.failed });
    });
    report.added = added.length;
    this.changed((m) => added.forEach((a) => m.set(a.phone, a.reason)));
    return report;
  }

  /** The whole list as a file (audited: who took the numbers out). */
  async export(actor: Actor, format: SpreadsheetFormat, out: Writable): Promise<void> {
    const rows = (await this.ds.query(`${SELECT} ORDER BY d.created_at DESC, d.id DESC`)) as Record<string, unknown>[];
    await this.audit.recordAlone(actor, 'export', 'dnc', 'list', { format, rows: rows.length });
    const header = ['phone', 'reason', 'source', 'client_id', 'client', 'added_by', 'created_at'];
    const line = (e: DncEntry) => [e.phone, e.reason ?? '', e.source, e.clientId ?? '', e.clientName ?? '', e.addedBy?.name ?? '', e.createdAt];
    const entries = rows.map(toEntry);
    if (format === 'csv') {
      out.end(stringify([header, ...entries.map((e) => line(e).map((v) => spreadsheetSafe(v)))], { bom: true, delimiter: ';' }));
      return;
    }
    const workbook = openXlsxWriter(out);
    try {
      const sheet = workbook.addWorksheet('do-not-call');
      sheet.addRow(header).commit();
      for (const e of entries) sheet.addRow(line(e).map((v) => spreadsheetSafe(v))).commit();
      sheet.commit();
      await workbook.commit();
    } catch (err) {
      abandonXlsxWriter(workbook, out);
      throw err;
    }
  }

  private async findByPhone(key: string): Promise<DncEntry | null> {
    const [row] = (await this.ds.query(`${SELECT} WHERE d.phone = ?`, [key])) as Record<string, unknown>[];
    return row ? toEntry(row) : null;
  }

  /** The in-memory copy: read on first use, read again (in the background) once older than refreshMs. */
  private async current(): Promise<Map<string, string | null>> {
    if (!this.numbers) return this.load();
    if (Date.now() - this.loadedAt > this.refreshMs) void this.load().catch((err: Error) => this.logger?.warn({ err: err.message }, 'do-not-call list not read again; the last copy stands'));
    return this.numbers;
  }

  private load(): Promise<Map<string, string | null>> {
    this.loading ??= (async () => {
      for (;;) {
        const started = Date.now();
        const version = this.version;
        const rows = (await this.ds.query('SELECT phone, reason FROM dnc_numbers')) as { phone: string; reason: string | null }[];
        // A change committed on this node while the rows were read may be missing from them: read again.
        if (version !== this.version) continue;
        const map = new Map(rows.map((r) => [String(r.phone), r.reason === null ? null : String(r.reason)]));
        this.numbers = map;
        this.loadedAt = started;
        return map;
      }
    })().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** A committed change of this node: applied to the copy at once. */
  private changed(apply: (m: Map<string, string | null>) => void): void {
    this.version++;
    if (this.numbers) apply(this.numbers);
  }

  /** Dates as the driver binds them (SQLite: TypeORM's UTC string). */
  private dbNow(em: EntityManager): Date | string {
    const now = new Date();
    return em.connection.options.type === 'mysql' ? now : now.toISOString().replace('T', ' ').replace('Z', '');
  }
}
