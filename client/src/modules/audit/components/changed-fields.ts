const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bookkeeping fields that change with every write and say nothing on their own. */
const NOISE = new Set(['updatedAt']);

/** The top-level fields whose values differ between the before and after snapshots of an update. */
export function changedFields(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !NOISE.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The client an entry is about: the client itself, or the client a deal or note belongs to. */
export function clientIdOf(entity: string, entityId: string, before: unknown, after: unknown): number | null {
  if (entity === 'client') return Number(entityId);
  const snapshot = isRecord(after) ? after : isRecord(before) ? before : null;
  const id = snapshot?.clientId;
  return typeof id === 'number' ? id : null;
}
