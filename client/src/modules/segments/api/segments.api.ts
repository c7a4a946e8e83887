import { apiRequest } from '../../../app/api-client';
import type { SegmentView } from '../../../../../server/modules/segments/segments.service';

/** A saved segment as the API shows it, with its live count (shared with the server, type-only). */
export type Segment = SegmentView;
/** A segment's filter: the client list's query parameters as strings ({ tag: 'vip', class: 'A,B' }). */
export type SegmentFilter = Segment['filter'];
export type SegmentInput = { name: string; filter: SegmentFilter };

export const listSegments = (signal?: AbortSignal) => apiRequest<{ items: Segment[] }>('/segments', { signal });
export const createSegment = (input: SegmentInput) => apiRequest<Segment>('/segments', { method: 'POST', body: input });
export const updateSegment = (id: number, patch: Partial<SegmentInput>) => apiRequest<Segment>(`/segments/${id}`, { method: 'PATCH', body: patch });
export const deleteSegment = (id: number) => apiRequest<void>(`/segments/${id}`, { method: 'DELETE' });
