import type { KpiSnapshot } from '../api/wallboard.types';

function mergeById<T extends { id: number }>(current: readonly T[], changed: readonly T[]): T[] {
  if (changed.length === 0) return current.slice();
  const byId = new Map(changed.map((x) => [x.id, x]));
  const merged = current.map((x) => byId.get(x.id) ?? x);
  const known = new Set(current.map((x) => x.id));
  return [...merged, ...changed.filter((x) => !known.has(x.id))];
}

/**
 * A `kpi:update` window folded into what the board has: the floor and the remainder row ("No team /
 * queue") are whole in every update; teams and
 * operators come only when a call changed them, so they replace their own row (or join the list).
 * An update older than the snapshot changes nothing.
 */
export function mergeKpiSnapshot(current: KpiSnapshot, update: KpiSnapshot): KpiSnapshot {
  if (Date.parse(update.at) < Date.parse(current.at)) return current;
  return { ...current, at: update.at, floor: update.floor, unassigned: update.unassigned, teams: mergeById(current.teams, update.teams), operators: mergeById(current.operators, update.operators) };
}
