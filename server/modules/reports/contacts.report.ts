import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { contactsWhere, type ContactsDailyService } from './contacts-daily.service';
import type { ReportPeriod } from './report-period';

export type ContactFigures = { contacts: number; effective: number; effectiveShare: number | null; withoutResult: number; avgTalkSeconds: number | null };
export type ContactsByOperator = ContactFigures & { operatorId: number; operatorName: string | null; teamId: number | null };
export type ContactsByTeam = ContactFigures & { teamId: number | null; teamName: string | null };
export type ContactsByClient = ContactFigures & { clientId: number; clientName: string; organization: string | null };
export type ContactsByOrganization = ContactFigures & { organization: string; clients: number };
export type ContactsReport = {
  from: string;
  to: string;
  /** The period as instants [from, to): what the calls list behind a row is asked for. */
  range: { from: string; to: string };
  items: ContactsByOperator[];
  total: ContactFigures;
  teams: ContactsByTeam[];
  clients: ContactsByClient[];
  organizations: ContactsByOrganization[];
};
export type ContactsFilter = { teamId?: number; operatorId?: number; clients: number };

type Sums = { contacts: number; effective: number; withoutResult: number; talk: number; talked: number };
const n = (v: unknown) => Number(v ?? 0);
const sums = (r: Record<string, unknown>): Sums => ({ contacts: n(r.contacts), effective: n(r.effective), withoutResult: n(r.without_result), talk: n(r.talk), talked: n(r.talked) });
const add = (a: Sums, b: Sums): Sums => ({ contacts: a.contacts + b.contacts, effective: a.effective + b.effective, withoutResult: a.withoutResult + b.withoutResult, talk: a.talk + b.talk, talked: a.talked + b.talked });
const ZERO: Sums = { contacts: 0, effective: 0, withoutResult: 0, talk: 0, talked: 0 };
function figures(s: Sums): ContactFigures {
  return {
    contacts: s.contacts,
    effective: s.effective,
    effectiveShare: s.contacts > 0 ? Math.round((s.effective / s.contacts) * 10_000) / 10_000 : null,
    withoutResult: s.withoutResult,
    avgTalkSeconds: s.talked > 0 ? Math.round(s.talk / s.talked) : null,
  };
}

/** The per-client and per-organization top lists (also `GET /api/reports/contacts/top`). */
export type ContactsTop = { from: string; to: string; range: { from: string; to: string }; clients: ContactsByClient[]; organizations: ContactsByOrganization[] };

const isMaria = new WeakMap<DataSource, Promise<boolean>>();
/** MariaDB (not MySQL, not SQLite): per-statement settings (SET STATEMENT … FOR) and its optimizer hints apply. */
function mariaDb(ds: DataSource): Promise<boolean> {
  let known = isMaria.get(ds);
  if (!known) {
    known = ds.options.type === 'mysql' || ds.options.type === 'mariadb' ? ds.query('SELECT VERSION() AS v').then((r: { v: string }[]) => /mariadb/i.test(String(r[0]?.v))) : Promise.resolve(false);
    isMaria.set(ds, known);
  }
  return known;
}

/**
 * Contacts: answered calls, inbound or outbound (internal calls are not contacts), of an operator, started in
 * the period. `effective`: wrapped up with an effective result code; `withoutResult`: no code yet (never
 * wrapped up); the share is of all contacts. Operators' rows add up to teams (the operator's current team)
 * and the total; they come from the daily rollup (ContactsDailyService: whole past days rolled up, the
 * rest raw) keyed by result code, so the effective codes are applied here. With `clients` > 0 the top lists
 * (contactsTop) are added; `clients: 0` leaves them empty for the page to ask for them apart.
 */
export async function contactsReport(ds: DataSource, daily: ContactsDailyService, period: ReportPeriod, filter: ContactsFilter, effectiveCodes: readonly string[]): Promise<ContactsReport> {
  const effective = new Set(effectiveCodes);
  const [cells, top] = await Promise.all([
    daily.cells(period.from, period.to, { teamId: filter.teamId, operatorId: filter.operatorId }),
    filter.clients > 0 ? contactsTop(ds, period, filter, effectiveCodes) : undefined,
  ]);
  const byOp = new Map<number, Sums>();
  for (const c of cells) {
    const s = { contacts: c.contacts, effective: c.disposition !== null && effective.has(c.disposition) ? c.contacts : 0, withoutResult: c.disposition === null ? c.contacts : 0, talk: c.talk, talked: c.talked };
    byOp.set(c.operatorId, add(byOp.get(c.operatorId) ?? ZERO, s));
  }
  const users = new Map<number, { name: string | null; teamId: number | null }>();
  if (byOp.size > 0) {
    const rows: { id: unknown; name: string | null; team_id: unknown }[] = await ds.createQueryBuilder().select(['u.id AS id', 'u.name AS name', 'u.team_id AS team_id']).from('users', 'u').where('u.id IN (:...ids)', { ids: [...byOp.keys()] }).getRawMany();
    for (const r of rows) users.set(n(r.id), { name: r.name ?? null, teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id) });
  }
  const items = [...byOp]
    .map(([operatorId, s]) => ({ operatorId, operatorName: users.get(operatorId)?.name ?? null, teamId: users.get(operatorId)?.teamId ?? null, sums: s }))
    .sort((a, b) => b.sums.contacts - a.sums.contacts || a.operatorId - b.operatorId);

  const teamSums = new Map<number | null, Sums>();
  for (const i of items) teamSums.set(i.teamId, add(teamSums.get(i.teamId) ?? ZERO, i.sums));
  const teamIds = [...teamSums.keys()].filter((t): t is number => t !== null);
  const teamNames = new Map<number, string>();
  if (teamIds.length > 0) {
    const rows: { id: unknown; name: string }[] = await ds.createQueryBuilder().select('t.id', 'id').addSelect('t.name', 'name').from('teams', 't').where('t.id IN (:...ids)', { ids: teamIds }).getRawMany();
    for (const r of rows) teamNames.set(n(r.id), r.name);
  }

  return {
    from: period.fromDay,
    to: period.toDay,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    items: items.map((i) => ({ operatorId: i.operatorId, operatorName: i.operatorName, teamId: i.teamId, ...figures(i.sums) })),
    total: figures(items.reduce((a, i) => add(a, i.sums), ZERO)),
    teams: [...teamSums]
      .map(([teamId, s]) => ({ teamId, teamName: teamId === null ? null : (teamNames.get(teamId) ?? null), ...figures(s) }))
      .sort((a, b) => b.contacts - a.contacts || (a.teamId ?? 0) - (b.teamId ?? 0)),
    clients: top?.clients ?? [],
    organizations: top?.organizations ?? [],
  };
}

/**
 * The `clients` clients and organizations with the most contacts in the period, from the raw calls (a client
 * has one or two contacts a month: nothing to roll up). The calls are read from the covering index
 * ix_calls_contacts; the clients are grouped by client_id alone (sorted, not a temp table of ~1M groups, on
 * MariaDB) and only the top ones joined to `clients` for their names. Organizations start from the clients
 * that have one (ix_clients_organization) and read their calls of the period by client. The two lists are
 * read side by side; GET /api/reports/contacts/top serves them apart from the operators' figures.
 */
export async function contactsTop(ds: DataSource, period: ReportPeriod, filter: ContactsFilter, effectiveCodes: readonly string[]): Promise<ContactsTop> {
  const range = { from: period.from.toISOString(), to: period.to.toISOString() };
  if (filter.clients <= 0) return { from: period.fromDay, to: period.toDay, range, clients: [], organizations: [] };
  const maria = await mariaDb(ds);
  const mysql = ds.options.type === 'mysql' || ds.options.type === 'mariadb';
  const limit = filter.clients;
  const effective = effectiveCodes.length > 0 ? 'k.disposition IN (:...effectiveCodes)' : '1 = 0';
  const measures = [
    'COUNT(*) AS contacts',
    `SUM(CASE WHEN ${effective} THEN 1 ELSE 0 END) AS effective`,
    'SUM(CASE WHEN k.disposition IS NULL THEN 1 ELSE 0 END) AS without_result',
    'SUM(COALESCE(k.talk_seconds, 0)) AS talk',
    'COUNT(k.talk_seconds) AS talked',
  ];
  const calls = () => {
    const qb = ds.createQueryBuilder().from('calls', 'k');
    // One operator: their (operator_id, started_at) range; else the period's range on the covering index.
    if (mysql) qb.useIndex(filter.operatorId !== undefined ? 'ix_calls_operator_started' : 'ix_calls_contacts');
    return contactsWhere(qb, period.from, period.to, filter).setParameter('effectiveCodes', [...effectiveCodes]);
  };
  // Per statement on MariaDB: room for the organizations' distinct clients in memory, and batched lookups of clients.
  const run = async (qb: SelectQueryBuilder<object>, opts: { join?: boolean; clientsFirst?: boolean } = {}): Promise<Record<string, unknown>[]> => {
    let [sql, params] = qb.getQueryAndParameters();
    // The optimizer would rather start from the calls: keep the clients first and their calls by client.
    if (opts.clientsFirst) sql = sql.replace('INNER JOIN `calls` `k`', 'STRAIGHT_JOIN `calls` `k` FORCE INDEX (`ix_calls_client_contacts`)');
    if (maria) {
      const settings = ['tmp_table_size=268435456', 'max_heap_table_size=268435456'];
      if (opts.join) settings.push('join_cache_level=6', "optimizer_switch='mrr=on,mrr_sort_keys=on,join_cache_bka=on'", 'join_buffer_size=33554432');
      sql = `SET STATEMENT ${settings.join(', ')} FOR ${sql}`;
    }
    return ds.query(sql, params);
  };

  // Top clients by client_id first, then their names. A client_id with no client row (never expected) must
  // not take a place: the list is read again with more room until it is full or every group is in.
  const topClients = async (): Promise<Record<string, unknown>[]> => {
    for (let room = limit; ; room *= 4) {
      const grouped = calls().select(['k.client_id AS client_id', ...measures]).andWhere('k.client_id IS NOT NULL').groupBy('k.client_id').orderBy('contacts', 'DESC').addOrderBy('k.client_id', 'ASC').limit(room);
      const [inner, params] = grouped.getQueryAndParameters();
      const qb = ds
        .createQueryBuilder()
        .select(['t.client_id AS client_id', 'c.id AS known', 'c.name AS name', 'c.organization AS organization', 't.contacts AS contacts', 't.effective AS effective', 't.without_result AS without_result', 't.talk AS talk', 't.talked AS talked'])
        .from(`(${maria ? inner.replace(/^SELECT /, 'SELECT SQL_BIG_RESULT ') : inner})`, 't')
        .leftJoin('clients', 'c', 'c.id = t.client_id')
        .orderBy('t.contacts', 'DESC')
        .addOrderBy('t.client_id', 'ASC');
      const [outer] = qb.getQueryAndParameters();
      const rows: Record<string, unknown>[] = await ds.query(maria ? `SET STATEMENT tmp_table_size=268435456, max_heap_table_size=268435456 FOR ${outer}` : outer, params);
      const known = rows.filter((r) => r.known !== null && r.known !== undefined);
      if (known.length >= limit || rows.length < room) return known.slice(0, limit);
    }
  };

  // Organizations: without a filter, from the clients that have one (ix_clients_organization) to their calls
  // of the period (ix_calls_client_contacts), which looks up far fewer rows than the client of every call;
  // for one operator or team, from their calls to the clients (batched key access on MariaDB).
  const filtered = filter.operatorId !== undefined || filter.teamId !== undefined;
  const orgSource = (): SelectQueryBuilder<object> => {
    if (filtered) return calls().innerJoin('clients', 'c', 'c.id = k.client_id');
    const qb = ds.createQueryBuilder().from('clients', 'c');
    if (mysql) qb.useIndex('ix_clients_organization');
    return contactsWhere(qb.innerJoin('calls', 'k', 'k.client_id = c.id'), period.from, period.to, filter).setParameter('effectiveCodes', [...effectiveCodes]);
  };
  const orgQuery = orgSource()
    .select(['c.organization AS organization', 'COUNT(DISTINCT k.client_id) AS clients', ...measures])
    .andWhere('c.organization IS NOT NULL')
    .andWhere("c.organization <> ''")
    .groupBy('c.organization')
    .orderBy('contacts', 'DESC')
    .addOrderBy('c.organization', 'ASC')
    .limit(limit);
  // The two lists side by side (two connections on MariaDB; SQLite runs them one after the other).
  const [clientRows, orgRows] = await Promise.all([topClients(), run(orgQuery, { join: filtered, clientsFirst: !filtered && mysql })]);

  return {
    from: period.fromDay,
    to: period.toDay,
    range,
    clients: clientRows.map((r) => ({ clientId: n(r.client_id), clientName: String(r.name), organization: (r.organization as string | null) ?? null, ...figures(sums(r)) })),
    organizations: orgRows.map((r) => ({ organization: String(r.organization), clients: n(r.clients), ...figures(sums(r)) })),
  };
}
