/**
 * Where a DataSource's time goes: wraps the query() of its query runners (all of them share one
 * prototype) and adds up round trips and wall time per kind of statement. Cheap enough to stay on
 * while measuring (one hrtime pair per statement). Time inside query() includes waiting for row locks
 * and for a pooled connection, which is the point.
 */
import type { DataSource } from 'typeorm';

export type QueryKind = { n: number; ms: number; maxMs: number };
export type QueryProfile = Record<string, QueryKind>;

const KINDS: [string, RegExp][] = [
  ['begin', /^\s*(START TRANSACTION|BEGIN|SET TRANSACTION)/i],
  ['commit', /^\s*COMMIT/i],
  ['rollback', /^\s*ROLLBACK/i],
  ['claim_for_update', /FOR UPDATE/i],
  ['candidates_select', /FROM `?callbacks`? `?cb`?\s+INNER JOIN `?clients`?/i],
  ['update_callbacks', /^\s*UPDATE `?callbacks`?/i],
  ['insert_history', /^\s*INSERT INTO `?callback_history`?/i],
  ['insert_audit', /^\s*INSERT INTO `?audit_log`?/i],
  ['insert_callbacks', /^\s*INSERT INTO `?callbacks`?/i],
  ['rules_select', /FROM `?routing_rules`?/i],
  ['operators_select', /FROM `?users`?/i],
  ['teams_select', /FROM `?teams`?/i],
  ['history_select', /FROM `?callback_history`?/i],
  ['callbacks_select', /FROM `?callbacks`?/i],
  ['clients_select', /FROM `?clients`?/i],
];

export class QueryProfiler {
  readonly profile: QueryProfile = {};
  /** The first statement of each kind with its parameters, e.g. to EXPLAIN it afterwards. */
  readonly samples: Record<string, { sql: string; params: unknown[] }> = {};
  private restore: (() => void) | null = null;

  install(ds: DataSource): this {
    const runner = ds.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: (...a: unknown[]) => Promise<unknown> };
    void runner.release();
    const original = proto.query;
    const self = this;
    proto.query = async function (this: unknown, ...args: unknown[]) {
      const sql = String(args[0]);
      const kind = KINDS.find(([, re]) => re.test(sql))?.[0] ?? 'other';
      if (!self.samples[kind]) self.samples[kind] = { sql, params: (args[1] as unknown[]) ?? [] };
      const t0 = process.hrtime.bigint();
      try {
        return await original.apply(this, args);
      } finally {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const k = (self.profile[kind] ??= { n: 0, ms: 0, maxMs: 0 });
        k.n++;
        k.ms += ms;
        if (ms > k.maxMs) k.maxMs = ms;
      }
    };
    this.restore = () => (proto.query = original);
    return this;
  }

  uninstall(): void {
    this.restore?.();
    this.restore = null;
  }

  /** Rounded for a JSON line: { kind: { n, ms, max_ms } }, biggest total first. */
  summary(): Record<string, { n: number; ms: number; max_ms: number }> {
    return Object.fromEntries(
      Object.entries(this.profile)
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, v]) => [k, { n: v.n, ms: Math.round(v.ms), max_ms: Math.round(v.maxMs * 10) / 10 }]),
    );
  }
}

/** A Notifier that counts what it is told (and, optionally, when each callback was first announced). */
export class CountingNotifier {
  toUserCalls = 0;
  toSupervisorsCalls = 0;
  readonly byEvent: Record<string, number> = {};
  /** callback id → Date.now() of its first 'callback:reassigned', when `stamp` is on. */
  readonly firstReassigned = new Map<number, number>();
  readonly reassignedCount = new Map<number, number>();

  constructor(private readonly stamp = false) {}

  toUser(_userId: number, event: string, ...args: unknown[]): void {
    this.toUserCalls++;
    this.byEvent[event] = (this.byEvent[event] ?? 0) + 1;
    if (this.stamp && event === 'callback:reassigned') this.mark(args[0]);
  }

  toSupervisors(event: string, ...args: unknown[]): void {
    this.toSupervisorsCalls++;
    this.byEvent[`supervisors:${event}`] = (this.byEvent[`supervisors:${event}`] ?? 0) + 1;
    if (this.stamp && event === 'callback:reassigned') this.count(args[0]);
  }

  get total(): number {
    return this.toUserCalls + this.toSupervisorsCalls;
  }

  private mark(change: unknown): void {
    const id = (change as { callback?: { id?: number } })?.callback?.id;
    if (typeof id === 'number' && !this.firstReassigned.has(id)) this.firstReassigned.set(id, Date.now());
  }

  /** Every reassignment tells the supervisors exactly once: count reassignments per callback there. */
  private count(change: unknown): void {
    const id = (change as { callback?: { id?: number } })?.callback?.id;
    if (typeof id !== 'number') return;
    this.reassignedCount.set(id, (this.reassignedCount.get(id) ?? 0) + 1);
    if (!this.firstReassigned.has(id)) this.firstReassigned.set(id, Date.now());
  }
}
