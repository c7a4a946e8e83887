import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { XLSX_CONTENT_TYPE, openXlsxWriter, spreadsheetSafe, type SpreadsheetFormat } from '../exports/spreadsheet-file';

export type Cell = string | number | null;
/** One table of a report file: a name (the XLSX sheet), column keys (the header row) and rows. */
export type ExportTable = { name: string; columns: string[]; rows: Cell[][] };
export type ExportFormat = SpreadsheetFormat;

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');

/**
 * Sends a report as a file. CSV: the first table only, UTF-8 with a BOM and `;` (what spreadsheet programs
 * in ru/uk locales open right), formula-like text defused. XLSX: one sheet per table, streamed by
 * exceljs's writer (numbers stay numbers; text cells are never formulas there).
 */
export async function sendReportFile(res: Response, format: ExportFormat, fileName: string, tables: ExportTable[]): Promise<void> {
  const name = `${safeName(fileName)}.${format}`;
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  if (format === 'csv') {
    const [table] = tables;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.send(stringify([table!.columns, ...table!.rows.map((r) => r.map(spreadsheetSafe))], { bom: true, delimiter: ';' }));
    return;
  }
  res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
  const workbook = openXlsxWriter(res);
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name.slice(0, 31));
    sheet.addRow(table.columns).commit();
    for (const row of table.rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
}
