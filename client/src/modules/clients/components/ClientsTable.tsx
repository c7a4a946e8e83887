import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { formatPhone } from '../../../ui/format-phone';
import { SortableHeader } from '../../../ui/SortableHeader';
import { useUserName } from '../../users/hooks/use-users';
import type { Client, ClientSort } from '../api/client.types';
import { useSourceLabel } from '../hooks/use-source-label';
import { ClassBadge, StageBadge, TierLabel } from './ClientBadges';

export type ClientsTableProps = {
  clients: Client[];
  sort: ClientSort;
  order: 'asc' | 'desc';
  onSort: (column: ClientSort) => void;
  /** Newer rows are loading: keep these, dimmed. */
  stale?: boolean;
};

export function ClientsTable({ clients, sort, order, onSort, stale = false }: ClientsTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const sourceLabel = useSourceLabel();
  const navigate = useNavigate();
  const active = (column: ClientSort) => (sort === column ? order : null);

  return (
    <div className={`table-wrap ${stale ? 'is-stale' : ''}`}>
      <table className="table table-hover" aria-label={t('clients.title')}>
        <thead>
          <tr>
            <SortableHeader label={t('clients.columns.name')} active={active('name')} onSort={() => onSort('name')} />
            <th scope="col">{t('clients.columns.phone')}</th>
            <SortableHeader label={t('clients.columns.class')} active={active('abcClass')} onSort={() => onSort('abcClass')} />
            <th scope="col">{t('clients.columns.stage')}</th>
            <th scope="col">{t('clients.columns.tier')}</th>
            <th scope="col">{t('clients.columns.source')}</th>
            <th scope="col">{t('clients.columns.owner')}</th>
            <SortableHeader label={t('clients.columns.revenue')} active={active('revenue')} onSort={() => onSort('revenue')} align="end" />
            <SortableHeader label={t('clients.columns.updatedAt')} active={active('updatedAt')} onSort={() => onSort('updatedAt')} />
          </tr>
        </thead>
        <tbody>
          {clients.map((c) => (
            <tr key={c.id} onClick={(e) => !(e.target as HTMLElement).closest('a') && navigate(`/clients/${c.id}`)}>
              <td>
                <Link to={`/clients/${c.id}`} className="cell-title">
                  {c.name}
                </Link>
                {(c.organization || c.tags.length > 0) && (
                  <div className="cell-sub">
                    {c.organization}
                    {c.tags.map((tag) => (
                      <span key={tag} className="tag tag-sm">
                        {tag}
                      </span>
                    ))}
                  </div>
                )}
              </td>
              <td className="nowrap">{c.phones[0] ? formatPhone(c.phones[0].e164 ?? c.phones[0].raw) : <span className="muted">{t('common.empty')}</span>}</td>
              <td>
                <ClassBadge value={c.abcClass} />
              </td>
              <td>
                <StageBadge value={c.stage} />
              </td>
              <td>
                <TierLabel value={c.tier} />
              </td>
              <td className="nowrap">{sourceLabel(c.source)}</td>
              <td className="nowrap">{c.ownerId === null ? <span className="muted">{t('common.empty')}</span> : userName(c.ownerId)}</td>
              <td className="num">{format.money(c.revenue)}</td>
              <td className="nowrap muted">{format.date(c.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
