import type { DataSource } from 'typeorm';
import { ContactsDailyService } from './contacts-daily.service';
import { contactsReport, contactsTop, type ContactsReport, type ContactsTop } from './contacts.report';
import { contactLengthReport, type ContactLengthReport } from './contact-length.report';
import type { ContactLengthQuery, OutcomesQuery } from './length-outcomes.schemas';
import { outcomesReport, type OutcomesReport } from './outcomes.report';
import { builtInOutcomeCodes, type EffectiveCodes, type OutcomeCodes, type OutcomeCodeSets } from './effective-codes';
import { funnelReport, type FunnelQuery, type FunnelReport } from './funnel.report';
import { heatmapReport, type HeatmapReport } from './heatmap.report';
import type { HeatmapQuery } from './heatmap.schemas';
import { reportPeriod } from './report-period';
import type { ContactsQuery, SourcesQuery, TailsQuery } from './reports.schemas';
import { repeatPurchasesReport, type RepeatPurchasesReport } from './repeat-purchases.report';
import { salesReport, type SalesReport } from './sales.report';
import type { RepeatPurchasesQuery, SalesQuery } from './sales.schemas';
import { sourcesReport, type SourcesReport } from './sources.report';
import { tailsReport, type TailsReport } from './tails.report';

export type ReportsOptions = {
  /** KPI_TIMEZONE: the floor's days, in which `from` and `to` are read. */
  timeZone: string;
  /** Which result codes count as effective, read per report. */
  effectiveCodes: EffectiveCodes;
  /** Which result codes mark a sale or a lost client (the sales and outcomes reports); the built-in list when not given. */
  outcomeCodes?: OutcomeCodes;
  /** The contacts report's daily rollup (services.ts shares the one its job fills); without it, one that reads whatever is rolled up. */
  contactsDaily?: ContactsDailyService;
  now?: () => Date;
};

/** The supervisors' reports: each one aggregate in the database, over whole local days. */
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: ReportsOptions,
  ) {
    this.contactsDaily = opts.contactsDaily ?? new ContactsDailyService(ds, undefined, { timeZone: opts.timeZone, now: opts.now });
  }

  private readonly contactsDaily: ContactsDailyService;

  private outcomeCodes(): Promise<OutcomeCodeSets> {
    return (this.opts.outcomeCodes ?? builtInOutcomeCodes)();
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async contacts(q: Omit<ContactsQuery, 'format'>): Promise<ContactsReport> {
    const period = reportPeriod(q, this.opts.timeZone, this.now());
    return contactsReport(this.ds, this.contactsDaily, period, { teamId: q.teamId, operatorId: q.operatorId, clients: q.clients }, await this.opts.effectiveCodes());
  }

  /** The contacts report's top clients and organizations alone (the slow part, asked for apart by the page). */
  async contactsTop(q: Omit<ContactsQuery, 'format'>): Promise<ContactsTop> {
    const period = reportPeriod(q, this.opts.timeZone, this.now());
    return contactsTop(this.ds, period, { teamId: q.teamId, operatorId: q.operatorId, clients: q.clients }, await this.opts.effectiveCodes());
  }

  async sales(q: Omit<SalesQuery, 'format'>): Promise<SalesReport> {
    const period = reportPeriod(q, this.opts.timeZone, this.now());
    const [effective, { sale }] = await Promise.all([this.opts.effectiveCodes(), this.outcomeCodes()]);
    return salesReport(this.ds, period, { teamId: q.teamId, operatorId: q.operatorId }, { effective, sale });
  }

  async repeatPurchases(q: Omit<RepeatPurchasesQuery, 'format'>): Promise<RepeatPurchasesReport> {
    return repeatPurchasesReport(this.ds, reportPeriod(q, this.opts.timeZone, this.now()), { teamId: q.teamId, operatorId: q.operatorId });
  }

  async contactLength(q: Omit<ContactLengthQuery, 'format'>): Promise<ContactLengthReport> {
    return contactLengthReport(this.ds, reportPeriod(q, this.opts.timeZone, this.now()), { teamId: q.teamId, operatorId: q.operatorId });
  }

  async outcomes(q: Omit<OutcomesQuery, 'format'>): Promise<OutcomesReport> {
    return outcomesReport(this.ds, reportPeriod(q, this.opts.timeZone, this.now()), { teamId: q.teamId, operatorId: q.operatorId }, await this.outcomeCodes());
  }

  async sources(q: Omit<SourcesQuery, 'format'>): Promise<SourcesReport> {
    return sourcesReport(this.ds, reportPeriod(q, this.opts.timeZone, this.now()));
  }

  async tails(q: Omit<TailsQuery, 'format'>): Promise<TailsReport> {
    return tailsReport(this.ds, q, this.now());
  }

  async funnel(q: Omit<FunnelQuery, 'format'>): Promise<FunnelReport> {
    const now = this.now();
    return funnelReport(this.ds, reportPeriod(q, this.opts.timeZone, now), { teamId: q.teamId, operatorId: q.operatorId, zombieDays: q.zombieDays }, this.opts.timeZone, now);
  }

  async heatmap(q: Omit<HeatmapQuery, 'format'>): Promise<HeatmapReport> {
    return heatmapReport(this.ds, reportPeriod(q, this.opts.timeZone, this.now()), { teamId: q.teamId, operatorId: q.operatorId }, this.opts.timeZone);
  }
}
