import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { BullJobQueue } from '../../server/jobs/bull-job-queue';
import { InlineJobQueue } from '../../server/jobs/inline-job-queue';
import type { JobQueue } from '../../server/jobs/job-queue';
import { createLogger } from '../../server/logging/logger';

// One contract, two drivers: what the callbacks router relies on holds in-process and on Redis alike.
const drivers: [string, () => { queue: JobQueue; cleanup: () => Promise<void> }][] = [
  ['inline', () => ({ queue: new InlineJobQueue(createLogger('silent')), cleanup: async () => undefined })],
  [
    'bull',
    () => {
      const prefix = `test-${randomBytes(4).toString('hex')}`;
      return {
        queue: new BullJobQueue('redis://127.0.0.1:6379', prefix, createLogger('silent')),
        cleanup: async () => {
          const redis = new Redis('redis://127.0.0.1:6379');
          const keys = await redis.keys(`${prefix}:*`);
          if (keys.length) await redis.del(...keys);
          await redis.quit();
        },
      };
    },
  ],
];

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

for (const [name, make] of drivers) {
  describe(`JobQueue contract: ${name}`, () => {
    test('a job runs at its time, not before, with its payload', async () => {
      const { queue, cleanup } = make();
      try {
        const runs: { at: number; payload: unknown }[] = [];
        queue.process<{ n: number }>('due', async (payload) => void runs.push({ at: Date.now(), payload }));
        const runAt = new Date(Date.now() + 400);
        await queue.schedule('due', 'a', { n: 1 }, runAt);
        assert.equal(await queue.pending('due'), 1);
        await until(() => runs.length === 1);
        assert.deepEqual(runs.map((r) => r.payload), [{ n: 1 }]);
        assert.ok(runs[0]!.at >= runAt.getTime() - 5, 'not early');
      } finally {
        await queue.close();
        await cleanup();
      }
    });

    test('scheduling the same id again replaces it; cancel removes it; a past time runs at once', async () => {
      const { queue, cleanup } = make();
      try {
        const runs: unknown[] = [];
        queue.process<string>('due', async (payload) => void runs.push(payload));
        await queue.schedule('due', 'x', 'first', new Date(Date.now() + 300));
        await queue.schedule('due', 'x', 'second', new Date(Date.now() + 500));
        await queue.schedule('due', 'y', 'cancelled', new Date(Date.now() + 300));
        await queue.cancel('due', 'y');
        await queue.cancel('due', 'never-scheduled');
        await queue.schedule('due', 'z', 'overdue', new Date(Date.now() - 60_000));
        await until(() => runs.length >= 2);
        await new Promise((r) => setTimeout(r, 500));
        assert.deepEqual([...runs].sort(), ['overdue', 'second']);
      } finally {
        await queue.close();
        await cleanup();
      }
    });

    test('a handler can schedule its own id again (the next timer of what it just handled)', async () => {
      const { queue, cleanup } = make();
      try {
        const runs: number[] = [];
        queue.process<{ n: number }>('chain', async ({ n }) => {
          runs.push(n);
          if (n < 3) await queue.schedule('chain', 'same', { n: n + 1 }, new Date(Date.now() + 100));
        });
        await queue.schedule('chain', 'same', { n: 1 }, new Date(Date.now() + 50));
        await until(() => runs.length >= 3);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(runs, [1, 2, 3]);
        assert.equal(await queue.pending('chain'), 0);
      } finally {
        await queue.close();
        await cleanup();
      }
    });

    test('a repeated job keeps running, one run at a time', async () => {
      const { queue, cleanup } = make();
      try {
        let runs = 0;
        let concurrent = 0;
        let maxConcurrent = 0;
        queue.process('sweep', async () => {
          runs++;
          maxConcurrent = Math.max(maxConcurrent, ++concurrent);
          await new Promise((r) => setTimeout(r, 50));
          concurrent--;
        });
        await queue.repeat('sweep', 200, {});
        await until(() => runs >= 3, 8000);
        assert.ok(runs >= 3);
        assert.equal(maxConcurrent, 1);
      } finally {
        await queue.close();
        await cleanup();
      }
    });
  });
}
