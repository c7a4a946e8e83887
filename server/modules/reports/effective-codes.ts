import { DISPOSITIONS } from '../calls/calls.schemas';

/**
 * The result codes that count as an effective contact, read when a report runs. The one place the
 * reports learn it: when the managed dispositions list replaces the constant, services.ts passes its reader.
 */
export type EffectiveCodes = () => Promise<readonly string[]>;

/** The built-in list (calls.schemas DISPOSITIONS). */
export const builtInEffectiveCodes: EffectiveCodes = async () => DISPOSITIONS.filter((d) => d.effective).map((d) => d.code);
