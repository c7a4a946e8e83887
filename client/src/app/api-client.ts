/** A failed API call: the HTTP status and the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const isApiError = (err: unknown): err is ApiError => err instanceof ApiError;

type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Record<string, QueryValue>;

/**
 * Builds a query string, leaving out empty values: the API answers 400 to unknown or empty
 * parameters, so "no filter" must mean "no parameter". Arrays become comma-separated lists.
 */
export function toSearch(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
      continue;
    }
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
};

type ErrorBody = { error?: { code?: unknown; message?: unknown; details?: unknown } };

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  const e = body?.error;
  const code = typeof e?.code === 'string' ? e.code : 'http_error';
  const message = typeof e?.message === 'string' ? e.message : res.statusText || `HTTP ${res.status}`;
  return new ApiError(res.status, code, message, e?.details);
}

/**
 * Calls the JSON API under /api. The session travels in the httpOnly cookie the server sets at
 * sign-in, so nothing here holds a token. Resolves with the parsed body (undefined for 204) or
 * rejects with an ApiError; a network failure is status 0, code "network".
 */
export async function apiRequest<T>(path: string, { method = 'GET', query, body, signal }: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}${toSearch(query)}`, {
      method,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(signal && { signal }),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server cannot be reached');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The shape of every list the API returns. */
export type Page<T> = { items: T[]; total: number };
