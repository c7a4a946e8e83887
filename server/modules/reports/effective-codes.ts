import { DISPOSITIONS } from '../calls/calls.schemas';

/**
 * What the reports know of the result codes, read when a report runs: which count as an effective contact,
 * which mark a sale or a lost client. The one place they learn it: services.ts passes readers of the
 * manager's list (DispositionsService); benches and unit setups take the built-in list.
 */
export type EffectiveCodes = () => Promise<readonly string[]>;

/** The built-in list (calls.schemas DISPOSITIONS). */
export const builtInEffectiveCodes: EffectiveCodes = async () => DISPOSITIONS.filter((d) => d.effective).map((d) => d.code);

/** The result codes that mark a sale and that mark a client lost, retired ones included (old calls keep theirs). */
export type OutcomeCodeSets = { sale: readonly string[]; lost: readonly string[] };
export type OutcomeCodes = () => Promise<OutcomeCodeSets>;

/** The built-in list: `sale` is a sale; nothing marks a client lost until a manager says so. */
export const builtInOutcomeCodes: OutcomeCodes = async () => ({ sale: ['sale'], lost: [] });
