import { useEffect, useState } from 'react';
import { useRealtimeEvent } from '../../../app/realtime/realtime-context';
import { getKpis } from '../api/wallboard.api';
import { callKeyOf } from './floor.reducer';
import { SPAN_MS, type EndedCall } from './interval-series';

/**
 * The calls the KPIs count (inbound and outbound, not internal) that ended since the board opened,
 * from the `call:update` events, kept for an hour; and how many calls the last hour had when it opened
 * (the 60-minute KPIs: a total, the API has no per-interval figures). Mount once per board.
 */
export function useEndedCalls() {
  const [openedAt] = useState(() => Date.now());
  const [calls, setCalls] = useState<EndedCall[]>([]);
  const [callsBeforeOpen, setCallsBeforeOpen] = useState<number | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    getKpis('60m', abort.signal).then(
      (s) => setCallsBeforeOpen(s.floor.calls),
      () => undefined, // the chart says nothing about the time before, rather than something wrong
    );
    return () => abort.abort();
  }, []);

  useRealtimeEvent('call:update', (u) => {
    if (u.state !== 'ended' || u.direction === 'internal') return;
    const now = Date.now();
    const key = callKeyOf(u);
    // A call told twice (a replayed stream) counts once.
    setCalls((prev) => (prev.some((c) => c.key === key) ? prev : [...prev.filter((c) => now - c.receivedAt < SPAN_MS), { key, receivedAt: now, outcome: u.outcome }]));
  });
  return { openedAt, calls, callsBeforeOpen };
}
