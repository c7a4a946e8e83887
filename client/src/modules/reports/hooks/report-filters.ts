import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { ReportFilters, ReportKind } from '../api/reports.types';

const pad = (n: number) => String(n).padStart(2, '0');
/** A date as YYYY-MM-DD in the browser's calendar. */
export const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const isDay = (s: string | null): s is string => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s);
const positive = (s: string | null) => {
  const n = Number(s);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** Period presets, as local dates. */
export function thisMonth(now = new Date()): { from: string; to: string } {
  return { from: dayOf(new Date(now.getFullYear(), now.getMonth(), 1)), to: dayOf(now) };
}
export function lastMonth(now = new Date()): { from: string; to: string } {
  return { from: dayOf(new Date(now.getFullYear(), now.getMonth() - 1, 1)), to: dayOf(new Date(now.getFullYear(), now.getMonth(), 0)) };
}
export function lastDays(n: number, now = new Date()): { from: string; to: string } {
  return { from: dayOf(new Date(now.getFullYear(), now.getMonth(), now.getDate() - (n - 1))), to: dayOf(now) };
}

const KINDS: readonly ReportKind[] = ['contacts', 'sources', 'tails', 'heatmap', 'sales', 'repeat', 'funnel', 'length', 'outcomes', 'reviews', 'tasks'];

/** The report, its period, team, operator and tails' days, kept in the address so a view can be shared. */
export function useReportFilters() {
  const [params, setParams] = useSearchParams();
  const kind: ReportKind = KINDS.find((k) => k === params.get('report')) ?? 'contacts';
  const filters = useMemo<ReportFilters>(() => {
    const month = thisMonth();
    const days = Number(params.get('days'));
    return {
      from: isDay(params.get('from')) ? params.get('from')! : month.from,
      to: isDay(params.get('to')) ? params.get('to')! : month.to,
      teamId: positive(params.get('team')),
      operatorId: positive(params.get('operator')),
      days: Number.isInteger(days) && days >= 0 && days <= 365 && params.get('days') !== null ? days : 3,
    };
  }, [params]);

  const update = useCallback(
    (next: Partial<ReportFilters> & { kind?: ReportKind }) =>
      setParams((p) => {
        const q = new URLSearchParams(p);
        const set = (key: string, value: string | number | null | undefined) => {
          if (value === undefined) return;
          if (value === null || value === '') q.delete(key);
          else q.set(key, String(value));
        };
        set('report', next.kind === 'contacts' ? null : next.kind);
        set('from', next.from);
        set('to', next.to);
        set('team', next.teamId);
        set('operator', next.operatorId);
        set('days', next.days === 3 ? null : next.days);
        return q;
      }),
    [setParams],
  );
  return { kind, filters, update };
}
