import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smsLength } from './sms-length';

test('Latin text is GSM-7: 160 in one part, 153 per part beyond', () => {
  assert.deepEqual(smsLength(''), { encoding: 'gsm7', units: 0, parts: 0, perPart: 160, left: 160 });
  assert.deepEqual(smsLength('a'.repeat(160)), { encoding: 'gsm7', units: 160, parts: 1, perPart: 160, left: 0 });
  assert.deepEqual(smsLength('a'.repeat(161)), { encoding: 'gsm7', units: 161, parts: 2, perPart: 153, left: 145 });
});

test('extension characters take two units', () => {
  assert.equal(smsLength('€[]').units, 6);
  assert.equal(smsLength('€[]').encoding, 'gsm7');
});

test('Cyrillic switches to UCS-2: 70 in one part, 67 per part', () => {
  assert.deepEqual(smsLength('п'.repeat(70)), { encoding: 'ucs2', units: 70, parts: 1, perPart: 70, left: 0 });
  assert.deepEqual(smsLength(`Hello ${'п'.repeat(65)}`), { encoding: 'ucs2', units: 71, parts: 2, perPart: 67, left: 63 });
  assert.equal(smsLength('ok 😀').units, 5);
});
