import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { EmptyState } from '../../../ui/EmptyState';
import { Pagination } from '../../../ui/Pagination';
import { useCallbackDetails } from '../../callbacks/hooks/use-callback-details';
import { useClientNames } from '../../clients/hooks/use-client-names';
import { useUserName } from '../../users/hooks/use-users';
import type { DryRunResult } from '../hooks/use-dry-run';
import { useLatenessText } from '../hooks/use-duration-text';
import { useReasonText } from '../hooks/use-reason-text';

const PAGE_SIZE = 20;

export type DryRunResultsProps = {
  result: DryRunResult;
  /** The name of a saved rule; without it the Rule column is left out (a draft's dry run). */
  ruleName?: (id: number) => string;
};

/**
 * What a dry run would hand over, a page at a time: each callback with its client, how late it is, from
 * whom to whom, by which rule and why. Callback and client details are read for the visible page only.
 */
export function DryRunResults({ result, ruleName }: DryRunResultsProps) {
  const { t } = useTranslation('routing');
  const format = useFormat();
  const userName = useUserName();
  const reasonText = useReasonText();
  const lateness = useLatenessText();
  const [page, setPage] = useState(1);
  const rows = result.items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const callbacks = useCallbackDetails(rows.map((d) => d.callbackId));
  const clientNames = useClientNames([...callbacks.values()].map((c) => c.clientId));
  const checkedAt = Date.parse(result.at);
  const who = (id: number | null) => (id === null ? t('who.pool') : userName(id));

  return (
    <div className="dry-run" data-testid="dry-run-results">
      <p className="dry-run-meta">
        <strong>{t('dryRun.total', { n: format.integer(result.total) })}</strong>
        <span className="muted">{t('dryRun.at', { time: format.time(result.at) })}</span>
        <span className="muted">{t('dryRun.notice')}</span>
      </p>
      {result.total === 0 ? (
        <EmptyState title={t('dryRun.empty')} text={t('dryRun.emptyHint')} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table-compact" aria-label={t('dryRun.tableLabel')}>
              <thead>
                <tr>
                  <th scope="col">{t('dryRun.columns.callback')}</th>
                  <th scope="col">{t('dryRun.columns.client')}</th>
                  <th scope="col">{t('dryRun.columns.late')}</th>
                  <th scope="col">{t('dryRun.columns.handover')}</th>
                  {ruleName && <th scope="col">{t('dryRun.columns.rule')}</th>}
                  <th scope="col">{t('dryRun.columns.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => {
                  const callback = callbacks.get(d.callbackId);
                  return (
                    <tr key={d.callbackId}>
                      <td>
                        <div className="cell-title">{t('dryRun.callbackNumber', { id: d.callbackId })}</div>
                        {callback && <div className="cell-sub nowrap">{t('dryRun.due', { time: format.compactDateTime(callback.dueAt) })}</div>}
                      </td>
                      <td className="nowrap">{callback ? <Link to={`/clients/${callback.clientId}`}>{clientNames.get(callback.clientId) ?? `#${callback.clientId}`}</Link> : <span className="muted">…</span>}</td>
                      <td className="nowrap">{callback ? <span className="overdue">{lateness(callback.dueAt, checkedAt)}</span> : '…'}</td>
                      <td>
                        <span className="handover-from">{who(d.fromId)}</span> <span className="handover-to">→ {who(d.toId)}</span>
                      </td>
                      {ruleName && <td>{d.ruleId === 0 ? t('dryRun.draftRule') : ruleName(d.ruleId)}</td>}
                      <td className="dry-run-reason">{reasonText(d.reason)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {result.total > PAGE_SIZE && <Pagination page={page} pageSize={PAGE_SIZE} total={result.total} onPageChange={setPage} />}
        </>
      )}
    </div>
  );
}
