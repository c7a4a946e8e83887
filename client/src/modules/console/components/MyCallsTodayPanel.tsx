import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Spinner } from '../../../ui/Spinner';
import { formatPhone } from '../../../ui/format-phone';
import { useDispositionLabel } from '../../calls/hooks/use-dispositions';
import type { MyCall } from '../api/my-calls.api';
import { useMyCallsToday, useOpenCall } from '../hooks/use-my-calls-today';
import './my-calls-today.css';

const DIRECTION_ICON: Record<MyCall['direction'], string> = { inbound: '↙', outbound: '↗', internal: '↔' };

/**
 * The operator's own calls of today, the ones in progress and those still without a result first. A row
 * opens the call in the console: its card, and the wrap-up when the result is still owed.
 */
export function MyCallsTodayPanel() {
  const { t } = useTranslation('desk');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const dispositionLabel = useDispositionLabel();
  const calls = useMyCallsToday();
  const open = useOpenCall();
  const items = calls.data?.items ?? [];

  const who = (c: MyCall) => c.clientName ?? (c.externalNumber ? formatPhone(c.externalNumber) : tc('console.hiddenNumber'));
  const state = (c: MyCall) => {
    if (c.inProgress) return <Badge tone="blue">{t('myCalls.inProgress')}</Badge>;
    if (c.needsResult) return <Badge tone="red">{t('myCalls.needsResult')}</Badge>;
    if (c.disposition) return <span className="my-call-result">{dispositionLabel(c.disposition)}</span>;
    return <span className="muted">{c.outcome ? t(`myCalls.outcome.${c.outcome}`) : tc('common.empty')}</span>;
  };

  return (
    <section className="panel" aria-labelledby="my-calls-title" data-testid="my-calls-today">
      <div className="panel-header">
        <h2 className="panel-title" id="my-calls-title">
          {t('myCalls.title')}
        </h2>
        {calls.data && calls.data.unresolved > 0 && <Badge tone="red">{t('myCalls.unresolvedCount', { n: format.integer(calls.data.unresolved) })}</Badge>}
      </div>
      {open.isError && <Alert>{errorText(open.error)}</Alert>}
      {calls.isPending ? (
        <Spinner />
      ) : calls.isError && !calls.data ? (
        <Alert>{errorText(calls.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="muted">{t('myCalls.none')}</p>
      ) : (
        <ul className="plain-list my-calls-list">
          {items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className={`my-call${c.needsResult ? ' is-unresolved' : ''}`}
                data-testid="my-call"
                data-call-id={c.id}
                data-needs-result={c.needsResult}
                aria-label={c.needsResult ? `${t('myCalls.giveResult')}: ${who(c)}` : t('myCalls.open', { who: who(c) })}
                disabled={open.isPending && open.variables === c.id}
                onClick={() => open.mutate(c.id)}
              >
                <span className="my-call-main">
                  <span className="my-call-dir" aria-hidden="true">
                    {DIRECTION_ICON[c.direction]}
                  </span>
                  <span className="strong my-call-who">{who(c)}</span>
                </span>
                <span className="my-call-meta">
                  <time dateTime={c.startedAt} className="muted">
                    {format.time(c.startedAt)}
                  </time>
                  {c.talkSeconds !== null && <span className="muted">{format.duration(c.talkSeconds)}</span>}
                  {state(c)}
                </span>
                {c.note && <span className="my-call-note">{c.note}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
