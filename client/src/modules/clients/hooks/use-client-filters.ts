import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { ABC_CLASSES, CLIENT_SORTS, STAGES, TIERS, type AbcClass, type ClientListQuery, type ClientSort, type Stage, type Tier } from '../api/client.types';

export const PAGE_SIZE = 25;

/** The client list's search, filters, sort and page: kept in the URL so back, reload and links work. */
export type ClientFilters = {
  q: string;
  classes: AbcClass[];
  stage: Stage | null;
  tier: Tier | null;
  source: string;
  ownerId: number | null;
  tag: string;
  sort: ClientSort;
  order: 'asc' | 'desc';
  page: number;
  /** A saved segment applied to the list (its filters, exactly as saved); changing a filter lets go of it. */
  segmentId: number | null;
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => (v !== null && (values as readonly string[]).includes(v) ? (v as T) : null);

function parse(params: URLSearchParams): ClientFilters {
  const owner = Number(params.get('owner'));
  const page = Number(params.get('page'));
  const segment = Number(params.get('segment'));
  return {
    q: params.get('q') ?? '',
    classes: (params.get('class') ?? '').split(',').flatMap((c) => oneOf(ABC_CLASSES, c) ?? []),
    stage: oneOf(STAGES, params.get('stage')),
    tier: oneOf(TIERS, params.get('tier')),
    source: params.get('source') ?? '',
    ownerId: Number.isInteger(owner) && owner > 0 ? owner : null,
    tag: params.get('tag') ?? '',
    sort: oneOf(CLIENT_SORTS, params.get('sort')) ?? 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    segmentId: Number.isInteger(segment) && segment > 0 ? segment : null,
  };
}

function serialize(f: ClientFilters): URLSearchParams {
  const entries: [string, string][] = [
    ['q', f.q],
    ['class', f.classes.join(',')],
    ['stage', f.stage ?? ''],
    ['tier', f.tier ?? ''],
    ['source', f.source],
    ['owner', f.ownerId ? String(f.ownerId) : ''],
    ['tag', f.tag],
    ['sort', f.sort === 'name' ? '' : f.sort],
    ['order', f.order === 'asc' ? '' : f.order],
    ['page', f.page > 1 ? String(f.page) : ''],
    ['segment', f.segmentId ? String(f.segmentId) : ''],
  ];
  return new URLSearchParams(entries.filter(([, v]) => v !== ''));
}

/** The API query for a set of filters. */
export function toListQuery(f: ClientFilters): ClientListQuery {
  return {
    sort: f.sort,
    order: f.order,
    limit: PAGE_SIZE,
    offset: (f.page - 1) * PAGE_SIZE,
    ...(f.q && { q: f.q }),
    ...(f.classes.length > 0 && { class: f.classes }),
    ...(f.stage && { stage: [f.stage] }),
    ...(f.tier && { tier: [f.tier] }),
    ...(f.source && { source: f.source }),
    ...(f.ownerId && { ownerId: f.ownerId }),
    ...(f.tag && { tag: f.tag }),
  };
}

export const hasActiveFilters = (f: ClientFilters) => Boolean(f.q || f.classes.length || f.stage || f.tier || f.source || f.ownerId || f.tag || f.segmentId);

/** Changes that keep an applied segment: paging, sorting, and applying one. */
const KEEPS_SEGMENT = new Set<string>(['page', 'sort', 'order', 'segmentId']);

/** Sorting by a new column starts with the order people usually want: names A→Z, figures and dates newest/largest first. */
const FIRST_ORDER: Record<ClientSort, 'asc' | 'desc'> = { name: 'asc', abcClass: 'asc', revenue: 'desc', createdAt: 'desc', updatedAt: 'desc' };

export function useClientFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parse(params), [params]);

  /** Changes some filters; any change other than the page itself goes back to page 1, and a filter's lets go of the applied segment. */
  const update = useCallback(
    (patch: Partial<ClientFilters>) => {
      const leavesSegment = Object.keys(patch).some((k) => !KEEPS_SEGMENT.has(k));
      setParams((prev) => serialize({ ...parse(prev), page: 1, ...(leavesSegment && { segmentId: null }), ...patch }), { replace: !('page' in patch) });
    },
    [setParams],
  );

  const sortBy = useCallback(
    (column: ClientSort) => {
      const order = filters.sort === column ? (filters.order === 'asc' ? 'desc' : 'asc') : FIRST_ORDER[column];
      update({ sort: column, order });
    },
    [filters.sort, filters.order, update],
  );

  const reset = useCallback(() => {
    setParams(serialize({ ...parse(new URLSearchParams()), sort: filters.sort, order: filters.order }), { replace: true });
  }, [setParams, filters.sort, filters.order]);

  return { filters, update, sortBy, reset };
}
