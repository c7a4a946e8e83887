import { apiRequest } from '../../../app/api-client';
import type { WorkingHours } from '../../routing/api/routing.types';

/** The floor's settings (server/modules/settings): working hours that rules without their own follow, phone regions. */
export type FloorSettings = { workingHours: WorkingHours | null; phoneRegions: string[] };

export const getFloorSettings = (signal?: AbortSignal) => apiRequest<FloorSettings>('/settings/floor', { signal });
export const putFloorSettings = (body: FloorSettings) => apiRequest<FloorSettings>('/settings/floor', { method: 'PUT', body });
