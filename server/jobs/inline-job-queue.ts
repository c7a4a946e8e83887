import type { Logger } from '../logging/logger';
import type { JobHandler, JobQueue } from './job-queue';

/** setTimeout accepts at most ~24.8 days; longer delays are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The embedded shape's queue: timers in this process. Nothing survives a restart: the sweep catches up. */
export class InlineJobQueue implements JobQueue {
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly repeats: NodeJS.Timeout[] = [];
  private closed = false;

  constructor(private readonly logger: Logger) {}

  process<T>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<unknown>);
  }

  async schedule<T>(name: string, jobId: string, payload: T, runAt: Date): Promise<void> {
    await this.cancel(name, jobId);
    if (this.closed) return;
    const key = `${name}\u0000${jobId}`;
    const arm = () => {
      const wait = runAt.getTime() - Date.now();
      const timer = setTimeout(() => {
        if (wait > MAX_TIMER_MS) return arm();
        this.timers.delete(key);
        void this.run(name, payload);
      }, Math.max(0, Math.min(wait, MAX_TIMER_MS)));
      timer.unref();
      this.timers.set(key, timer);
    };
    arm();
  }

  async cancel(name: string, jobId: string): Promise<void> {
    const key = `${name}\u0000${jobId}`;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  async repeat<T>(name: string, everyMs: number, payload: T): Promise<void> {
    let running = false;
    const timer = setInterval(() => {
      if (running) return; // one run at a time: a slow sweep is not stacked
      running = true;
      void this.run(name, payload).finally(() => (running = false));
    }, everyMs);
    timer.unref();
    this.repeats.push(timer);
  }

  async pending(name: string): Promise<number> {
    let n = 0;
    for (const key of this.timers.keys()) if (key.startsWith(`${name}\u0000`)) n++;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const t of this.repeats) clearInterval(t);
    this.timers.clear();
  }

  private async run(name: string, payload: unknown): Promise<void> {
    const handler = this.handlers.get(name);
    if (!handler || this.closed) return;
    try {
      await handler(payload);
    } catch (err) {
      this.logger.error({ err: (err as Error).message, job: name }, 'job failed');
    }
  }
}
