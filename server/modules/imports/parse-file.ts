import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED_BYTES, badFile, notSpreadsheet, tooLarge } from './import-errors';
import { readOdsGrid } from './read-ods';

export type ImportFormat = 'csv' | 'xlsx' | 'ods';
/** A data row: its number (1 = the first row under the header, empty rows counted), its cells, the columns of merged cells in it. */
export type ParsedRow = { rowNo: number; cells: string[]; merged?: number[] };
export type ParsedFile = { format: ImportFormat; columns: string[]; rows: ParsedRow[] };

/** Finds the format from the bytes (never from the name) and reads the first visible sheet. */
export async function parseFile(buf: Buffer): Promise<ParsedFile> {
  if (buf.length === 0) throw badFile('empty_file', 'The file is empty');
  if (buf.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return parseZip(buf);
  if (buf.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw notSpreadsheet('Old Excel files (.xls) are not read: save the file as XLSX or CSV');
  return parseCsvBytes(buf);
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1251 (Russian and Ukrainian Excel). */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return iconv.decode(buf, 'win1251');
  }
}

/** The delimiter that splits the header line most: `;` (Russian Excel), tab, or `,`. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, 64 * 1024).split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const outside = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', '\t', ','].map((d) => ({ d, n: outside.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ';';
}

function parseCsvBytes(buf: Buffer): ParsedFile {
  if (buf.includes(0)) throw notSpreadsheet('This is not a spreadsheet: upload a CSV, XLSX or ODS file');
  const text = decodeText(buf);
  // Control characters other than tab and line breaks: a binary file (an image, a PDF), not a table.
  if (/[\u0001-\u0008\u000b\u000c\u000e-\u001f]/.test(text.slice(0, 64 * 1024))) throw notSpreadsheet('This is not a spreadsheet: upload a CSV, XLSX or ODS file');
  let records: string[][];
  try {
    records = parseCsv(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (err) {
    throw badFile('bad_csv', `The CSV cannot be read: ${(err as Error).message}`);
  }
  return fromGrid('csv', records.map((cells) => ({ cells })));
}

/**
 * Header = the first non-empty row; data rows numbered from the next one, empty rows counted but not kept.
 * A row's place on the sheet is `at` when given (a reader that leaves empty rows out), else its index.
 */
function fromGrid(format: ImportFormat, grid: { at?: number; cells: string[]; merged?: number[] }[]): ParsedFile {
  const isEmpty = (cells: string[]) => cells.every((c) => c.trim() === '');
  const headerAt = grid.findIndex((r) => !isEmpty(r.cells));
  if (headerAt < 0) throw badFile('empty_file', 'The file has no rows');
  const header = grid[headerAt]!;
  const place = (i: number) => grid[i]!.at ?? i;
  let width = header.cells.length;
  while (width > 0 && header.cells[width - 1]!.trim() === '') width--;
  if (width > MAX_COLUMNS) throw badFile('too_many_columns', `The sheet has ${width} columns; at most ${MAX_COLUMNS} are read`);
  if (header.merged?.length) throw badFile('merged_header', 'The header row has merged cells: unmerge them so that each column has its own title');
  const columns = uniqueHeaders(header.cells.slice(0, width));
  const rows: ParsedRow[] = [];
  for (let i = headerAt + 1; i < grid.length; i++) {
    const r = grid[i]!;
    const cells = r.cells.slice(0, width).map((c) => c.replace(/\r\n?/g, '\n').trim());
    if (isEmpty(cells)) continue;
    if (rows.length >= MAX_ROWS) throw tooLarge('too_many_rows', `The file has more than ${MAX_ROWS} rows: split it`);
    const merged = r.merged?.filter((c) => c < width);
    rows.push({ rowNo: place(i) - place(headerAt), cells, ...(merged?.length && { merged }) });
  }
  if (rows.length === 0) throw badFile('no_rows', 'The file has a header but no data rows');
  return { format, columns, rows };
}

/** Blank titles get their column's letter-free number, repeated titles a suffix: the mapping is keyed by title. */
function uniqueHeaders(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const base = raw.trim().replace(/\s+/g, ' ') || `#${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

async function parseZip(buf: Buffer): Promise<ParsedFile> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    throw notSpreadsheet('The file looks like a zip archive but cannot be opened');
  }
  const isOds = zip.file('mimetype') && !zip.file('xl/workbook.xml');
  if (!isOds && !zip.file('xl/workbook.xml')) throw notSpreadsheet('This archive is not a spreadsheet: upload a CSV, XLSX or ODS file');
  // Before any entry is read whole (the mimetype too): the sizes a zip declares can lie.
  await assertUnzippedSize(zip);
  if (!isOds) return readXlsx(buf);
  const mimetype = await zip.file('mimetype')!.async('string');
  if (mimetype.trim() !== 'application/vnd.oasis.opendocument.spreadsheet') throw notSpreadsheet('This archive is not a spreadsheet: upload a CSV, XLSX or ODS file');
  return fromGrid('ods', await readOdsGrid(zip));
}

/** Inflates every entry counting bytes, and stops at the cap: the sizes a zip declares can lie (a zip bomb). */
async function assertUnzippedSize(zip: JSZip): Promise<void> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      // internalStream is JSZip's streaming reader (in its API, missing from its types).
      const stream = (entry as unknown as { internalStream(type: 'uint8array'): StreamHelper }).internalStream('uint8array');
      stream
        .on('data', (chunk: Uint8Array) => {
          total += chunk.length;
          if (total > MAX_UNZIPPED_BYTES) {
            stream.pause();
            reject(tooLarge('zip_bomb', `The file unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB: it is refused`));
          }
        })
        .on('error', () => reject(notSpreadsheet('The spreadsheet is damaged and cannot be read')))
        .on('end', () => resolve())
        .resume();
    });
  }
}

type StreamHelper = { on(event: string, cb: (arg: never) => void): StreamHelper; pause(): StreamHelper; resume(): StreamHelper };

/** Values only: a formula cell gives the result the spreadsheet saved with it, never evaluated here. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
  if ('error' in value) return '';
  return '';
}

async function readXlsx(buf: Buffer): Promise<ParsedFile> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw notSpreadsheet('The spreadsheet is damaged and cannot be read');
  }
  const ws = wb.worksheets.find((s) => s.state === 'visible');
  if (!ws) throw badFile('no_visible_sheet', 'The workbook has no visible sheet');
  if (ws.columnCount > MAX_COLUMNS && ws.actualColumnCount > MAX_COLUMNS) throw badFile('too_many_columns', `The sheet has ${ws.actualColumnCount} columns; at most ${MAX_COLUMNS} are read`);
  const grid: { cells: string[]; merged?: number[] }[] = [];
  const width = Math.min(ws.columnCount, MAX_COLUMNS + 1);
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    const merged: number[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      if (cell.isMerged) merged.push(c - 1);
      cells.push(cell.isMerged && cell.master !== cell ? '' : cellText(cell.value));
    }
    grid.push({ cells, ...(merged.length > 0 && { merged }) });
  }
  return fromGrid('xlsx', grid);
}
