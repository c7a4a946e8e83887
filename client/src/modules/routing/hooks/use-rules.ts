import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../app/api-client';
import { createRule, deleteRule, listRules, updateRule } from '../api/routing.api';
import type { Rule, RuleInput, RulePatch } from '../api/routing.types';
import { routingKeys } from './routing-keys';

const byPosition = (a: Rule, b: Rule) => a.position - b.position || a.id - b.id;

/** The routing rules in the order they are tried. */
export function useRules() {
  return useQuery({
    queryKey: routingKeys.list,
    queryFn: ({ signal }) => listRules(signal),
  });
}

export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RuleInput) => createRule(input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: routingKeys.all }),
  });
}

/**
 * The whole of a rule as the API takes it. Every PATCH carries all fields: the server's patch schema
 * fills the ones left out with their create defaults (enabled, no scope, no working hours, 3 handovers),
 * so a PATCH of one field would silently reset the others.
 */
export function bodyOf(rule: Rule): Required<RuleInput> {
  const { name, enabled, position, scope, graceMinutes, action, workingHours, maxReassignments } = rule;
  return { name, enabled, position, scope, graceMinutes, action, workingHours, maxReassignments };
}

export type UpdateVars = { rule: Rule; change: RulePatch };

/** Saves changes to one rule (sent with the rest of it); the list shows the saved rule at once. */
export function useUpdateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ rule, change }: UpdateVars) => updateRule(rule.id, { ...bodyOf(rule), ...change }),
    onSuccess: (rule) =>
      queryClient.setQueryData<Page<Rule>>(routingKeys.list, (page) => page && { ...page, items: page.items.map((r) => (r.id === rule.id ? rule : r)).sort(byPosition) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: routingKeys.all }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (rule: Rule) => deleteRule(rule.id),
    onSuccess: (_void, rule) => queryClient.setQueryData<Page<Rule>>(routingKeys.list, (page) => page && { items: page.items.filter((r) => r.id !== rule.id), total: page.total - 1 }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: routingKeys.all }),
  });
}

export type MoveVars = { rules: readonly Rule[]; index: number; by: -1 | 1 };

/**
 * Moves a rule one place up or down. The API has no reorder call, so the new order is written as
 * positions 0, 1, 2… with one PATCH per rule whose position changes (two for a neighbour swap once the
 * positions are dense), each carrying the whole rule (see bodyOf). The list shows the new order at once
 * and is read again after.
 */
export function useMoveRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ rules, index, by }: MoveVars) => {
      const order = reordered(rules, index, by);
      for (const [position, rule] of order.entries()) {
        if (rule.position !== position) await updateRule(rule.id, { ...bodyOf(rule), position });
      }
    },
    onMutate: async ({ rules, index, by }) => {
      await queryClient.cancelQueries({ queryKey: routingKeys.list });
      const order = reordered(rules, index, by).map((rule, position) => ({ ...rule, position }));
      queryClient.setQueryData<Page<Rule>>(routingKeys.list, (page) => page && { ...page, items: order });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: routingKeys.all }),
  });
}

function reordered(rules: readonly Rule[], index: number, by: -1 | 1): Rule[] {
  const order = [...rules];
  const target = index + by;
  if (target < 0 || target >= order.length) return order;
  [order[index], order[target]] = [order[target]!, order[index]!];
  return order;
}
