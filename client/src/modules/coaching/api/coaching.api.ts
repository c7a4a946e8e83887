import { apiRequest } from '../../../app/api-client';
import type { SpyInput, SpyResult } from '../../../../../server/modules/coaching/coaching.schemas';

export type SpyMode = SpyInput['mode'];
export type { SpyInput, SpyResult };

export const SPY_MODES: readonly SpyMode[] = ['listen', 'whisper', 'barge'];

/** Rings the supervisor's own phone into the operator's call in progress (supervisors and up, their teams). */
export const startSpy = (input: SpyInput) => apiRequest<SpyResult>('/coaching/spy', { method: 'POST', body: input });
