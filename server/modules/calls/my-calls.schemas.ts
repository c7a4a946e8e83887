import { z } from 'zod';

/** How far back "my calls" may reach: a shift and then some. */
const MAX_LOOKBACK_MS = 7 * 86_400_000;

/** `from`: the start of the operator's day as an instant (the console sends its local midnight); default 24 h ago. */
export const myCallsQuery = z
  .object({
    from: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .refine((d) => d.getTime() >= Date.now() - MAX_LOOKBACK_MS, { message: 'must be within the last 7 days' })
      .optional(),
  })
  .strict();

export type MyCallsQuery = z.infer<typeof myCallsQuery>;
