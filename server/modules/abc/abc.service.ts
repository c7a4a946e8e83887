import type { DataSource } from 'typeorm';
import { POTENTIALS, SettingEntity, type AbcClass, type Potential } from '../../db/entities';
import { transaction } from '../../db/transaction';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { AbcClassesService } from '../clients/abc-classes.service';
import { ABC_SETTINGS_KEY, RANKING_SQL, RANKING_UNIT, addDays, lastDays, rankingParams, readAbcSettings, type AbcSettings, type DayRange } from './abc-ranking';
import type { AbcMovementQuery, AbcReportQuery } from './abc.schemas';

const CLASSES: AbcClass[] = ['A', 'B', 'C'];
const PARETO_POINTS = 20;

export type AbcClassRow = { class: AbcClass; clients: number; turnover: number; share: number; avgPerClient: number };
export type AbcSummary = AbcSettings & {
  from: string;
  to: string;
  classes: AbcClassRow[];
  /** Clients (not deleted) without counted turnover in the period. */
  unclassified: number;
  turnover: number;
  /** The Pareto curve: after each of ~20 equal slices of the ranked clients, the cumulative clients and turnover. */
  pareto: { clients: number; turnover: number }[];
  recomputedAt: string | null;
};
export type AbcMatrixCell = { class: AbcClass | null; potential: Potential | null; clients: number; turnover: number };
export type AbcMovement = {
  period1: DayRange;
  period2: DayRange;
  /** Clients per pair of classes (null: no class in that period); clients without a class in both are left out. */
  pairs: { from: AbcClass | null; to: AbcClass | null; clients: number }[];
  fellOutOfA: { total: number; items: { clientId: number; name: string; turnover1: number; class2: AbcClass | null; turnover2: number }[] };
};

/**
 * The three reports at the manager's settings, computed right after each recompute of the classes (the
 * same moment the cards' classes come from) and stored as one setting row: what the pages open with is
 * then read, not ranked anew over every deal. A period given by hand is always ranked live.
 */
export type AbcSnapshot = {
  at: string;
  shares: AbcSettings['shares'];
  periodDays: number;
  summary: Omit<AbcSummary, 'unclassified' | 'recomputedAt' | 'shares' | 'periodDays'>;
  matrix: { from: string; to: string; cells: AbcMatrixCell[] };
  movement: AbcMovement;
};
const SNAPSHOT_KEY = 'abc_snapshot';
/**
 * How many clients who fell out of A the snapshot keeps (the page's default; a larger `limit` is ranked
 * live): the row stays well inside a TEXT column (64 KB) even with 200-character names.
 */
const SNAPSHOT_FELL_LIMIT = 100;
/** A snapshot older than this is not trusted (the nightly recompute renews it every night). */
const SNAPSHOT_MAX_AGE_MS = 36 * 3600_000;

const num = (v: unknown) => Number(v ?? 0);
const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The manager's A/B/C settings (audited; a change recomputes the classes) and the A/B/C reports, each
 * aggregated in the database over the live deals (so a report is exact even between recomputes).
 */
export class AbcService {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly classes: AbcClassesService,
  ) {
    classes.onRecomputed((now) => this.saveSnapshot(now));
  }

  /** Computes the default reports (as of the recompute that just ended) and stores them. */
  private async saveSnapshot(now: Date): Promise<void> {
    const repo = this.ds.getRepository(SettingEntity);
    try {
      const settings = await this.getSettings();
      const range = lastDays(settings.periodDays, this.classes.zone, now);
      const [summary, matrix, movement] = [await this.rankSummary(range, settings), await this.rankMatrix(range, settings), await this.rankMovement(defaultPeriods(settings, range), settings, SNAPSHOT_FELL_LIMIT)];
      const snapshot: AbcSnapshot = { at: now.toISOString(), shares: settings.shares, periodDays: settings.periodDays, summary, matrix, movement };
      await repo.save({ key: SNAPSHOT_KEY, value: JSON.stringify(snapshot), updatedAt: new Date(), updatedById: null });
    } catch (err) {
      // An old snapshot must not outlive the classes it was taken with: without one, the pages rank live.
      await repo.delete({ key: SNAPSHOT_KEY });
      throw err;
    }
  }

  /** The stored snapshot when it answers a request at the current settings: no deal changed since on this node, not too old. */
  private async snapshot(settings: AbcSettings): Promise<AbcSnapshot | null> {
    if (!this.classes.isCurrent()) return null;
    const row = await this.ds.getRepository(SettingEntity).findOneBy({ key: SNAPSHOT_KEY });
    if (!row) return null;
    const s = JSON.parse(row.value) as AbcSnapshot;
    const fresh = Date.now() - Date.parse(s.at) < SNAPSHOT_MAX_AGE_MS;
    return fresh && s.periodDays === settings.periodDays && s.shares.join() === settings.shares.join() ? s : null;
  }

  getSettings(): Promise<AbcSettings> {
    return readAbcSettings(this.ds);
  }

  /** Saves the settings (audited), then recomputes every client's class before answering. */
  async setSettings(actor: Actor, input: AbcSettings): Promise<AbcSettings> {
    const after: AbcSettings = { shares: [...input.shares], periodDays: input.periodDays };
    await transaction(this.ds, async (em) => {
      const before = await readAbcSettings(em);
      await em.getRepository(SettingEntity).save({ key: ABC_SETTINGS_KEY, value: JSON.stringify(after), updatedAt: new Date(), updatedById: actor.userId });
      await this.audit.record(em, actor, 'update', 'setting', ABC_SETTINGS_KEY, before, after);
    });
    await this.classes.recompute();
    return after;
  }

  private async period(q: { from?: string; to?: string }): Promise<{ settings: AbcSettings; range: DayRange }> {
    const settings = await this.getSettings();
    return { settings, range: q.from && q.to ? { from: q.from, to: q.to } : lastDays(settings.periodDays, this.classes.zone) };
  }

  async summary(q: Pick<AbcReportQuery, 'from' | 'to'>): Promise<AbcSummary> {
    const { settings, range } = await this.period(q);
    const stored = q.from ? null : await this.snapshot(settings);
    const ranked = stored?.summary ?? (await this.rankSummary(range, settings));
    const [{ n: all }] = (await this.ds.query('SELECT COUNT(*) AS n FROM clients WHERE deleted_at IS NULL')) as [{ n: unknown }];
    const classified = ranked.classes.reduce((s, c) => s + c.clients, 0);
    const last = await this.classes.lastRun();
    return { ...settings, ...ranked, unclassified: Math.max(0, num(all) - classified), recomputedAt: last?.toISOString() ?? null };
  }

  private async rankSummary(range: DayRange, settings: AbcSettings): Promise<AbcSnapshot['summary']> {
    const params = rankingParams(range, settings.shares);
    // One ranking pass: per class and per Pareto slice (at most 3 × PARETO_POINTS rows).
    const cells: { cls: AbcClass; b: unknown; n: unknown; s: unknown }[] = await this.ds.query(
      `SELECT y.cls AS cls, y.b AS b, COUNT(*) AS n, SUM(y.turnover) AS s
       FROM (SELECT x.cls AS cls, x.turnover AS turnover, NTILE(${PARETO_POINTS}) OVER (ORDER BY x.turnover DESC, x.client_id) AS b FROM (${RANKING_SQL}) x) y
       GROUP BY y.cls, y.b`,
      params,
    );
    // The clients of a class are those who carry it: the ranked ones and an organization's people, who take
    // its class (as the client list's class filter finds them); turnover is the ranked ones' (Pareto: theirs too).
    const carriers: { cls: AbcClass; n: unknown }[] = await this.ds.query(
      `SELECT x.cls AS cls, COUNT(*) AS n FROM clients c JOIN (${RANKING_SQL}) x ON x.client_id = ${RANKING_UNIT} WHERE c.deleted_at IS NULL GROUP BY x.cls`,
      params,
    );
    const rows = CLASSES.map((cls) => ({ cls, n: num(carriers.find((c) => c.cls === cls)?.n), turnover: cells.filter((c) => c.cls === cls).reduce((s, c) => s + num(c.s), 0) }));
    const bySlice = new Map<number, { n: number; s: number }>();
    for (const c of cells) {
      const slice = bySlice.get(num(c.b)) ?? { n: 0, s: 0 };
      bySlice.set(num(c.b), { n: slice.n + num(c.n), s: slice.s + num(c.s) });
    }
    const slices = [...bySlice].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
    const total = rows.reduce((s, r) => s + num(r.turnover), 0);
    const classes = CLASSES.map((cls): AbcClassRow => {
      const r = rows.find((x) => x.cls === cls);
      const clients = num(r?.n);
      const turnover = round2(num(r?.turnover));
      return { class: cls, clients, turnover, share: total > 0 ? turnover / total : 0, avgPerClient: clients > 0 ? round2(turnover / clients) : 0 };
    });
    let clients = 0;
    let turnover = 0;
    const pareto = slices.map((sl) => ((clients += sl.n), (turnover += sl.s), { clients, turnover: round2(turnover) }));
    return { ...range, classes, turnover: round2(total), pareto };
  }

  /** Clients and turnover per class (null: no class) × potential (null: not set), every cell present. */
  async matrix(q: Pick<AbcReportQuery, 'from' | 'to'>): Promise<{ from: string; to: string; cells: AbcMatrixCell[] }> {
    const { settings, range } = await this.period(q);
    return (q.from ? null : await this.snapshot(settings))?.matrix ?? this.rankMatrix(range, settings);
  }

  private async rankMatrix(range: DayRange, settings: AbcSettings): Promise<{ from: string; to: string; cells: AbcMatrixCell[] }> {
    // Every client by the class they carry (an organization's people by its class); the turnover once, at the ranked client.
    const rows: { cls: AbcClass | null; potential: Potential | null; n: unknown; turnover: unknown }[] = await this.ds.query(
      `SELECT x.cls AS cls, c.potential AS potential, COUNT(*) AS n, SUM(CASE WHEN x.client_id = c.id THEN x.turnover ELSE 0 END) AS turnover
       FROM clients c LEFT JOIN (${RANKING_SQL}) x ON x.client_id = ${RANKING_UNIT}
       WHERE c.deleted_at IS NULL GROUP BY x.cls, c.potential`,
      rankingParams(range, settings.shares),
    );
    const cells: AbcMatrixCell[] = [];
    for (const cls of [...CLASSES, null]) {
      for (const potential of [...[...POTENTIALS].reverse(), null]) {
        const hits = rows.filter((r) => (r.cls ?? null) === cls && (r.potential ?? null) === potential);
        cells.push({ class: cls, potential, clients: hits.reduce((s, r) => s + num(r.n), 0), turnover: round2(hits.reduce((s, r) => s + num(r.turnover), 0)) });
      }
    }
    return { ...range, cells };
  }

  /** Movement between two periods; by default the period before against the current one (each periodDays long). */
  async movement(q: Omit<AbcMovementQuery, 'format'>): Promise<AbcMovement> {
    const settings = await this.getSettings();
    if (q.from1 && q.to1 && q.from2 && q.to2) return this.rankMovement({ period1: { from: q.from1, to: q.to1 }, period2: { from: q.from2, to: q.to2 } }, settings, q.limit);
    const stored = q.limit <= SNAPSHOT_FELL_LIMIT ? await this.snapshot(settings) : null;
    if (stored) return { ...stored.movement, fellOutOfA: { ...stored.movement.fellOutOfA, items: stored.movement.fellOutOfA.items.slice(0, q.limit) } };
    return this.rankMovement(defaultPeriods(settings, lastDays(settings.periodDays, this.classes.zone)), settings, q.limit);
  }

  private async rankMovement({ period1, period2 }: { period1: DayRange; period2: DayRange }, settings: AbcSettings, limit: number): Promise<AbcMovement> {
    const mov = movementSql();
    const params = movementParams(period1, period2, settings.shares);
    const pairs: { c1: AbcClass | null; c2: AbcClass | null; n: unknown }[] = await this.ds.query(`SELECT z.c1 AS c1, z.c2 AS c2, COUNT(*) AS n FROM (${mov}) z GROUP BY z.c1, z.c2`, params);
    const fell: { client_id: unknown; name: string; t1: unknown; c2: AbcClass | null; t2: unknown }[] = await this.ds.query(
      `SELECT z.client_id AS client_id, c.name AS name, z.t1 AS t1, z.c2 AS c2, z.t2 AS t2
       FROM (${mov}) z JOIN clients c ON c.id = z.client_id
       WHERE z.c1 = 'A' AND (z.c2 IS NULL OR z.c2 <> 'A')
       ORDER BY z.t1 DESC, z.client_id LIMIT ${Number(limit)}`,
      params,
    );
    const order = (c: AbcClass | null) => (c === null ? 3 : CLASSES.indexOf(c));
    const out = pairs
      .map((p) => ({ from: p.c1 ?? null, to: p.c2 ?? null, clients: num(p.n) }))
      .sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to));
    return {
      period1,
      period2,
      pairs: out,
      fellOutOfA: {
        total: out.filter((p) => p.from === 'A' && p.to !== 'A').reduce((s, p) => s + p.clients, 0),
        items: fell.map((r) => ({ clientId: num(r.client_id), name: r.name, turnover1: round2(num(r.t1)), class2: r.c2 ?? null, turnover2: round2(num(r.t2)) })),
      },
    };
  }
}

/** The default movement: the period before against the current one, each periodDays long. */
function defaultPeriods(settings: AbcSettings, current: DayRange): { period1: DayRange; period2: DayRange } {
  return { period1: { from: addDays(current.from, -settings.periodDays), to: addDays(current.from, -1) }, period2: current };
}

/**
 * Both periods' rankings in one pass over the deals (the same rule as RANKING_SQL, each period ranked by
 * its own window): per client with turnover in either period, `t1`/`t2` (null: none then) and `c1`/`c2`.
 */
function movementSql(): string {
  const cls = (n: 1 | 2) =>
    `CASE WHEN m.t${n} IS NULL THEN NULL WHEN COALESCE(m.b${n}, 0) * 100 < m.s${n} * ? THEN 'A' WHEN COALESCE(m.b${n}, 0) * 100 < m.s${n} * ? THEN 'B' ELSE 'C' END`;
  const sum = `SUM(CASE WHEN d.closed_at >= ? AND d.closed_at <= ? THEN d.amount ELSE 0 END)`;
  const turnover = `CASE WHEN ${sum} > 0 THEN ${sum} END`;
  return `
SELECT m.client_id AS client_id, m.t1 AS t1, m.t2 AS t2, ${cls(1)} AS c1, ${cls(2)} AS c2
FROM (
  SELECT u.client_id, u.t1, u.t2,
    SUM(u.t1) OVER (ORDER BY u.t1 DESC, u.client_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS b1,
    SUM(u.t1) OVER () AS s1,
    SUM(u.t2) OVER (ORDER BY u.t2 DESC, u.client_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS b2,
    SUM(u.t2) OVER () AS s2
  FROM (
    SELECT ${RANKING_UNIT} AS client_id, ${turnover} AS t1, ${turnover} AS t2
    FROM deals d JOIN clients c ON c.id = d.client_id
    WHERE d.status = 'confirmed' AND c.deleted_at IS NULL AND ((d.closed_at >= ? AND d.closed_at <= ?) OR (d.closed_at >= ? AND d.closed_at <= ?))
    GROUP BY ${RANKING_UNIT}
  ) u
  WHERE u.t1 IS NOT NULL OR u.t2 IS NOT NULL
) m`;
}

/** movementSql's parameters in their textual order. */
function movementParams(p1: DayRange, p2: DayRange, shares: readonly [number, number, number]): (string | number)[] {
  const pct = [shares[0], shares[0] + shares[1]];
  return [...pct, ...pct, p1.from, p1.to, p1.from, p1.to, p2.from, p2.to, p2.from, p2.to, p1.from, p1.to, p2.from, p2.to];
}
