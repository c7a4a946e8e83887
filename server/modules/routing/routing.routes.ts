import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { idParam, parseBody } from '../../http/validate';
import type { LeadRouter } from './lead-router.service';
import { ruleInputSchema, rulePatchSchema, type RoutingRule } from './routing-rule';
import type { RoutingRulesService } from './routing-rules.service';

const dryRunSchema = z.object({ rule: ruleInputSchema.optional() }).strict();

export function routingRoutes(rules: RoutingRulesService, router: LeadRouter): Router {
  const r = Router();
  r.get('/routing-rules', requireRole('supervisor'), async (_req, res) => {
    res.json(await rules.list());
  });
  r.post('/routing-rules', requireRole('manager'), async (req, res) => {
    res.status(201).json(await rules.create(actorOf(req), parseBody(ruleInputSchema, req)));
  });
  // What the enabled rules, or a draft rule, would reassign now; changes nothing.
  r.post('/routing-rules/dry-run', requireRole('manager'), async (req, res) => {
    const { rule } = parseBody(dryRunSchema, req);
    const draft: RoutingRule | undefined = rule && { ...rule, id: 0, position: 0, createdAt: '', updatedAt: '' };
    const decisions = await router.dryRun(draft);
    res.json({ items: decisions, total: decisions.length });
  });
  r.patch('/routing-rules/:id', requireRole('manager'), async (req, res) => {
    res.json(await rules.update(actorOf(req), idParam(req), parseBody(rulePatchSchema, req)));
  });
  r.delete('/routing-rules/:id', requireRole('manager'), async (req, res) => {
    await rules.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });
  return r;
}
