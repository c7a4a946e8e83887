import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ClientView } from './client.view';
import type { ExportClientsQuery } from './clients.schemas';
import type { ClientsService } from './clients.service';

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

/**
 * A spreadsheet program runs a cell that starts with = + - @ as a formula ("CSV injection"): such text
 * gets a leading apostrophe. A plain number such as +79161234567 or -5 is left as it is.
 */
export function spreadsheetSafe(value: string | number | null): string | number | null {
  if (typeof value !== 'string' || value === '') return value;
  const risky = /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-][\d\s().-]*$/.test(value));
  return risky ? `'${value}` : value;
}

/** Clients as CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic right), with the list's filters. */
export class ClientExportService {
  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Streams every matching client to `out`, 1,000 at a time. Audited twice: when it starts (who, which
   * filters; written before the first row leaves) and when it ends, with the rows sent and whether it
   * `completed`, was `aborted` by the reader, or `failed`. Resolves with the rows sent, or with null when
   * the reader went away first.
   */
  async export(actor: Actor, q: ExportClientsQuery, out: Writable): Promise<number | null> {
    const { separator, ...filters } = q;
    const exportId = randomUUID();
    await this.audit.record(this.ds.manager, actor, 'export', 'client', 'all', null, { exportId, status: 'started', filters });
    let rows = 0;
    const finish = (status: 'completed' | 'aborted' | 'failed') =>
      this.audit.record(this.ds.manager, actor, 'export', 'client', 'all', null, { exportId, status, filters, rows });
    const csv = stringify({ delimiter: separator === 'comma' ? ',' : ';', bom: true, header: true, columns: COLUMNS.map(([name]) => name) });
    let gone = false;
    const closed = new Promise<void>((resolve) => out.once('close', () => ((gone = !out.writableFinished), resolve())));
    csv.pipe(out);
    try {
      for await (const page of this.clients.pages(filters, PAGE)) {
        for (const c of page) {
          // Backpressure: a slow download must not pile the whole base up in memory.
          if (!csv.write(COLUMNS.map(([, value]) => spreadsheetSafe(value(c))))) await Promise.race([new Promise((r) => csv.once('drain', r)), closed]);
          if (gone) break;
          rows++;
        }
        if (gone) break;
      }
    } catch (err) {
      csv.destroy();
      await finish('failed').catch(() => undefined);
      throw err;
    }
    if (gone) {
      csv.destroy();
      await finish('aborted');
      return null;
    }
    csv.end();
    await closed;
    await finish(gone ? 'aborted' : 'completed');
    return gone ? null : rows;
  }
}
