import type { Readable } from 'node:stream';
import type JSZip from 'jszip';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { AppError } from '../../http/errors';
import { MAX_COLUMNS, MAX_ROWS, badFile, notSpreadsheet, tooLarge } from './import-errors';

/** A sheet row as the reader keeps it: its place on the sheet (0 = the first row), its cells, the columns of merged cells in it. */
export type GridRow = { at: number; cells: string[]; merged?: number[] };

const OFFICE = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';
const TABLE = 'urn:oasis:names:tc:opendocument:xmlns:table:1.0';
const TEXT = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';
const STYLE = 'urn:oasis:names:tc:opendocument:xmlns:style:1.0';
const DRAW = 'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0';

const attr = (tag: SaxesTagNS, uri: string, local: string): string | undefined => {
  for (const a of Object.values(tag.attributes)) if (a.local === local && a.uri === uri) return a.value;
  return undefined;
};
/** A repeat or span count: at least 1; a huge one is fine, it is never expanded past the limits. */
const count = (tag: SaxesTagNS, local: string): number => {
  const n = Number(attr(tag, TABLE, local) ?? 1);
  return Number.isSafeInteger(n) && n > 1 ? n : 1;
};

/** What a cell holds, by the value the program saved with it (a formula is never evaluated here). */
function savedValue(tag: SaxesTagNS): string | null {
  const type = attr(tag, OFFICE, 'value-type');
  switch (type) {
    case 'float':
    case 'percentage':
    case 'currency': {
      const raw = attr(tag, OFFICE, 'value') ?? '';
      const n = Number(raw);
      return raw !== '' && Number.isFinite(n) ? String(n) : raw;
    }
    case 'date':
      return (attr(tag, OFFICE, 'date-value') ?? '').slice(0, 10); // ISO already; a time of day is dropped, as for XLSX
    case 'boolean':
      return attr(tag, OFFICE, 'boolean-value') ?? '';
    case 'string':
      return attr(tag, OFFICE, 'string-value') ?? null; // usually absent: the text paragraphs hold it
    case undefined:
      return attr(tag, TABLE, 'formula') !== undefined ? '' : null; // a formula without a result (an error)
    default:
      return null; // time, void: the text as shown
  }
}

/**
 * Reads the first visible sheet of an ODS (its content.xml, streamed through a SAX parser: never the whole
 * XML in memory). Hidden sheets (their table style says table:display="false") are skipped. Repeated rows
 * and columns are expanded only where they hold something, and never past MAX_COLUMNS + 1 columns or
 * MAX_ROWS + 1 kept rows: a sheet ending in a million repeated empty rows costs nothing. Merged cells (the
 * spanning cell and the cells it covers) are listed per row as XLSX merged cells are; covered cells read
 * as empty.
 */
export async function readOdsGrid(zip: JSZip): Promise<GridRow[]> {
  const content = zip.file('content.xml');
  if (!content) throw notSpreadsheet('The spreadsheet is damaged and cannot be read');
  const parser = new SaxesParser({ xmlns: true });

  const hiddenStyles = new Set<string>();
  let styleName: string | null = null; // inside <style:style style:family="table">
  let state: 'before' | 'skipping' | 'reading' | 'done' = 'before';
  let tableDepth = 0; // nesting of table:table while skipping or reading
  let ignoreDepth = 0; // inside an annotation or a drawing: their text is not the cell's
  const grid: GridRow[] = [];
  let rowAt = 0;
  let row: { cells: string[]; merged: number[]; col: number; filled: boolean; repeat: number } | null = null;
  let cell: { value: string | null; paragraphs: string[] | null; repeat: number; merged: boolean } | null = null;
  let inParagraph = 0;

  const addText = (s: string) => {
    if (!cell || cell.value !== null || ignoreDepth > 0 || inParagraph === 0) return;
    const ps = cell.paragraphs!;
    ps[ps.length - 1] += s;
  };

  const endCell = () => {
    const c = cell!;
    const r = row!;
    cell = null;
    const value = c.value ?? (c.paragraphs ?? []).join('\n');
    if (value === '' && !c.merged) {
      r.col += c.repeat;
      return;
    }
    for (let j = 0; j < c.repeat && r.col + j <= MAX_COLUMNS; j++) {
      r.cells[r.col + j] = value;
      if (c.merged) r.merged.push(r.col + j);
      if (value.trim() !== '') r.filled = true;
    }
    r.col += c.repeat;
  };

  const endRow = () => {
    const r = row!;
    row = null;
    if (r.filled) {
      const cells = Array.from({ length: r.cells.length }, (_, i) => r.cells[i] ?? '');
      for (let i = 0; i < r.repeat; i++) {
        if (grid.length > MAX_ROWS) throw tooLarge('too_many_rows', `The file has more than ${MAX_ROWS} rows: split it`);
        grid.push({ at: rowAt + i, cells: i === 0 ? cells : [...cells], ...(r.merged.length > 0 && { merged: [...r.merged] }) });
      }
    }
    rowAt += r.repeat;
  };

  parser.on('opentag', (tag) => {
    const { uri, local } = tag;
    if (state === 'done') return;
    if (state === 'before') {
      if (uri === STYLE && local === 'style' && attr(tag, STYLE, 'family') === 'table') styleName = attr(tag, STYLE, 'name') ?? null;
      else if (uri === STYLE && local === 'table-properties' && styleName && attr(tag, TABLE, 'display') === 'false') hiddenStyles.add(styleName);
      else if (uri === TABLE && local === 'table') {
        const hidden = hiddenStyles.has(attr(tag, TABLE, 'style-name') ?? '');
        state = hidden ? 'skipping' : 'reading';
        tableDepth = 1;
      }
      return;
    }
    if (uri === TABLE && local === 'table') tableDepth++;
    if (state !== 'reading') return;
    if (ignoreDepth > 0 || (uri === OFFICE && local === 'annotation') || uri === DRAW || tableDepth > 1) {
      ignoreDepth++;
      return;
    }
    if (uri === TABLE) {
      if (local === 'table-row') row = { cells: [], merged: [], col: 0, filled: false, repeat: count(tag, 'number-rows-repeated') };
      else if ((local === 'table-cell' || local === 'covered-table-cell') && row) {
        const covered = local === 'covered-table-cell';
        const spans = count(tag, 'number-columns-spanned') > 1 || count(tag, 'number-rows-spanned') > 1;
        cell = { value: covered ? '' : savedValue(tag), paragraphs: null, repeat: count(tag, 'number-columns-repeated'), merged: covered || spans };
      }
    } else if (uri === TEXT && cell && cell.value === null) {
      if (local === 'p' || local === 'h') {
        if (inParagraph === 0) (cell.paragraphs ??= []).push('');
        inParagraph++;
      } else if (local === 's') addText(' '.repeat(Math.min(Number(attr(tag, TEXT, 'c') ?? 1) || 1, 10_000)));
      else if (local === 'tab') addText('\t');
      else if (local === 'line-break') addText('\n');
    }
  });

  parser.on('closetag', (tag) => {
    const { uri, local } = tag;
    if (state === 'before') {
      if (uri === STYLE && local === 'style') styleName = null;
      return;
    }
    if (state === 'done') return;
    if (ignoreDepth > 0) {
      ignoreDepth--;
      if (uri === TABLE && local === 'table') tableDepth--;
      return;
    }
    if (uri === TABLE && local === 'table') {
      tableDepth--;
      if (tableDepth === 0) state = state === 'reading' ? 'done' : 'before';
      return;
    }
    if (state !== 'reading') return;
    if (uri === TABLE && (local === 'table-cell' || local === 'covered-table-cell') && cell) endCell();
    else if (uri === TABLE && local === 'table-row' && row) endRow();
    else if (uri === TEXT && (local === 'p' || local === 'h') && inParagraph > 0) inParagraph--;
  });

  parser.on('text', addText);
  parser.on('cdata', addText);

  await new Promise<void>((resolve, reject) => {
    const stream = content.nodeStream('nodebuffer') as Readable;
    const decoder = new TextDecoder('utf-8');
    let settled = false;
    const stop = (err?: unknown) => {
      if (settled) return;
      settled = true;
      stream.removeAllListeners('data');
      stream.pause();
      if (err === undefined) resolve();
      else reject(err instanceof AppError ? err : notSpreadsheet('The spreadsheet is damaged and cannot be read'));
    };
    stream.on('data', (chunk: Buffer) => {
      try {
        parser.write(decoder.decode(chunk, { stream: true }));
      } catch (err) {
        return stop(err);
      }
      if (state === 'done') stop(); // the first visible sheet is read: the rest of the file is not needed
    });
    stream.on('error', (err) => stop(err));
    stream.on('end', () => {
      try {
        parser.write(decoder.decode());
        parser.close();
        stop();
      } catch (err) {
        stop(err);
      }
    });
  });
  if (state === 'before' || state === 'skipping') throw badFile('no_visible_sheet', 'The workbook has no visible sheet');
  return grid;
}
