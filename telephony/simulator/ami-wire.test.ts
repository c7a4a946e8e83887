import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AmiStreamSplitter, formatMessage, parseMessage } from './ami-wire';
import { loadFixture } from './replay';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/asterisk-ami/', import.meta.url));

describe('AMI wire format', () => {
  it('formats and parses a message; lookups ignore case; repeated keys are kept', () => {
    const raw = formatMessage([
      ['Response', 'Success'],
      ['ActionID', 'a-1'],
      ['Output', 'line one'],
      ['Output', 'line two'],
      ['AccountCode', ''],
    ]);
    assert.equal(raw, 'Response: Success\r\nActionID: a-1\r\nOutput: line one\r\nOutput: line two\r\nAccountCode: \r\n\r\n');
    const m = parseMessage(raw);
    assert.equal(m.get('actionid'), 'a-1');
    assert.deepEqual(m.getAll('OUTPUT'), ['line one', 'line two']);
    assert.equal(m.get('AccountCode'), '');
    assert.equal(parseMessage('Action: Ping\nActionID: lf-only\n\n').get('ActionID'), 'lf-only');
  });

  it('splits a recorded stream into the recorded messages wherever the bytes are cut', () => {
    const name = 'asterisk-23.4.1/ami-auth-ok';
    const bytes = readFileSync(`${FIXTURES}${name}.ami`);
    const expected = loadFixture(`${FIXTURES}${name}.jsonl`).map((m) => m.data);
    for (let cut = 1; cut < bytes.length; cut++) {
      const s = new AmiStreamSplitter({ banner: true });
      const got = [...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))];
      assert.deepEqual(got, expected, `cut at ${cut}`);
      assert.equal(s.pending, '');
    }
  });

  it('splits a stream fed one byte at a time, Cyrillic included', () => {
    const name = 'inbound-answered';
    const bytes = readFileSync(`${FIXTURES}${name}.ami`);
    const s = new AmiStreamSplitter({ banner: true });
    const got: string[] = [];
    for (let i = 0; i < bytes.length; i++) got.push(...s.push(bytes.subarray(i, i + 1)));
    assert.deepEqual(got, loadFixture(`${FIXTURES}${name}.jsonl`).map((m) => m.data));
  });
});
