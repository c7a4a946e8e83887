import type { RuleInput } from '../api/routing.types';

export const PRESET_KEYS = ['late10', 'promised3d'] as const;
export type PresetKey = (typeof PRESET_KEYS)[number];

/**
 * The two rules of sales-floor practice, without their name (given in the manager's language when added):
 * late by 10 minutes → the least loaded available operator of the callback's own team (no team named);
 * promised more than 3 days ago → the team's supervisor.
 */
export const RULE_PRESETS: Record<PresetKey, Omit<RuleInput, 'name'>> = {
  late10: { enabled: true, scope: {}, graceMinutes: 10, action: { type: 'least_loaded' } },
  promised3d: { enabled: true, scope: {}, graceMinutes: 3 * 24 * 60, action: { type: 'supervisor' } },
};
