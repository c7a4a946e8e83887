import type { z } from 'zod';
import { id, periodQuery } from './reports.schemas';

/** Sales beside contacts: the period, and a team or an operator (whose contacts and credited deals count). */
export const salesQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });

/** Repeat purchases: the period; the team and operator filter the clients by their owner. */
export const repeatPurchasesQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional() });

export type SalesQuery = z.infer<typeof salesQuery>;
export type RepeatPurchasesQuery = z.infer<typeof repeatPurchasesQuery>;
