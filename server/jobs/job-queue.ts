/**
 * Timed and repeated work behind one interface: in-process timers in the embedded shape, bull on Redis
 * in scale-out. Guarantees every driver keeps (the contract suite checks them):
 * - at-least-once: a job may run twice (a bull worker that dies mid-job); handlers must be idempotent;
 * - a job keyed by id is scheduled once: scheduling the same id again replaces its time and payload;
 * - cancel removes a job that has not started; cancelling an unknown id is a no-op;
 * - the database stays the source of truth: a lost job is caught by a repeated sweep, never trusted alone.
 */
export type JobHandler<T> = (payload: T) => Promise<void>;

export type JobQueue = {
  /**
   * Registers the handler for jobs of this name (before scheduling them). `concurrency` bounds how many run
   * at once per node (bull; the in-process queue runs a repeated job one at a time anyway).
   */
  process<T>(name: string, handler: JobHandler<T>, options?: { concurrency?: number }): void;
  /** Runs `payload` at `runAt` (now if past), replacing any job of the same name and id. */
  schedule<T>(name: string, jobId: string, payload: T, runAt: Date): Promise<void>;
  cancel(name: string, jobId: string): Promise<void>;
  /** Runs the handler every `everyMs` (one run at a time across the cluster). */
  repeat<T>(name: string, everyMs: number, payload: T): Promise<void>;
  /** Jobs waiting to run, for /readyz and tests. */
  pending(name: string): Promise<number>;
  /**
   * Told when the queue's store lost its jobs while this process ran (bull: Redis restarted without its
   * data, or was flushed): the repeated jobs are back by then, the one-off timers are the caller's to set
   * again. One process of the cluster is told. The in-process queue never loses them and omits it.
   */
  onLost?(listener: () => void): void;
  close(): Promise<void>;
};
