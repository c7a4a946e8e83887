/**
 * PROPOSED timer handling for server/modules/callbacks/callbacks.service.ts (and the bull driver), kept
 * here so callback-timers.bench.ts can measure it next to the current service (BENCH_PROPOSED=1). The
 * server does not use it; the diff to adopt it is bench/lib/callbacks-service.proposed.diff.
 *
 * What the benchmark showed on the current service, and what changes:
 *  1. Throughput, not timer precision, makes callbacks late. Each routing job costs ~14 SQL statements
 *     (rules, candidate, operators, teams, BEGIN/UPDATE/2 INSERTs/COMMIT, 2 notify reads, then plan():
 *     the row, the candidate again, the rules again) plus ~6 Redis round trips, one callback at a time,
 *     and bull runs 4 per queue. Here routing jobs are coalesced: every job that fires within a few ms
 *     joins one batch, routed by one route(ids) (with the proposed router: one claim, one UPDATE, one
 *     INSERT each for history and audit), and bull runs up to 64 jobs of a queue at once (they are I/O
 *     bound) so that batches can form at all.
 *  2. A routing job whose callback was not reassigned does not plan again. Today it always does, so a
 *     callback the router skips (already with a supervisor, outside working hours, nobody on shift, …)
 *     whose act time is past is scheduled again at once, forever, and plan() re-arms its reminder at the
 *     (past) due time each round: a hot loop that sends 'callback:due' to the assignee on every turn. With
 *     grace 0 every callback ends there (3 reassignments, escalation to the supervisor, then the loop).
 *  3. With bull, re-planning from inside the running job is lost: schedule() tries to remove the job of
 *     the same id, which is the active one (locked: the remove fails, silently), then adds with that id,
 *     which bull ignores because the id exists. So after a timer-driven reassignment the new assignee's
 *     grace timer is never set; only the minute sweep catches the callback. Routing job ids now carry the
 *     act time (`cb:42@1763900000000`): a re-plan never collides with the running job. A stale job (the
 *     callback was re-planned or closed since) is harmless: route() re-checks everything and does nothing.
 */
import type { DataSource } from 'typeorm';
import { BullJobQueue } from '../../server/jobs/bull-job-queue';
import type { JobHandler, JobQueue } from '../../server/jobs/job-queue';
import type { Logger } from '../../server/logging/logger';
import type { AuditService } from '../../server/modules/audit/audit.service';
import { CallbacksService, REMIND_JOB, ROUTE_JOB, SWEEP_JOB } from '../../server/modules/callbacks/callbacks.service';
import type { Notifier } from '../../server/realtime/notifier';
import { CallbackEntity } from '../../server/db/entities';
import type { ProposedLeadRouter } from './lead-router.proposed';

type JobPayload = { callbackId: number };

/** Bull with a stated per-queue concurrency (the server's driver hard-codes 4). */
export class ProposedBullJobQueue extends BullJobQueue {
  constructor(redisUrl: string, prefix: string, logger: Logger, private readonly jobConcurrency = 64) {
    super(redisUrl, prefix, logger);
  }

  override process<T>(name: string, handler: JobHandler<T>): void {
    // queue() is private in the server's class; the adopted diff changes process() itself.
    const queue = (this as unknown as { queue(n: string): { process(c: number, f: (job: { data: unknown }) => Promise<void>): Promise<void> } }).queue(name);
    void queue.process(this.jobConcurrency, async (job) => handler(job.data as T));
  }
}

/** Collects ids for a few ms (or up to `max`), then runs one batch; each caller waits for its batch. */
class Coalescer {
  private ids = new Set<number>();
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (ids: number[]) => Promise<void>,
    private readonly windowMs = 10,
    private readonly max = 500,
  ) {}

  add(id: number): Promise<void> {
    this.ids.add(id);
    const p = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.ids.size >= this.max) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    return p;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ids = [...this.ids];
    const waiting = this.waiting;
    this.ids = new Set();
    this.waiting = [];
    this.run(ids).then(
      () => waiting.forEach((w) => w.resolve()),
      (err) => waiting.forEach((w) => w.reject(err)),
    );
  }
}

export class ProposedCallbacksService extends CallbacksService {
  private readonly coalescer: Coalescer;

  constructor(
    private readonly dsP: DataSource,
    audit: AuditService,
    private readonly routerP: ProposedLeadRouter,
    private readonly jobsP: JobQueue,
    notifier: Notifier,
    private readonly loggerP: Logger,
    windowMs = 10,
  ) {
    super(dsP, audit, routerP as never, jobsP, notifier, loggerP);
    this.coalescer = new Coalescer((ids) => this.routeIds(ids), windowMs);
  }

  override async start(sweepEveryMs = 60_000): Promise<void> {
    this.jobsP.process<JobPayload>(REMIND_JOB, (p) => (this as unknown as { remind(id: number): Promise<void> }).remind(p.callbackId));
    this.jobsP.process<JobPayload>(ROUTE_JOB, (p) => this.coalescer.add(p.callbackId));
    this.jobsP.process(SWEEP_JOB, async () => {
      const res = await this.routerP.route();
      if (res.reassigned.length > 0) this.loggerP.info({ examined: res.examined, reassigned: res.reassigned.length }, 'callback sweep');
    });
    await this.jobsP.repeat(SWEEP_JOB, sweepEveryMs, {});
  }

  /** Routes a batch; plans again only what moved (new due time, new assignee's grace). */
  private async routeIds(ids: number[]): Promise<void> {
    const res = await this.routerP.route(ids);
    const moved = res.reassigned.map((d) => d.callbackId);
    for (let i = 0; i < moved.length; i += 8) await Promise.all(moved.slice(i, i + 8).map((id) => this.replan(id)));
  }

  /** plan() for a moved callback, with the routing job keyed by its act time (see 3. above). */
  private async replan(id: number): Promise<void> {
    const row = await this.dsP.getRepository(CallbackEntity).findOneBy({ id });
    if (!row || row.status !== 'pending') return;
    await this.jobsP.schedule<JobPayload>(REMIND_JOB, `cb:${id}`, { callbackId: id }, row.dueAt);
    const plan = await this.routerP.plan(id);
    if (plan) await this.jobsP.schedule<JobPayload>(ROUTE_JOB, `cb:${id}@${plan.actAt.getTime()}`, { callbackId: id }, plan.actAt);
  }
}
