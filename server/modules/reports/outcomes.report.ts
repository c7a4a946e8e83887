import type { DataSource } from 'typeorm';
import type { OutcomeCodeSets } from './effective-codes';
import type { Cell, ExportTable } from './report-export';
import type { ReportPeriod } from './report-period';
import { withLargeTempTables } from './sized-statement';

/** How many contacts it took, bucketed: 1, 2, 3, 4, 5, 6–10, more than 10. */
export const OUTCOME_BUCKETS = [
  { key: 'c1', fromContacts: 1, toContacts: 1 },
  { key: 'c2', fromContacts: 2, toContacts: 2 },
  { key: 'c3', fromContacts: 3, toContacts: 3 },
  { key: 'c4', fromContacts: 4, toContacts: 4 },
  { key: 'c5', fromContacts: 5, toContacts: 5 },
  { key: 'c6to10', fromContacts: 6, toContacts: 10 },
  { key: 'over10', fromContacts: 11, toContacts: null },
] as const;
export type OutcomeBucket = (typeof OUTCOME_BUCKETS)[number]['key'];
export type OutcomeKind = 'sale' | 'lost';

/**
 * The floor's rule of thumb: most deals close after the 5th contact, most sellers give up after the 2nd–3rd.
 * A client marked lost after at most this many contacts was given up early; an operator with at least half
 * of their lost clients given up early is flagged.
 */
export const EARLY_LOSS_CONTACTS = 2;
export const EARLY_LOSS_FLAG_SHARE = 0.5;

export type OutcomeDistribution = {
  /** Clients whose first outcome of this kind in the period was this operator's call. */
  clients: number;
  buckets: Record<OutcomeBucket, number>;
  /** Median contacts up to and including the outcome (the middle two averaged); null without clients. */
  median: number | null;
  avgContacts: number | null;
};
export type LostDistribution = OutcomeDistribution & { early: number; earlyShare: number | null };
export type OutcomesByOperator = { operatorId: number; operatorName: string | null; teamId: number | null; sale: OutcomeDistribution; lost: LostDistribution; givesUpEarly: boolean };
export type OutcomesReport = {
  from: string;
  to: string;
  range: { from: string; to: string };
  buckets: { key: OutcomeBucket; fromContacts: number; toContacts: number | null }[];
  /** The result codes read as a sale and as lost (the manager's list, retired codes included). */
  codes: OutcomeCodeSets;
  earlyLossContacts: number;
  items: OutcomesByOperator[];
  total: { sale: OutcomeDistribution; lost: LostDistribution };
};
export type OutcomesFilter = { teamId?: number; operatorId?: number };

const n = (v: unknown) => Number(v ?? 0);
const bucketOf = (contacts: number): OutcomeBucket => OUTCOME_BUCKETS.find((b) => b.toContacts === null || contacts <= b.toContacts)!.key;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** A distribution from (contacts → clients) counts. */
function distribution(counts: Map<number, number>): OutcomeDistribution {
  const buckets = Object.fromEntries(OUTCOME_BUCKETS.map((b) => [b.key, 0])) as Record<OutcomeBucket, number>;
  const sorted = [...counts].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  let clients = 0;
  let sum = 0;
  for (const [contacts, c] of sorted) {
    buckets[bucketOf(contacts)] += c;
    clients += c;
    sum += contacts * c;
  }
  // The k-th smallest value (0-based) walking the sorted counts.
  const nth = (k: number) => {
    let seen = 0;
    for (const [contacts, c] of sorted) if ((seen += c) > k) return contacts;
    return 0;
  };
  const median = clients === 0 ? null : clients % 2 === 1 ? nth((clients - 1) / 2) : (nth(clients / 2 - 1) + nth(clients / 2)) / 2;
  return { clients, buckets, median, avgContacts: clients > 0 ? round2(sum / clients) : null };
}

function lostDistribution(counts: Map<number, number>): LostDistribution {
  const d = distribution(counts);
  let early = 0;
  for (const [contacts, c] of counts) if (contacts <= EARLY_LOSS_CONTACTS) early += c;
  return { ...d, early, earlyShare: d.clients > 0 ? Math.round((early / d.clients) * 10_000) / 10_000 : null };
}

/** What counts as a contact, on calls aliased `a` (as the contacts report: answered, inbound or outbound, of an operator). */
const contact = (a: string) => `${a}.outcome = 'answered' AND ${a}.direction IN ('inbound', 'outbound') AND COALESCE(${a}.operator_id, 0) > 0`;

/**
 * Per operator of the outcome call: how many contacts (answered calls by anyone, all time) the client had up to
 * and including their first outcome of `codes` in the period; as rows (operator, contacts, clients). The first
 * outcome is chosen per client before the team/operator filter applies, so a filter never promotes a later one.
 * Reads the period from ix_calls_contacts and each client's earlier contacts from ix_calls_client_contacts
 * (client, start and whether a contact; migration 1795500000200), neither looking up a call's row.
 */
async function countsFor(ds: DataSource, period: ReportPeriod, codes: readonly string[], filter: OutcomesFilter): Promise<Record<string, unknown>[]> {
  if (codes.length === 0) return [];
  const sql = `
    SELECT o.operator_id AS operator_id, u.name AS name, u.team_id AS team_id, o.contacts AS contacts, COUNT(*) AS clients
    FROM (
      SELECT f.id, f.operator_id, COUNT(*) AS contacts
      FROM (
        SELECT k.id, k.client_id, k.operator_id, k.started_at,
               ROW_NUMBER() OVER (PARTITION BY k.client_id ORDER BY k.started_at, k.id) AS rn
        FROM calls k
        WHERE k.started_at >= :from AND k.started_at < :to
          AND k.disposition IN (:...codes)
          AND k.client_id IS NOT NULL
          AND ${contact('k')}
      ) f
      INNER JOIN calls c ON c.client_id = f.client_id AND c.started_at <= f.started_at
      WHERE f.rn = 1 AND ${contact('c')}${filter.operatorId !== undefined ? ' AND f.operator_id = :operatorId' : ''}
      GROUP BY f.id, f.operator_id
    ) o
    LEFT JOIN users u ON u.id = o.operator_id
    ${filter.teamId !== undefined ? 'WHERE u.team_id = :teamId' : ''}
    GROUP BY o.operator_id, u.name, u.team_id, o.contacts`;
  const [query, params] = ds.driver.escapeQueryWithParameters(sql, { from: period.from, to: period.to, codes, operatorId: filter.operatorId, teamId: filter.teamId });
  // A row per outcome client in the temporary table of the GROUP BY f.id (~125k at 5M calls): kept in memory on MariaDB.
  return ds.query(await withLargeTempTables(ds, query), params);
}

/**
 * Contacts before an outcome: an outcome is a contact in the period wrapped up with a result code that marks a
 * sale (or, separately, marks the client lost); per client the first such call of the period counts, and with
 * it the client's contacts up to and including it, whenever they were (before the period too). Distributions
 * per operator of the outcome call and in total, sales and lost apart; grouped in the database down to
 * (operator, contacts) rows.
 */
export async function outcomesReport(ds: DataSource, period: ReportPeriod, filter: OutcomesFilter, codes: OutcomeCodeSets): Promise<OutcomesReport> {
  // Side by side on MariaDB's pool (each is one scan of the period and the outcome clients' earlier contacts).
  const [saleRows, lostRows] = await Promise.all([countsFor(ds, period, codes.sale, filter), countsFor(ds, period, codes.lost, filter)]);

  type Op = { operatorId: number; operatorName: string | null; teamId: number | null; sale: Map<number, number>; lost: Map<number, number> };
  const ops = new Map<number, Op>();
  const total = { sale: new Map<number, number>(), lost: new Map<number, number>() };
  const take = (kind: OutcomeKind, rows: Record<string, unknown>[]) => {
    for (const r of rows) {
      const operatorId = n(r.operator_id);
      let op = ops.get(operatorId);
      if (!op) ops.set(operatorId, (op = { operatorId, operatorName: (r.name as string | null) ?? null, teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id), sale: new Map(), lost: new Map() }));
      const contacts = n(r.contacts);
      op[kind].set(contacts, (op[kind].get(contacts) ?? 0) + n(r.clients));
      total[kind].set(contacts, (total[kind].get(contacts) ?? 0) + n(r.clients));
    }
  };
  take('sale', saleRows);
  take('lost', lostRows);

  const items = [...ops.values()]
    .map((o) => {
      const lost = lostDistribution(o.lost);
      return { operatorId: o.operatorId, operatorName: o.operatorName, teamId: o.teamId, sale: distribution(o.sale), lost, givesUpEarly: lost.clients > 0 && (lost.earlyShare ?? 0) >= EARLY_LOSS_FLAG_SHARE };
    })
    .sort((a, b) => b.sale.clients + b.lost.clients - (a.sale.clients + a.lost.clients) || a.operatorId - b.operatorId);
  return {
    from: period.fromDay,
    to: period.toDay,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    buckets: OUTCOME_BUCKETS.map((b) => ({ key: b.key, fromContacts: b.fromContacts, toContacts: b.toContacts })),
    codes,
    earlyLossContacts: EARLY_LOSS_CONTACTS,
    items,
    total: { sale: distribution(total.sale), lost: lostDistribution(total.lost) },
  };
}

const distCells = (d: OutcomeDistribution): Cell[] => [d.clients, ...OUTCOME_BUCKETS.map((b) => d.buckets[b.key]), d.median, d.avgContacts];
const distColumns = (kind: OutcomeKind) => [`${kind}Clients`, ...OUTCOME_BUCKETS.map((b) => `${kind}_${b.key}`), `${kind}Median`, `${kind}AvgContacts`];

/** The report as a file: one row per operator (sales, then lost with the early share) and the total. */
export function outcomesTables(r: OutcomesReport): ExportTable[] {
  const columns = ['operatorId', 'operatorName', 'teamId', ...distColumns('sale'), ...distColumns('lost'), 'lostEarly', 'lostEarlyShare', 'givesUpEarly'];
  return [
    {
      name: 'outcomes',
      columns,
      rows: [
        ...r.items.map((i) => [i.operatorId, i.operatorName, i.teamId, ...distCells(i.sale), ...distCells(i.lost), i.lost.early, i.lost.earlyShare, i.givesUpEarly ? 'yes' : 'no']),
        [null, 'total', null, ...distCells(r.total.sale), ...distCells(r.total.lost), r.total.lost.early, r.total.lost.earlyShare, null],
      ],
    },
  ];
}
