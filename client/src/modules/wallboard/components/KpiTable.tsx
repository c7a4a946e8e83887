import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SortableHeader, type SortOrder } from '../../../ui/SortableHeader';
import type { AgentState } from '../../users/api/user.types';
import type { KpiTargets, Kpis } from '../api/wallboard.types';
import { AGENT_STATES } from './FloorPanel';
import { KPI_COLUMNS, kpiTone, shownValue, useKpiFormat, type KpiKey } from './kpi-columns';
import { StateDot } from './StateDot';

export type KpiRow = { id: number; name: string; team?: string; state?: AgentState; kpis: Kpis };

type SortKey = 'name' | 'state' | KpiKey;
type Sort = { key: SortKey; order: SortOrder };

export type KpiTableProps = {
  /** The table's accessible name. */
  label: string;
  rows: readonly KpiRow[];
  targets: KpiTargets;
  /** The team under each name. */
  showTeam?: boolean;
  showState?: boolean;
  /**
   * Under the rows, what belongs to none of them ("No team / queue": calls no team handled, misses of
   * phones without a team), so that the rows and this one add up to `total`.
   */
  remainder?: Kpis;
  /** A last row for the whole floor. */
  total?: Kpis;
  testId?: string;
};

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function sortValue(row: KpiRow, key: SortKey): string | number | null {
  if (key === 'name') return row.name;
  if (key === 'state') return row.state ? AGENT_STATES.indexOf(row.state) : null;
  return row.kpis[key];
}

/** KPIs per team or per operator; every column sorts, empty values always last. */
export function KpiTable({ label, rows, targets, showTeam = false, showState = false, remainder, total, testId }: KpiTableProps) {
  const { t } = useTranslation('wallboard');
  const fmt = useKpiFormat();
  const [sort, setSort] = useState<Sort>({ key: 'name', order: 'asc' });

  const sorted = useMemo(() => {
    const dir = sort.order === 'asc' ? 1 : -1;
    return rows.slice().sort((a, b) => {
      const va = sortValue(a, sort.key);
      const vb = sortValue(b, sort.key);
      if (va === null || vb === null) return va === vb ? collator.compare(a.name, b.name) : va === null ? 1 : -1;
      const c = typeof va === 'string' || typeof vb === 'string' ? collator.compare(String(va), String(vb)) : va - vb;
      return c !== 0 ? c * dir : collator.compare(a.name, b.name);
    });
  }, [rows, sort]);

  // A second click turns the order round; a new column starts with names A→Z and figures biggest first.
  const toggle = (key: SortKey) => setSort((s) => (s.key === key ? { key, order: s.order === 'asc' ? 'desc' : 'asc' } : { key, order: key === 'name' || key === 'state' ? 'asc' : 'desc' }));
  const header = (key: SortKey, text: string) => <SortableHeader key={key} label={text} active={sort.key === key ? sort.order : null} onSort={() => toggle(key)} />;

  const cells = (kpis: Kpis) =>
    KPI_COLUMNS.map(({ key, kind }) => (
      <td key={key} className={`num tone-${kpiTone(key, kpis[key], targets)}`} data-kpi={key} data-value={kpis[key] ?? ''}>
        {fmt(kind, shownValue(key, kpis))}
      </td>
    ));

  return (
    <div className="table-wrap">
      <table className="table table-compact wb-kpi-table" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {header('name', t('kpi.name'))}
            {showState && header('state', t('kpi.state'))}
            {KPI_COLUMNS.map(({ key }) => (
              <th key={key} scope="col" className="num" aria-sort={sort.key === key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'} title={t(`kpi.hints.${key}`)}>
                {/* Short headers (ASA, AHT, SL): the full name and definition are in the tooltip. */}
                <button type="button" className={`sort-button ${sort.key === key ? 'is-active' : ''}`} onClick={() => toggle(key)}>
                  {t(`kpi.short.${key}`)}
                  <span className="sort-icon" aria-hidden="true">
                    {sort.key === key ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.id} data-testid="kpi-row" data-id={row.id}>
              <th scope="row" className="wb-row-name">
                <div className="cell-title">{row.name}</div>
                {showTeam && <div className="cell-sub">{row.team ?? t('kpi.noTeam')}</div>}
              </th>
              {showState && <td className="nowrap">{row.state ? <span className="wb-inline-state"><StateDot state={row.state} />{t(`states.${row.state}`)}</span> : '—'}</td>}
              {cells(row.kpis)}
            </tr>
          ))}
        </tbody>
        {(remainder || total) && (
          <tfoot>
            {remainder && (
              <tr data-testid="kpi-remainder-row" className="wb-remainder-row">
                <th scope="row" className="wb-row-name">
                  <div className="cell-title">{t('kpi.remainderRow')}</div>
                  <div className="cell-sub">{t('kpi.remainderHint')}</div>
                </th>
                {showState && <td />}
                {cells(remainder)}
              </tr>
            )}
            {total && (
            <tr data-testid="kpi-total-row">
              <th scope="row" className="cell-title wb-row-name">
                {t('kpi.floorRow')}
              </th>
              {showState && <td />}
              {cells(total)}
            </tr>
            )}
          </tfoot>
        )}
      </table>
    </div>
  );
}
