import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, spawnServer } from '../helpers/spawn-server';

test('bad config stops the start with one line naming the variable', async () => {
  for (const [env, pattern] of [
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'oracle://db/crm' }, /^Invalid configuration: DATABASE_URL /],
    [{ ADMIN_LOGIN: 'boss', ADMIN_PASSWORD: 'short' }, /^Invalid configuration: ADMIN_PASSWORD /],
  ] as const) {
    const proc = spawnServer(env as Record<string, string>);
    assert.equal(await proc.exited, 1);
    const lines = proc.output().trim().split('\n');
    assert.equal(lines.length, 1, proc.output());
    assert.match(lines[0]!, pattern);
  }
});

test('a database that is down at start: a clear error without the password, and a non-zero exit', async () => {
  const port = await freePort(); // nothing listens there
  const proc = spawnServer({ DATABASE_URL: `mysql://crm:hunter2secret@127.0.0.1:${port}/crm`, PORT: String(await freePort()) });
  assert.equal(await proc.exited, 1);
  assert.match(proc.output(), /Cannot connect to the database \(mysql:\/\/crm@127\.0\.0\.1:\d+\/crm\)/);
  assert.doesNotMatch(proc.output(), /hunter2secret/);
  assert.doesNotMatch(proc.output(), /\n\s+at /, 'no stack trace');
});
