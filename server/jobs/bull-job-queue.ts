import { randomUUID } from 'node:crypto';
import Bull from 'bull';
import type { Queue } from 'bull';
import type { Logger } from '../logging/logger';
import type { JobHandler, JobQueue } from './job-queue';

/**
 * Bull's lock and stall settings, stated: a worker renews its job's lock every 15 s and holds it 30 s;
 * a job whose worker died is found stalled within 15 s and run again (at most twice), instead of after
 * the ~60 s of bull's defaults. Handlers are idempotent, so a second run changes nothing.
 */
const DEFAULT_NAME = '__default__';
const SETTINGS = { lockDuration: 30_000, lockRenewTime: 15_000, stalledInterval: 15_000, maxStalledCount: 2 };

/**
 * The scale-out queue: bull on Redis, one bull queue per job name, delayed jobs keyed by id.
 *
 * A handler may schedule its own job id again (a routed callback gets its next timer from inside the
 * routing job). Bull cannot do that directly: the running job is locked, so removing it fails, and an add
 * under an id that exists is ignored; the new timer would be lost. So while a job runs here, scheduling its
 * id is held back and done once bull has completed (and removed) it.
 */
export class BullJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();
  /** Repeated jobs as registered, to register again when Redis lost them. */
  private readonly repeats = new Map<string, { everyMs: number; payload: unknown }>();
  private readonly lostListeners: (() => void)[] = [];
  private watcher: NodeJS.Timeout | undefined;
  private watching: Promise<void> | undefined;
  /** The marker was seen in Redis (or set by us) at least once: its absence since means Redis lost its data. */
  private markerSeen = false;
  private closed = false;
  /** Jobs running in this process, by name and id, with what was scheduled for their id meanwhile. */
  private readonly running = new Map<string, { run: object; next: { payload: unknown; runAt: Date } | null }>();

  constructor(
    private readonly redisUrl: string,
    private readonly prefix: string,
    private readonly logger: Logger,
    /** Jobs of one queue run at once per node: they wait on the database and Redis, not on the CPU. */
    private readonly concurrency = 32,
    /** How often Redis is checked for lost data (also at every reconnect). */
    private readonly watchEveryMs = 5_000,
  ) {}

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Bull(name, this.redisUrl, { prefix: `${this.prefix}:bull`, redis: { retryStrategy: reconnectDelay }, settings: SETTINGS, defaultJobOptions: { removeOnComplete: true, removeOnFail: 1000, attempts: 3, backoff: { type: 'exponential', delay: 1000 } } });
      q.on('error', (err) => this.logger.warn({ err: err.message, queue: name }, 'job queue error'));
      q.on('failed', (job, err) => {
        this.logger.error({ err: err.message, queue: name, jobId: job.id }, 'job failed');
        this.finished(name, String(job.id), false); // retried by bull, or left to the sweep
      });
      q.on('completed', (job) => this.finished(name, String(job.id), true));
      this.queues.set(name, q);
    }
    return q;
  }

  process<T>(name: string, handler: JobHandler<T>, options: { concurrency?: number } = {}): void {
    void this.queue(name).process(options.concurrency ?? this.concurrency, async (job) => {
      const id = String(job.id);
      const run = {};
      this.running.set(key(name, id), { run, next: null });
      try {
        await handler(job.data as T);
      } finally {
        // Normally 'completed' or 'failed' ends the hold-back; when bull lost the job's lock it emits neither,
        // and the id would stay held back (its schedules swallowed) forever.
        setTimeout(() => this.running.get(key(name, id))?.run === run && this.finished(name, id, true), SETTINGS.lockDuration).unref();
      }
    });
  }

  async schedule<T>(name: string, jobId: string, payload: T, runAt: Date): Promise<void> {
    const running = this.running.get(key(name, jobId));
    if (running) {
      running.next = { payload, runAt };
      return;
    }
    const q = this.queue(name);
    // Bull ignores an add whose id exists: replacing means removing first (a job already running keeps running).
    await (await q.getJob(jobId))?.remove().catch(() => undefined);
    // The name is explicit: bull takes a string first argument as a job name, not as the payload.
    await q.add(DEFAULT_NAME, payload, { jobId, delay: Math.max(0, runAt.getTime() - Date.now()) });
  }

  async cancel(name: string, jobId: string): Promise<void> {
    const running = this.running.get(key(name, jobId));
    if (running) running.next = null;
    await (await this.queue(name).getJob(jobId))?.remove().catch(() => undefined);
  }

  async repeat<T>(name: string, everyMs: number, payload: T): Promise<void> {
    this.repeats.set(name, { everyMs, payload });
    await this.addRepeat(name, everyMs, payload);
    this.watch();
  }

  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
    this.watch();
  }

  private addRepeat(name: string, everyMs: number, payload: unknown) {
    return this.queue(name).add(DEFAULT_NAME, payload, { repeat: { every: everyMs }, jobId: `repeat:${name}` });
  }

  /**
   * Bull keeps a repeated job's next run in Redis only: a Redis restarted without its data (or flushed)
   * has no sweep any more, and no timers. A marker key tells: set once, gone means lost. Checked every
   * few seconds and at every reconnect; then every node registers its repeated jobs again (the same job
   * ids: no doubles) and the node that sets the new marker tells the listeners (one re-plan, not one per node).
   */
  private watch(): void {
    if (this.watcher || this.closed) return;
    const client = this.queues.values().next().value?.client;
    if (!client) return;
    client.on('ready', () => void this.check());
    this.watcher = setInterval(() => void this.check(), this.watchEveryMs);
    this.watcher.unref();
    void this.check();
  }

  private check(): Promise<void> {
    this.watching ??= this.checkOnce().finally(() => (this.watching = undefined));
    return this.watching;
  }

  private async checkOnce(): Promise<void> {
    const client = this.queues.values().next().value?.client;
    if (!client || this.closed) return;
    const key = `${this.prefix}:bull:alive`;
    try {
      if ((await deadline(client.get(key), this.watchEveryMs)) !== null) return void (this.markerSeen = true);
      const setHere = (await deadline(client.set(key, randomUUID(), 'NX'), this.watchEveryMs)) === 'OK';
      const lost = this.markerSeen;
      this.markerSeen = true;
      if (!lost) return; // the first start on this Redis (a node's own start recovers what needs it)
      this.logger.warn({ repeated: [...this.repeats.keys()] }, 'Redis lost the job queue (restarted without its data, or flushed): repeated jobs registered again');
      for (const [name, r] of this.repeats) await this.addRepeat(name, r.everyMs, r.payload);
      if (setHere) for (const listener of this.lostListeners) listener();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'job queue: cannot check Redis for lost jobs');
    }
  }

  async pending(name: string): Promise<number> {
    const counts = await this.queue(name).getJobCounts();
    return counts.waiting + counts.delayed + counts.active;
  }

  /** A job of this process is done: what was scheduled for its id while it ran is added now. */
  private finished(name: string, jobId: string, completed: boolean): void {
    const next = this.running.get(key(name, jobId))?.next;
    this.running.delete(key(name, jobId));
    if (next && completed) void this.schedule(name, jobId, next.payload, next.runAt).catch((err: Error) => this.logger.warn({ err: err.message, queue: name, jobId }, 'rescheduling failed'));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watcher);
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/**
 * Reconnect within 2 s, as the app's own Redis client does. Bull's default (e^attempt ms, up to 20 s) leaves
 * the timers and the sweep off for up to 20 s after a 12 s blip, and stuck its connections longer.
 */
const reconnectDelay = (attempt: number) => Math.min(attempt * 100, 2_000);

const key = (name: string, jobId: string) => `${name}\u0000${jobId}`;

function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
