import type { DataSource, SelectQueryBuilder } from 'typeorm';
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

/**
 * Contacts: answered calls, inbound or outbound (internal calls are not contacts), of an operator, started in
 * the period. `effective`: wrapped up with an effective result code; `withoutResult`: no code yet (never
 * wrapped up); the share is of all contacts. Grouped in the database; operators' rows add up to teams
 * (the operator's current team) and the total.
 */
export async function contactsReport(ds: DataSource, period: ReportPeriod, filter: ContactsFilter, effectiveCodes: readonly string[]): Promise<ContactsReport> {
  const effective = effectiveCodes.length > 0 ? 'k.disposition IN (:...effectiveCodes)' : '1 = 0';
  const measures = (qb: SelectQueryBuilder<object>) =>
    qb
      .addSelect('COUNT(*)', 'contacts')
      .addSelect(`SUM(CASE WHEN ${effective} THEN 1 ELSE 0 END)`, 'effective')
      .addSelect('SUM(CASE WHEN k.disposition IS NULL THEN 1 ELSE 0 END)', 'without_result')
      .addSelect('SUM(COALESCE(k.talk_seconds, 0))', 'talk')
      .addSelect('COUNT(k.talk_seconds)', 'talked');
  const contacts = () => {
    const qb = ds
      .createQueryBuilder()
      .from('calls', 'k')
      .leftJoin('users', 'u', 'u.id = k.operator_id')
      .where("k.outcome = 'answered'")
      .andWhere("k.direction IN ('inbound', 'outbound')")
      // Not `operator_id IS NOT NULL`: MariaDB would range-scan (operator_id, started_at) over nearly every
      // call and look each row up (28 s at 1M calls); this way the period's range on started_at is used.
      .andWhere('COALESCE(k.operator_id, 0) > 0')
      .andWhere('k.started_at >= :from AND k.started_at < :to', { from: period.from, to: period.to })
      .setParameter('effectiveCodes', [...effectiveCodes]);
    if (filter.operatorId !== undefined) qb.andWhere('k.operator_id = :operatorId', { operatorId: filter.operatorId });
    if (filter.teamId !== undefined) qb.andWhere('u.team_id = :teamId', { teamId: filter.teamId });
    return qb;
  };

  const opRows: Record<string, unknown>[] = await measures(contacts().select('k.operator_id', 'operator_id').addSelect('u.name', 'name').addSelect('u.team_id', 'team_id'))
    .groupBy('k.operator_id')
    .addGroupBy('u.name')
    .addGroupBy('u.team_id')
    .getRawMany();
  const items = opRows
    .map((r) => ({ operatorId: n(r.operator_id), operatorName: (r.name as string | null) ?? null, teamId: r.team_id === null || r.team_id === undefined ? null : n(r.team_id), sums: sums(r) }))
    .sort((a, b) => b.sums.contacts - a.sums.contacts || a.operatorId - b.operatorId);

  const teamSums = new Map<number | null, Sums>();
  for (const i of items) teamSums.set(i.teamId, add(teamSums.get(i.teamId) ?? ZERO, i.sums));
  const teamIds = [...teamSums.keys()].filter((t): t is number => t !== null);
  const teamNames = new Map<number, string>();
  if (teamIds.length > 0) {
    const rows: { id: unknown; name: string }[] = await ds.createQueryBuilder().select('t.id', 'id').addSelect('t.name', 'name').from('teams', 't').where('t.id IN (:...ids)', { ids: teamIds }).getRawMany();
    for (const r of rows) teamNames.set(n(r.id), r.name);
  }

  const clientRows: Record<string, unknown>[] = await measures(contacts().innerJoin('clients', 'c', 'c.id = k.client_id').select('k.client_id', 'client_id').addSelect('c.name', 'name').addSelect('c.organization', 'organization'))
    .groupBy('k.client_id')
    .addGroupBy('c.name')
    .addGroupBy('c.organization')
    .orderBy('contacts', 'DESC')
    .addOrderBy('k.client_id', 'ASC')
    .limit(filter.clients)
    .getRawMany();
  const orgRows: Record<string, unknown>[] = await measures(
    contacts().innerJoin('clients', 'c', 'c.id = k.client_id').select('c.organization', 'organization').addSelect('COUNT(DISTINCT k.client_id)', 'clients').andWhere('c.organization IS NOT NULL').andWhere("c.organization <> ''"),
  )
    .groupBy('c.organization')
    .orderBy('contacts', 'DESC')
    .addOrderBy('c.organization', 'ASC')
    .limit(filter.clients)
    .getRawMany();

  return {
    from: period.fromDay,
    to: period.toDay,
    range: { from: period.from.toISOString(), to: period.to.toISOString() },
    items: items.map((i) => ({ operatorId: i.operatorId, operatorName: i.operatorName, teamId: i.teamId, ...figures(i.sums) })),
    total: figures(items.reduce((a, i) => add(a, i.sums), ZERO)),
    teams: [...teamSums]
      .map(([teamId, s]) => ({ teamId, teamName: teamId === null ? null : (teamNames.get(teamId) ?? null), ...figures(s) }))
      .sort((a, b) => b.contacts - a.contacts || (a.teamId ?? 0) - (b.teamId ?? 0)),
    clients: clientRows.map((r) => ({ clientId: n(r.client_id), clientName: String(r.name), organization: (r.organization as string | null) ?? null, ...figures(sums(r)) })),
    organizations: orgRows.map((r) => ({ organization: String(r.organization), clients: n(r.clients), ...figures(sums(r)) })),
  };
}
