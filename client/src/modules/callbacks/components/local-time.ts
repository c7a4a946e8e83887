/** datetime-local values (the browser's time zone, YYYY-MM-DDTHH:mm) to and from instants. */

/** An instant as a datetime-local value. */
export function toLocalInput(at: Date | string): string {
  const d = new Date(at);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Now as a datetime-local value, for a field's `min`. */
export const localNow = () => toLocalInput(new Date());

/** A datetime-local value as an instant in the future; null when it is none. */
export function futureInstant(value: string, now = Date.now()): Date | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) || d.getTime() <= now ? null : d;
}
