const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bookkeeping fields that change with every write and say nothing on their own. */
const NOISE = new Set(['updatedAt', 'createdAt', 'version', 'id']);

/** The top-level fields whose values differ between the before and after snapshots of an update. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !NOISE.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** `hadBefore`: the field was in the before snapshot (a field first set by this change has no before). */
export type FieldChange = { field: string; before: unknown; after: unknown; hadBefore: boolean };

/**
 * What an entry changed, field by field: for an update the fields that differ; for a creation the values
 * set (no before); for a deletion the values removed (no after). Fields in the order the snapshots list them.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  if (!isRecord(before) && !isRecord(after)) return [];
  return changedFields(b, a).map((field) => ({ field, before: b[field] ?? null, after: a[field] ?? null, hadBefore: Object.hasOwn(b, field) }));
}

export { isRecord };
