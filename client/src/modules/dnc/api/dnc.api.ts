import { ApiError, apiRequest, type Page } from '../../../app/api-client';

/** Do-not-call entries as the server sends them (server/modules/dnc). */
export type DncSource = 'manual' | 'wrap_up' | 'import';
export type DncEntry = {
  id: number;
  /** E.164, or the digits of a number the install's regions cannot read. */
  phone: string;
  reason: string | null;
  source: DncSource;
  clientId: number | null;
  clientName: string | null;
  addedBy: { id: number; name: string } | null;
  createdAt: string;
};
export type DncCheck = { blocked: boolean; reason: string | null };
export type DncAddInput = { phone: string; reason?: string; clientId?: number; source?: 'manual' | 'wrap_up' };
export type DncImportError = { row: number; value: string; code: 'no_phone' | 'not_a_phone' | 'reason_too_long'; message: string };
export type DncImportReport = { rows: number; added: number; already: number; failed: number; errors: DncImportError[] };
export type DncQuery = { q?: string; limit: number; offset: number };

export const listDnc = (query: DncQuery, signal?: AbortSignal) => apiRequest<Page<DncEntry>>('/dnc', { query, signal });
export const checkDnc = (phone: string, signal?: AbortSignal) => apiRequest<DncCheck>('/dnc/check', { query: { phone }, signal });
/** 201 for a new entry, 200 with the entry as it was when the number is on the list already (`created: false`). */
export const addDnc = (input: DncAddInput) => apiRequest<DncEntry & { created: boolean }>('/dnc', { method: 'POST', body: input });
export const removeDnc = (id: number) => apiRequest<void>(`/dnc/${id}`, { method: 'DELETE' });
/** The whole list as a file: a plain link, the session cookie goes along. */
export const dncExportUrl = (format: 'csv' | 'xlsx') => `/api/dnc/export?format=${format}`;

/** The file goes as multipart (field `file`); errors come back as the API's usual `{ error }`. */
export async function importDnc(file: File): Promise<DncImportReport> {
  const form = new FormData();
  form.append('file', file);
  let res: Response;
  try {
    res = await fetch('/api/dnc/import', { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached');
  }
  const body = (await res.json().catch(() => null)) as (DncImportReport & { error?: { code?: string; message?: string; details?: unknown } }) | null;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? res.statusText, body?.error?.details);
  return body!;
}
