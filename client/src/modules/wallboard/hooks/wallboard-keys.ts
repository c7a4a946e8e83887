import type { KpiWindow } from '../api/wallboard.types';

export const wallboardKeys = {
  all: ['wallboard'] as const,
  floor: ['wallboard', 'floor'] as const,
  kpis: (window: KpiWindow) => ['wallboard', 'kpis', window] as const,
  targets: ['wallboard', 'targets'] as const,
  intervals: ['wallboard', 'intervals'] as const,
  history: (from: string, to: string) => ['wallboard', 'history', from, to] as const,
};
