import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldChanges } from './changed-fields';

test('an update lists the fields that changed with their before and after; bookkeeping is left out', () => {
  assert.deepEqual(fieldChanges({ name: 'A', stage: 'lead', updatedAt: '1', tags: ['x'] }, { name: 'A', stage: 'customer', updatedAt: '2', tags: ['x', 'y'] }), [
    { field: 'stage', before: 'lead', after: 'customer', hadBefore: true },
    { field: 'tags', before: ['x'], after: ['x', 'y'], hadBefore: true },
  ]);
  assert.deepEqual(fieldChanges(null, { assigneeId: 5 }), [{ field: 'assigneeId', before: null, after: 5, hadBefore: false }]);
  assert.deepEqual(fieldChanges({ assigneeId: 1 }, { assigneeId: 2, ruleId: 3 })[1], { field: 'ruleId', before: null, after: 3, hadBefore: false }, 'a field the change added');
  assert.deepEqual(fieldChanges(null, null), []);
});
