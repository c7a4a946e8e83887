/** ISO weekdays (1 = Monday … 7 = Sunday) and their keys in the `campaigns` namespace (`days.mon`…). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const dayKey = (day: number) => `days.${KEYS[(day - 1 + 7) % 7]!}` as const;
