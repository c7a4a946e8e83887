import { ABC_CLASSES, STAGES, TIERS, type AbcClass, type ClientListQuery, type Stage, type Tier } from '../clients/api/client.types';
import type { ClientFilters } from '../clients/hooks/use-client-filters';
import type { SegmentFilter } from './api/segments.api';

const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const known = <T extends string>(values: readonly T[], items: string[]) => items.filter((v): v is T => (values as readonly string[]).includes(v));
const positive = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/**
 * The client list's on-screen filters for a segment (what the filter bar can show; a segment made through
 * the API may hold more, e.g. two stages, which the list still applies exactly through `segmentListQuery`).
 */
export function clientFiltersOf(filter: SegmentFilter, base: ClientFilters, segmentId: number): ClientFilters {
  const stages = known<Stage>(STAGES, list(filter.stage));
  const tiers = known<Tier>(TIERS, list(filter.tier));
  return {
    ...base,
    q: filter.q ?? '',
    classes: known<AbcClass>(ABC_CLASSES, list(filter.class)),
    stage: stages[0] ?? null,
    tier: tiers[0] ?? null,
    source: filter.source ?? '',
    ownerId: positive(filter.ownerId) ?? null,
    tag: filter.tag ?? '',
    page: 1,
    segmentId,
  };
}

/** The list's query with a segment's filters exactly as saved, and the screen's sort and page. */
export function segmentListQuery(filter: SegmentFilter, { sort, order, limit, offset }: Pick<ClientListQuery, 'sort' | 'order' | 'limit' | 'offset'>): ClientListQuery {
  const kind = filter.kind === 'person' || filter.kind === 'organization' ? filter.kind : undefined;
  return {
    sort,
    order,
    limit,
    offset,
    ...(filter.q && { q: filter.q }),
    ...(filter.class && { class: known<AbcClass>(ABC_CLASSES, list(filter.class)) }),
    ...(filter.stage && { stage: known<Stage>(STAGES, list(filter.stage)) }),
    ...(filter.tier && { tier: known<Tier>(TIERS, list(filter.tier)) }),
    ...(filter.source && { source: filter.source }),
    ...(positive(filter.ownerId) && { ownerId: positive(filter.ownerId) }),
    ...(filter.tag && { tag: filter.tag }),
    ...(kind && { kind }),
    ...(positive(filter.organizationId) && { organizationId: positive(filter.organizationId) }),
    ...(filter.phone && { phone: filter.phone }),
    ...(filter.email && { email: filter.email }),
  } as ClientListQuery;
}
