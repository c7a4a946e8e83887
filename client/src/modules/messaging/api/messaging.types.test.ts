import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonOf } from './messaging.types';

test('our reasons are known by code, an interrupted send by its prefix; a provider’s words are left as they are', () => {
  assert.equal(reasonOf(null), null);
  assert.equal(reasonOf('opted_out'), 'opted_out');
  assert.equal(reasonOf('cancelled'), 'cancelled');
  assert.equal(reasonOf('interrupted: the server stopped while sending; it may have been delivered, so it is not sent again'), 'interrupted');
  assert.equal(reasonOf('550 5.1.1 <x@y.invalid>: Recipient address rejected'), null);
  assert.equal(reasonOf('opted_out because'), null);
});
