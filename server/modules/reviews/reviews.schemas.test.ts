import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createItemSchema, listReviewsQuery, reorderItemsSchema, reviewBody, reviewsReportQuery, updateItemSchema } from './reviews.schemas';
import { percentOf } from './reviews.service';

const names = { ru: 'Презентация', uk: 'Презентація', en: 'Presentation' };

test('a checklist item needs its three texts and 1–100 whole points; active by default; unknown fields refused', () => {
  assert.deepEqual(createItemSchema.parse({ names, maxPoints: 25 }), { names, maxPoints: 25, active: true });
  for (const maxPoints of [0, 101, 2.5, '10']) assert.ok(!createItemSchema.safeParse({ names, maxPoints }).success, String(maxPoints));
  assert.ok(!createItemSchema.safeParse({ names: { ru: 'Презентация' }, maxPoints: 5 }).success);
  assert.ok(!createItemSchema.safeParse({ names: { ...names, en: 'a\u202eb' }, maxPoints: 5 }).success, 'a bidi override');
  assert.ok(!createItemSchema.safeParse({ names, maxPoints: 5, position: 1 }).success);
  assert.ok(!updateItemSchema.safeParse({}).success, 'a change must change something');
  assert.ok(!updateItemSchema.safeParse({ names: {} }).success);
  assert.deepEqual(updateItemSchema.parse({ active: false }), { active: false });
  assert.ok(!reorderItemsSchema.safeParse({ ids: [1, 1] }).success);
});

test('a review scores each item once in whole points; comments are text without control characters', () => {
  assert.ok(reviewBody.safeParse({ scores: [{ itemId: 1, points: 0 }], comment: 'Хорошо\nно мало вопросов' }).success);
  assert.ok(!reviewBody.safeParse({ scores: [] }).success);
  assert.ok(!reviewBody.safeParse({ scores: [{ itemId: 1, points: 1 }, { itemId: 1, points: 2 }] }).success);
  assert.ok(!reviewBody.safeParse({ scores: [{ itemId: 1, points: -1 }] }).success);
  assert.ok(!reviewBody.safeParse({ scores: [{ itemId: 1, points: 0.5 }] }).success);
  assert.ok(!reviewBody.safeParse({ scores: [{ itemId: 1, points: 1, comment: 'a\u0007' }] }).success);
});

test('the total is points over the most possible, to one decimal; periods run forwards', () => {
  assert.equal(percentOf(22, 40), 55);
  assert.equal(percentOf(1, 3), 33.3);
  assert.equal(percentOf(2, 3), 66.7);
  assert.equal(percentOf(0, 0), null);
  assert.ok(!listReviewsQuery.safeParse({ from: '2026-11-10', to: '2026-11-01' }).success);
  assert.ok(!reviewsReportQuery.safeParse({ format: 'pdf' }).success);
  assert.equal(reviewsReportQuery.parse({}).format, 'json');
});
