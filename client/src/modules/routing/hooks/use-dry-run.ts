import { useMutation } from '@tanstack/react-query';
import { dryRunRules } from '../api/routing.api';
import type { RuleInput } from '../api/routing.types';

/** Asks what the enabled rules (or a draft, when given) would hand over now. Nothing changes, so it is run on demand. */
export function useDryRun() {
  return useMutation({
    mutationFn: async (draft?: RuleInput) => ({ ...(await dryRunRules(draft)), at: new Date().toISOString() }),
  });
}
