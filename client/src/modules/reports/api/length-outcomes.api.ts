import { apiRequest } from '../../../app/api-client';
import type { ContactLengthReport } from '../../../../../server/modules/reports/contact-length.report';
import type { OutcomesReport } from '../../../../../server/modules/reports/outcomes.report';
import { reportQuery } from './reports.api';
import type { ReportFilters } from './reports.types';

/** The shapes GET /api/reports/contact-length and /outcomes answer (server/modules/reports). */
export type { ContactLengthReport, FirstStageVerdict, LengthByOperator, LengthByStage, LengthFigures } from '../../../../../server/modules/reports/contact-length.report';
export type { LostDistribution, OutcomeBucket, OutcomeDistribution, OutcomeKind, OutcomesByOperator, OutcomesReport } from '../../../../../server/modules/reports/outcomes.report';
export type { TalkBand } from '../../../../../server/modules/reports/talk-bands';

export const getContactLengthReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<ContactLengthReport>('/reports/contact-length', { query: reportQuery('length', f), signal });
export const getOutcomesReport = (f: ReportFilters, signal?: AbortSignal) => apiRequest<OutcomesReport>('/reports/outcomes', { query: reportQuery('outcomes', f), signal });
