import { useTranslation } from 'react-i18next';
import type { Query } from '../../../app/api-client';
import { reportFileUrl } from '../api/reports.api';
import type { ReportFilters, ReportKind } from '../api/reports.types';

/** `extra`: a report's own parameters beside the common filters. */
export type ExportButtonsProps = { kind: ReportKind; filters: ReportFilters; extra?: Query };

/** The report as a file, with the same filters: plain links, the session cookie goes along. */
export function ExportButtons({ kind, filters, extra }: ExportButtonsProps) {
  const { t } = useTranslation('reports');
  return (
    <div className="rp-exports" role="group" aria-label={t('exports.label')}>
      <span className="muted">{t('exports.label')}:</span>
      <a className="btn btn-secondary btn-sm" href={reportFileUrl(kind, filters, 'csv', extra)} download data-testid={`export-${kind}-csv`}>
        {t('exports.csv')}
      </a>
      <a className="btn btn-secondary btn-sm" href={reportFileUrl(kind, filters, 'xlsx', extra)} download data-testid={`export-${kind}-xlsx`}>
        {t('exports.xlsx')}
      </a>
    </div>
  );
}
