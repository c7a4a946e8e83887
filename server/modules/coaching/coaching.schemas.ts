import { z } from 'zod';

export const SPY_MODES = ['listen', 'whisper', 'barge'] as const;

/** `POST /api/coaching/spy`: whose call to join and how. */
export const spySchema = z.object({ operatorId: z.number().int().positive(), mode: z.enum(SPY_MODES) }).strict();
export type SpyInput = z.infer<typeof spySchema>;

/** The PBX accepted the request: the supervisor's phone rings now, and joins the call once picked up. */
export type SpyResult = { actionId: string; message: string; callId: string | null };
