import { useMutation } from '@tanstack/react-query';
import type { Page } from '../../../app/api-client';
import { dryRunRules } from '../api/routing.api';
import type { RoutingDecision, RuleInput } from '../api/routing.types';

/** A dry run's answer and when it was asked. */
export type DryRunResult = Page<RoutingDecision> & { at: string };

/** Asks what the enabled rules (or a draft, when given) would hand over now. Nothing changes, so it is run on demand. */
export function useDryRun() {
  return useMutation({
    mutationFn: async (draft?: RuleInput): Promise<DryRunResult> => ({ ...(await dryRunRules(draft)), at: new Date().toISOString() }),
  });
}
