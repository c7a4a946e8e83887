import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertStory, e164, TRUTH } from '../helpers/call-truth';
import { startAsteriskHarness } from '../helpers/asterisk-harness';
import { startTestApp, type TestApp } from '../helpers/test-app';

// Recorded Asterisk traffic replayed over TCP into the real connector and the real database.
let app: TestApp;
before(async () => {
  app = await startTestApp();
  for (const ext of ['101', '102', '103', '104']) await app.user('operator', { extension: ext });
});
after(() => app.close());

/** Fixtures without a Timestamp on their snapshot events need real time between messages. */
const REALTIME = new Set(['resync-mid-call', 'asterisk-23.4.1/resync-snapshot']);

async function checkFixture(fixture: string, opts: { twice?: boolean; chunks?: boolean; noise?: boolean } = {}) {
  const h = await startAsteriskHarness(app);
  try {
    const speed = REALTIME.has(fixture) ? 1 : 'max';
    const chunkSize = opts.chunks ? (offset: number) => 1 + ((offset * 7919) % 61) : undefined;
    if (opts.noise) {
      h.session.write('Event: SomethingNew\r\nFoo: bar\r\n\r\nthis line has no colon\r\n\r\nResponse: Follows\r\nPrivilege: Command\r\n\r\n');
      h.session.write(`Event: VarSet\r\nValue: ${'x'.repeat(1024 * 1024)}\r\n\r\n`);
    }
    await h.replay(fixture, { speed, chunkSize });
    if (opts.noise) h.session.write(`${'garbage without end '.repeat(60_000)}\r\n\r\nEvent: Newchannel\r\nChannel: nonsense\r\n\r\n`);
    if (opts.twice) await h.replay(fixture, { speed, chunkSize });
    await h.settle(REALTIME.has(fixture) ? 20_000 : 10_000);
    const stories = await h.stories();
    const truths = TRUTH[fixture]!;
    assert.equal(stories.length, truths.length, `${fixture}: ${stories.length} rows`);
    for (const truth of truths) {
      const story = stories.find((s) => e164(s) === truth.number && (truth.direction === undefined || s.figures.direction === truth.direction));
      assert.ok(story, `${fixture}: no row for ${truth.number}`);
      assertStory(story, truth, `${fixture} ${truth.number}`);
    }
  } finally {
    await h.stop();
  }
}

const timed = Object.keys(TRUTH).filter((f) => !REALTIME.has(f));

test('every recorded fixture, replayed over TCP, yields exactly the documented rows', async () => {
  for (const fixture of timed) await checkFixture(fixture);
});

test('calls joined in the middle are rebuilt from CoreShowChannels/Status snapshots', async () => {
  await Promise.all([...REALTIME].map((f) => checkFixture(f)));
});

test('the same stream twice gives the same rows, not twice the rows', async () => {
  await checkFixture('burst', { twice: true });
  await checkFixture('asterisk-23.4.1/inbound-blind-transfer', { twice: true });
});

test('odd chunking, unknown events, malformed frames and a 1 MB garbage line change nothing', async () => {
  await checkFixture('asterisk-23.4.1/burst-8-full', { chunks: true, noise: true });
  await checkFixture('inbound-ringnoanswer', { chunks: true, noise: true });
});

test('a PBX restart (Shutdown) closes what it cut; calls after it get rows of their own', async () => {
  const h = await startAsteriskHarness(app);
  try {
    await h.replay('pbx-restart'.replace(/^/, 'asterisk-23.4.1/'));
    await h.settle();
    assert.equal((await h.stories()).length, 0);
  } finally {
    await h.stop();
  }
});
