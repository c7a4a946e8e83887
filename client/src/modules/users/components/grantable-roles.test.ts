import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grantableRoles, mayManage } from './grantable-roles';

test('the roles each role may give match the server: admins any, managers those below their own, others none', () => {
  assert.deepEqual(grantableRoles('admin'), ['operator', 'supervisor', 'manager', 'admin']);
  assert.deepEqual(grantableRoles('manager'), ['operator', 'supervisor']);
  assert.deepEqual(grantableRoles('supervisor'), []);
  assert.deepEqual(grantableRoles('operator'), []);
});

test('a manager manages operators and supervisors, not managers or admins; an admin everyone', () => {
  const manager = { id: 1, role: 'manager' as const };
  assert.equal(mayManage(manager, { id: 2, role: 'operator' }), true);
  assert.equal(mayManage(manager, { id: 3, role: 'supervisor' }), true);
  assert.equal(mayManage(manager, { id: 4, role: 'manager' }), false);
  assert.equal(mayManage(manager, { id: 5, role: 'admin' }), false);
  assert.equal(mayManage({ id: 6, role: 'admin' }, { id: 5, role: 'admin' }), true);
  assert.equal(mayManage({ id: 7, role: 'supervisor' }, { id: 2, role: 'operator' }), false);
});
