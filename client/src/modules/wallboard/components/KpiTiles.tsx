import { useTranslation } from 'react-i18next';
import type { KpiTargets, Kpis } from '../api/wallboard.types';
import { KPI_COLUMNS, kpiTone, shownValue, useKpiFormat } from './kpi-columns';

export type KpiTilesProps = {
  kpis: Kpis;
  targets: KpiTargets;
  /** Prefix of each tile's test id: `kpi-<scope>-<key>`. */
  scope: string;
};

/** The floor's KPIs as big tiles; the abandon rate rides on the abandoned tile. */
export function KpiTiles({ kpis, targets, scope }: KpiTilesProps) {
  const { t } = useTranslation('wallboard');
  const fmt = useKpiFormat();
  return (
    <dl className="wb-tiles">
      {KPI_COLUMNS.filter((c) => c.key !== 'abandonRate').map(({ key, kind }) => {
        const value = kpis[key];
        // The abandoned tile carries the abandon rate, and its colour.
        const tone = key === 'abandoned' ? kpiTone('abandonRate', kpis.abandonRate, targets) : kpiTone(key, value, targets);
        return (
          <div key={key} className={`wb-tile tone-${tone}`} title={t(`kpi.hints.${key}`)} data-testid={`kpi-${scope}-${key}`} data-value={value ?? ''}>
            <dt className="wb-tile-label">{t(`kpi.labels.${key}`)}</dt>
            <dd className="wb-tile-value">{fmt(kind, shownValue(key, kpis))}</dd>
            {key === 'abandoned' && kpis.abandonRate !== null && (
              <dd className="wb-tile-sub" data-testid={`kpi-${scope}-abandonRate`} data-value={kpis.abandonRate}>
                {t('kpi.abandonRateOf', { rate: fmt('rate', kpis.abandonRate) })}
              </dd>
            )}
          </div>
        );
      })}
    </dl>
  );
}
