import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Spinner } from '../../../ui/Spinner';
import { useNow } from '../../../ui/use-now';
import { useWallboardTails, WALLBOARD_TAIL_DAYS } from '../hooks/use-wallboard-tails';
import './tails-panel.css';

/** Rows shown before "and N more": the board stays compact, the report has them all. */
const SHOWN = 6;

/** Promises more than three days overdue, per operator with the oldest, linking to the tails report. */
export function TailsPanel() {
  const { t } = useTranslation('wallboard');
  const format = useFormat();
  const errorText = useErrorText();
  const now = useNow(60_000);
  const tails = useWallboardTails();
  const report = tails.data;
  return (
    <section className="panel wb-tails" aria-labelledby="wb-tails-title" data-testid="wallboard-tails">
      <div className="panel-header">
        <h2 className="panel-title" id="wb-tails-title">
          {t('tails.title', { days: WALLBOARD_TAIL_DAYS })}
        </h2>
        {report && (
          <Badge tone={report.total > 0 ? 'red' : 'green'}>
            <span data-testid="wallboard-tails-total">{format.integer(report.total)}</span>
          </Badge>
        )}
      </div>
      {tails.isPending ? (
        <Spinner />
      ) : tails.isError && !report ? (
        <Alert>{`${t('tails.loadFailed')} ${errorText(tails.error)}`}</Alert>
      ) : report!.items.length === 0 ? (
        <p className="muted">{t('tails.none')}</p>
      ) : (
        <ul className="plain-list wb-tails-list" aria-label={t('tails.listLabel')}>
          {report!.items.slice(0, SHOWN).map((i) => (
            <li key={i.assigneeId ?? 'pool'} className="wb-tails-row">
              <span className="strong wb-tails-name">{i.assigneeId === null ? t('tails.pool') : (i.assigneeName ?? `#${i.assigneeId}`)}</span>
              <span className="wb-tails-count">{t('tails.count', { n: format.integer(i.count) })}</span>
              <span className="muted wb-tails-oldest" title={format.dateTime(i.oldestDueAt)}>
                {t('tails.oldest', { when: format.relative(i.oldestDueAt, now) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="wb-tails-footer">
        {report && report.items.length > SHOWN && <span className="muted">{t('tails.more', { n: format.integer(report.items.length - SHOWN) })} </span>}
        <Link to="/reports?report=tails" data-testid="wallboard-tails-link">
          {t('tails.open')}
        </Link>
      </p>
    </section>
  );
}
