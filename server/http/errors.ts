import { ZodError } from 'zod';

/** An error whose code and message are safe to show to the client. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new AppError(400, 'bad_request', message, details);
export const unauthorized = (message = 'Sign in first') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'Your role does not allow this') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'conflict', message, details);

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'EPIPE', 'SQLITE_BUSY', 'ER_CON_COUNT_ERROR']);

function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string }; fatal?: boolean; name?: string; message?: string };
  const code = e?.code ?? e?.driverError?.code;
  if (code && DB_DOWN_CODES.has(code)) return true;
  if (e?.fatal === true) return true;
  return e?.name === 'ConnectionIsNotSetError' || /Pool is closed|connection is not established|database connection is not open/i.test(e?.message ?? '');
}

/** Maps any thrown value to a status and a body that whitelists what the client may see. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, ...(err.details !== undefined && { details: err.details }) } } };
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { status: 400, body: { error: { code: 'validation_failed', message: 'The request is not valid', details } } };
  }
  const e = err as { type?: string; status?: number; statusCode?: number };
  // body-parser's errors carry a type and a 4xx status.
  if (e?.type === 'entity.parse.failed') return { status: 400, body: { error: { code: 'invalid_json', message: 'The body is not valid JSON' } } };
  if (e?.type === 'entity.too.large') return { status: 413, body: { error: { code: 'payload_too_large', message: 'The body is too large' } } };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return { status: 415, body: { error: { code: 'unsupported_encoding', message: 'Unsupported body encoding' } } };
  }
  // Any other body-parser failure (a corrupt gzip body, a truncated upload) is the client's: 400, not 500.
  const status = e?.status ?? e?.statusCode ?? 0;
  if (status === 404) return { status, body: { error: { code: 'not_found', message: 'Not found' } } }; // a static file
  if (status >= 400 && status < 500 && (err as { expose?: boolean }).expose) {
    return { status: 400, body: { error: { code: 'invalid_body', message: 'The request body could not be read (corrupt or truncated)' } } };
  }
  if (isDatabaseUnavailable(err)) {
    return { status: 503, body: { error: { code: 'service_unavailable', message: 'The database is unavailable; try again shortly' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side' } } };
}
