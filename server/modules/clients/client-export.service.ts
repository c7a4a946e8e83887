import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { abandonXlsxWriter, openXlsxWriter, spreadsheetSafe, type SpreadsheetFormat } from '../exports/spreadsheet-file';
import type { ClientView } from './client.view';
import { exportClientsQuery, type ExportClientsQuery } from './clients.schemas';
import type { ClientsService } from './clients.service';

export { spreadsheetSafe };

/** The export's query: the list's filters, the CSV separator, and the file's format (CSV unless asked). */
export const clientExportQuery = exportClientsQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
export type ClientExportQuery = ExportClientsQuery & { format?: SpreadsheetFormat };

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

type Values = (string | number | null)[];
/** Where the rows go: a CSV stringifier or an XLSX sheet, both streaming into the response. */
type RowSink = {
  /** Writes one row; resolves at once, or when the reader has taken enough (backpressure) or is gone. */
  write(values: Values, closed: Promise<void>): Promise<unknown> | undefined;
  /** Finishes the file: its end is written and `out` ended. */
  end(): Promise<unknown>;
  /** Drops the file unfinished: its end is never written. */
  destroy(): void;
};

function csvSink(out: Writable, separator: ExportClientsQuery['separator']): RowSink {
  const csv = stringify({ delimiter: separator === 'comma' ? ',' : ';', bom: true, header: true, columns: COLUMNS.map(([name]) => name) });
  csv.pipe(out);
  return {
    // Backpressure: a slow download must not pile the whole base up in memory.
    write: (values, closed) => (csv.write(values.map(spreadsheetSafe)) ? undefined : Promise.race([new Promise((r) => csv.once('drain', r)), closed])),
    end: async () => void csv.end(),
    destroy: () => csv.destroy(),
  };
}

/** Rows between two turns of the event loop: the zip compresses asynchronously and must keep up. */
const XLSX_BURST = 200;

function xlsxSink(out: Writable): RowSink {
  const workbook = openXlsxWriter(out);
  const sheet = workbook.addWorksheet('clients');
  sheet.addRow(COLUMNS.map(([name]) => name)).commit();
  let burst = 0;
  return {
    // Numbers stay numbers; text is a plain string cell (never a formula in XLSX): nothing to defuse.
    write: (values, closed) => {
      sheet.addRow(values).commit();
      if (out.writableNeedDrain) return Promise.race([new Promise((r) => out.once('drain', r)), closed]);
      if (++burst < XLSX_BURST) return undefined;
      burst = 0;
      return new Promise((r) => setImmediate(r));
    },
    end: async () => {
      sheet.commit();
      await workbook.commit();
    },
    destroy: () => abandonXlsxWriter(workbook, out),
  };
}

/** Clients as CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic right) or XLSX, with the list's filters. */
export class ClientExportService {
  constructor(
    private readonly ds: DataSource,
    private readonly clients: ClientsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Streams every matching client to `out`, 1,000 at a time. Audited twice: when it starts (who, which
   * filters, an XLSX says so; written before the first row leaves) and when it ends, with the rows sent
   * and whether it `completed`, was `aborted` by the reader, or `failed`. Resolves with the rows sent, or
   * with null when the reader went away first. A file that fails or is abandoned is never finished (an
   * XLSX never gets its zip directory), so half a file cannot pass for a whole one.
   */
  async export(actor: Actor, q: ClientExportQuery, out: Writable): Promise<number | null> {
    const { separator, format = 'csv', ...filters } = q;
    const exportId = randomUUID();
    const fmt = format === 'csv' ? {} : { format }; // CSV entries keep the shape they always had
    await this.audit.record(this.ds.manager, actor, 'export', 'client', 'all', null, { exportId, status: 'started', ...fmt, filters });
    let rows = 0;
    const finish = (status: 'completed' | 'aborted' | 'failed') =>
      this.audit.record(this.ds.manager, actor, 'export', 'client', 'all', null, { exportId, status, ...fmt, filters, rows });
    let gone = false;
    const closed = new Promise<void>((resolve) => out.once('close', () => ((gone = !out.writableFinished), resolve())));
    const sink = format === 'xlsx' ? xlsxSink(out) : csvSink(out, separator);
    try {
      for await (const page of this.clients.pages(filters, PAGE)) {
        for (const c of page) {
          const wait = sink.write(COLUMNS.map(([, value]) => value(c)), closed);
          if (wait) await wait;
          if (gone) break;
          rows++;
        }
        if (gone) break;
      }
      if (!gone) await Promise.race([sink.end(), closed]);
    } catch (err) {
      sink.destroy();
      await finish('failed').catch(() => undefined);
      throw err;
    }
    if (gone) {
      sink.destroy();
      await finish('aborted');
      return null;
    }
    await closed;
    await finish(gone ? 'aborted' : 'completed');
    return gone ? null : rows;
  }
}
