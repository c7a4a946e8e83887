import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AmiServer } from './ami-server';
import { AmiTestClient } from './ami-test-client';
import { afterLogin, loadFixture, replay, type ReplayOptions } from './replay';
import { createRandom } from './seeded-random';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/asterisk-ami/', import.meta.url));

/** The recorded bytes after the banner and the login response. */
function recordedAfterLogin(name: string): Buffer {
  const all = loadFixture(`${FIXTURES}${name}.jsonl`);
  const skipped = all.length - afterLogin(all).length;
  const prefix = all.slice(0, skipped).reduce((n, m) => n + Buffer.byteLength(m.data), 0);
  return readFileSync(`${FIXTURES}${name}.ami`).subarray(prefix);
}

/** Logs a plain client in to a server that replays `name` to it; resolves with what came after the login response. */
async function receiveReplay(name: string, options: ReplayOptions, timeoutMs = 10_000): Promise<{ got: Buffer; expected: Buffer; elapsedMs: number }> {
  const server = new AmiServer({ loginEvents: false });
  const port = await server.listen();
  const messages = afterLogin(loadFixture(`${FIXTURES}${name}.jsonl`));
  const started = performance.now();
  server.on('login', (session) => void replay(session, messages, options));
  const client = await AmiTestClient.connect(port);
  try {
    const res = await client.login();
    assert.equal(res.get('Message'), 'Authentication accepted');
    const ours = Buffer.byteLength(client.banner) + Buffer.byteLength(res.raw);
    const expected = recordedAfterLogin(name);
    await client.until(() => client.received().length >= ours + expected.length, timeoutMs, 'the whole replay');
    return { got: client.received().subarray(ours), expected, elapsedMs: performance.now() - started };
  } finally {
    client.close();
    await server.close();
  }
}

describe('replay of recorded fixtures', () => {
  for (const name of ['inbound-answered', 'burst', 'asterisk-23.4.1/resync-snapshot', 'asterisk-23.4.1/inbound-attended-transfer']) {
    it(`sends exactly the recorded bytes of ${name} after the login`, async () => {
      const { got, expected } = await receiveReplay(name, { speed: 'max' });
      assert.equal(got.length, expected.length);
      assert.ok(got.equals(expected), 'byte-identical');
    });
  }

  it('keeps the bytes when writes are cut at arbitrary boundaries (1–7 bytes, inside UTF-8 characters too)', async () => {
    const r = createRandom(42);
    const { got, expected } = await receiveReplay('inbound-abandoned', { speed: 'max', chunkSize: () => r.int(1, 7) });
    assert.ok(got.equals(expected));
  });

  it('cuts the stream at a chosen byte offset, e.g. inside a Cyrillic name', async () => {
    const expected = recordedAfterLogin('inbound-answered');
    const cut = expected.indexOf(Buffer.from('Иван', 'utf8')) + 1; // between the two bytes of "И"
    const { got } = await receiveReplay('inbound-answered', { speed: 'max', chunkSize: (offset) => (offset < cut ? cut - offset : 1 << 20), gapMs: 20 });
    assert.ok(got.equals(expected));
  });

  it('keeps the original timing, scaled', async () => {
    const messages = afterLogin(loadFixture(`${FIXTURES}inbound-answered.jsonl`));
    const recordedMs = (messages.at(-1)?.t ?? 0) - (messages[0]?.t ?? 0);
    const { got, expected, elapsedMs } = await receiveReplay('inbound-answered', { speed: 10 });
    assert.ok(got.equals(expected));
    assert.ok(elapsedMs >= recordedMs / 10 - 50, `took ${Math.round(elapsedMs)} ms for ${recordedMs} ms recorded at 10×`);
  });

  it('reads fixtures and drops the banner and login response', () => {
    const all = loadFixture(`${FIXTURES}asterisk-23.4.1/ami-auth-ok.jsonl`);
    assert.equal(all[0]?.data, 'Asterisk Call Manager/12.0.0\r\n');
    const rest = afterLogin(all);
    assert.equal(rest.length, all.length - 2);
    assert.ok(rest[0]?.data.startsWith('Event: FullyBooted\r\n'));
  });
});
