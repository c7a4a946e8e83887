import { apiRequest, type Page } from '../../../app/api-client';
import type { Rule, RuleInput, RulePatch, RoutingDecision } from './routing.types';

/** The rules in the order they are tried (supervisors and above). */
export const listRules = (signal?: AbortSignal) => apiRequest<Page<Rule>>('/routing-rules', { signal });

export const createRule = (input: RuleInput) => apiRequest<Rule>('/routing-rules', { method: 'POST', body: input });

export const updateRule = (id: number, patch: RulePatch) => apiRequest<Rule>(`/routing-rules/${id}`, { method: 'PATCH', body: patch });

export const deleteRule = (id: number) => apiRequest<void>(`/routing-rules/${id}`, { method: 'DELETE' });

/** What the enabled rules (or, given one, a draft rule alone) would hand over right now; changes nothing. */
export const dryRunRules = (draft?: RuleInput) => apiRequest<Page<RoutingDecision>>('/routing-rules/dry-run', { method: 'POST', body: draft ? { rule: draft } : {} });
