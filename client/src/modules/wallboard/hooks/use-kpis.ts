import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { getKpis } from '../api/wallboard.api';
import { KPI_WINDOWS, type KpiSnapshot, type KpiUpdate, type KpiWindow } from '../api/wallboard.types';
import { mergeKpiSnapshot } from './kpi-merge';
import { wallboardKeys } from './wallboard-keys';

/** Updates kept to replay onto a snapshot that was on its way when they came. */
const REPLAY_MS = 30_000;

/**
 * Rolling windows lose calls as time passes, with or without a new call: they are read again every
 * minute. "Today" changes only with calls (and at midnight), so every five minutes is enough.
 */
const REFRESH_MS: Record<KpiWindow, number> = { today: 5 * 60_000, '15m': 60_000, '60m': 60_000 };

/**
 * Live KPIs for `window`: `GET /api/kpis`, then every `kpi:update` merged into each window held in the
 * cache (so switching windows shows current numbers at once). Mount once per board.
 */
export function useKpis(window: KpiWindow) {
  const queryClient = useQueryClient();
  const recent = useRef<{ update: KpiUpdate; receivedAt: number }[]>([]);

  useRealtimeEvent('kpi:update', (update) => {
    const now = Date.now();
    recent.current = [...recent.current.filter((r) => now - r.receivedAt < REPLAY_MS), { update, receivedAt: now }];
    for (const w of KPI_WINDOWS) {
      queryClient.setQueryData<KpiSnapshot>(wallboardKeys.kpis(w), (current) => (current ? mergeKpiSnapshot(current, update.windows[w]) : current));
    }
  });

  return useQuery({
    queryKey: wallboardKeys.kpis(window),
    queryFn: async ({ signal }) => {
      const snapshot = await getKpis(window, signal);
      // Updates broadcast after the server took this snapshot may have overtaken the response.
      return recent.current.reduce((s, r) => mergeKpiSnapshot(s, r.update.windows[window]), snapshot);
    },
    staleTime: 0,
    refetchInterval: REFRESH_MS[window],
  });
}
