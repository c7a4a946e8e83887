import { apiRequest } from '../../../app/api-client';

export type Note = { id: number; clientId: number; authorId: number | null; body: string; createdAt: string };

/** A client's notes, newest first. */
export const listNotes = (clientId: number, signal?: AbortSignal) => apiRequest<{ items: Note[] }>(`/clients/${clientId}/notes`, { signal });

export const addNote = (clientId: number, body: string) => apiRequest<Note>(`/clients/${clientId}/notes`, { method: 'POST', body: { body } });
