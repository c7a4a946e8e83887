import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { hasRole } from '../../auth/roles';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { useUserName } from '../../users/hooks/use-users';
import { useConfirmDeal, useDeals } from '../hooks/use-deals';
import { AddDealForm } from './AddDealForm';

export type DealsSectionProps = { clientId: number };

export function DealsSection({ clientId }: DealsSectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const userName = useUserName();
  const deals = useDeals(clientId);
  const confirm = useConfirmDeal(clientId);
  const mayConfirm = hasRole(useCurrentUser().role, 'supervisor');

  const list = () => {
    if (deals.isPending) return <Spinner />;
    if (deals.isError) return <Alert>{errorText(deals.error)}</Alert>;
    if (deals.data.items.length === 0) return <EmptyState title={t('deals.empty')} />;
    // Pending deals are listed but, as on the server, not in the client's revenue until confirmed.
    const sum = deals.data.items.reduce((s, d) => (d.status === 'pending' ? s : s + d.amount), 0);
    return (
      <div className="table-wrap">
        <table className="table" aria-label={t('deals.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('deals.title')}</th>
              <th scope="col" className="num">{t('deals.amount')}</th>
              <th scope="col">{t('deals.closedAt')}</th>
              <th scope="col">{t('deals.createdBy')}</th>
            </tr>
          </thead>
          <tbody>
            {deals.data.items.map((d) => (
              <tr key={d.id}>
                <td>
                  {d.title}{' '}
                  {d.status === 'pending' && (
                    <>
                      <Badge tone="amber" title={t('deals.pendingHint')}>
                        {t('deals.pending')}
                      </Badge>{' '}
                      {mayConfirm && (
                        <button type="button" className="btn btn-secondary btn-sm" aria-label={t('deals.confirmLabel', { title: d.title })} disabled={confirm.isPending} onClick={() => confirm.mutate(d.id)}>
                          {confirm.isPending && confirm.variables === d.id ? t('deals.confirming') : t('deals.confirm')}
                        </button>
                      )}
                    </>
                  )}
                </td>
                <td className="num">{format.money(d.amount)}</td>
                <td className="nowrap">{format.calendarDate(d.closedAt)}</td>
                <td>{userName(d.createdById)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td className="strong">{t('deals.sum')}</td>
              <td className="num strong">{format.money(sum)}</td>
              <td colSpan={2} />
            </tr>
          </tfoot>
        </table>
      </div>
    );
  };

  return (
    <div className="stack">
      <AddDealForm clientId={clientId} />
      {confirm.isError && <Alert>{errorText(confirm.error)}</Alert>}
      {list()}
    </div>
  );
}
