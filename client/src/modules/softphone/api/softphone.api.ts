import { apiRequest } from '../../../app/api-client';

/** GET /api/softphone and /api/softphone/token (server/modules/softphone). */
export type SoftphoneStatus = { enabled: boolean };
export type SoftphoneToken = { identity: string; token: string; expiresAt: string };

export const getSoftphoneStatus = (signal?: AbortSignal) => apiRequest<SoftphoneStatus>('/softphone', { signal });
export const getSoftphoneToken = () => apiRequest<SoftphoneToken>('/softphone/token');
