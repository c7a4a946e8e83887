import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../app/api-client';
import {
  createChecklistItem,
  getReviewsReport,
  listCallReviews,
  listChecklist,
  listReviews,
  reorderChecklist,
  saveReview,
  updateChecklistItem,
  type ReviewInput,
  type ReviewItem,
  type ReviewItemInput,
  type ReviewItemPatch,
  type ReviewsReportFilters,
} from '../api/reviews.api';

export const reviewKeys = {
  all: ['reviews'] as const,
  checklist: (all: boolean) => ['reviews', 'checklist', all ? 'all' : 'active'] as const,
  call: (callId: number) => ['reviews', 'call', callId] as const,
  mine: ['reviews', 'mine'] as const,
  report: (f: ReviewsReportFilters) => ['reviews', 'report', f] as const,
};

/** The checklist: the active items (the review dialog) or every item (the manager's editor). */
export function useChecklist(all = false, enabled = true) {
  return useQuery({ queryKey: reviewKeys.checklist(all), queryFn: ({ signal }) => listChecklist(all, signal), enabled });
}

function useRefreshChecklist() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['reviews', 'checklist'] });
}

export function useCreateChecklistItem() {
  const refresh = useRefreshChecklist();
  return useMutation({ mutationFn: (input: ReviewItemInput) => createChecklistItem(input), onSettled: refresh });
}

export function useUpdateChecklistItem() {
  const queryClient = useQueryClient();
  const refresh = useRefreshChecklist();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: ReviewItemPatch }) => updateChecklistItem(id, patch),
    onSuccess: (saved) => queryClient.setQueryData<Page<ReviewItem>>(reviewKeys.checklist(true), (page) => page && { ...page, items: page.items.map((i) => (i.id === saved.id ? saved : i)) }),
    onSettled: refresh,
  });
}

/** Moves one item a place up or down: the whole new order is sent at once. */
export function useMoveChecklistItem() {
  const queryClient = useQueryClient();
  const refresh = useRefreshChecklist();
  return useMutation({
    mutationFn: ({ items, index, by }: { items: readonly ReviewItem[]; index: number; by: -1 | 1 }) => {
      const ids = items.map((i) => i.id);
      const [moved] = ids.splice(index, 1);
      ids.splice(index + by, 0, moved!);
      return reorderChecklist(ids);
    },
    onSuccess: (page) => queryClient.setQueryData(reviewKeys.checklist(true), page),
    onSettled: refresh,
  });
}

export function useCallReviews(callId: number, enabled = true) {
  return useQuery({ queryKey: reviewKeys.call(callId), queryFn: ({ signal }) => listCallReviews(callId, signal), enabled });
}

/** Saves the reviewer's review; the call's reviews, the lists and the report are read again. */
export function useSaveReview(callId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) => saveReview(callId, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}

const MINE_PAGE = 10;

/** The signed-in operator's reviews, newest first, a page at a time. */
export function useMyReviews() {
  return useInfiniteQuery({
    queryKey: reviewKeys.mine,
    queryFn: ({ pageParam, signal }) => listReviews({ limit: MINE_PAGE, offset: pageParam }, signal),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const seen = pages.reduce((n, p) => n + p.items.length, 0);
      return seen < last.total ? seen : undefined;
    },
  });
}

export function useReviewsReport(f: ReviewsReportFilters) {
  return useQuery({ queryKey: reviewKeys.report(f), queryFn: ({ signal }) => getReviewsReport(f, signal), placeholderData: keepPreviousData });
}
