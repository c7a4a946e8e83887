import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { getFloor } from '../api/wallboard.api';
import { applyFloorEvent, toFloorState, type FloorEvent, type FloorState } from './floor.reducer';
import { wallboardKeys } from './wallboard-keys';

/**
 * The live floor: the `GET /api/floor` snapshot, then `agent:state` and `call:update` from the socket.
 * Events that arrive while a snapshot is on its way are replayed onto it, so none falls in the gap.
 * The board refetches it after a reconnect (see useResyncOnReconnect).
 */
export function useFloor() {
  const queryClient = useQueryClient();
  /** Events received during the fetch in flight; null when no fetch is running. */
  const inFlight = useRef<FloorEvent[] | null>(null);

  const query = useQuery({
    queryKey: wallboardKeys.floor,
    queryFn: async ({ signal }): Promise<FloorState> => {
      const log: FloorEvent[] = [];
      inFlight.current = log;
      try {
        const snapshot = await getFloor(signal);
        return log.reduce(applyFloorEvent, toFloorState(snapshot, Date.now()));
      } finally {
        if (inFlight.current === log) inFlight.current = null;
      }
    },
    staleTime: Infinity, // kept current by the events
    gcTime: 0, // a board opened again starts from a fresh snapshot
  });

  const apply = (event: FloorEvent) => {
    inFlight.current?.push(event);
    queryClient.setQueryData<FloorState>(wallboardKeys.floor, (floor) => (floor ? applyFloorEvent(floor, event) : floor));
  };
  useRealtimeEvent('agent:state', (update) => apply({ kind: 'agent', update }));
  useRealtimeEvent('call:update', (update) => apply({ kind: 'call', update, receivedAt: Date.now() }));

  return query;
}
