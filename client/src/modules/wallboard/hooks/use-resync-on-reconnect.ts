import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useRealtime } from '../../../app/realtime/realtime-context';
import { wallboardKeys } from './wallboard-keys';

/**
 * Whatever happened while the live link was down (or before it first came up, after the snapshot was
 * taken) never reaches the board as events: when the link becomes live, the floor and the KPIs are read again.
 */
export function useResyncOnReconnect(): void {
  const queryClient = useQueryClient();
  const { status } = useRealtime();
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (status === 'live' && was !== 'live') void queryClient.invalidateQueries({ queryKey: wallboardKeys.all });
  }, [status, queryClient]);
}
