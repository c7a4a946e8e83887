import type { DataSource, EntityManager } from 'typeorm';
import { stringify } from 'csv-stringify/sync';
import { nameKey } from '../duplicates/name-key';
import { organizationCards } from '../clients/organization-links';
import { bulkInsert } from '../../db/bulk-write';
import { transaction } from '../../db/transaction';
import { ClientEmailEntity, ClientNoteEntity, ClientPhoneEntity, ClientTagEntity } from '../../db/entities';
import { AppError, badRequest, conflict, notFound } from '../../http/errors';
import type { Logger } from '../../logging/logger';
import type { PhoneRegions } from '../../phone/phone-number';
import type { JobQueue } from '../../jobs/job-queue';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { recordStageChanges, type StageChange } from '../clients/stage-history';
import { checkRow, newSeen, type ClientDraft, type RowError, type Seen } from './check-row';
import { parseFile, type ParsedFile } from './parse-file';
import { IMPORT_FIELDS, suggestMapping, type Mapping } from './suggest-mapping';

export const IMPORT_JOB = 'imports.run';
export const DUPLICATE_POLICIES = ['skip', 'fill', 'overwrite'] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];
export type ImportStatus = 'analyzed' | 'checking' | 'checked' | 'running' | 'done' | 'failed';

export type ImportView = {
  id: number;
  status: ImportStatus;
  total: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: RowError[];
  fileName: string;
  columns: string[];
  mapping: Mapping;
  duplicates: DuplicatePolicy | null;
  failure: string | null;
};

/** Rows per transaction (and per progress step). */
const BATCH = 500;
/** The errors GET lists (the failed-rows file has them all). */
const LISTED_ERRORS = 1000;
/** Row errors that skip the row rather than fail it. */
const SKIP_CODES = new Set(['exists']);

type ImportRow = { id: number; status: ImportStatus; file_name: string; columns: string; mapping: string; duplicates: DuplicatePolicy | null; total: number; processed: number; created: number; updated: number; skipped: number; failed: number; failure: string | null; created_by_id: number | null };
/** A batch's new clients' phones, e-mails, tags and notes, as rows of their tables. */
type Children = { phones: unknown[][]; emails: unknown[][]; tags: unknown[][]; notes: unknown[][]; stages: StageChange[]; audit: Parameters<AuditService['recordMany']>[2] };
type Counts = { created: number; updated: number; skipped: number; failed: number };
/** A batch's rows checked, with the clients in the base its numbers and e-mails belong to (prepare). */
type Prepared = { rows: { rowNo: number }[]; drafts: { rowNo: number; draft: ClientDraft }[]; errors: RowError[]; failed: number; byPhone: Map<string, number>; byEmail: Map<string, number> };

/** The import's author, as the actor of what its job writes (the job runs without a session). */
const actorOf = (userId: number | null): Actor | null => (userId === null ? null : { userId: Number(userId), role: 'manager', ip: null });

const sqliteDate = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

/**
 * Office-file imports: upload (parsed and stored at once, so every later step reads the same rows on any
 * node), dry run and commit as jobs on the JobQueue. A run walks the rows in batches; each batch writes its
 * clients, its errors and the counters in one transaction, and the counter `processed` is the cursor: a run
 * started again (a restart, a second delivery) goes on from there, and never writes a row twice.
 */
export class ImportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly regions: PhoneRegions,
    private readonly logger: Logger,
    /** Rows per transaction of a run (tests make it small to stop a run between batches). */
    private readonly batchSize = BATCH,
  ) {
    jobs.process<{ importId: number }>(IMPORT_JOB, (p) => this.run(p.importId), { concurrency: 2 });
  }

  private get mysql() {
    return this.ds.options.type === 'mysql';
  }

  private at(d: Date): Date | string {
    return this.mysql ? d : sqliteDate(d);
  }

  /** Imports left checking or running when the process stopped: their jobs again (a job goes on from its cursor). */
  async resume(): Promise<void> {
    const rows: { id: number }[] = await this.ds.query("SELECT id FROM imports WHERE status IN ('checking', 'running')");
    for (const r of rows) await this.jobs.schedule(IMPORT_JOB, `import:${r.id}`, { importId: Number(r.id) }, new Date());
  }

  async upload(actor: Actor, fileName: string, buf: Buffer): Promise<{ id: number; status: ImportStatus; columns: string[]; mapping: Mapping }> {
    const file: ParsedFile = await parseFile(buf);
    const mapping = suggestMapping(file.columns);
    const id = await transaction(this.ds, async (em) => {
      const now = new Date();
      await bulkInsert(em, 'imports', ['status', 'file_name', 'format', 'columns', 'mapping', 'duplicates', 'total', 'processed', 'created', 'updated', 'skipped', 'failed', 'failure', 'created_by_id', 'created_at', 'updated_at'], [
        ['analyzed', fileName.slice(0, 255), file.format, JSON.stringify(file.columns), JSON.stringify(mapping), null, file.rows.length, 0, 0, 0, 0, 0, null, actor.userId, now, now],
      ]);
      const [{ id }] = (await em.query(this.mysql ? 'SELECT LAST_INSERT_ID() AS id' : 'SELECT last_insert_rowid() AS id')) as [{ id: number }];
      for (let i = 0; i < file.rows.length; i += BATCH) {
        const chunk = file.rows.slice(i, i + BATCH);
        await bulkInsert(em, 'import_rows', ['import_id', 'seq', 'row_no', 'cells'], chunk.map((r, j) => [Number(id), i + j + 1, r.rowNo, JSON.stringify(r.merged ? { c: r.cells, m: r.merged } : { c: r.cells })]));
      }
      await this.audit.record(em, actor, 'create', 'import', Number(id), null, { fileName, format: file.format, rows: file.rows.length, columns: file.columns.length });
      return Number(id);
    });
    return { id, status: 'analyzed', columns: file.columns, mapping };
  }

  async get(id: number): Promise<ImportView> {
    const row = await this.load(this.ds.manager, id);
    const errors: { row_no: number; field: string | null; code: string; message: string }[] = await this.ds.query(
      `SELECT row_no, field, code, message FROM import_errors WHERE import_id = ? ORDER BY row_no, id LIMIT ${LISTED_ERRORS}`,
      [id],
    );
    return {
      id: Number(row.id), status: row.status, total: Number(row.total), processed: Number(row.processed), created: Number(row.created), updated: Number(row.updated), skipped: Number(row.skipped), failed: Number(row.failed),
      errors: errors.map((e) => ({ row: Number(e.row_no), field: e.field, code: e.code, message: e.message })),
      fileName: row.file_name, columns: JSON.parse(row.columns) as string[], mapping: JSON.parse(row.mapping) as Mapping, duplicates: row.duplicates, failure: row.failure,
    };
  }

  /** Starts a dry run (`check`) or the commit: 202 once the job is queued. */
  async start(actor: Actor, id: number, mode: 'check' | 'commit', input: { mapping?: Mapping; duplicates: DuplicatePolicy }): Promise<void> {
    await transaction(this.ds, async (em) => {
      const row = await this.load(em, id, true);
      const columns = JSON.parse(row.columns) as string[];
      const mapping = input.mapping ?? (JSON.parse(row.mapping) as Mapping);
      for (const [header, field] of Object.entries(mapping)) {
        if (!columns.includes(header)) throw badRequest(`The file has no column "${header}"`);
        if (!(IMPORT_FIELDS as readonly string[]).includes(field)) throw badRequest(`"${field}" is not a field`);
      }
      const fields = Object.values(mapping);
      if (!fields.includes('name')) throw badRequest('Map a column to the name');
      for (const f of IMPORT_FIELDS) if (f !== 'phone' && fields.filter((x) => x === f).length > 1) throw badRequest(`Only one column may be the ${f}`);
      const allowed: ImportStatus[] = mode === 'check' ? ['analyzed', 'checked', 'failed'] : ['analyzed', 'checked'];
      if (!allowed.includes(row.status)) {
        throw conflict(row.status === 'done' ? 'This file is already imported' : row.status === 'failed' ? 'This import failed: upload the file again (the rows written so far are found as already in the base)' : 'This import is already running');
      }
      await em.query('DELETE FROM import_errors WHERE import_id = ?', [id]);
      await em.query('UPDATE imports SET status = ?, mapping = ?, duplicates = ?, processed = 0, created = 0, updated = 0, skipped = 0, failed = 0, failure = NULL, updated_at = ? WHERE id = ?', [
        mode === 'check' ? 'checking' : 'running', JSON.stringify(mapping), input.duplicates, this.at(new Date()), id,
      ]);
      if (mode === 'commit') await this.audit.record(em, actor, 'update', 'import', id, { status: row.status }, { status: 'running', duplicates: input.duplicates, mapping });
    });
    await this.jobs.schedule(IMPORT_JOB, `import:${id}`, { importId: id }, new Date());
  }

  /** The failed rows as the file had them, with the reasons in a last column (UTF-8 with BOM, `;`: Excel opens it as is). */
  async failedRowsCsv(id: number): Promise<string> {
    const row = await this.load(this.ds.manager, id);
    const columns = JSON.parse(row.columns) as string[];
    const rows: { row_no: number; cells: string; message: string }[] = await this.ds.query(
      `SELECT r.row_no, r.cells, e.message FROM import_errors e JOIN import_rows r ON r.import_id = e.import_id AND r.row_no = e.row_no
       WHERE e.import_id = ? AND e.code NOT IN (${[...SKIP_CODES].map(() => '?').join(', ')}) ORDER BY e.row_no, e.id`,
      [id, ...SKIP_CODES],
    );
    const out: string[][] = [[...columns, 'error']];
    let last: { no: number; line: string[] } | null = null;
    for (const r of rows) {
      if (last && last.no === Number(r.row_no)) {
        last.line[last.line.length - 1] += `; ${r.message}`;
        continue;
      }
      const cells = (JSON.parse(r.cells) as { c: string[] }).c;
      last = { no: Number(r.row_no), line: [...columns.map((_, i) => cells[i] ?? ''), r.message] };
      out.push(last.line);
    }
    return `\ufeff${stringify(out, { delimiter: ';', record_delimiter: '\r\n' })}`;
  }

  private async load(em: EntityManager, id: number, lock = false): Promise<ImportRow> {
    const [row] = (await em.query(`SELECT * FROM imports WHERE id = ?${lock && this.mysql ? ' FOR UPDATE' : ''}`, [id])) as ImportRow[];
    if (!row) throw notFound('Import');
    return row;
  }

  /** The job: a dry run or a commit, batch by batch from the cursor. Idempotent (at-least-once delivery). */
  async run(id: number): Promise<void> {
    try {
      await this.runBatches(id);
    } catch (err) {
      this.logger.error({ err: (err as Error).message, importId: id }, 'import failed');
      const message = err instanceof AppError ? err.message : 'The import stopped on an internal error; the rows written so far stay';
      await this.ds.query("UPDATE imports SET status = 'failed', failure = ?, updated_at = ? WHERE id = ? AND status IN ('checking', 'running')", [message.slice(0, 500), this.at(new Date()), id]);
    }
  }

  private async runBatches(id: number): Promise<void> {
    const head = await this.load(this.ds.manager, id);
    if (head.status !== 'checking' && head.status !== 'running') return;
    const dry = head.status === 'checking';
    const columns = JSON.parse(head.columns) as string[];
    const mapping = JSON.parse(head.mapping) as Mapping;
    const policy = head.duplicates ?? 'skip';
    const byId = head.created_by_id === null ? null : Number(head.created_by_id);
    const seen = newSeen();
    let cursor = Number(head.processed);
    // Going on after a stop: the rows done so far fill the within-file duplicate sets again.
    for (let done = 0; done < cursor; done += BATCH) {
      for (const r of await this.rows(id, done, Math.min(BATCH, cursor - done))) checkRow(r.rowNo, r.cells, r.merged, columns, mapping, this.regions, seen);
    }
    for (;;) {
      // Checked before the transaction, once: a transaction retried after a deadlock writes the same batch
      // (checking its rows again would find each one a duplicate of itself in `seen`).
      const prepared = await this.prepare(await this.rows(id, cursor, this.batchSize), columns, mapping, seen);
      const finished = prepared.rows.length === 0;
      const advanced = await transaction(this.ds, async (em) => {
        const now = await this.load(em, id, true);
        if (now.status !== head.status || Number(now.processed) !== cursor) return false; // another run moved on: it finishes
        if (finished) {
          const status = dry ? 'checked' : 'done';
          await em.query('UPDATE imports SET status = ?, updated_at = ? WHERE id = ?', [status, this.at(new Date()), id]);
          const counts = { total: Number(now.total), created: Number(now.created), updated: Number(now.updated), skipped: Number(now.skipped), failed: Number(now.failed), duplicates: policy };
          await this.audit.record(em, actorOf(now.created_by_id), 'update', 'import', id, { status: now.status }, { status, ...(dry && { dryRun: true }), ...counts });
          return true;
        }
        const counts = await this.batch(em, dry, policy, prepared, byId, id);
        await em.query('UPDATE imports SET processed = processed + ?, created = created + ?, updated = updated + ?, skipped = skipped + ?, failed = failed + ?, updated_at = ? WHERE id = ?', [
          prepared.rows.length, counts.created, counts.updated, counts.skipped, counts.failed, this.at(new Date()), id,
        ]);
        return true;
      });
      if (!advanced || finished) return;
      cursor += prepared.rows.length;
    }
  }

  private async rows(id: number, after: number, limit: number): Promise<{ rowNo: number; cells: string[]; merged?: number[] }[]> {
    const raw: { row_no: number; cells: string }[] = await this.ds.query(`SELECT row_no, cells FROM import_rows WHERE import_id = ? AND seq > ? ORDER BY seq LIMIT ${Number(limit)}`, [id, after]);
    return raw.map((r) => {
      const c = JSON.parse(r.cells) as { c: string[]; m?: number[] };
      return { rowNo: Number(r.row_no), cells: c.c, merged: c.m };
    });
  }

  /**
   * A batch before its transaction: each row checked (in file order: `seen` grows row by row) and the
   * clients already in the base with its numbers and e-mails. Read outside the transaction: these reads
   * never locked anything, and a client created meanwhile still trips the unique number index on write.
   */
  private async prepare(rows: { rowNo: number; cells: string[]; merged?: number[] }[], columns: string[], mapping: Mapping, seen: Seen): Promise<Prepared> {
    const errors: RowError[] = [];
    let failed = 0;
    const drafts: { rowNo: number; draft: ClientDraft }[] = [];
    for (const r of rows) {
      const { draft, errors: e } = checkRow(r.rowNo, r.cells, r.merged, columns, mapping, this.regions, seen);
      errors.push(...e);
      if (draft) drafts.push({ rowNo: r.rowNo, draft });
      else failed++;
    }
    const e164s = drafts.flatMap((d) => d.draft.phones.map((p) => p.e164));
    const emails = drafts.flatMap((d) => d.draft.emails);
    const byPhone = new Map<string, number>();
    const byEmail = new Map<string, number>();
    if (e164s.length > 0) {
      const found: { e164: string; client_id: number }[] = await this.ds.query(`SELECT p.e164, p.client_id FROM client_phones p JOIN clients c ON c.id = p.client_id WHERE c.deleted_at IS NULL AND p.e164 IN (${e164s.map(() => '?').join(', ')})`, e164s);
      for (const f of found) byPhone.set(f.e164, Number(f.client_id));
    }
    if (emails.length > 0) {
      const found: { email: string; client_id: number }[] = await this.ds.query(`SELECT e.email, e.client_id FROM client_emails e JOIN clients c ON c.id = e.client_id WHERE c.deleted_at IS NULL AND e.email IN (${emails.map(() => '?').join(', ')})`, emails);
      for (const f of found) if (!byEmail.has(f.email)) byEmail.set(f.email, Number(f.client_id));
    }
    return { rows, drafts, errors, failed, byPhone, byEmail };
  }

  /** One prepared batch in its transaction: writes (unless a dry run) and records the errors. Run again as is after a deadlock. */
  private async batch(em: EntityManager, dry: boolean, policy: DuplicatePolicy, prepared: Prepared, byId: number | null, importId: number): Promise<Counts> {
    const counts: Counts = { created: 0, updated: 0, skipped: 0, failed: prepared.failed };
    const errors = [...prepared.errors];
    const { byPhone, byEmail } = prepared;
    const actor = actorOf(byId);
    const children: Children = { phones: [], emails: [], tags: [], notes: [], stages: [], audit: [] };
    const creates: ClientDraft[] = [];
    if (!dry) {
      // A company that has an organization card is linked to it (its name then as the card spells it).
      const cards = await organizationCards(em, prepared.drafts.map((d) => d.draft.organization));
      for (const { draft } of prepared.drafts) {
        const card = draft.organization ? cards.get(draft.organization.toLowerCase()) : undefined;
        if (card) Object.assign(draft, { organization: card.name, organizationId: card.id });
      }
    }
    for (const { rowNo, draft } of prepared.drafts) {
      const matches = new Set<number>([...draft.phones.map((p) => byPhone.get(p.e164)), ...draft.emails.map((e) => byEmail.get(e))].filter((v): v is number => v !== undefined));
      if (matches.size > 1) {
        errors.push({ row: rowNo, field: null, code: 'ambiguous', message: `The row's numbers and e-mails belong to different clients (${[...matches].join(', ')})` });
        counts.failed++;
      } else if (matches.size === 1 && policy === 'skip') {
        const clientId = [...matches][0]!;
        errors.push({ row: rowNo, field: draft.phones.some((p) => byPhone.get(p.e164) === clientId) ? 'phone' : 'email', code: 'exists', message: `Already in the base (client ${clientId}): skipped` });
        counts.skipped++;
      } else if (matches.size === 1) {
        const changed = dry ? true : await this.updateClient(em, actor, [...matches][0]!, draft, policy as 'fill' | 'overwrite', importId);
        if (changed) counts.updated++;
        else counts.skipped++;
      } else {
        creates.push(draft);
        counts.created++;
      }
    }
    if (!dry) {
      await this.createClients(em, actor, creates, importId, children);
      await this.writeChildren(em, actor, children);
    }
    if (errors.length > 0) await bulkInsert(em, 'import_errors', ['import_id', 'row_no', 'field', 'code', 'message'], errors.map((e) => [importId, e.row, e.field, e.code, e.message.slice(0, 500)]));
    return counts;
  }

  /**
   * As ClientsService.create does: the clients, their normalized phones (free: looked up in this batch),
   * e-mails, tags, the stage history rows and the audit entries; each table gets one multi-row INSERT per
   * batch (`writeChildren`). The clients go in one INSERT too when the database numbers its rows
   * consecutively (SQLite; InnoDB with innodb_autoinc_lock_mode 0 or 1), else one at a time.
   */
  private async createClients(em: EntityManager, actor: Actor | null, drafts: ClientDraft[], importId: number, children: Children): Promise<void> {
    if (drafts.length === 0) return;
    const now = new Date();
    const stage = 'lead' as const;
    const sql = 'INSERT INTO clients (kind, name, name_search, name_key, organization, organization_id, position, birthday, source, owner_id, stage, abc_class, potential, tier, timezone, revenue, created_at, updated_at, deleted_at) VALUES ';
    const tuple = '(?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, NULL, NULL, NULL, NULL, 0, ?, ?, NULL)';
    const params = (d: ClientDraft) => ['person', d.name, d.name.toLowerCase(), nameKey(d.name), d.organization, d.organizationId ?? null, d.position, d.birthday, d.source, stage, this.at(now), this.at(now)];
    const ids: number[] = [];
    if (await this.consecutiveIds(em)) {
      const res = await em.queryRunner!.query(sql + drafts.map(() => tuple).join(', '), drafts.flatMap(params), true);
      // MySQL tells the first id of a multi-row INSERT, SQLite the last.
      const first = this.mysql ? Number((res.raw as { insertId: number }).insertId) : Number(res.raw) - drafts.length + 1;
      drafts.forEach((_, i) => ids.push(first + i));
    } else {
      for (const d of drafts) {
        const res = await em.queryRunner!.query(sql + tuple, params(d), true);
        ids.push(Number((res.raw as { insertId: number }).insertId));
      }
    }
    drafts.forEach((d, i) => {
      const id = ids[i]!;
      d.phones.forEach((p, position) => children.phones.push([id, p.e164, p.raw, p.digits, p.revDigits, position]));
      d.emails.forEach((email, position) => children.emails.push([id, email, position]));
      for (const tag of d.tags) children.tags.push([id, tag]);
      if (d.note) children.notes.push([id, actor?.userId ?? null, d.note, now]);
      children.stages.push({ clientId: id, from: null, to: stage, at: now, byId: actor?.userId ?? null });
      children.audit.push({
        action: 'create', entity: 'client', entityId: id, before: null,
        after: { id, name: d.name, organization: d.organization, ...(d.organizationId && { organizationId: d.organizationId }), position: d.position, birthday: d.birthday, source: d.source, stage, phones: d.phones.map((p) => ({ e164: p.e164, raw: p.raw })), emails: d.emails, tags: d.tags, importId },
      });
    });
  }

  private consecutive: boolean | undefined;

  /** Whether one multi-row INSERT numbers its rows consecutively (asked once). */
  private async consecutiveIds(em: EntityManager): Promise<boolean> {
    if (this.consecutive === undefined) {
      if (!this.mysql) this.consecutive = true;
      else {
        const [row] = (await em.query('SELECT @@innodb_autoinc_lock_mode AS mode')) as { mode: number | string }[];
        this.consecutive = Number(row?.mode) < 2;
      }
    }
    return this.consecutive;
  }

  private async writeChildren(em: EntityManager, actor: Actor | null, c: Children): Promise<void> {
    await recordStageChanges(em, c.stages);
    await this.audit.recordMany(em, actor, c.audit);
    await bulkInsert(em, 'client_phones', ['client_id', 'e164', 'raw', 'digits', 'rev_digits', 'position'], c.phones);
    await bulkInsert(em, 'client_emails', ['client_id', 'email', 'position'], c.emails);
    await bulkInsert(em, 'client_tags', ['client_id', 'tag'], c.tags);
    await bulkInsert(em, 'client_notes', ['client_id', 'author_id', 'body', 'created_at'], c.notes);
  }

  /** `fill`: empty fields only; `overwrite`: every field the row has. Phones, e-mails and tags are added to the client's. */
  private async updateClient(em: EntityManager, actor: Actor | null, clientId: number, d: ClientDraft, policy: 'fill' | 'overwrite', importId: number): Promise<boolean> {
    const [current] = (await em.query('SELECT name, organization, organization_id, position, birthday, source FROM clients WHERE id = ?', [clientId])) as { name: string; organization: string | null; organization_id: number | null; position: string | null; birthday: string | Date | null; source: string | null }[];
    if (!current) return false;
    const birthdayNow = current.birthday instanceof Date ? current.birthday.toISOString().slice(0, 10) : current.birthday;
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const set: Record<string, string | number> = {};
    // A person linked to an organization card keeps the card (its name is the card's); else a card of the file's company links it.
    const linked = current.organization_id !== null;
    const fields = [['name', current.name, d.name], ['organization', current.organization, linked ? null : d.organization], ['position', current.position, d.position], ['birthday', birthdayNow, d.birthday], ['source', current.source, d.source]] as const;
    for (const [col, now, next] of fields) {
      if (next === null || next === now) continue;
      if (policy === 'fill' && now !== null && now !== '') continue;
      set[col] = next;
      before[col] = now;
      after[col] = next;
    }
    const phones: { e164: string | null }[] = await em.query('SELECT e164, position FROM client_phones WHERE client_id = ? ORDER BY position', [clientId]);
    const newPhones = d.phones.filter((p) => !phones.some((q) => q.e164 === p.e164));
    const emails: { email: string }[] = await em.query('SELECT email FROM client_emails WHERE client_id = ?', [clientId]);
    const newEmails = d.emails.filter((e) => !emails.some((q) => q.email === e));
    const tags: { tag: string }[] = await em.query('SELECT tag FROM client_tags WHERE client_id = ?', [clientId]);
    const newTags = d.tags.filter((t) => !tags.some((q) => q.tag === t));
    const notes: { n: number }[] = d.note ? await em.query('SELECT COUNT(*) AS n FROM client_notes WHERE client_id = ? AND body = ?', [clientId, d.note]) : [];
    const addNote = d.note !== null && Number(notes[0]?.n ?? 0) === 0;
    if (Object.keys(set).length === 0 && newPhones.length === 0 && newEmails.length === 0 && newTags.length === 0 && !addNote) return false;
    if (set.organization !== undefined && d.organizationId) {
      set.organization_id = d.organizationId;
      after.organizationId = d.organizationId;
    }
    const now = new Date();
    const cols = Object.keys(set);
    // Written by SQL, not TypeORM: the search column and the duplicate finder's key follow the name here.
    if (set.name !== undefined) cols.push('name_search', 'name_key');
    const name = typeof set.name === 'string' ? set.name : undefined;
    await em.query(`UPDATE clients SET ${[...cols, 'updated_at'].map((c) => `${c} = ?`).join(', ')} WHERE id = ?`, [...Object.keys(set).map((c) => set[c]), ...(name !== undefined ? [name.toLowerCase(), nameKey(name)] : []), this.at(now), clientId]);
    if (newPhones.length > 0) await em.insert(ClientPhoneEntity, newPhones.map((p, i) => ({ clientId, ...p, position: phones.length + i })));
    if (newEmails.length > 0) await em.insert(ClientEmailEntity, newEmails.map((email, i) => ({ clientId, email, position: emails.length + i })));
    if (newTags.length > 0) await em.insert(ClientTagEntity, newTags.map((tag) => ({ clientId, tag })));
    if (addNote) await em.insert(ClientNoteEntity, { clientId, authorId: actor?.userId ?? null, body: d.note!, createdAt: now });
    await this.audit.record(em, actor, 'update', 'client', clientId, before, {
      ...after, ...(newPhones.length > 0 && { addedPhones: newPhones.map((p) => p.e164) }), ...(newEmails.length > 0 && { addedEmails: newEmails }), ...(newTags.length > 0 && { addedTags: newTags }), ...(addNote && { note: d.note }), importId,
    });
    return true;
  }
}
