import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { spreadsheetSafe } from '../clients/client-export.service';

export type Cell = string | number | null;
export type Table = { name: string; header: string[]; rows: Cell[][] };

/**
 * Sends report tables as a file: CSV (UTF-8 with a BOM, `;`, the tables one after another with an empty
 * line between) or XLSX (one sheet per table). Text cells are made spreadsheet-safe.
 */
export async function sendTables(res: Response, filename: string, format: 'csv' | 'xlsx', tables: Table[]): Promise<void> {
  const safe = (rows: Cell[][]) => rows.map((r) => r.map((v) => spreadsheetSafe(v)));
  if (format === 'csv') {
    const body = tables.map((t) => stringify([t.header, ...safe(t.rows)], { delimiter: ';' })).join('\r\n');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}.csv"`);
    res.send(`\uFEFF${body}`);
    return;
  }
  const book = new ExcelJS.Workbook();
  for (const t of tables) {
    const sheet = book.addWorksheet(t.name.slice(0, 31));
    sheet.addRow(t.header).font = { bold: true };
    for (const r of safe(t.rows)) sheet.addRow(r);
  }
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}.xlsx"`);
  res.send(Buffer.from(await book.xlsx.writeBuffer()));
}
