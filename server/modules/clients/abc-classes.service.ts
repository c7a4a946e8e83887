import { transaction } from '../../db/transaction';
import type { DataSource } from 'typeorm';
import { SettingEntity, type AbcClass } from '../../db/entities';
import type { JobQueue } from '../../jobs/job-queue';
import type { Logger } from '../../logging/logger';
import { ABC_DEFAULTS, ABC_LAST_RUN_KEY, RANKING_SQL, RANKING_UNIT, lastDays, localDate, rankingParams, readAbcSettings } from '../abc/abc-ranking';

/**
 * The rule RANKING_SQL applies, in memory, for small lists and as the reference in tests: highest
 * turnover first (ties by id), each client placed by the cumulative share reached before it (A while
 * under shares[0] %, B while under shares[0] + shares[1] %, else C). No turnover, no class.
 */
export function classify(turnovers: { id: number; revenue: number }[], shares: readonly [number, number, number] = ABC_DEFAULTS.shares): Map<number, AbcClass> {
  const sorted = [...turnovers].filter((r) => r.revenue > 0).sort((a, b) => b.revenue - a.revenue || a.id - b.id);
  const total = sorted.reduce((s, r) => s + r.revenue, 0);
  const out = new Map<number, AbcClass>();
  let running = 0;
  for (const r of sorted) {
    out.set(r.id, running * 100 < total * shares[0] ? 'A' : running * 100 < total * (shares[0] + shares[1]) ? 'B' : 'C');
    running += r.revenue;
  }
  return out;
}

export type AbcCounts = { A: number; B: number; C: number };
export type AbcClassesOptions = { debounceMs?: number; /** the floor's time zone: where "today" ends the period */ timeZone?: string };

const NIGHTLY_JOB = 'abc-nightly';
/** The nightly run happens at the first hourly check after this local hour. */
const NIGHT_HOUR = 3;

/**
 * A/B/C classes of the whole base by turnover over the manager's period (see abc-ranking.ts), computed
 * and written in the database (two statements; nothing per client passes through Node). Recomputed
 * after deals change (debounced), on demand, after a settings change, and nightly (the period moves).
 */
export class AbcClassesService {
  private timer: NodeJS.Timeout | undefined;
  /** Changes to the ranking's inputs seen on this node, and how many of them a finished recompute covers. */
  private changes = 0;
  private covered = 0;
  private readonly after: ((now: Date) => Promise<void>)[] = [];
  /** How long the last recompute took: a big base waits longer between recomputes (see scheduleRecompute). */
  private lastMs = 0;
  private readonly debounceMs: number;
  private readonly timeZone: string;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    options: number | AbcClassesOptions = {},
  ) {
    const o = typeof options === 'number' ? { debounceMs: options } : options;
    this.debounceMs = o.debounceMs ?? 5000;
    this.timeZone = o.timeZone ?? 'Europe/Moscow';
  }

  get zone(): string {
    return this.timeZone;
  }

  /** Runs after every recompute, before it returns (the reports store what they open with). */
  onRecomputed(fn: (now: Date) => Promise<void>): void {
    this.after.push(fn);
  }

  /** Whether the last recompute came after every change this node saw (deals, deletions, potentials). */
  isCurrent(): boolean {
    return this.covered >= this.changes;
  }

  async recompute(now = new Date()): Promise<AbcCounts> {
    const seen = this.changes;
    const started = Date.now();
    const settings = await readAbcSettings(this.ds);
    const params = rankingParams(lastDays(settings.periodDays, this.timeZone, now), settings.shares);
    const mysql = this.ds.options.type === 'mysql' || this.ds.options.type === 'mariadb';
    await transaction(this.ds, async (em) => {
      // Only rows whose class changes are written; clients out of the ranking (no counted turnover in the
      // period, or deleted) lose theirs. MariaDB: one pass over clients joined to the materialized ranking
      // (a NOT IN over deals would run per client there). SQLite: its UPDATE … FROM, then the NOT IN
      // (which SQLite materializes once).
      if (mysql) {
        await em.query(`UPDATE clients c LEFT JOIN (${RANKING_SQL}) x ON x.client_id = ${RANKING_UNIT} SET c.abc_class = x.cls WHERE NOT (c.abc_class <=> x.cls)`, params);
      } else {
        await em.query(`UPDATE clients SET abc_class = x.cls FROM (${RANKING_SQL}) x WHERE x.client_id = COALESCE(clients.organization_id, clients.id) AND clients.abc_class IS NOT x.cls`, params);
        await em.query(
          `UPDATE clients SET abc_class = NULL WHERE abc_class IS NOT NULL AND (deleted_at IS NOT NULL OR COALESCE(organization_id, id) NOT IN (
             SELECT x.client_id FROM (${RANKING_SQL}) x))`,
          params,
        );
      }
      await em.getRepository(SettingEntity).save({ key: ABC_LAST_RUN_KEY, value: JSON.stringify({ at: now.toISOString() }), updatedAt: new Date(), updatedById: null });
    });
    let followed = true;
    for (const fn of this.after) {
      // The classes are written; what follows them (the reports' snapshot) failing does not undo that.
      await fn(now).catch((err: unknown) => ((followed = false), this.logger.error({ err }, 'after the A/B/C recompute')));
    }
    if (followed) this.covered = Math.max(this.covered, seen);
    this.lastMs = Date.now() - started;
    const rows: { cls: AbcClass; n: string | number }[] = await this.ds.query('SELECT abc_class AS cls, COUNT(*) AS n FROM clients WHERE abc_class IS NOT NULL AND deleted_at IS NULL GROUP BY abc_class');
    const counts: AbcCounts = { A: 0, B: 0, C: 0 };
    for (const r of rows) counts[r.cls] = Number(r.n);
    return counts;
  }

  /** When the classes were last recomputed, or null. */
  async lastRun(): Promise<Date | null> {
    const row = await this.ds.getRepository(SettingEntity).findOneBy({ key: ABC_LAST_RUN_KEY });
    return row ? new Date((JSON.parse(row.value) as { at: string }).at) : null;
  }

  /**
   * Nightly: an hourly check (one at a time across the cluster) recomputes once per local night, after
   * NIGHT_HOUR, and at once when the classes were never computed by this rule. Idempotent: the last run
   * is kept in the database.
   */
  async start(jobs: JobQueue, everyMs = 3600_000): Promise<void> {
    jobs.process(NIGHTLY_JOB, async () => void (await this.nightly()), { concurrency: 1 });
    await jobs.repeat(NIGHTLY_JOB, everyMs, {});
    await jobs.schedule(NIGHTLY_JOB, 'start', {}, new Date());
  }

  /** Recomputes when no run happened since the last local NIGHT_HOUR; returns whether it ran. */
  async nightly(now = new Date()): Promise<boolean> {
    const last = await this.lastRun();
    const nightOf = (d: Date) => localDate(new Date(d.getTime() - NIGHT_HOUR * 3600_000), this.timeZone);
    if (last && nightOf(last) === nightOf(now)) return false;
    await this.recompute(now);
    return true;
  }

  /**
   * Something the ranking reads changed: recompute soon; until then the reports rank live. Debounced by
   * `debounceMs` or twice the last recompute's time, whichever is longer, so that on a big base (a minute
   * or two at 1M clients) a busy floor's deals keep the database ranking a third of the time at most.
   */
  scheduleRecompute(): void {
    this.changes++;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.recompute().catch((err) => this.logger.error({ err }, 'A/B/C recompute failed'));
    }, Math.max(this.debounceMs, 2 * this.lastMs));
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
