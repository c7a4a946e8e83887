import { apiRequest, type Page } from '../../../app/api-client';
import type { Call, CallListQuery } from './call.types';

/** Calls, newest first. */
export const listCalls = (query: CallListQuery, signal?: AbortSignal) => apiRequest<Page<Call>>('/calls', { query, signal });
