import { apiRequest } from '../../../app/api-client';

/** How the server will store a number: E.164 when it parses in one of the install's regions. */
export type ParsedPhone = { e164: string | null; valid: boolean; country: string | null; regions: string[] };

export const parsePhone = (number: string, signal?: AbortSignal) => apiRequest<ParsedPhone>('/phones/parse', { query: { number }, signal });
