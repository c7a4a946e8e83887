import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataSource } from 'typeorm';
import { createLogger } from '../../logging/logger';
import type { AgentStateService } from './agent-state.service';
import { PresenceTracker } from './presence-tracker';

// The tracker's timing rules with a recorded agent service and a socket counter the test controls.
const GRACE = 50;
const setup = () => {
  const signedOff: number[] = [];
  const agents = { signOff: async (id: number) => void signedOff.push(id) } as unknown as AgentStateService;
  const tracker = new PresenceTracker({} as DataSource, agents, createLogger('silent'), GRACE);
  return { tracker, signedOff };
};
const until = async (check: () => boolean) => {
  const end = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('offline once the grace has passed with no socket; a socket back in time (here or elsewhere) keeps them', async () => {
  const { tracker, signedOff } = setup();
  let open = 0;
  let asked = 0;
  tracker.attach(async () => (asked++, open));
  tracker.disconnected(1);
  tracker.connected(1); // a reload on this node: the timer is gone
  open = 1; // and a socket elsewhere, for the next one
  tracker.disconnected(2);
  await until(() => asked === 1);
  assert.deepEqual(signedOff, [], 'user 2 has a socket on another node');
  open = 0;
  tracker.disconnected(2);
  await until(() => signedOff.length === 1);
  assert.deepEqual(signedOff, [2]);
  assert.equal(asked, 2, 'user 1 was never checked');
  tracker.stop();
});

test('when the sockets cannot be counted (a node does not answer) it asks again after another grace instead of guessing', async () => {
  const { tracker, signedOff } = setup();
  let asked = 0;
  tracker.attach(async () => {
    if (++asked === 1) throw new Error('timeout reached: only 1 responses received out of 2');
    return 0;
  });
  tracker.disconnected(7);
  await until(() => signedOff.length === 1);
  assert.equal(asked, 2);
  tracker.stop();
});

test('signing out is offline at once and cancels a pending grace; a stopped tracker does nothing more', async () => {
  const { tracker, signedOff } = setup();
  let asked = 0;
  tracker.attach(async () => (asked++, 0));
  tracker.disconnected(3);
  await tracker.signedOut(3);
  assert.deepEqual(signedOff, [3]);
  tracker.disconnected(4);
  tracker.stop();
  await new Promise((r) => setTimeout(r, GRACE * 3));
  assert.equal(asked, 0);
  assert.deepEqual(signedOff, [3]);
});
