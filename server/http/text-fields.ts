import { z } from 'zod';

// Invisible characters that spoof what people read or break logs, CSV and terminals: C0 and C1 controls,
// DEL, line/paragraph separators, the BOM, and the bidi overrides and isolates (U+202E turns "exe.txt" around).
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
// The same, but a note may hold line breaks and tabs.
const CONTROL_OR_BIDI_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

const message = 'must not contain control or text-direction characters';

/** A name, title or label: one line of printable text, trimmed. */
export const singleLine = (max: number, min = 1) => z.string().trim().min(min).max(max).refine((v) => !CONTROL_OR_BIDI.test(v), { message });

/** A note or comment: line breaks and tabs allowed, other controls not. */
export const multiLine = (max: number, min = 0) => z.string().trim().min(min).max(max).refine((v) => !CONTROL_OR_BIDI_IN_TEXT.test(v), { message });

/** True when the text holds a control or direction character (for fields with their own schema, such as phones). */
export const hasControlOrBidi = (v: string) => CONTROL_OR_BIDI.test(v);

/** YYYY-MM-DD that exists in the calendar (JavaScript's Date.parse takes 2026-02-31 as 3 March), years 1900-2100. */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, day));
    return y >= 1900 && y <= 2100 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
  }, { message: 'is not a real calendar date (YYYY-MM-DD, years 1900–2100)' });
