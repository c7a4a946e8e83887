import type { Campaign, CampaignMode, CampaignSettings } from '../api/campaigns.api';

/** The settings as the form holds them: text where the user types, '' for an empty date or script. */
export type SettingsDraft = {
  teamId: number | null;
  operatorIds: number[];
  from: string;
  to: string;
  days: number[];
  maxAttempts: number;
  retry: Record<string, number>;
  finalCodes: string[];
  mode: CampaignMode;
  script: string;
  startsOn: string;
  endsOn: string;
};

/** The result codes whose wait is always shown (the server's own defaults: busy 15 min, no answer 2 h, others 4 h). */
export const RETRY_CODES = ['busy', 'no_answer', 'default'] as const;

/** A new campaign's settings: what the server would choose, so what is shown is what is sent. */
export const NEW_DRAFT: SettingsDraft = {
  teamId: null,
  operatorIds: [],
  from: '09:00',
  to: '21:00',
  days: [1, 2, 3, 4, 5, 6, 7],
  maxAttempts: 5,
  retry: { busy: 15, no_answer: 120, default: 240 },
  finalCodes: ['sale', 'not_interested', 'wrong_number'],
  mode: 'preview',
  script: '',
  startsOn: '',
  endsOn: '',
};

export function draftOf(c: Campaign): SettingsDraft {
  return {
    teamId: c.teamId,
    operatorIds: c.operatorIds,
    from: c.callingHours.from,
    to: c.callingHours.to,
    days: c.days,
    maxAttempts: c.maxAttempts,
    retry: { ...NEW_DRAFT.retry, ...c.retry },
    finalCodes: c.finalCodes,
    mode: c.mode === 'progressive' ? 'progressive' : 'preview',
    script: c.script ?? '',
    startsOn: c.startsOn ?? '',
    endsOn: c.endsOn ?? '',
  };
}

/** The draft as the API takes it (all but the name). */
export function settingsOf(d: SettingsDraft): Omit<CampaignSettings, 'name'> {
  return {
    teamId: d.teamId,
    operatorIds: d.operatorIds,
    callingHours: { from: d.from, to: d.to },
    days: [...d.days].sort(),
    maxAttempts: d.maxAttempts,
    retry: d.retry,
    finalCodes: d.finalCodes,
    mode: d.mode,
    script: d.script.trim() || null,
    startsOn: d.startsOn || null,
    endsOn: d.endsOn || null,
  };
}

/** Only what differs from the campaign as loaded: two managers changing different settings do not undo each other. */
export function changedSettings(before: Campaign, name: string, d: SettingsDraft): Partial<CampaignSettings> {
  const after: CampaignSettings = { name, ...settingsOf(d) };
  const was: CampaignSettings = { name: before.name, ...settingsOf(draftOf(before)) };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => !same(v, was[k as keyof CampaignSettings]))) as Partial<CampaignSettings>;
}

/** What is wrong with the draft before it is sent, as a key of the `campaigns` namespace, or null. */
export function draftProblem(d: SettingsDraft): 'form.daysRequired' | 'form.sameHours' | 'form.datesOrder' | 'form.retryRange' | null {
  if (d.days.length === 0) return 'form.daysRequired';
  if (d.from === d.to) return 'form.sameHours';
  if (d.startsOn && d.endsOn && d.startsOn > d.endsOn) return 'form.datesOrder';
  if (Object.values(d.retry).some((m) => !Number.isInteger(m) || m < 1 || m > MAX_RETRY_MINUTES)) return 'form.retryRange';
  return null;
}

/** The longest wait the server takes: 30 days, in minutes. */
export const MAX_RETRY_MINUTES = 60 * 24 * 30;
