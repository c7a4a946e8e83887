import { Router, type Response } from 'express';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { parseBody, parseQuery } from '../../http/validate';
import type { ContactFigures, ContactsReport, ContactsTop } from './contacts.report';
import { contactLengthTables } from './contact-length.report';
import { contactLengthQuery, outcomesQuery } from './length-outcomes.schemas';
import { outcomesTables } from './outcomes.report';
import { funnelQuery, funnelTables } from './funnel.report';
import { heatmapTables } from './heatmap.report';
import { heatmapQuery } from './heatmap.schemas';
import { sendReportFile, type Cell, type ExportTable } from './report-export';
import { contactsQuery, sourceSpendBody, sourceSpendQuery, sourcesQuery, tailsQuery, type ReportFormat } from './reports.schemas';
import type { ReportsService } from './reports.service';
import { repeatPurchasesQuery, salesQuery } from './sales.schemas';
import { repeatPurchasesTables, salesTables } from './sales.tables';
import type { SourceSpendService } from './source-spend.service';
import type { SourcesReport } from './sources.report';
import type { TailsReport } from './tails.report';

const FIGURES = ['contacts', 'effective', 'effectiveShare', 'withoutResult', 'avgTalkSeconds'] as const;
const figures = (f: ContactFigures): Cell[] => FIGURES.map((k) => f[k]);

function contactsTables(r: ContactsReport): ExportTable[] {
  return [
    { name: 'operators', columns: ['operatorId', 'operatorName', 'teamId', ...FIGURES], rows: [...r.items.map((i) => [i.operatorId, i.operatorName, i.teamId, ...figures(i)]), [null, 'total', null, ...figures(r.total)]] },
    { name: 'teams', columns: ['teamId', 'teamName', ...FIGURES], rows: r.teams.map((t) => [t.teamId, t.teamName, ...figures(t)]) },
    ...contactsTopTables(r),
  ];
}

function contactsTopTables(r: Pick<ContactsTop, 'clients' | 'organizations'>): ExportTable[] {
  return [
    { name: 'clients', columns: ['clientId', 'clientName', 'organization', ...FIGURES], rows: r.clients.map((c) => [c.clientId, c.clientName, c.organization, ...figures(c)]) },
    { name: 'organizations', columns: ['organization', 'clients', ...FIGURES], rows: r.organizations.map((o) => [o.organization, o.clients, ...figures(o)]) },
  ];
}

const SOURCE_COLUMNS = ['newClients', 'turnover', 'spend', 'costPerClient', 'returnOnSpend'] as const;
function sourcesTables(r: SourcesReport): ExportTable[] {
  return [{ name: 'sources', columns: ['source', ...SOURCE_COLUMNS], rows: [...r.items.map((i) => [i.source, ...SOURCE_COLUMNS.map((k) => i[k])]), ['total', ...SOURCE_COLUMNS.map((k) => r.total[k])]] }];
}

function tailsTables(r: TailsReport): ExportTable[] {
  const cols = ['assigneeId', 'assigneeName', 'teamId', 'count', 'oldestDueAt', 'age3to7', 'age7to14', 'age14plus'] as const;
  return [{ name: 'tails', columns: [...cols], rows: [...r.items.map((i) => cols.map((k) => i[k])), [null, 'total', null, r.total, null, r.buckets.age3to7, r.buckets.age7to14, r.buckets.age14plus]] }];
}

/** JSON, or the same report as a CSV/XLSX file named after the report and its dates. */
async function answer<T>(res: Response, format: ReportFormat, fileName: string, report: T, tables: (r: T) => ExportTable[]): Promise<void> {
  if (format === 'json') {
    res.json(report);
    return;
  }
  try {
    await sendReportFile(res, format, fileName, tables(report));
  } catch (err) {
    if (!res.headersSent) throw err;
    res.destroy(err as Error); // half a file must not look like a whole one
  }
}

export function reportsRoutes(reports: ReportsService, spend: SourceSpendService): Router {
  const r = Router();
  r.get('/reports/contacts', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(contactsQuery, req);
    const report = await reports.contacts(q);
    await answer(res, format, `contacts-${report.from}-${report.to}`, report, contactsTables);
  });
  // The top clients and organizations alone: the slow part of the contacts report, which the page loads apart.
  r.get('/reports/contacts/top', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(contactsQuery, req);
    const report = await reports.contactsTop(q);
    await answer(res, format, `contacts-top-${report.from}-${report.to}`, report, contactsTopTables);
  });
  r.get('/reports/sources', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(sourcesQuery, req);
    const report = await reports.sources(q);
    await answer(res, format, `sources-${report.from}-${report.to}`, report, sourcesTables);
  });
  r.get('/reports/tails', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(tailsQuery, req);
    const report = await reports.tails(q);
    await answer(res, format, `tails-${report.days}d-${new Date().toISOString().slice(0, 10)}`, report, tailsTables);
  });
  r.get('/reports/funnel', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(funnelQuery, req);
    const report = await reports.funnel(q);
    await answer(res, format, `funnel-${report.from}-${report.to}`, report, funnelTables);
  });
  r.get('/reports/heatmap', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(heatmapQuery, req);
    const report = await reports.heatmap(q);
    await answer(res, format, `heatmap-${report.from}-${report.to}`, report, heatmapTables);
  });
  r.get('/reports/sales', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(salesQuery, req);
    const report = await reports.sales(q);
    await answer(res, format, `sales-${report.from}-${report.to}`, report, salesTables);
  });
  r.get('/reports/repeat-purchases', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(repeatPurchasesQuery, req);
    const report = await reports.repeatPurchases(q);
    await answer(res, format, `repeat-purchases-${report.from}-${report.to}`, report, repeatPurchasesTables);
  });
  r.get('/reports/contact-length', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(contactLengthQuery, req);
    const report = await reports.contactLength(q);
    await answer(res, format, `contact-length-${report.from}-${report.to}`, report, contactLengthTables);
  });
  r.get('/reports/outcomes', requireRole('supervisor'), async (req, res) => {
    const { format, ...q } = parseQuery(outcomesQuery, req);
    const report = await reports.outcomes(q);
    await answer(res, format, `outcomes-${report.from}-${report.to}`, report, outcomesTables);
  });
  r.get('/settings/source-spend', requireRole('manager'), async (req, res) => {
    res.json(await spend.list(parseQuery(sourceSpendQuery, req)));
  });
  r.put('/settings/source-spend', requireRole('manager'), async (req, res) => {
    res.json(await spend.set(actorOf(req), parseBody(sourceSpendBody, req)));
  });
  return r;
}
