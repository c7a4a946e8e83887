import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { AmiBufferFramer, AmiFramer, MAX_FRAME_BYTES, MAX_FRAME_CHARS, eventNameOf, field, parseFrame } from './ami-framer';

const FIXTURES = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'asterisk-ami');
const recorded = (name: string) => readFileSync(join(FIXTURES, `${name}.ami`), 'utf8');

function frames(chunks: string[]): string[] {
  const out: string[] = [];
  const framer = new AmiFramer((f) => out.push(f));
  for (const c of chunks) framer.push(c);
  return out;
}

test('a recorded stream frames the same whether whole, byte by byte or in random chunks', () => {
  for (const name of ['inbound-answered', 'blind-transfer', 'asterisk-23.4.1/resync-snapshot']) {
    const text = recorded(name);
    const whole = frames([text]);
    assert.ok(whole.length > 100, `${name}: ${whole.length} messages`);
    assert.ok(!whole.some((f) => f.startsWith('Asterisk Call Manager')), 'the banner is not a message');
    assert.deepEqual(frames([...text]), whole, `${name}: cut at every character`);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; ) {
      const n = 1 + Math.floor(random() * 3000);
      chunks.push(text.slice(i, i + n));
      i += n;
    }
    assert.deepEqual(frames(chunks), whole, `${name}: random chunks`);
  }
});

test('a 1 MB garbage line is skipped without buffering it, and framing resumes after it', () => {
  const good = 'Event: Newchannel\r\nLinkedid: a.1\r\n\r\n';
  const garbage = 'x'.repeat(1024 * 1024);
  const chunks = [good, ...garbage.match(/.{1,65536}/gs)!, '\r\n\r\n', good];
  const out: string[] = [];
  const framer = new AmiFramer((f) => out.push(f));
  for (const c of chunks) framer.push(c);
  assert.deepEqual(out, [good.slice(0, -4), good.slice(0, -4)]);
  assert.ok(framer.oversized >= 1);
  assert.ok(MAX_FRAME_CHARS < garbage.length);
});

test('parsing: keys lower-cased, values kept, repeated keys gathered, junk lines ignored', () => {
  const msg = parseFrame('Event: Status\r\nCallerIDName: Иван Петров: VIP\r\nOutput: line 1\r\nOutput: line 2\r\nno colon here\r\n: empty key\r\nTimestamp: 1795391636.044456');
  assert.equal(field(msg, 'event'), 'Status');
  assert.equal(field(msg, 'calleridname'), 'Иван Петров: VIP');
  assert.deepEqual(msg.output, ['line 1', 'line 2']);
  assert.equal(field(msg, 'output'), 'line 1');
  assert.equal(Object.keys(msg).length, 4);
  assert.equal(eventNameOf('Event: VarSet\r\nChannel: x'), 'VarSet');
  assert.equal(eventNameOf('Response: Success\r\nActionID: 1'), '');
});

test('the byte framer keeps what the string framer keeps, noise dropped by name, however the bytes are cut', () => {
  const noise = new Set(['VarSet', 'Newexten', 'RTCPSent', 'Cdr']);
  for (const name of ['inbound-answered', 'blind-transfer', 'asterisk-23.4.1/resync-snapshot']) {
    const bytes = readFileSync(join(FIXTURES, `${name}.ami`));
    const want = frames([bytes.toString('utf8')]).filter((f) => !noise.has(eventNameOf(f)));
    const cut = (size: (i: number) => number) => {
      const out: string[] = [];
      const framer = new AmiBufferFramer(noise, (f, n) => {
        assert.equal(n, eventNameOf(f));
        out.push(f);
      });
      for (let i = 0, k = 0; i < bytes.length; k++) {
        const n = size(k);
        framer.push(bytes.subarray(i, i + n));
        i += n;
      }
      return { out, dropped: framer.dropped };
    };
    const whole = cut(() => bytes.length);
    assert.deepEqual(whole.out, want, `${name}: whole`);
    assert.ok(whole.dropped > 0, `${name}: some noise dropped`);
    // Byte by byte cuts every multi-byte UTF-8 character (the Cyrillic names) in two.
    assert.deepEqual(cut(() => 1).out, want, `${name}: byte by byte`);
    assert.deepEqual(cut((k) => 1 + ((k * 7919) % 3001)).out, want, `${name}: uneven cuts`);
  }
});

test('the byte framer skips a 1 MB garbage line without buffering it', () => {
  const good = 'Event: Newchannel\r\nLinkedid: a.1\r\n\r\n';
  const out: string[] = [];
  const framer = new AmiBufferFramer(new Set(), (f) => out.push(f));
  framer.push(Buffer.from(good));
  for (let i = 0; i < 16; i++) framer.push(Buffer.alloc(65536, 'x'));
  framer.push(Buffer.from('\r\n\r\n' + good));
  assert.deepEqual(out, [good.slice(0, -4), good.slice(0, -4)]);
  assert.ok(framer.oversized >= 1);
  assert.ok(MAX_FRAME_BYTES < 16 * 65536);
});
