import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { parseBody, parseQuery } from '../../http/validate';
import { singleLine } from '../../http/text-fields';
import type { OrganizationLinkingService } from './organization-linking.service';

const unlinkedQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

const linkBody = z.object({ organization: singleLine(200), organizationId: z.number().int().positive().optional() }).strict();

/** Linking people who only typed a company name to organization cards: the manager's review. */
export function organizationsRoutes(linking: OrganizationLinkingService): Router {
  const r = Router();
  r.get('/organizations/unlinked', requireRole('manager'), async (req, res) => {
    res.json(await linking.unlinked(parseQuery(unlinkedQuery, req)));
  });
  r.post('/organizations/link', requireRole('manager'), async (req, res) => {
    res.json(await linking.link(actorOf(req), parseBody(linkBody, req)));
  });
  return r;
}
