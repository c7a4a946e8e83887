import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizePhone } from './phone-number';

test('RU numbers in every common form normalize to one E.164', () => {
  for (const input of ['8 (916) 123-45-67', '+7 916 123 45 67', '79161234567', '9161234567', '+7(916)1234567', '0079161234567', ' 8-916-123-45-67 ']) {
    assert.equal(normalizePhone(input, 'RU').e164, '+79161234567', input);
  }
});

test('UA numbers: national with region UA, international from anywhere, country code without plus', () => {
  assert.equal(normalizePhone('044 123 4567', 'UA').e164, '+380441234567');
  assert.equal(normalizePhone('+380441234567', 'RU').e164, '+380441234567');
  assert.equal(normalizePhone('380441234567', 'RU').e164, '+380441234567');
  assert.equal(normalizePhone('067 123 45 67', 'UA').e164, '+380671234567');
});

test('a national number that cannot exist in the region is not forced into it', () => {
  assert.equal(normalizePhone('067 123 45 67', 'RU').e164, null);
  assert.equal(normalizePhone('067 123 45 67', 'UA').e164, '+380671234567');
});

test('reversed digits let a suffix search run as a prefix search', () => {
  const n = normalizePhone('+380441234567', 'RU');
  assert.equal(n.revDigits, '765432144083');
  assert.ok(n.revDigits.startsWith([...'441234567'].reverse().join('')));
});

test('what is not a phone number is kept raw with its digits, never invented', () => {
  assert.deepEqual(normalizePhone('anonymous', 'RU'), { raw: 'anonymous', e164: null, digits: '', revDigits: '' });
  const ext = normalizePhone('101', 'RU');
  assert.equal(ext.e164, null);
  assert.equal(ext.digits, '101');
  assert.equal(normalizePhone('12', 'RU').e164, null);
  assert.equal(normalizePhone("'; DROP TABLE clients; --", 'RU').e164, null);
  assert.equal(normalizePhone('1234567890123456789012', 'RU').e164, null);
});

test('spellings pasted from office files and phones are the same number', () => {
  for (const input of ['8 (916) 123–45–67', '8 (916) 123—45—67', '8 916 123\u221245\u221267', '＋７ ９１６ １２３ ４５ ６７', '+7\u00a0916\u00a0123\u00a045\u00a067', '\u202d+7 916 123 45 67\u202c', '+7 916 123\u200b45 67', 'tel:+79161234567', '8 916 123-45-67 доб. 123', '+7 916 123 45 67 ext. 5']) {
    assert.equal(normalizePhone(input, 'RU').e164, '+79161234567', JSON.stringify(input));
  }
});

test('several regions: a national number takes the first region where it is valid', () => {
  assert.equal(normalizePhone('8 916 123 45 67', ['RU', 'UA']).e164, '+79161234567');
  assert.equal(normalizePhone('067 123 45 67', ['RU', 'UA']).e164, '+380671234567');
  assert.equal(normalizePhone('044 123 4567', ['RU', 'UA']).e164, '+380441234567');
  assert.equal(normalizePhone('067 123 45 67', ['RU']).e164, null);
});

test('an extension alone is a number of its own, not stripped away', () => {
  assert.deepEqual(normalizePhone('ext. 4455', 'RU'), { raw: 'ext. 4455', e164: null, digits: '4455', revDigits: '5544' });
});
