import { useTranslation } from 'react-i18next';
import type { Query } from '../../../app/api-client';
import { abcFileUrl } from '../api/abc.api';
import type { AbcReportKind } from '../api/abc.types';

export type AbcExportsProps = { kind: AbcReportKind; query?: Query };

/** The report as CSV or XLSX: plain links, the session cookie goes along. */
export function AbcExports({ kind, query }: AbcExportsProps) {
  const { t } = useTranslation('abc');
  return (
    <div className="abc-exports" role="group" aria-label={t('common.exports')}>
      <span className="muted">{t('common.exports')}:</span>
      <a className="btn btn-secondary btn-sm" href={abcFileUrl(kind, 'csv', query)} download data-testid={`abc-${kind}-csv`}>
        {t('common.csv')}
      </a>
      <a className="btn btn-secondary btn-sm" href={abcFileUrl(kind, 'xlsx', query)} download data-testid={`abc-${kind}-xlsx`}>
        {t('common.xlsx')}
      </a>
    </div>
  );
}
