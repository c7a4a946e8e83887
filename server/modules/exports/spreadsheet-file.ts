import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** What a file taken out of the CRM for a spreadsheet program can be. */
export type SpreadsheetFormat = 'csv' | 'xlsx';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A spreadsheet program runs a cell that starts with = + - @ as a formula ("CSV injection"): such text
 * gets a leading apostrophe. A plain number such as +79161234567 or -5 is left as it is.
 */
export function spreadsheetSafe(value: string | number | null): string | number | null {
  if (typeof value !== 'string' || value === '') return value;
  const risky = /^[=@\t\r]/.test(value) || (/^[+-]/.test(value) && !/^[+-][\d\s().-]*$/.test(value));
  return risky ? `'${value}` : value;
}

/**
 * An XLSX written straight into `out` by exceljs's streaming writer: rows leave as they are committed, so a
 * file of any length costs the memory of a few rows. No styles and no shared strings table (that table would
 * hold every distinct text until the end); text cells are plain strings there, never formulas.
 */
export function openXlsxWriter(out: Writable): ExcelJS.stream.xlsx.WorkbookWriter {
  return new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
}

/**
 * Stops an XLSX writer that must not finish: `out` is let go first, so the zip's end is never written there
 * (half a file must not look like a whole one), then the archiver is stopped and its buffers freed.
 */
export function abandonXlsxWriter(workbook: ExcelJS.stream.xlsx.WorkbookWriter, out: Writable): void {
  const zip = (workbook as unknown as { zip?: { unpipe(dest: Writable): void; abort(): void } }).zip;
  zip?.unpipe(out);
  zip?.abort();
}
