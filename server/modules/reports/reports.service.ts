import type { DataSource } from 'typeorm';
import { contactsReport, type ContactsReport } from './contacts.report';
import type { EffectiveCodes } from './effective-codes';
import { reportPeriod } from './report-period';
import type { ContactsQuery, SourcesQuery, TailsQuery } from './reports.schemas';
import { sourcesReport, type SourcesReport } from './sources.report';
import { tailsReport, type TailsReport } from './tails.report';

export type ReportsOptions = {
  /** KPI_TIMEZONE: the floor's days, in which `from` and `to` are read. */
  timeZone: string;
  /** Which result codes count as effective, read per report. */
  effectiveCodes: EffectiveCodes;
  now?: () => Date;
};

/** The supervisors' reports: each one aggregate in the database, over whole local days. */
export class ReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly opts: ReportsOptions,
  ) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  async contacts(q: Omit<ContactsQuery, 'format'>): Promise<ContactsReport> {
    const period = reportPeriod(q, this.opts.timeZone, this.now());
    return contactsReport(this.ds, period, { teamId: q.teamId, operatorId: q.operatorId, clients: q.clients }, await this.opts.effectiveCodes());
  }

  async sources(q: Omit<SourcesQuery, 'format'>): Promise<SourcesReport> {
    return sourcesReport(this.ds, reportPeriod(q, this.opts.timeZone, this.now()));
  }

  async tails(q: Omit<TailsQuery, 'format'>): Promise<TailsReport> {
    return tailsReport(this.ds, q, this.now());
  }
}
