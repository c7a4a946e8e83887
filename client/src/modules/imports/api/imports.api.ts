import { ApiError, apiRequest } from '../../../app/api-client';
import type { DuplicatePolicy, ImportState, Mapping, Uploaded } from './imports.types';

/** The file goes as multipart (field `file`); errors come back as the API's usual `{ error }`. */
export async function uploadImport(file: File): Promise<Uploaded> {
  const form = new FormData();
  form.append('file', file);
  let res: Response;
  try {
    res = await fetch('/api/imports', { method: 'POST', body: form, credentials: 'same-origin', headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached');
  }
  const body = (await res.json().catch(() => null)) as (Uploaded & { error?: { code?: string; message?: string } }) | null;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? res.statusText);
  return body!;
}

export const getImport = (id: number, signal?: AbortSignal) => apiRequest<ImportState>(`/imports/${id}`, { signal });
export const startImportStep = (id: number, step: 'dry-run' | 'commit', body: { mapping: Mapping; duplicates: DuplicatePolicy }) =>
  apiRequest<ImportState>(`/imports/${id}/${step}`, { method: 'POST', body });
/** The failed rows as a CSV: a plain link, the session cookie goes along. */
export const failedRowsUrl = (id: number) => `/api/imports/${id}/failed.csv`;
