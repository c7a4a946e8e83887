import { z } from 'zod';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { dbDate } from '../../db/db-date';
import { FUNNEL_STAGES, type FunnelStage } from '../../db/entities';
import { startOfLocalDate, type ReportPeriod } from './report-period';
import type { ExportTable } from './report-export';
import { withLargeTempTables } from './sized-statement';
import { id, periodQuery } from './reports.schemas';

/** GET /api/reports/funnel: the period (for the flow and the weeks), the owner's team or the owner, the zombies' quiet days. */
export const funnelQuery = periodQuery({ teamId: id.optional(), operatorId: id.optional(), zombieDays: z.coerce.number().int().min(1).max(365).default(14) });
export type FunnelQuery = z.infer<typeof funnelQuery>;

/** The stages a client is still being worked in; `customer` and `lost` are outcomes. */
export const OPEN_STAGES = ['lead', 'contacted', 'qualified', 'proposal'] as const satisfies readonly FunnelStage[];
type OpenStage = (typeof OPEN_STAGES)[number];
/** How far back the forecast's conversion rates look. */
export const FORECAST_WINDOW_DAYS = 180;
/** How many of the oldest zombies are listed by name. */
export const ZOMBIE_LIST = 50;

export type FunnelStageRow = {
  stage: FunnelStage;
  /** Live clients in the stage now. */
  clients: number;
  /** Moves into the stage in the period (new clients included). */
  entered: number;
  /** Moves out of the stage in the period. */
  left: number;
  /** Clients in the stage with no contact for `zombieDays` days (open stages only; 0 for the others). */
  zombies: number;
};
export type FunnelMove = { from: FunnelStage | null; to: FunnelStage; count: number };
export type FunnelWeek = {
  /** The Monday (local date) the week starts; the first and last week may be cut by the period. */
  week: string;
  from: string;
  to: string;
  /** Clients who entered the funnel (were created). */
  newClients: number;
  /** Moves to `customer`. */
  won: number;
  /** Moves to `lost`. */
  lost: number;
};
export type FunnelZombie = { clientId: number; name: string; stage: FunnelStage; ownerId: number | null; ownerName: string | null; lastContactAt: string | null; createdAt: string };
export type FunnelForecastRow = {
  stage: OpenStage;
  /** Clients who left the stage in the window. */
  left: number;
  /** …of whom the move out went forward (to a later stage, `customer` included). */
  toNext: number;
  /** …of whom reached `customer` then or later. */
  toCustomer: number;
  toNextRate: number | null;
  toCustomerRate: number | null;
  /** Clients in the stage now. */
  open: number;
  /** open × toCustomerRate, to one decimal. */
  expectedCustomers: number;
};
export type FunnelReport = {
  from: string;
  to: string;
  /** The period as instants [from, to). */
  range: { from: string; to: string };
  zombieDays: number;
  stages: FunnelStageRow[];
  total: { clients: number; entered: number; left: number; zombies: number };
  moves: FunnelMove[];
  weeks: FunnelWeek[];
  zombies: FunnelZombie[];
  forecast: { windowDays: number; stages: FunnelForecastRow[]; expectedCustomers: number };
};
export type FunnelFilter = { teamId?: number; operatorId?: number; zombieDays: number };

const n = (v: unknown) => Number(v ?? 0);
const DAY = 86400_000;
const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
const isStage = (v: unknown): v is FunnelStage => FUNNEL_STAGES.includes(v as FunnelStage);
/** A stage's place in the funnel's order; `lost` is below every stage. Pasted into SQL (constants only). */
const rankSql = (col: string) => `CASE ${col} ${FUNNEL_STAGES.map((s, i) => `WHEN '${s}' THEN ${s === 'lost' ? -1 : i}`).join(' ')} END`;
const CONTACT = "k.outcome = 'answered' AND k.direction IN ('inbound', 'outbound')";

/** The Mondays (local dates) of the weeks the period touches, and the instants [from, to) of each week within it. */
export function weeksOf(period: ReportPeriod, timeZone: string): { week: string; from: Date; to: Date }[] {
  const first = Date.parse(`${period.fromDay}T00:00:00Z`);
  const last = Date.parse(`${period.toDay}T00:00:00Z`);
  const monday = first - ((new Date(first).getUTCDay() + 6) % 7) * DAY;
  const weeks: { week: string; from: Date; to: Date }[] = [];
  for (let w = monday; w <= last; w += 7 * DAY) {
    const day = new Date(w).toISOString().slice(0, 10);
    const next = new Date(w + 7 * DAY).toISOString().slice(0, 10);
    const from = w < first ? period.from : startOfLocalDate(day, timeZone);
    const to = w + 7 * DAY > last ? period.to : startOfLocalDate(next, timeZone);
    weeks.push({ week: day, from, to });
  }
  return weeks;
}

/**
 * The funnel: clients per stage now; the moves between stages in the period (client_stage_changes); new
 * clients, sales and losses per local week (Monday to Sunday in the floor's time zone); zombies (in an open
 * stage, created and not contacted — no answered call — for `zombieDays` days); and a forecast from the last
 * 180 days' conversions. Team and operator select clients by their owner. The stages now and the zombies are
 * of live clients; the history (flow, weeks, forecast) counts what happened, clients deleted since included.
 * Every figure is a GROUP BY in the database; the zombies' list reads the quietest in batches (see below).
 */
export async function funnelReport(ds: DataSource, period: ReportPeriod, filter: FunnelFilter, timeZone: string, now: Date): Promise<FunnelReport> {
  const byOwner = filter.operatorId !== undefined || filter.teamId !== undefined;
  const owned = <T extends object>(qb: SelectQueryBuilder<T>) => {
    if (filter.operatorId !== undefined) qb.andWhere('c.owner_id = :operatorId', { operatorId: filter.operatorId });
    if (filter.teamId !== undefined) qb.andWhere('c.owner_id IN (SELECT tu.id FROM users tu WHERE tu.team_id = :teamId)', { teamId: filter.teamId });
    return qb;
  };
  const clients = () => owned(ds.createQueryBuilder().from('clients', 'c').where('c.deleted_at IS NULL'));
  // Without a filter the history is read from its covering index alone (no client row is looked up).
  const changes = () => {
    const qb = ds.createQueryBuilder().from('client_stage_changes', 'h');
    return byOwner ? owned(qb.innerJoin('clients', 'c', 'c.id = h.client_id')) : qb;
  };
  const cut = new Date(now.getTime() - filter.zombieDays * DAY);
  const zombie = (qb: SelectQueryBuilder<object>) =>
    qb
      .andWhere('c.stage IN (:...open)', { open: [...OPEN_STAGES] })
      .andWhere('c.created_at < :cut', { cut })
      .andWhere(`NOT EXISTS (SELECT 1 FROM calls k WHERE k.client_id = c.id AND k.started_at >= :cut AND ${CONTACT})`);

  const nowQ: Promise<Record<string, unknown>[]> = clients().select('c.stage', 'stage').addSelect('COUNT(*)', 'count').groupBy('c.stage').getRawMany();
  const movesQ: Promise<Record<string, unknown>[]> = changes()
    .select('h.from_stage', 'from_stage')
    .addSelect('h.to_stage', 'to_stage')
    .addSelect('COUNT(*)', 'count')
    .andWhere('h.changed_at >= :from AND h.changed_at < :to', { from: period.from, to: period.to })
    .groupBy('h.from_stage')
    .addGroupBy('h.to_stage')
    .getRawMany();

  const weeks = weeksOf(period, timeZone);
  const weekIndex = `CASE ${weeks.map((_, i) => `WHEN h.changed_at < :wk${i} THEN ${i}`).join(' ')} END`;
  const weekQb = changes()
    .select(weekIndex, 'wk')
    .addSelect('SUM(CASE WHEN h.from_stage IS NULL THEN 1 ELSE 0 END)', 'new_clients')
    .addSelect("SUM(CASE WHEN h.to_stage = 'customer' AND h.from_stage IS NOT NULL THEN 1 ELSE 0 END)", 'won')
    .addSelect("SUM(CASE WHEN h.to_stage = 'lost' AND h.from_stage IS NOT NULL THEN 1 ELSE 0 END)", 'lost')
    .andWhere('h.changed_at >= :from AND h.changed_at < :to', { from: period.from, to: period.to });
  weeks.forEach((w, i) => weekQb.setParameter(`wk${i}`, w.to));
  const weeksQ: Promise<Record<string, unknown>[]> = weekQb.groupBy('wk').getRawMany();

  const zombiesQ: Promise<Record<string, unknown>[]> = zombie(clients()).select('c.stage', 'stage').addSelect('COUNT(*)', 'count').groupBy('c.stage').getRawMany();
  const oldestQ = quietestZombies(() => zombie(clients().leftJoin('users', 'u', 'u.id = c.owner_id')));

  // The forecast's rates. Per client in the window: when it first left each open stage, whether a move out of
  // it went forward, and when it last became a customer; then summed per stage (each client once per stage).
  const since = new Date(now.getTime() - FORECAST_WINDOW_DAYS * DAY);
  const perClient = changes()
    .select('h.client_id', 'client_id')
    .addSelect("MAX(CASE WHEN h.to_stage = 'customer' THEN h.changed_at END)", 'won')
    .andWhere('h.changed_at >= :since AND h.changed_at <= :now', { since, now })
    .andWhere("(h.from_stage IN (:...open) OR h.to_stage = 'customer')", { open: [...OPEN_STAGES] })
    .groupBy('h.client_id');
  OPEN_STAGES.forEach((stage, i) => {
    perClient.addSelect(`MIN(CASE WHEN h.from_stage = '${stage}' THEN h.changed_at END)`, `l${i}`);
    perClient.addSelect(`MAX(CASE WHEN h.from_stage = '${stage}' AND ${rankSql('h.to_stage')} > ${i} THEN 1 ELSE 0 END)`, `f${i}`);
  });
  const forecastQb = ds.createQueryBuilder().from(`(${perClient.getQuery()})`, 'x').setParameters(perClient.getParameters());
  OPEN_STAGES.forEach((_, i) => {
    forecastQb.addSelect(`SUM(CASE WHEN x.l${i} IS NOT NULL THEN 1 ELSE 0 END)`, `left${i}`);
    forecastQb.addSelect(`SUM(x.f${i})`, `next${i}`);
    forecastQb.addSelect(`SUM(CASE WHEN x.won >= x.l${i} THEN 1 ELSE 0 END)`, `customer${i}`);
  });
  // One row per client who moved in the window (most of them at 1M clients) in the temporary table: kept in memory on MariaDB.
  const [forecastSql, forecastParams] = forecastQb.getQueryAndParameters();
  const forecastQ: Promise<Record<string, unknown> | undefined> = withLargeTempTables(ds, forecastSql).then((sql) => ds.query(sql, forecastParams)).then((rows: Record<string, unknown>[]) => rows[0]);

  // Independent aggregates: on MySQL/MariaDB they run side by side on the pool's connections.
  const [nowRows, moveRows, weekRows, zombieRows, oldest, forecastFound] = await Promise.all([nowQ, movesQ, weeksQ, zombiesQ, oldestQ, forecastQ]);
  const forecastRow = forecastFound ?? {};

  const count = (rows: Record<string, unknown>[]) => new Map(rows.filter((r) => isStage(r.stage)).map((r) => [r.stage as FunnelStage, n(r.count)]));
  const inStage = count(nowRows);
  const zombies = count(zombieRows);
  const moves: FunnelMove[] = moveRows
    .filter((r) => isStage(r.to_stage))
    .map((r) => ({ from: isStage(r.from_stage) ? r.from_stage : null, to: r.to_stage as FunnelStage, count: n(r.count) }))
    .sort((a, b) => (a.from === null ? -1 : FUNNEL_STAGES.indexOf(a.from)) - (b.from === null ? -1 : FUNNEL_STAGES.indexOf(b.from)) || FUNNEL_STAGES.indexOf(a.to) - FUNNEL_STAGES.indexOf(b.to));
  const stages: FunnelStageRow[] = FUNNEL_STAGES.map((stage) => ({
    stage,
    clients: inStage.get(stage) ?? 0,
    entered: moves.filter((m) => m.to === stage).reduce((a, m) => a + m.count, 0),
    left: moves.filter((m) => m.from === stage).reduce((a, m) => a + m.count, 0),
    zombies: zombies.get(stage) ?? 0,
  }));
  const byWeek = new Map(weekRows.map((r) => [n(r.wk), r]));
  const forecast = OPEN_STAGES.map((stage, i): FunnelForecastRow => {
    const left = n(forecastRow[`left${i}`]);
    const toNext = n(forecastRow[`next${i}`]);
    const toCustomer = n(forecastRow[`customer${i}`]);
    const toCustomerRate = rate(toCustomer, left);
    const open = inStage.get(stage) ?? 0;
    return { stage, left, toNext, toCustomer, toNextRate: rate(toNext, left), toCustomerRate, open, expectedCustomers: Math.round(open * (toCustomerRate ?? 0) * 10) / 10 };
  });

  return {
    from: period.fromDay,
    to: period.toDay,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    zombieDays: filter.zombieDays,
    stages,
    total: stages.reduce((a, s) => ({ clients: a.clients + s.clients, entered: a.entered + s.entered, left: a.left + s.left, zombies: a.zombies + s.zombies }), { clients: 0, entered: 0, left: 0, zombies: 0 }),
    moves,
    weeks: weeks.map((w, i) => {
      const r = byWeek.get(i);
      return { week: w.week, from: w.from.toISOString(), to: w.to.toISOString(), newClients: n(r?.new_clients), won: n(r?.won), lost: n(r?.lost) };
    }),
    zombies: oldest.map(({ quietSince: _, ...z }) => z),
    forecast: { windowDays: FORECAST_WINDOW_DAYS, stages: forecast, expectedCustomers: Math.round(forecast.reduce((a, f) => a + open(f), 0) * 10) / 10 },
  };
}

const open = (f: FunnelForecastRow) => f.open * (f.toCustomerRate ?? 0);

/** The funnel as file tables: the stages first (the CSV), then the moves, weeks, zombies and forecast (XLSX sheets). */
export function funnelTables(r: FunnelReport): ExportTable[] {
  return [
    { name: 'stages', columns: ['stage', 'clients', 'entered', 'left', 'zombies'], rows: [...r.stages.map((s) => [s.stage, s.clients, s.entered, s.left, s.zombies]), ['total', r.total.clients, r.total.entered, r.total.left, r.total.zombies]] },
    { name: 'moves', columns: ['from', 'to', 'count'], rows: r.moves.map((m) => [m.from ?? 'new', m.to, m.count]) },
    { name: 'weeks', columns: ['week', 'newClients', 'won', 'lost'], rows: r.weeks.map((w) => [w.week, w.newClients, w.won, w.lost]) },
    { name: 'zombies', columns: ['clientId', 'name', 'stage', 'ownerId', 'ownerName', 'lastContactAt', 'createdAt'], rows: r.zombies.map((z) => [z.clientId, z.name, z.stage, z.ownerId, z.ownerName, z.lastContactAt, z.createdAt]) },
    {
      name: 'forecast',
      columns: ['stage', 'left', 'toNext', 'toCustomer', 'toNextRate', 'toCustomerRate', 'open', 'expectedCustomers'],
      rows: [...r.forecast.stages.map((f) => [f.stage, f.left, f.toNext, f.toCustomer, f.toNextRate, f.toCustomerRate, f.open, f.expectedCustomers]), ['total', null, null, null, null, null, null, r.forecast.expectedCustomers]],
    },
  ];
}

/** How many zombies a batch of the quietest list reads. */
const ZOMBIE_BATCH = 500;

/**
 * The ZOMBIE_LIST zombies quiet the longest (since their last contact, or their creation if later or never
 * contacted), without computing every zombie's last contact: candidates are read in the order of creation
 * (the clients' created_at index) in batches; since no client is quiet since before it was created, once the
 * list is full and its last entry went quiet before the next candidate was even created, no later candidate
 * can enter it.
 */
async function quietestZombies(zombies: () => SelectQueryBuilder<object>): Promise<(FunnelZombie & { quietSince: number })[]> {
  const lastContact = `(SELECT MAX(k.started_at) FROM calls k WHERE k.client_id = c.id AND ${CONTACT})`;
  const best: (FunnelZombie & { quietSince: number })[] = [];
  let after: { at: Date; id: number } | null = null;
  for (;;) {
    const qb = zombies()
      .select('c.id', 'id')
      .addSelect('c.name', 'name')
      .addSelect('c.stage', 'stage')
      .addSelect('c.owner_id', 'owner_id')
      .addSelect('u.name', 'owner_name')
      .addSelect('c.created_at', 'created_at')
      .addSelect(lastContact, 'last_contact')
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(ZOMBIE_BATCH);
    if (after) qb.andWhere('(c.created_at > :afterAt OR (c.created_at = :afterAt AND c.id > :afterId))', { afterAt: after.at, afterId: after.id });
    const rows: Record<string, unknown>[] = await qb.getRawMany();
    for (const r of rows) {
      const createdAt = dbDate(r.created_at);
      const last = r.last_contact === null || r.last_contact === undefined ? null : dbDate(r.last_contact);
      best.push({
        clientId: n(r.id),
        name: String(r.name),
        stage: r.stage as FunnelStage,
        ownerId: r.owner_id === null || r.owner_id === undefined ? null : n(r.owner_id),
        ownerName: (r.owner_name as string | null) ?? null,
        lastContactAt: last ? last.toISOString() : null,
        createdAt: createdAt.toISOString(),
        quietSince: Math.max(createdAt.getTime(), last?.getTime() ?? 0),
      });
    }
    best.sort((a, b) => a.quietSince - b.quietSince || a.clientId - b.clientId);
    best.splice(ZOMBIE_LIST);
    if (rows.length < ZOMBIE_BATCH) return best;
    const tail = rows[rows.length - 1]!;
    after = { at: dbDate(tail.created_at), id: n(tail.id) };
    if (best.length === ZOMBIE_LIST && best[ZOMBIE_LIST - 1]!.quietSince < after.at.getTime()) return best;
  }
}
