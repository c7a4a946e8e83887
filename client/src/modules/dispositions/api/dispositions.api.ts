import { apiRequest, type Page } from '../../../app/api-client';
import type { DispositionView } from '../../../../../server/modules/dispositions/dispositions.service';

/** A result code as the API shows it (shared with the server, type-only). */
export type Disposition = DispositionView;
export type DispositionFlags = Pick<Disposition, 'effective' | 'closesCallback' | 'opensCallback' | 'marksLost' | 'marksSale'>;
export const DISPOSITION_FLAGS = ['effective', 'closesCallback', 'opensCallback', 'marksLost', 'marksSale'] as const satisfies readonly (keyof DispositionFlags)[];

export type DispositionInput = DispositionFlags & { code: string; names: Disposition['names']; active?: boolean };
export type DispositionPatch = Partial<DispositionFlags> & { names?: Partial<Disposition['names']>; active?: boolean };

/** Every code, retired included, in order (managers). */
export const listAllDispositions = (signal?: AbortSignal) => apiRequest<Page<Disposition>>('/dispositions', { query: { all: 1 }, signal });

export const createDisposition = (input: DispositionInput) => apiRequest<Disposition>('/dispositions', { method: 'POST', body: input });

export const updateDisposition = (code: string, patch: DispositionPatch) => apiRequest<Disposition>(`/dispositions/${encodeURIComponent(code)}`, { method: 'PATCH', body: patch });

/** The whole list's new order (every code once). */
export const reorderDispositions = (codes: string[]) => apiRequest<Page<Disposition>>('/dispositions/order', { method: 'PUT', body: { codes } });
