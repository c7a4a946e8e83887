import { z } from 'zod';

/**
 * GET /api/kpis/me: only the window. Strict, so no parameter can name another operator: the figures are
 * always the signed-in user's own.
 */
export const myFiguresQuery = z.object({ window: z.enum(['today', 'week']).default('today') }).strict();

export type MyFiguresWindow = z.infer<typeof myFiguresQuery>['window'];
