import type { Request } from 'express';
import type { z } from 'zod';
import { badRequest } from './errors';

/** Parses a positive integer route parameter (ids), so "12abc" and "-1" are a 400, not a 404 or a query. */
export function idParam(req: Request, name = 'id'): number {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw) || Number(raw) > 2_147_483_647) {
    throw badRequest(`Parameter ${name} must be a positive integer`);
  }
  return Number(raw);
}

export const parseBody = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => schema.parse(req.body ?? {});
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => schema.parse(req.query);
