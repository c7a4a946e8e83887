import type { z } from 'zod';
import { id, periodQuery } from './reports.schemas';

/** GET /api/reports/contact-length: the period, team, operator, format. */
export const contactLengthQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });
/** GET /api/reports/outcomes: the period (of the outcome calls), team and operator (of the outcome call), format. */
export const outcomesQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });

export type ContactLengthQuery = z.infer<typeof contactLengthQuery>;
export type OutcomesQuery = z.infer<typeof outcomesQuery>;
