import { apiRequest, type Page } from '../../../app/api-client';
import type { Call, CallListQuery, Disposition, DispositionName, OriginateInput, OriginateResult, WrapUpInput } from './call.types';

/** Calls, newest first. */
export const listCalls = (query: CallListQuery, signal?: AbortSignal) => apiRequest<Page<Call>>('/calls', { query, signal });

/** The call log's row of one PBX call, or null when it is not written (yet). */
export async function findCallByPbxId(pbx: string, pbxCallId: string, signal?: AbortSignal): Promise<Call | null> {
  const page = await listCalls({ pbx, pbxCallId, limit: 1, offset: 0 }, signal);
  return page.items[0] ?? null;
}

/** Records the operator's result of a call. */
export const wrapUpCall = (id: number, input: WrapUpInput) => apiRequest<Call>(`/calls/${id}`, { method: 'PATCH', body: input });

/** The results an operator picks from at wrap-up, in the order to show them. */
export const listDispositions = (signal?: AbortSignal) => apiRequest<Page<Disposition>>('/dispositions', { signal });

/** Every code's names, retired ones included: old calls show their result by name. */
export const listDispositionNames = (signal?: AbortSignal) => apiRequest<Page<DispositionName>>('/dispositions/names', { signal });

/** Click-to-call: the PBX rings the user's own extension, then dials the number (202 once it accepted). */
export const originateCall = (input: OriginateInput) => apiRequest<OriginateResult>('/calls/originate', { method: 'POST', body: input });
