import { AppError } from '../../http/errors';

/** Upload limits: the file itself, what its zip may unpack to, the columns and the data rows. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_UNZIPPED_BYTES = 300 * 1024 * 1024;
export const MAX_COLUMNS = 1000;
export const MAX_ROWS = 200_000;

export const notSpreadsheet = (message: string) => new AppError(415, 'not_a_spreadsheet', message);
export const badFile = (code: string, message: string) => new AppError(400, code, message);
export const tooLarge = (code: string, message: string) => new AppError(413, code, message);
