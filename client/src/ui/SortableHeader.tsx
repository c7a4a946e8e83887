import { useTranslation } from 'react-i18next';

export type SortOrder = 'asc' | 'desc';

export type SortableHeaderProps = {
  label: string;
  /** The order when this column is the sort column, else null. */
  active: SortOrder | null;
  onSort: () => void;
  align?: 'start' | 'end';
};

/** A column header that sorts the table; announces the current order to screen readers. */
export function SortableHeader({ label, active, onSort, align = 'start' }: SortableHeaderProps) {
  const { t } = useTranslation();
  const ariaSort = active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none';
  return (
    <th scope="col" aria-sort={ariaSort} className={align === 'end' ? 'num' : undefined}>
      <button type="button" className={`sort-button ${active ? 'is-active' : ''}`} onClick={onSort} title={t('clients.sortBy', { column: label })}>
        {label}
        <span className="sort-icon" aria-hidden="true">
          {active === 'asc' ? '▲' : active === 'desc' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}
