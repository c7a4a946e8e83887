import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import type { AbcClass, AbcMatrixCell, Potential } from '../api/abc.types';
import { useAbcMatrix } from '../hooks/use-abc';
import { AbcExports } from './AbcExports';
import { AbcState } from './AbcState';

const ROWS: (AbcClass | null)[] = ['A', 'B', 'C', null];
const COLS: (Potential | null)[] = ['high', 'medium', 'low', null];

/** Clients and turnover per class × potential; "C today, high potential" (the growth reserve) stands out. */
export function AbcMatrixView() {
  const { t } = useTranslation('abc');
  const format = useFormat();
  const query = useAbcMatrix();
  return (
    <AbcState query={query}>
      {(m) => {
        const cell = (cls: AbcClass | null, p: Potential | null): AbcMatrixCell => m.cells.find((c) => c.class === cls && c.potential === p) ?? { class: cls, potential: p, clients: 0, turnover: 0 };
        const reserve = cell('C', 'high');
        return (
          <section className="panel" aria-labelledby="abc-matrix-title">
            <div className="panel-header abc-panel-header">
              <h2 className="panel-title" id="abc-matrix-title">
                {t('matrix.title')}: {format.calendarDate(m.from)} – {format.calendarDate(m.to)}
              </h2>
              <AbcExports kind="matrix" />
            </div>
            <p className="field-hint">{t('matrix.explain')}</p>
            <p className="abc-reserve-line" data-testid="abc-reserve">
              <span className="abc-reserve-swatch" aria-hidden="true" /> <strong>{t('matrix.reserve')}:</strong> {t('matrix.reserveLine', { count: reserve.clients })}
            </p>
            <div className="table-wrap">
              <table className="table abc-table abc-matrix" aria-label={t('matrix.tableLabel')} data-testid="abc-matrix">
                <thead>
                  <tr>
                    <th scope="col">
                      {t('matrix.classCol')} \ {t('matrix.potential')}
                    </th>
                    {COLS.map((p) => (
                      <th key={p ?? 'none'} scope="col" className="num">
                        {t(`matrix.potentials.${p ?? 'none'}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ROWS.map((cls) => (
                    <tr key={cls ?? 'none'}>
                      <th scope="row">{cls ? <span className={`class-badge class-${cls}`}>{cls}</span> : t('common.none')}</th>
                      {COLS.map((p) => {
                        const c = cell(cls, p);
                        const isReserve = cls === 'C' && p === 'high';
                        return (
                          <td key={p ?? 'none'} className={`num ${isReserve ? 'abc-reserve' : ''}`} data-testid={isReserve ? 'abc-reserve-cell' : undefined} title={isReserve ? t('matrix.reserve') : undefined}>
                            <div>{cls && c.clients > 0 ? <Link to={`/clients?class=${cls}&sort=revenue&order=desc`}>{format.integer(c.clients)}</Link> : format.integer(c.clients)}</div>
                            {cls && <div className="muted abc-cell-sub">{format.money(c.turnover)}</div>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        );
      }}
    </AbcState>
  );
}
