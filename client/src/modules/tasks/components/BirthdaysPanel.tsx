import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useUsers } from '../../users/hooks/use-users';
import type { Birthdays } from '../api/tasks.api';
import { useBirthdays } from '../hooks/use-tasks';
import { TaskIcon } from './TaskIcon';

/**
 * Clients and contact people whose birthday is today or in the next six days: one's own clients;
 * supervisors and managers may pick an operator or everyone.
 */
export function BirthdaysPanel() {
  const { t } = useTranslation('tasks');
  const errorText = useErrorText();
  const me = useCurrentUser();
  const { users } = useUsers();
  const [owner, setOwner] = useState('me');
  const list = useBirthdays(owner);
  const items = list.data?.items ?? [];
  const today = items.filter((b) => b.daysAway === 0);
  const week = items.filter((b) => b.daysAway > 0);
  return (
    <section className="panel tk-birthdays" aria-labelledby="tk-birthdays-title" data-testid="birthdays">
      <div className="panel-header">
        <h2 className="panel-title" id="tk-birthdays-title">
          <TaskIcon name="cake" /> {t('birthdays.title')}
        </h2>
        {hasRole(me.role, 'supervisor') && (
          <select aria-label={t('birthdays.owner')} value={owner} onChange={(e) => setOwner(e.target.value)} className="tk-owner">
            <option value="me">{t('birthdays.mine')}</option>
            <option value="all">{t('birthdays.all')}</option>
            {users
              .filter((u) => u.id !== me.id)
              .map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {u.name}
                </option>
              ))}
          </select>
        )}
      </div>
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <Alert>{errorText(list.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="muted">{t('birthdays.none')}</p>
      ) : (
        <>
          {today.length > 0 && <BirthdayList title={t('birthdays.today')} items={today} highlight />}
          {week.length > 0 && <BirthdayList title={t('birthdays.week')} items={week} />}
        </>
      )}
    </section>
  );
}

function BirthdayList({ title, items, highlight = false }: { title: string; items: Birthdays['items']; highlight?: boolean }) {
  const { t } = useTranslation('tasks');
  const format = useFormat();
  const dayFmt = new Intl.DateTimeFormat(format.locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <div className="tk-bday-group">
      <h3 className="tk-day-title">{title}</h3>
      <ul className="plain-list tk-bday-list">
        {items.map((b) => (
          <li key={b.clientId} className={`tk-bday${highlight ? ' is-today' : ''}`} data-testid="birthday-item">
            <span className="tk-bday-date">{dayFmt.format(new Date(`${b.date}T00:00:00Z`))}</span>
            <span className="tk-bday-who">
              <Link to={`/clients/${b.clientId}`} className="strong">
                {b.name}
              </Link>
              <span className="tk-bday-meta muted">
                {[b.turns !== null ? t('birthdays.turns', { count: b.turns }) : null, b.organizationName ? t('birthdays.contactOf', { organization: b.organizationName }) : null].filter(Boolean).join(' · ')}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
