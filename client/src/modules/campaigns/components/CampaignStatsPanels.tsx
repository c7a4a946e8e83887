import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';
import { useDispositionLabel } from '../../calls/hooks/use-dispositions';
import { REPORT_COLORS } from '../../reports/components/report-colors';
import type { CampaignStats } from '../api/campaigns.api';
import { useCampaignStats } from '../hooks/use-campaigns';

export type CampaignStatsPanelsProps = { id: number };

/** The operators' parts and the results' distribution, read again every few seconds (supervisors and managers). */
export function CampaignStatsPanels({ id }: CampaignStatsPanelsProps) {
  const { t } = useTranslation('campaigns');
  const errorText = useErrorText();
  const stats = useCampaignStats(id);
  return (
    <>
      <section className="panel campaign-results" aria-labelledby="campaign-results-title">
        <div className="panel-header">
          <h2 className="panel-title" id="campaign-results-title">
            {t('stats.results')}
          </h2>
        </div>
        {stats.data && (stats.data.results.length === 0 ? <p className="muted">{t('stats.noResults')}</p> : <ResultsChart results={stats.data.results} />)}
      </section>
      <section className="panel campaign-operators" aria-labelledby="campaign-operators-title">
        <div className="panel-header">
          <h2 className="panel-title" id="campaign-operators-title">
            {t('stats.operators')}
          </h2>
        </div>
        {stats.isPending && <Spinner />}
        {stats.isError && <Alert>{errorText(stats.error)}</Alert>}
        {stats.data && <OperatorsTable operators={stats.data.operators} />}
      </section>
    </>
  );
}

function OperatorsTable({ operators }: { operators: CampaignStats['operators'] }) {
  const { t } = useTranslation('campaigns');
  if (operators.length === 0) return <p className="muted">{t('stats.noAttempts')}</p>;
  const columns = ['attempts', 'reached', 'effective', 'sales', 'done'] as const;
  return (
    <div className="table-wrap">
      <table className="table campaign-operators-table" data-testid="campaign-operators">
        <thead>
          <tr>
            <th scope="col">{t('stats.operator')}</th>
            {columns.map((c) => (
              <th key={c} scope="col" className="num">
                {t(`stats.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => (
            <tr key={o.operatorId} data-operator-id={o.operatorId}>
              <td className="campaign-operator-name">{o.name}</td>
              {columns.map((c) => (
                <td key={c} className="num">
                  {o[c]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** How many attempts ended with each result, most frequent first; the names in the UI language. */
const ResultsChart = memo(function ResultsChart({ results }: { results: CampaignStats['results'] }) {
  const { t } = useTranslation('campaigns');
  const label = useDispositionLabel();
  const data = results.map((r) => ({ name: label(r.disposition), code: r.disposition, count: r.count }));
  // Horizontal bars: long result names stay readable on a phone; one row per result.
  const height = 40 + data.length * 34;
  return (
    <div className="campaign-results-chart" role="img" aria-label={t('stats.resultsLabel', { list: data.map((d) => `${d.name}: ${d.count}`).join(', ') })} data-testid="campaign-results-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 32, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} stroke={REPORT_COLORS.grid} />
          <XAxis type="number" allowDecimals={false} domain={[0, 'dataMax']} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={130} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => [String(value), t('stats.attempts')]} />
          <Bar dataKey="count" fill={REPORT_COLORS.primary} isAnimationActive={false}>
            <LabelList dataKey="count" position="right" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
