import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { badRequest } from '../../http/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { writeRows } from '../exports/row-sink';
import { spreadsheetSafe, type SpreadsheetFormat } from '../exports/spreadsheet-file';
import type { ClientView } from './client.view';
import { exportClientsQuery, type ExportClientsQuery } from './clients.schemas';
import type { ClientsService } from './clients.service';

export { spreadsheetSafe };

/**
 * The export's query: the list's filters, the CSV separator, and the file's format (CSV unless asked).
 * `segmentId` takes a saved segment's filters instead of the list's (sending both is a 400).
 */
export const clientExportQuery = exportClientsQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv'), segmentId: z.coerce.number().int().positive().max(2_147_483_647).optional() });
export type ClientExportQuery = ExportClientsQuery & { format?: SpreadsheetFormat; segmentId?: number };

/** The query parameters that are not filters: with a segment, only these may come along. */
const NOT_FILTERS = new Set(['sort', 'order', 'separator', 'format', 'segmentId']);

/** The export's columns, in order: header and value. Lists are joined with ", ". */
const COLUMNS: [string, (c: ClientView) => string | number | null][] = [
  ['id', (c) => c.id],
  ['kind', (c) => c.kind],
  ['name', (c) => c.name],
  ['organization', (c) => c.organization],
  ['phones', (c) => c.phones.map((p) => p.e164 ?? p.raw).join(', ')],
  ['emails', (c) => c.emails.join(', ')],
  ['birthday', (c) => c.birthday],
  ['source', (c) => c.source],
  ['ownerId', (c) => c.ownerId],
  ['stage', (c) => c.stage],
  ['abcClass', (c) => c.abcClass],
  ['potential', (c) => c.potential],
  ['tier', (c) => c.tier],
  ['tags', (c) => c.tags.join(', ')],
  ['timezone', (c) => c.timezone],
  ['revenue', (c) => c.revenue],
  ['createdAt', (c) => c.createdAt],
  ['updatedAt', (c) => c.updatedAt],
];
const PAGE = 1000;

/** Clients as CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic right) or XLSX, with the list's filters. */
export class ClientExportService {
  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientsService,
    private readonly audit: AuditService,
    /** A saved segment's filters now (the list's query parameters; the segments' 404 when there is none). */
    private readonly segmentFilter?: (id: number) => Promise<Record<string, string>>,
  ) {}

  /**
   * Streams every matching client to `out`, 1,000 at a time. Audited twice: when it starts (who, which
   * filters, an XLSX says so; written before the first row leaves) and when it ends, with the rows sent
   * and whether it `completed`, was `aborted` by the reader, or `failed`. Resolves with the rows sent, or
   * with null when the reader went away first. A file that fails or is abandoned is never finished (an
   * XLSX never gets its zip directory), so half a file cannot pass for a whole one.
   */
  async export(actor: Actor, query: ClientExportQuery, out: Writable): Promise<number | null> {
    const q = query.segmentId === undefined ? query : await this.withSegment(query, query.segmentId);
    const { separator, format = 'csv', ...filters } = q;
    const exportId = randomUUID();
    const fmt = format === 'csv' ? {} : { format }; // CSV entries keep the shape they always had
    await this.audit.record(this.ds.manager, actor, 'export', 'client', 'all', null, { exportId, status: 'started', ...fmt, filters });
    const sent = { rows: 0 };
    const finish = (status: 'completed' | 'aborted' | 'failed') =>
      this.audit.record(this.ds.manager, actor, 'export', 'client', 'all', null, { exportId, status, ...fmt, filters, rows: sent.rows });
    const clients = this.clients;
    async function* pages() {
      for await (const page of clients.pages(filters, PAGE)) yield page.map((c) => COLUMNS.map(([, value]) => value(c)));
    }
    const sink = { format, columns: COLUMNS.map(([name]) => name), sheet: 'clients', separator: separator === 'comma' ? ',' : ';' } as const;
    try {
      const { status } = await writeRows(out, sink, pages(), sent);
      await finish(status);
      return status === 'completed' ? sent.rows : null;
    } catch (err) {
      await finish('failed').catch(() => undefined);
      throw err;
    }
  }

  /** The query with the segment's filters in place of the list's (its sort, separator and format kept). */
  private async withSegment(q: ClientExportQuery, segmentId: number): Promise<ClientExportQuery> {
    const extra = Object.keys(q).filter((k) => !NOT_FILTERS.has(k) && q[k as keyof ClientExportQuery] !== undefined);
    if (extra.length > 0) throw badRequest(`segmentId takes the segment's filters: leave out ${extra.join(', ')}`);
    if (!this.segmentFilter) throw badRequest('Saved segments are not available here');
    const filter = await this.segmentFilter(segmentId);
    const parsed = exportClientsQuery.safeParse({ ...filter, sort: q.sort, order: q.order, separator: q.separator });
    if (!parsed.success) throw badRequest(`The segment's filter is no longer one the client list takes: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return { ...parsed.data, format: q.format, segmentId };
  }
}

