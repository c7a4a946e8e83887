import { z } from 'zod';

export const DUPLICATE_REASONS = ['phone', 'email', 'name'] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const listDuplicatesQuery = z.object({
  reason: z.enum(DUPLICATE_REASONS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListDuplicatesQuery = z.infer<typeof listDuplicatesQuery>;

export const mergeBody = z.object({ duplicateId: z.number().int().positive().max(2_147_483_647) }).strict();
export type MergeInput = z.infer<typeof mergeBody>;
