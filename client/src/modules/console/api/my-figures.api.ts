import { apiRequest } from '../../../app/api-client';

/** GET /api/kpis/me: the signed-in operator's own figures (server/modules/my-figures). */
export type MyFiguresWindow = 'today' | 'week';
export type TalkBandVerdict = 'short' | 'unprepared' | 'neutral' | 'prepared' | 'long';
export type MyFigures = {
  window: MyFiguresWindow;
  from: string;
  to: string;
  calls: number;
  answered: number;
  effective: number;
  effectiveShare: number | null;
  avgTalkSeconds: number | null;
  bands: Record<string, number>;
  bandScale: { key: string; fromSeconds: number; toSeconds: number | null; verdict: TalkBandVerdict }[];
  tails: { days: number; count: number; oldestDueAt: string | null };
};

export const getMyFigures = (window: MyFiguresWindow, signal?: AbortSignal) => apiRequest<MyFigures>('/kpis/me', { query: { window }, signal });
