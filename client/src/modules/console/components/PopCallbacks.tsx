import { useTranslation } from 'react-i18next';
import type { PopCallback } from '../../../app/realtime/realtime.types';
import { useFormat } from '../../../i18n/format';
import { useUserName } from '../../users/hooks/use-users';

export type PopCallbacksProps = { callbacks: readonly PopCallback[] };

/** Callbacks promised to this client and not made yet, soonest first. */
export function PopCallbacks({ callbacks }: PopCallbacksProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const now = Date.now();
  return (
    <section className="panel pop-extra" aria-labelledby="pop-callbacks-title">
      <h2 className="panel-title" id="pop-callbacks-title">
        {t('console.callbacks.title')}
      </h2>
      {callbacks.length === 0 ? (
        <p className="muted">{t('console.callbacks.none')}</p>
      ) : (
        <ul className="plain-list pop-list">
          {callbacks.map((c) => (
            <li key={c.id}>
              <span className={Date.parse(c.dueAt) < now ? 'overdue' : 'strong'}>{format.dateTime(c.dueAt)}</span>
              {c.assigneeId !== null && <span className="muted"> · {userName(c.assigneeId)}</span>}
              {c.note && <p className="pop-list-text">{c.note}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
