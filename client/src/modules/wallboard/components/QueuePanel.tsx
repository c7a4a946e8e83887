import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { formatPhone } from '../../../ui/format-phone';
import { waitingCalls, type FloorState } from '../hooks/floor.reducer';
import { Elapsed } from './Elapsed';

export type QueuePanelProps = { floor: FloorState; now: number };

/** Callers waiting to be answered: how many, the longest wait ticking, and each caller. */
export function QueuePanel({ floor, now }: QueuePanelProps) {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const waiting = waitingCalls(floor);
  const longest = waiting[0];
  return (
    <section className="panel wb-queue" aria-labelledby="wb-queue-title">
      <div className="panel-header">
        <h2 className="panel-title" id="wb-queue-title">
          {t('queue.title')}
        </h2>
      </div>
      <dl className={`wb-queue-stats ${waiting.length > 0 ? 'has-waiting' : ''}`}>
        <div>
          <dt>{t('queue.waiting')}</dt>
          <dd className="wb-big" data-testid="queue-waiting">
            {format.integer(waiting.length)}
          </dd>
        </div>
        <div>
          <dt>{t('queue.longestWait')}</dt>
          <dd className="wb-big" data-testid="queue-longest">
            {longest?.queuedAt ? <Elapsed since={longest.queuedAt} now={now} /> : '—'}
          </dd>
        </div>
      </dl>
      {waiting.length === 0 ? (
        <p className="muted">{t('queue.empty')}</p>
      ) : (
        <ol className="wb-waiting plain-list" aria-label={t('queue.listLabel')}>
          {waiting.map((c) => (
            <li key={`${c.pbx}:${c.callId}`} className="wb-waiting-item">
              <span className="wb-waiting-number">{c.externalNumber ? formatPhone(c.externalNumber) : t('floor.hiddenNumber')}</span>
              {c.queue && <span className="muted">{t('queue.queueName', { queue: c.queue })}</span>}
              {c.queuedAt && <Elapsed since={c.queuedAt} now={now} className="wb-waiting-time" />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
