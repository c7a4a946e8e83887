import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { getKpiIntervals } from '../api/wallboard.api';
import { callKeyOf } from './floor.reducer';
import { BUCKET_MINUTES, SPAN_MS, type EndedCall } from './interval-series';
import { wallboardKeys } from './wallboard-keys';

/**
 * The floor's last hour for the chart: the server's intervals (read when the board opens, then every
 * minute and after a reconnect) and the calls the KPIs count (not internal ones) that ended since, from
 * `call:update`, kept for an hour. Mount once per board.
 */
export function useIntervalSeries() {
  const [calls, setCalls] = useState<EndedCall[]>([]);
  const query = useQuery({
    queryKey: wallboardKeys.intervals,
    queryFn: ({ signal }) => getKpiIntervals(60, BUCKET_MINUTES, signal),
    staleTime: 0,
    refetchInterval: 60_000,
  });

  useRealtimeEvent('call:update', (u) => {
    if (u.state !== 'ended' || u.direction === 'internal') return;
    const now = Date.now();
    const key = callKeyOf(u);
    const at = Date.parse(u.at);
    // A call told twice (a replayed stream) counts once.
    setCalls((prev) => (prev.some((c) => c.key === key) ? prev : [...prev.filter((c) => now - c.at < SPAN_MS + 60_000), { key, at: Number.isNaN(at) ? now : at, outcome: u.outcome }]));
  });
  return { series: query.data, calls, failed: query.isError && !query.data, retry: () => void query.refetch() };
}
