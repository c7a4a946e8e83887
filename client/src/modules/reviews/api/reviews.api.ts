import { apiRequest, type Page } from '../../../app/api-client';
import type { ReviewItemView } from '../../../../../server/modules/reviews/review-checklist.service';
import type { ReviewsReport, ReviewView } from '../../../../../server/modules/reviews/reviews.service';

/** The shapes the reviews API answers (shared with the server, type-only). */
export type ReviewItem = ReviewItemView;
export type Review = ReviewView;
export type { ReviewsReport };

export type ReviewItemInput = { names: ReviewItem['names']; maxPoints: number; active?: boolean };
export type ReviewItemPatch = { names?: Partial<ReviewItem['names']>; maxPoints?: number; active?: boolean };
export type ReviewInput = { scores: { itemId: number; points: number; comment?: string | null }[]; comment?: string | null };

/** The checklist: active items for reviewers; `all` (managers) with the retired ones. */
export const listChecklist = (all: boolean, signal?: AbortSignal) => apiRequest<Page<ReviewItem>>('/review-checklist', { query: all ? { all: 1 } : {}, signal });
export const createChecklistItem = (input: ReviewItemInput) => apiRequest<ReviewItem>('/review-checklist', { method: 'POST', body: input });
export const updateChecklistItem = (id: number, patch: ReviewItemPatch) => apiRequest<ReviewItem>(`/review-checklist/${id}`, { method: 'PATCH', body: patch });
export const reorderChecklist = (ids: number[]) => apiRequest<Page<ReviewItem>>('/review-checklist/order', { method: 'PUT', body: { ids } });

export const listCallReviews = (callId: number, signal?: AbortSignal) => apiRequest<Page<Review>>(`/calls/${callId}/reviews`, { signal });
/** The signed-in reviewer's own review of the call, new or replacing theirs. */
export const saveReview = (callId: number, input: ReviewInput) => apiRequest<Review>(`/calls/${callId}/review`, { method: 'PUT', body: input });

/** Reviews, newest first (operators: always their own calls'). */
export const listReviews = (query: { operatorId?: number; from?: string; to?: string; limit?: number; offset?: number }, signal?: AbortSignal) => apiRequest<Page<Review>>('/reviews', { query, signal });

export type ReviewsReportFilters = { from: string; to: string; teamId: number | null; operatorId: number | null };
export const getReviewsReport = (f: ReviewsReportFilters, signal?: AbortSignal) => apiRequest<ReviewsReport>('/reports/reviews', { query: { from: f.from, to: f.to, teamId: f.teamId, operatorId: f.operatorId }, signal });
