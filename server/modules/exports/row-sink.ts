import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { abandonXlsxWriter, openXlsxWriter, spreadsheetSafe, type SpreadsheetFormat } from './spreadsheet-file';

export type Values = (string | number | null)[];

/** Where a file's rows go: a CSV stringifier or an XLSX sheet, both streaming into the response. */
export type RowSink = {
  /** Writes one row; resolves at once, or when the reader has taken enough (backpressure) or is gone. */
  write(values: Values, closed: Promise<void>): Promise<unknown> | undefined;
  /** Finishes the file: its end is written and `out` ended. */
  end(): Promise<unknown>;
  /** Drops the file unfinished: its end is never written. */
  destroy(): void;
};

export type SinkOptions = { format: SpreadsheetFormat; columns: string[]; sheet: string; separator?: ';' | ',' };

/** CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic right; `;` unless asked) or XLSX. */
export const openRowSink = (out: Writable, o: SinkOptions): RowSink => (o.format === 'xlsx' ? xlsxSink(out, o.columns, o.sheet) : csvSink(out, o.columns, o.separator ?? ';'));

function csvSink(out: Writable, columns: string[], delimiter: string): RowSink {
  const csv = stringify({ delimiter, bom: true, header: true, columns });
  csv.pipe(out);
  return {
    // Backpressure: a slow download must not pile the whole table up in memory.
    write: (values, closed) => (csv.write(values.map(spreadsheetSafe)) ? undefined : Promise.race([new Promise((r) => csv.once('drain', r)), closed])),
    end: async () => void csv.end(),
    destroy: () => csv.destroy(),
  };
}

/** Rows between two turns of the event loop: the zip compresses asynchronously and must keep up. */
const XLSX_BURST = 200;

function xlsxSink(out: Writable, columns: string[], sheetName: string): RowSink {
  const workbook = openXlsxWriter(out);
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(columns).commit();
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

/**
 * Writes pages of rows into `out` through a sink, minding backpressure. Resolves with the rows sent and
 * whether the file was `completed` or `aborted` by a reader who went away; a file that fails or is
 * abandoned is never finished (an XLSX never gets its zip directory), so half a file cannot pass for a
 * whole one. Rejects (the sink destroyed) when reading the pages fails; `sent.rows` counts as rows leave.
 */
export async function writeRows(out: Writable, o: SinkOptions, pages: AsyncIterable<Values[]>, sent = { rows: 0 }): Promise<{ rows: number; status: 'completed' | 'aborted' }> {
  let gone = false;
  const closed = new Promise<void>((resolve) => out.once('close', () => ((gone = !out.writableFinished), resolve())));
  const sink = openRowSink(out, o);
  try {
    for await (const page of pages) {
      for (const values of page) {
        const wait = sink.write(values, closed);
        if (wait) await wait;
        if (gone) break;
        sent.rows++;
      }
      if (gone) break;
    }
    if (!gone) await Promise.race([sink.end(), closed]);
  } catch (err) {
    sink.destroy();
    throw err;
  }
  if (gone) {
    sink.destroy();
    return { rows: sent.rows, status: 'aborted' };
  }
  await closed;
  return { rows: sent.rows, status: gone ? 'aborted' : 'completed' };
}
