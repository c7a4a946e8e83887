import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDispositionSchema, dispositionCode, listDispositionsQuery, reorderDispositionsSchema, updateDispositionSchema } from './dispositions.schemas';

const names = { ru: 'Встреча', uk: 'Зустріч', en: 'Meeting' };

test('a code is 1–32 characters of a-z, 0-9 and _', () => {
  for (const ok of ['sale', 'a', 'callback_promised', '2nd_call', 'x'.repeat(32)]) assert.ok(dispositionCode.safeParse(ok).success, ok);
  for (const bad of ['', 'Sale', 'call-back', 'звонок', 'a b', 'x'.repeat(33), 'order!']) assert.ok(!dispositionCode.safeParse(bad).success, bad);
});

test('a new code needs all three names; flags default to off, active to on; lost and sale exclude each other', () => {
  const d = createDispositionSchema.parse({ code: 'meeting', names });
  assert.deepEqual(d, { code: 'meeting', names, active: true, effective: false, closesCallback: false, opensCallback: false, marksLost: false, marksSale: false });
  assert.ok(!createDispositionSchema.safeParse({ code: 'meeting', names: { ru: 'Встреча', uk: 'Зустріч' } }).success);
  assert.ok(!createDispositionSchema.safeParse({ code: 'meeting', names: { ...names, en: '  ' } }).success, 'a blank name');
  assert.ok(!createDispositionSchema.safeParse({ code: 'meeting', names: { ...names, en: 'a\u202eb' } }).success, 'a bidi override');
  assert.ok(!createDispositionSchema.safeParse({ code: 'meeting', names, marksLost: true, marksSale: true }).success);
  assert.ok(!createDispositionSchema.safeParse({ code: 'meeting', names, position: 3 }).success, 'unknown fields are refused');
});

test('a change must change something; the order lists each code once; all=1 asks for the retired too', () => {
  assert.ok(!updateDispositionSchema.safeParse({}).success);
  assert.ok(!updateDispositionSchema.safeParse({ names: {} }).success);
  assert.deepEqual(updateDispositionSchema.parse({ names: { uk: 'Зустріч' } }), { names: { uk: 'Зустріч' } });
  assert.deepEqual(updateDispositionSchema.parse({ active: false }), { active: false });
  assert.ok(!reorderDispositionsSchema.safeParse({ codes: ['sale', 'sale'] }).success);
  assert.ok(!reorderDispositionsSchema.safeParse({ codes: [] }).success);
  assert.equal(listDispositionsQuery.parse({ all: '1' }).all, true);
  assert.equal(listDispositionsQuery.parse({}).all, false);
  assert.ok(!listDispositionsQuery.safeParse({ all: 'maybe' }).success);
});
