/** The reports' shapes as GET /api/reports/* answers them (see server/modules/reports). */
export type ContactFigures = { contacts: number; effective: number; effectiveShare: number | null; withoutResult: number; avgTalkSeconds: number | null };
export type ContactsByOperator = ContactFigures & { operatorId: number; operatorName: string | null; teamId: number | null };
export type ContactsByTeam = ContactFigures & { teamId: number | null; teamName: string | null };
export type ContactsByClient = ContactFigures & { clientId: number; clientName: string; organization: string | null };
export type ContactsByOrganization = ContactFigures & { organization: string; clients: number };
export type ContactsReport = {
  from: string;
  to: string;
  range: { from: string; to: string };
  items: ContactsByOperator[];
  total: ContactFigures;
  teams: ContactsByTeam[];
  clients: ContactsByClient[];
  organizations: ContactsByOrganization[];
};
/** GET /api/reports/contacts/top: the contacts report's top lists alone (the page asks the report with clients=0). */
export type ContactsTop = Pick<ContactsReport, 'from' | 'to' | 'range' | 'clients' | 'organizations'>;

export type SourceFigures = { newClients: number; turnover: number; spend: number; costPerClient: number | null; returnOnSpend: number | null };
export type SourcesReport = { from: string; to: string; items: (SourceFigures & { source: string | null })[]; total: SourceFigures };

export type TailRow = { assigneeId: number | null; assigneeName: string | null; teamId: number | null; count: number; oldestDueAt: string; age3to7: number; age7to14: number; age14plus: number };
export type TailsReport = { days: number; items: TailRow[]; total: number; buckets: { age3to7: number; age7to14: number; age14plus: number } };

export type SourceSpendEntry = { source: string; month: string; amount: number };
export type SourceSpendList = { items: SourceSpendEntry[]; sources: string[] };

/** The filters in the address: period as local dates, team, operator, tails' days. */
export type ReportFilters = { from: string; to: string; teamId: number | null; operatorId: number | null; days: number };
export type ReportKind = 'contacts' | 'sources' | 'tails' | 'heatmap' | 'sales' | 'repeat' | 'funnel' | 'length' | 'outcomes' | 'reviews' | 'tasks';
