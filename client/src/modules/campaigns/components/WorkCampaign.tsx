import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { isLanguage } from '../../../i18n/i18n';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Field } from '../../../ui/Field';
import { PageHeader } from '../../../ui/PageHeader';
import { Spinner } from '../../../ui/Spinner';
import { formatPhone } from '../../../ui/format-phone';
import { useDispositions } from '../../calls/hooks/use-dispositions';
import { isCampaignMode, type CampaignMode, type NextEntry } from '../api/campaigns.api';
import { useCampaign, useNextEntry, useRecordResult, useSkipEntry } from '../hooks/use-campaigns';
import { CampaignCall } from './CampaignCall';
import { CampaignProgressBars } from './CampaignProgressBars';
import { CampaignStatusBadge } from './CampaignStatusBadge';

export type WorkCampaignProps = { id: number };

/** A datetime-local value (the browser's zone) as an ISO instant in the future, else null. */
const futureInstant = (value: string): string | null => {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) || d.getTime() <= Date.now() ? null : d.toISOString();
};

/**
 * The operator's campaign screen: "Next client" brings the client's card and the filled script; "Call"
 * dials them through the campaign (in a progressive campaign it goes by itself after a short countdown);
 * the result (with a call-back time when the code
 * promises one, and a note) is saved and the next client comes at once. Skipping asks for a reason.
 * Says plainly when nobody can be called now (calling hours, the list is done) and when the campaign is
 * paused or stopped.
 */
export function WorkCampaign({ id }: WorkCampaignProps) {
  const { t } = useTranslation('campaigns');
  const errorText = useErrorText();
  const campaign = useCampaign(id);
  const next = useNextEntry(id);
  const [entry, setEntry] = useState<NextEntry | null>(null);
  /** Asked and told nobody can be called now (204). */
  const [nobody, setNobody] = useState(false);
  /** The held client was handed back (a timeout) before the result was saved. */
  const [lost, setLost] = useState(false);

  const askNext = () => {
    setEntry(null);
    setNobody(false);
    setLost(false);
    next.mutate(undefined, {
      onSuccess: (got) => {
        setEntry(got ?? null);
        setNobody(!got);
      },
    });
  };

  const onLost = useCallback(() => {
    setEntry(null);
    setLost(true);
  }, []);

  const status = campaign.data?.status;
  const mode: CampaignMode = isCampaignMode(campaign.data?.mode) ? campaign.data.mode : 'preview';
  const notRunning = isApiError(next.error) && next.error.code === 'campaign_not_running';
  // The campaign's status as last read (every few seconds); a refused Next before it is known says paused.
  const blocked = status !== undefined ? (status === 'running' ? null : status) : notRunning ? 'paused' : null;

  return (
    <div className="page campaign-work">
      <p>
        <Link to="/campaigns">← {t('actions.back')}</Link>
      </p>
      <PageHeader
        title={campaign.data ? `${t('work.title')}: ${campaign.data.name}` : t('work.title')}
        subtitle={
          campaign.data && (
            <span className="campaign-work-badges">
              <CampaignStatusBadge status={campaign.data.status} />
              <Badge tone={mode === 'progressive' ? 'violet' : 'slate'}>{t(`mode.${mode}`)}</Badge>
            </span>
          )
        }
      />
      {campaign.isError && <Alert>{errorText(campaign.error)}</Alert>}
      {campaign.data && (
        <div className="campaign-work-progress">
          <CampaignProgressBars progress={campaign.data.progress} />
        </div>
      )}
      {blocked === 'paused' && <Alert tone="info">{t('work.paused')}</Alert>}
      {blocked === 'stopped' && <Alert tone="info">{t('work.stopped')}</Alert>}
      {blocked === 'draft' && <Alert tone="info">{t('work.draft')}</Alert>}
      {lost && <Alert tone="info">{t('work.notYours')}</Alert>}
      {next.isError && !notRunning && <Alert>{isApiError(next.error) && next.error.status === 403 ? t('work.forbidden') : errorText(next.error)}</Alert>}
      {!entry && (
        <section className="panel campaign-work-next" aria-live="polite">
          {next.isPending ? <Spinner /> : <p data-testid="campaign-work-message">{nobody ? t('work.nobody') : t('work.start')}</p>}
          <button type="button" className="btn btn-primary" disabled={next.isPending || blocked !== null} onClick={askNext}>
            {next.isPending ? t('work.loading') : t('work.next')}
          </button>
        </section>
      )}
      {/* Not before the campaign is read: its mode decides whether this client is dialled by itself. */}
      {entry && campaign.data && <EntryView key={entry.entryId} campaignId={id} mode={mode} entry={entry} onDone={askNext} onLost={onLost} />}
      {entry && campaign.isPending && <Spinner />}
    </div>
  );
}

type EntryViewProps = { campaignId: number; mode: CampaignMode; entry: NextEntry; onDone: () => void; onLost: () => void };

function EntryView({ campaignId, mode, entry, onDone, onLost }: EntryViewProps) {
  const { t } = useTranslation('campaigns');
  const { t: tt, i18n } = useTranslation();
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const errorText = useErrorText();
  const dispositions = useDispositions();
  const record = useRecordResult(campaignId);
  const skip = useSkipEntry(campaignId);
  const [disposition, setDisposition] = useState('');
  const [callbackAt, setCallbackAt] = useState('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [badTime, setBadTime] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const resultRef = useRef<HTMLSelectElement>(null);
  const c = entry.client;
  const opensCallback = dispositions.data?.items.find((d) => d.code === disposition)?.opensCallback ?? false;
  const failed = record.error ?? skip.error;
  const lost = isApiError(failed) && failed.status === 409;

  useEffect(() => {
    if (lost) onLost();
  }, [lost, onLost]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!disposition) {
      setMissing(true);
      resultRef.current?.focus();
      return;
    }
    const when = callbackAt ? futureInstant(callbackAt) : null;
    if ((opensCallback && !when) || (callbackAt && !when)) {
      setBadTime(true);
      return;
    }
    record.mutate({ entryId: entry.entryId, input: { disposition, ...(when && { callbackAt: when }), ...(note.trim() && { note: note.trim() }) } }, { onSuccess: onDone });
  };

  const confirmSkip = () => {
    if (!reason.trim()) return setReasonMissing(true);
    skip.mutate({ entryId: entry.entryId, reason: reason.trim() }, { onSuccess: onDone });
  };

  return (
    <div className="campaign-work-grid" data-testid="campaign-entry" data-entry-id={entry.entryId}>
      <section className="panel campaign-client" aria-labelledby="campaign-client-name">
        <div className="panel-header">
          <h2 className="panel-title" id="campaign-client-name">
            {c.name}
          </h2>
          <span className="muted">{entry.attempts > 0 ? t('work.attempts', { count: entry.attempts }) : t('work.firstAttempt')}</span>
        </div>
        <dl className="campaign-settings">
          {(c.organization || c.position) && (
            <>
              <dt>{t('work.organization')}</dt>
              <dd>{[c.organization, c.position].filter(Boolean).join(', ')}</dd>
            </>
          )}
          <dt>{t('work.phones')}</dt>
          <dd>
            {c.phones.length === 0 && <span className="muted">{t('work.noPhone')}</span>}
            <ul className="campaign-phones">
              {c.phones.map((p) => (
                <li key={p.raw}>
                  <span className="campaign-phone">{formatPhone(p.e164 ?? p.raw)}</span>
                </li>
              ))}
            </ul>
          </dd>
          {c.abcClass && (
            <>
              <dt>{t('work.class')}</dt>
              <dd>
                <Badge tone="violet" title={tt('abc.label', { cls: c.abcClass })}>
                  {c.abcClass}
                </Badge>
              </dd>
            </>
          )}
          {c.tags.length > 0 && (
            <>
              <dt>{t('work.tags')}</dt>
              <dd className="campaign-tags">
                {c.tags.map((tag) => (
                  <Badge key={tag}>{tag}</Badge>
                ))}
              </dd>
            </>
          )}
        </dl>
        <CampaignCall campaignId={campaignId} entryId={entry.entryId} mode={mode} hasPhone={c.phones.length > 0} dialed={entry.dialed} onLost={onLost} />
        <p>
          <Link to={`/clients/${c.id}`} target="_blank" rel="noreferrer">
            {t('work.openCard')} ↗
          </Link>
        </p>
      </section>
      <section className="panel campaign-script" aria-labelledby="campaign-script-title">
        <div className="panel-header">
          <h2 className="panel-title" id="campaign-script-title">
            {t('work.script')}
          </h2>
        </div>
        {entry.script ? (
          <p className="campaign-script-text" data-testid="campaign-script">
            {entry.script}
          </p>
        ) : (
          <p className="muted">{t('work.noScript')}</p>
        )}
      </section>
      <section className="panel campaign-result" aria-labelledby="campaign-result-title">
        <div className="panel-header">
          <h2 className="panel-title" id="campaign-result-title">
            {t('work.result')}
          </h2>
        </div>
        <form className="form" onSubmit={save}>
          {failed && !lost && <Alert>{errorText(failed)}</Alert>}
          {dispositions.isError && <Alert>{errorText(dispositions.error)}</Alert>}
          <div className="form-row">
            <Field label={`${t('work.disposition')} *`} hint={missing && !disposition ? t('work.required') : undefined}>
              {(id, hint) => (
                <select
                  id={id}
                  ref={resultRef}
                  aria-describedby={hint}
                  aria-invalid={missing && !disposition}
                  value={disposition}
                  disabled={dispositions.isPending}
                  onChange={(e) => {
                    setDisposition(e.target.value);
                    setBadTime(false);
                  }}
                >
                  <option value="">{t('work.choose')}</option>
                  {dispositions.data?.items.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.names[lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {(opensCallback || callbackAt) && (
              <Field label={`${t('work.callbackAt')}${opensCallback ? ' *' : ''}`} hint={badTime ? t('work.callbackRequired') : t('work.callbackHint')}>
                {(id, hint) => (
                  <input
                    id={id}
                    type="datetime-local"
                    aria-describedby={hint}
                    aria-invalid={badTime}
                    value={callbackAt}
                    onChange={(e) => {
                      setCallbackAt(e.target.value);
                      setBadTime(false);
                    }}
                  />
                )}
              </Field>
            )}
          </div>
          <Field label={t('work.note')}>{(id) => <textarea id={id} rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
          {skipping && (
            <div className="campaign-skip">
              <Field label={`${t('work.skipReason')} *`} hint={reasonMissing && !reason.trim() ? t('work.skipRequired') : undefined}>
                {(id, hint) => <input id={id} aria-describedby={hint} aria-invalid={reasonMissing && !reason.trim()} maxLength={200} placeholder={t('work.skipPlaceholder')} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />}
              </Field>
              <div className="form-actions">
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setSkipping(false)}>
                  {t('work.skipCancel')}
                </button>
                <button type="button" className="btn btn-secondary btn-sm" disabled={skip.isPending} onClick={confirmSkip}>
                  {t('work.skipConfirm')}
                </button>
              </div>
            </div>
          )}
          <div className="form-actions">
            {!skipping && (
              <button type="button" className="btn btn-ghost" onClick={() => setSkipping(true)}>
                {t('work.skip')}
              </button>
            )}
            <button type="submit" className="btn btn-primary" disabled={record.isPending || skip.isPending}>
              {record.isPending ? t('work.saving') : t('work.save')}
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
