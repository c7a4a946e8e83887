import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useNow } from '../../../ui/use-now';
import { useLatenessText } from '../../routing/hooks/use-duration-text';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUsers } from '../../users/hooks/use-users';
import type { Callback, Tail } from '../api/callback.types';
import { useTails } from '../hooks/use-tails';
import { TailCallbacks } from './TailCallbacks';
import './tails.css';

/** The last handover by hand, kept as data so it follows a change of language. */
type Notice = { id: number; client: string; toId: number | null };

const keyOf = (assigneeId: number | null) => (assigneeId === null ? 'pool' : String(assigneeId));

/**
 * The "tails": overdue callbacks per operator and the pool, with how long the oldest has waited. A row
 * opens to its callbacks, each of which can be handed over by hand. The page keeps it live (useLiveCallbacks).
 */
export function TailsPanel() {
  const { t } = useTranslation('routing');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const tails = useTails();
  const { users } = useUsers();
  const { teams, teamName } = useTeams();
  const lateness = useLatenessText();
  const now = useNow();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice | null>(null);

  const person = (id: number) => users.find((u) => u.id === id);
  const nameOf = (assigneeId: number | null) => (assigneeId === null ? t('who.pool') : (person(assigneeId)?.name ?? tc('common.userNumber', { id: assigneeId })));
  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  const reassigned = (callback: Callback, client: string) => setNotice({ id: callback.id, client, toId: callback.assigneeId });

  const who = (tail: Tail) => {
    if (tail.assigneeId === null) return <div className="cell-title">{t('who.pool')}</div>;
    const u = person(tail.assigneeId);
    const sub = [u?.teamId ? t('tails.team', { team: teamName(u.teamId) }) : null, u?.extension ? t('tails.extension', { ext: u.extension }) : null].filter(Boolean).join(' · ');
    return (
      <>
        <div className="cell-title">{nameOf(tail.assigneeId)}</div>
        {sub && <div className="cell-sub">{sub}</div>}
      </>
    );
  };

  const content = () => {
    if (tails.isPending) return <Spinner />;
    if (tails.isError && !tails.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void tails.refetch()}>{tc('common.retry')}</button>}>{errorText(tails.error)}</Alert>;
    }
    if (tails.data.items.length === 0) return <EmptyState title={t('tails.empty')} text={t('tails.emptyHint')} />;
    return (
      <div className="table-wrap">
        <table className="table tails-table" aria-label={t('tails.tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('tails.columns.who')}</th>
              <th scope="col" className="num">
                {t('tails.columns.overdue')}
              </th>
              <th scope="col">{t('tails.columns.oldest')}</th>
              <th scope="col">{t('tails.columns.age')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('tails.show')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tails.data.items.map((tail) => {
              const key = keyOf(tail.assigneeId);
              const isOpen = open.has(key);
              const name = nameOf(tail.assigneeId);
              return (
                <Fragment key={key}>
                  <tr className={isOpen ? 'tail-row is-open' : 'tail-row'} data-tail={key}>
                    <td>{who(tail)}</td>
                    <td className="num">
                      <span className="tail-count">{format.integer(tail.overdue)}</span>
                    </td>
                    <td className="nowrap">{format.compactDateTime(tail.oldestDueAt)}</td>
                    <td className="nowrap">
                      <span className="overdue tail-age">{lateness(tail.oldestDueAt, now)}</span>
                    </td>
                    <td className="tail-toggle-cell">
                      <button type="button" className="btn btn-secondary btn-sm" aria-expanded={isOpen} aria-controls={`tail-${key}`} aria-label={t('tails.showFor', { name })} onClick={() => toggle(key)}>
                        {isOpen ? t('tails.hide') : t('tails.show')} <span aria-hidden="true">{isOpen ? '▴' : '▾'}</span>
                      </button>
                    </td>
                  </tr>
                  {isOpen && (
                    <tr className="tail-detail" id={`tail-${key}`}>
                      <td colSpan={5}>
                        <TailCallbacks assigneeId={tail.assigneeId} name={name} users={users} teams={teams} now={now} onReassigned={reassigned} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  };

  return (
    <section className="panel" aria-labelledby="tails-title">
      <div className="panel-header tails-header">
        <div>
          <h2 className="panel-title" id="tails-title">
            {t('tails.title')}
          </h2>
          <p className="panel-note">{t('tails.hint')}</p>
        </div>
        <button type="button" className="btn btn-secondary btn-sm" disabled={tails.isFetching} onClick={() => void tails.refetch()}>
          {t('tails.refresh')}
        </button>
      </div>
      <div className="stack-sm">
        {notice && <Alert tone="success">{t('tails.reassigned', { id: notice.id, client: notice.client, to: nameOf(notice.toId) })}</Alert>}
        {content()}
      </div>
    </section>
  );
}
