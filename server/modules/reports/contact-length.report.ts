import type { DataSource } from 'typeorm';
import { FUNNEL_STAGES, type FunnelStage } from '../../db/entities';
import type { Cell, ExportTable } from './report-export';
import { periodSlices } from './period-slices';
import type { ReportPeriod } from './report-period';
import { bandSelects, bandsOf, TALK_BAND_VERDICT, TALK_BANDS, zeroBands, type TalkBand, type TalkBandCounts } from './talk-bands';

/** The first funnel stages, where the floor's rule of thumb on talk time holds. */
export const FIRST_STAGES = ['lead', 'contacted'] as const satisfies readonly FunnelStage[];

export type LengthFigures = {
  contacts: number;
  /** Contacts per talk-time band (a contact with no talk time recorded counts in none). */
  bands: TalkBandCounts;
  /** Each band's share of the contacts with a talk time, 0–1; null when there are none. */
  shares: Record<TalkBand, number | null>;
  avgTalkSeconds: number | null;
};
export type LengthByOperator = LengthFigures & { operatorId: number; operatorName: string | null; teamId: number | null };
/** `stage`: the client's funnel stage at the time of the call; null for calls with no client (or none recorded). */
export type LengthByStage = LengthFigures & { stage: FunnelStage | null };
export type ContactLengthReport = {
  from: string;
  to: string;
  /** The period as instants [from, to): what the calls list behind a row is asked for. */
  range: { from: string; to: string };
  /** The bands in order, with how each reads at the first stages (the UI's colours and targets). */
  bands: { key: TalkBand; fromSeconds: number; toSeconds: number | null; verdict: (typeof TALK_BAND_VERDICT)[TalkBand] }[];
  firstStages: readonly FunnelStage[];
  items: LengthByOperator[];
  total: LengthFigures;
  /** Stage × band over all operators: every stage in funnel order, then calls without a stage (if any). */
  stages: LengthByStage[];
  /** Per operator, their contacts at the first stages together with the rule of thumb's verdict, and per stage. */
  firstStageItems: (LengthByOperator & { verdict: FirstStageVerdict; byStage: LengthByStage[] })[];
  firstStageTotal: LengthFigures;
};
/**
 * The rule of thumb on one operator's first-stage contacts: `unprepared` when more of them fall in the bands
 * TALK_BAND_VERDICT reads as unprepared (1–1.5 min) than in those it reads as prepared (2–3 min), `prepared` the
 * other way round, null when even.
 */
export type FirstStageVerdict = 'prepared' | 'unprepared' | null;
function verdictOf(bands: TalkBandCounts): FirstStageVerdict {
  const count = (v: string) => TALK_BANDS.filter((b) => TALK_BAND_VERDICT[b.key] === v).reduce((a, b) => a + bands[b.key], 0);
  const unprepared = count('unprepared');
  const prepared = count('prepared');
  return unprepared > prepared ? 'unprepared' : prepared > unprepared ? 'prepared' : null;
}
export type ContactLengthFilter = { teamId?: number; operatorId?: number };

type Sums = { contacts: number; bands: TalkBandCounts; talk: number; talked: number };
const n = (v: unknown) => Number(v ?? 0);
const ZERO = (): Sums => ({ contacts: 0, bands: zeroBands(), talk: 0, talked: 0 });
function add(a: Sums, b: Sums): Sums {
  const bands = zeroBands();
  for (const { key } of TALK_BANDS) bands[key] = a.bands[key] + b.bands[key];
  return { contacts: a.contacts + b.contacts, bands, talk: a.talk + b.talk, talked: a.talked + b.talked };
}
const sumAll = (xs: Sums[]) => xs.reduce(add, ZERO());
function figures(s: Sums): LengthFigures {
  const timed = TALK_BANDS.reduce((a, b) => a + s.bands[b.key], 0);
  const shares = Object.fromEntries(TALK_BANDS.map((b) => [b.key, timed > 0 ? Math.round((s.bands[b.key] / timed) * 10_000) / 10_000 : null])) as Record<TalkBand, number | null>;
  return { contacts: s.contacts, bands: s.bands, shares, avgTalkSeconds: s.talked > 0 ? Math.round(s.talk / s.talked) : null };
}
const stageOf = (v: unknown): FunnelStage | null => (FUNNEL_STAGES as readonly string[]).includes(String(v)) ? (v as FunnelStage) : null;

/**
 * Contact length: contacts (answered inbound or outbound calls of an operator started in the period, as the
 * contacts report counts them) per operator in the talk-time bands of talk-bands.ts, with shares and the
 * average talk; and the same split by the client's funnel stage at the time of the call (calls.client_stage).
 * One GROUP BY (operator, stage) in the database (per slice of a long period, side by side: period-slices.ts;
 * read from ix_calls_contacts alone); operators, stages and totals are sums of its rows.
 */
export async function contactLengthReport(ds: DataSource, period: ReportPeriod, filter: ContactLengthFilter): Promise<ContactLengthReport> {
  // A long period is read as consecutive slices side by side (period-slices.ts); their rows add up below.
  // Grouped by (operator, stage) from the calls alone, then the few groups joined to their operators (joining
  // users first looked up an operator for each of the period's ~1.5M contacts at 5M calls).
  const slice = (from: Date, to: Date) => {
    const qb = ds
      .createQueryBuilder()
      .select('k.operator_id', 'operator_id')
      .addSelect('k.client_stage', 'stage')
      .addSelect('COUNT(*)', 'contacts')
      .addSelect('SUM(COALESCE(k.talk_seconds, 0))', 'talk')
      .addSelect('COUNT(k.talk_seconds)', 'talked')
      .from('calls', 'k')
      .where("k.outcome = 'answered'")
      .andWhere("k.direction IN ('inbound', 'outbound')")
      // As in the contacts report: not `operator_id IS NOT NULL`, so MariaDB ranges over the period's started_at.
      .andWhere('COALESCE(k.operator_id, 0) > 0')
      .andWhere('k.started_at >= :from AND k.started_at < :to', { from, to });
    for (const b of bandSelects('k.talk_seconds')) qb.addSelect(b.sql, b.alias);
    if (filter.operatorId !== undefined) qb.andWhere('k.operator_id = :operatorId', { operatorId: filter.operatorId });
    qb.groupBy('k.operator_id').addGroupBy('k.client_stage');
    const byTeam = filter.teamId !== undefined ? ' WHERE u.team_id = :teamId' : '';
    const [sql, params] = ds.driver.escapeQueryWithParameters(
      `SELECT g.*, u.name AS name, u.team_id AS team_id FROM (${qb.getQuery()}) g LEFT JOIN users u ON u.id = g.operator_id${byTeam}`,
      { ...qb.getParameters(), teamId: filter.teamId },
    );
    return ds.query(sql, params) as Promise<Record<string, unknown>[]>;
  };
  const rows = (await Promise.all(periodSlices(ds, period.from, period.to).map((p) => slice(p.from, p.to)))).flat();

  type Row = { operatorId: number; operatorName: string | null; teamId: number | null; stage: FunnelStage | null; sums: Sums };
  const cells: Row[] = rows.map((r) => ({
    operatorId: n(r.operator_id),
    operatorName: (r.name as string | null) ?? null,
    teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id),
    stage: stageOf(r.stage),
    sums: { contacts: n(r.contacts), bands: bandsOf(r), talk: n(r.talk), talked: n(r.talked) },
  }));

  const operators = new Map<number, { operatorId: number; operatorName: string | null; teamId: number | null; all: Sums; byStage: Map<FunnelStage | null, Sums> }>();
  const stages = new Map<FunnelStage | null, Sums>();
  for (const c of cells) {
    let op = operators.get(c.operatorId);
    if (!op) operators.set(c.operatorId, (op = { operatorId: c.operatorId, operatorName: c.operatorName, teamId: c.teamId, all: ZERO(), byStage: new Map() }));
    op.all = add(op.all, c.sums);
    op.byStage.set(c.stage, add(op.byStage.get(c.stage) ?? ZERO(), c.sums));
    stages.set(c.stage, add(stages.get(c.stage) ?? ZERO(), c.sums));
  }
  const ops = [...operators.values()].sort((a, b) => b.all.contacts - a.all.contacts || a.operatorId - b.operatorId);
  const who = (o: (typeof ops)[number]) => ({ operatorId: o.operatorId, operatorName: o.operatorName, teamId: o.teamId });
  const first = (o: (typeof ops)[number]) => sumAll(FIRST_STAGES.map((s) => o.byStage.get(s) ?? ZERO()));
  const firstOps = ops.filter((o) => first(o).contacts > 0).sort((a, b) => first(b).contacts - first(a).contacts || a.operatorId - b.operatorId);

  return {
    from: period.fromDay,
    to: period.toDay,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    bands: TALK_BANDS.map((b) => ({ key: b.key, fromSeconds: b.fromSeconds, toSeconds: b.toSeconds, verdict: TALK_BAND_VERDICT[b.key] })),
    firstStages: FIRST_STAGES,
    items: ops.map((o) => ({ ...who(o), ...figures(o.all) })),
    total: figures(sumAll(ops.map((o) => o.all))),
    stages: [...FUNNEL_STAGES, ...(stages.has(null) ? [null] : [])].map((stage) => ({ stage, ...figures(stages.get(stage) ?? ZERO()) })),
    firstStageItems: firstOps.map((o) => ({ ...who(o), ...figures(first(o)), verdict: verdictOf(first(o).bands), byStage: FIRST_STAGES.map((stage) => ({ stage, ...figures(o.byStage.get(stage) ?? ZERO()) })) })),
    firstStageTotal: figures(sumAll(ops.map(first))),
  };
}

const bandCells = (f: LengthFigures): Cell[] => [f.contacts, ...TALK_BANDS.map((b) => f.bands[b.key]), ...TALK_BANDS.map((b) => f.shares[b.key]), f.avgTalkSeconds];
const BAND_COLUMNS = ['contacts', ...TALK_BANDS.map((b) => b.key), ...TALK_BANDS.map((b) => `${b.key}Share`), 'avgTalkSeconds'];

/** The report as files: operators (with the total), stages, and operators × the first stages. */
export function contactLengthTables(r: ContactLengthReport): ExportTable[] {
  return [
    { name: 'operators', columns: ['operatorId', 'operatorName', 'teamId', ...BAND_COLUMNS], rows: [...r.items.map((i) => [i.operatorId, i.operatorName, i.teamId, ...bandCells(i)]), [null, 'total', null, ...bandCells(r.total)]] },
    { name: 'stages', columns: ['stage', ...BAND_COLUMNS], rows: r.stages.map((s) => [s.stage ?? 'none', ...bandCells(s)]) },
    {
      name: 'first stages',
      columns: ['operatorId', 'operatorName', 'teamId', 'stage', ...BAND_COLUMNS, 'verdict'],
      rows: [
        ...r.firstStageItems.flatMap((i) => [[i.operatorId, i.operatorName, i.teamId, r.firstStages.join('+'), ...bandCells(i), i.verdict], ...i.byStage.map((s) => [i.operatorId, i.operatorName, i.teamId, s.stage, ...bandCells(s), null])]),
        [null, 'total', null, r.firstStages.join('+'), ...bandCells(r.firstStageTotal), null],
      ],
    },
  ];
}
