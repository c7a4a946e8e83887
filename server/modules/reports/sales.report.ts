import type { DataSource } from 'typeorm';
import type { EffectiveCodes } from './effective-codes';
import { periodSlices } from './period-slices';
import type { ReportPeriod } from './report-period';

export type SalesFigures = {
  /** Answered inbound or outbound calls of the operator (as the contacts report counts them). */
  contacts: number;
  /** Contacts wrapped up with an effective result code. */
  effective: number;
  /** Confirmed deals closed in the period, credited to whoever entered them (`created_by_id`). */
  sales: number;
  turnover: number;
  /** Contacts wrapped up with a result code that marks a sale. */
  saleCalls: number;
  /** contacts ÷ sales; null without sales. */
  contactsPerSale: number | null;
  /** sales ÷ contacts (0–1); null without contacts. */
  conversion: number | null;
  /** turnover ÷ sales; null without sales. */
  avgDeal: number | null;
};
export type SalesByOperator = SalesFigures & { operatorId: number; operatorName: string | null; teamId: number | null };
export type ParetoOperator = {
  operatorId: number;
  operatorName: string | null;
  turnover: number;
  /** The operator's share of the operators' turnover, 0–1. */
  share: number;
  /** The share reached with this operator and everyone ranked above, 0–1. */
  cumulativeShare: number;
  /** Among the operators who bring the first `threshold` of the turnover. */
  top: boolean;
};
export type SalesReport = {
  from: string;
  to: string;
  /** The period as instants [from, to): what the calls list behind a row is asked for. */
  range: { from: string; to: string };
  items: SalesByOperator[];
  total: SalesFigures;
  /** Confirmed deals of the period nobody is credited with (no `created_by_id`); only without a team or operator filter. */
  unattributed: { sales: number; turnover: number };
  pareto: { threshold: number; operators: number; topOperators: number; items: ParetoOperator[] };
};
export type SalesFilter = { teamId?: number; operatorId?: number };

/** The Pareto line, percent of the operators' turnover. */
export const PARETO_PERCENT = 80;

type Sums = { contacts: number; effective: number; saleCalls: number; sales: number; cents: number };
const n = (v: unknown) => Number(v ?? 0);
const cents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
const ratio = (a: number, b: number, digits: number) => (b > 0 ? Math.round((a / b) * 10 ** digits) / 10 ** digits : null);

function figures(s: Sums): SalesFigures {
  return {
    contacts: s.contacts,
    effective: s.effective,
    sales: s.sales,
    turnover: s.cents / 100,
    saleCalls: s.saleCalls,
    contactsPerSale: ratio(s.contacts, s.sales, 2),
    conversion: ratio(s.sales, s.contacts, 4),
    avgDeal: s.sales > 0 ? Math.round(s.cents / s.sales) / 100 : null,
  };
}

/**
 * Sales beside contacts, per operator: contacts and effective contacts exactly as the contacts report counts
 * them (answered inbound/outbound calls started in the period), calls wrapped up with a sale code, and the
 * sales credited to the operator: confirmed deals of not-deleted clients closed in the period (local dates),
 * by the deal's `created_by_id` — the same turnover rule as the A/B/C and sources reports. Two grouped
 * queries (calls by operator, deals by who entered them), joined per operator here.
 *
 * The Pareto ranks the operators with turnover, highest first (ties by id), and marks as `top` each one whose
 * cumulative share *before* them is under the threshold: the top seller always, and the one who crosses 80 %.
 * Compared in whole cents, so no rounding decides a boundary.
 */
export async function salesReport(ds: DataSource, period: ReportPeriod, filter: SalesFilter, codes: { effective: readonly string[]; sale: readonly string[] }): Promise<SalesReport> {
  const effective = codes.effective.length > 0 ? 'k.disposition IN (:...effectiveCodes)' : '1 = 0';
  const sale = codes.sale.length > 0 ? 'k.disposition IN (:...saleCodes)' : '1 = 0';
  // The calls grouped by operator alone, then the few groups joined to their operators (joining users first
  // looked up an operator for each of the period's contacts); a long period in slices side by side.
  const callSlice = (from: Date, to: Date) => {
    const calls = ds
      .createQueryBuilder()
      .select('k.operator_id', 'operator_id')
      .addSelect('COUNT(*)', 'contacts')
      .addSelect(`SUM(CASE WHEN ${effective} THEN 1 ELSE 0 END)`, 'effective')
      .addSelect(`SUM(CASE WHEN ${sale} THEN 1 ELSE 0 END)`, 'sale_calls')
      .from('calls', 'k')
      .where("k.outcome = 'answered'")
      .andWhere("k.direction IN ('inbound', 'outbound')")
      // As the contacts report: keeps MariaDB on the period's started_at range (see contacts.report.ts).
      .andWhere('COALESCE(k.operator_id, 0) > 0')
      .andWhere('k.started_at >= :from AND k.started_at < :to', { from, to })
      .setParameter('effectiveCodes', [...codes.effective])
      .setParameter('saleCodes', [...codes.sale]);
    if (filter.operatorId !== undefined) calls.andWhere('k.operator_id = :operatorId', { operatorId: filter.operatorId });
    calls.groupBy('k.operator_id');
    const [sql, params] = ds.driver.escapeQueryWithParameters(
      `SELECT g.*, u.name AS name, u.team_id AS team_id FROM (${calls.getQuery()}) g LEFT JOIN users u ON u.id = g.operator_id${filter.teamId !== undefined ? ' WHERE u.team_id = :teamId' : ''}`,
      { ...calls.getParameters(), teamId: filter.teamId },
    );
    return ds.query(sql, params) as Promise<Record<string, unknown>[]>;
  };
  const deals = ds
    .createQueryBuilder()
    .select('d.created_by_id', 'operator_id')
    .addSelect('u.name', 'name')
    .addSelect('u.team_id', 'team_id')
    .addSelect('COUNT(*)', 'sales')
    .addSelect('SUM(d.amount)', 'turnover')
    .from('deals', 'd')
    .innerJoin('clients', 'c', 'c.id = d.client_id')
    .leftJoin('users', 'u', 'u.id = d.created_by_id')
    .where("d.status = 'confirmed'")
    .andWhere('d.closed_at >= :fromDay AND d.closed_at < :afterDay', { fromDay: period.fromDay, afterDay: period.afterDay })
    .andWhere('c.deleted_at IS NULL');
  if (filter.operatorId !== undefined) {
    deals.andWhere('d.created_by_id = :operatorId', { operatorId: filter.operatorId });
  }
  if (filter.teamId !== undefined) {
    deals.andWhere('u.team_id = :teamId', { teamId: filter.teamId });
  }
  const [callRows, dealRows] = await Promise.all([
    Promise.all(periodSlices(ds, period.from, period.to).map((p) => callSlice(p.from, p.to))).then((slices) => slices.flat()),
    deals.groupBy('d.created_by_id').addGroupBy('u.name').addGroupBy('u.team_id').getRawMany<Record<string, unknown>>(),
  ]);

  type Row = { operatorId: number; operatorName: string | null; teamId: number | null; sums: Sums };
  const rows = new Map<number, Row>();
  const row = (r: Record<string, unknown>) => {
    const operatorId = n(r.operator_id);
    let x = rows.get(operatorId);
    if (!x) {
      x = { operatorId, operatorName: (r.name as string | null) ?? null, teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id), sums: { contacts: 0, effective: 0, saleCalls: 0, sales: 0, cents: 0 } };
      rows.set(operatorId, x);
    }
    return x.sums;
  };
  for (const r of callRows) {
    const sums = row(r);
    sums.contacts += n(r.contacts);
    sums.effective += n(r.effective);
    sums.saleCalls += n(r.sale_calls);
  }
  const unattributed = { sales: 0, turnover: 0 };
  for (const r of dealRows) {
    if (r.operator_id === null || r.operator_id === undefined) {
      unattributed.sales = n(r.sales);
      unattributed.turnover = cents(r.turnover) / 100;
      continue;
    }
    Object.assign(row(r), { sales: n(r.sales), cents: cents(r.turnover) });
  }

  const list = [...rows.values()];
  const total = list.reduce<Sums>((a, r) => ({ contacts: a.contacts + r.sums.contacts, effective: a.effective + r.sums.effective, saleCalls: a.saleCalls + r.sums.saleCalls, sales: a.sales + r.sums.sales, cents: a.cents + r.sums.cents }), { contacts: 0, effective: 0, saleCalls: 0, sales: 0, cents: 0 });

  // Most sales first; at equal sales the one who needed fewer contacts first (the report's point).
  const items = [...list]
    .sort((a, b) => b.sums.sales - a.sums.sales || b.sums.cents - a.sums.cents || a.sums.contacts - b.sums.contacts || a.operatorId - b.operatorId)
    .map((r) => ({ operatorId: r.operatorId, operatorName: r.operatorName, teamId: r.teamId, ...figures(r.sums) }));

  const ranked = list.filter((r) => r.sums.cents > 0).sort((a, b) => b.sums.cents - a.sums.cents || a.operatorId - b.operatorId);
  let before = 0;
  const pareto = ranked.map((r) => {
    const top = before * 100 < total.cents * PARETO_PERCENT;
    before += r.sums.cents;
    return { operatorId: r.operatorId, operatorName: r.operatorName, turnover: r.sums.cents / 100, share: Math.round((r.sums.cents / total.cents) * 10_000) / 10_000, cumulativeShare: Math.round((before / total.cents) * 10_000) / 10_000, top };
  });

  return {
    from: period.fromDay,
    to: period.toDay,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    items,
    total: figures(total),
    unattributed,
    pareto: { threshold: PARETO_PERCENT / 100, operators: pareto.length, topOperators: pareto.filter((p) => p.top).length, items: pareto },
  };
}
