import { apiRequest, toSearch, type Query } from '../../../app/api-client';
import type { ContactsReport, ContactsTop, ReportFilters, ReportKind, SourceSpendEntry, SourceSpendList, SourcesReport, TailsReport } from './reports.types';

/** Each report's query parameters: only the filters that apply to it. */
export function reportQuery(kind: ReportKind, f: ReportFilters): Query {
  if (kind === 'tails') return { days: f.days, teamId: f.teamId, operatorId: f.operatorId };
  if (kind === 'sources') return { from: f.from, to: f.to };
  return { from: f.from, to: f.to, teamId: f.teamId, operatorId: f.operatorId };
}

/** Operators, teams and the total only: the top lists (the slow part) come apart from getContactsTop. */
export const getContactsReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<ContactsReport>('/reports/contacts', { query: { ...reportQuery('contacts', f), clients: 0 }, signal });
export const getContactsTop = (f: ReportFilters, signal?: AbortSignal) => apiRequest<ContactsTop>('/reports/contacts/top', { query: reportQuery('contacts', f), signal });
export const getSourcesReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<SourcesReport>('/reports/sources', { query: reportQuery('sources', f), signal });
export const getTailsReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<TailsReport>('/reports/tails', { query: reportQuery('tails', f), signal });

/** The API path of reports whose kind is not their path. */
const REPORT_PATHS: Partial<Record<ReportKind, string>> = { repeat: 'repeat-purchases', length: 'contact-length' };

/** The address of a report as a file: the browser downloads it with the session cookie. */
export const reportFileUrl = (kind: ReportKind, f: ReportFilters, format: 'csv' | 'xlsx', extra: Query = {}) => `/api/reports/${REPORT_PATHS[kind] ?? kind}${toSearch({ ...reportQuery(kind, f), ...extra, format })}`;

/** Monthly spend per lead source (managers and up). */
export const getSourceSpend = (query: { from?: string; to?: string }, signal?: AbortSignal) => apiRequest<SourceSpendList>('/settings/source-spend', { query, signal });
/** Sets the given months; an amount of null removes that month's entry. */
export const putSourceSpend = (items: (Omit<SourceSpendEntry, 'amount'> & { amount: number | null })[]) => apiRequest<SourceSpendList>('/settings/source-spend', { method: 'PUT', body: { items } });
