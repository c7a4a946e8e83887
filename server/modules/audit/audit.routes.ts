import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../../http/auth.middleware';
import { parseQuery } from '../../http/validate';
import { AUDIT_ENTITIES, type AuditService } from './audit.service';

const auditQuery = z
  .object({
    entity: z.enum(AUDIT_ENTITIES).optional(),
    // Ids, or a login for `auth` entries (failed sign-ins, lockouts).
    entityId: z.string().regex(/^[a-z0-9_.-]{1,64}$/).optional(),
    actorId: z.coerce.number().int().positive().optional(),
    // A time range, ISO 8601 with a zone: from inclusive, to exclusive.
    from: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional(),
    to: z.iso.datetime({ offset: true }).transform((v) => new Date(v)).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });

export function auditRoutes(audit: AuditService): Router {
  const r = Router();
  r.get('/audit', requireRole('manager'), async (req, res) => {
    res.json(await audit.list(parseQuery(auditQuery, req)));
  });
  return r;
}
