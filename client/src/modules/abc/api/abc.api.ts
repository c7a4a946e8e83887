import { apiRequest, toSearch, type Query } from '../../../app/api-client';
import type { AbcMatrix, AbcMovement, AbcReportKind, AbcSettings, AbcSummary } from './abc.types';

export const getAbcSettings = (signal?: AbortSignal) => apiRequest<AbcSettings>('/settings/abc', { signal });
export const putAbcSettings = (body: AbcSettings) => apiRequest<AbcSettings>('/settings/abc', { method: 'PUT', body });
export const getAbcSummary = (signal?: AbortSignal) => apiRequest<AbcSummary>('/reports/abc', { signal });
export const getAbcMatrix = (signal?: AbortSignal) => apiRequest<AbcMatrix>('/reports/abc/matrix', { signal });
export const getAbcMovement = (query: Query, signal?: AbortSignal) => apiRequest<AbcMovement>('/reports/abc/movement', { query, signal });

const PATHS: Record<AbcReportKind, string> = { summary: '/api/reports/abc', matrix: '/api/reports/abc/matrix', movement: '/api/reports/abc/movement' };
/** A report as a file: a plain link, the session cookie goes along. */
export const abcFileUrl = (kind: AbcReportKind, format: 'csv' | 'xlsx', query: Query = {}) => `${PATHS[kind]}${toSearch({ ...query, format })}`;
