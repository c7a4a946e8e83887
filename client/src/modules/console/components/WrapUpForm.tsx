import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { isLanguage } from '../../../i18n/i18n';
import { useDispositions } from '../../calls/hooks/use-dispositions';
import { useWrapUp } from '../../calls/hooks/use-wrap-up';
import { useAddDnc } from '../../dnc/hooks/use-dnc';
import '../../dnc/components/dnc.css';
import type { CallSession, WrapUpDraft } from '../hooks/call-sessions.reducer';

export type WrapUpFormProps = {
  session: CallSession;
  onDraftChange: (draft: Partial<WrapUpDraft>) => void;
  onSaved: () => void;
  /** Leaves the call without a result: offered only once saving failed (say, the call is not this operator's). */
  onSkip: () => void;
};

/** A datetime-local value (the browser's time zone) as an instant; null when it is not one. */
const parseLocal = (value: string): Date | null => {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** Now as a datetime-local value, for the field's `min`. */
const localNow = () => {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

/**
 * The call's result, logged in seconds from the keyboard: the result list has the focus when the form
 * appears (type the first letters to pick), Tab to the note, Ctrl+Enter saves from anywhere in the form.
 * A "call back at" time promises a callback to the client, assigned to this operator, with the note; the
 * server creates it with the result. Results that open a callback (the manager's list says which) ask for
 * the time; the list comes from the server in the manager's order, named in the UI language.
 */
export function WrapUpForm({ session, onDraftChange, onSaved, onSkip }: WrapUpFormProps) {
  const { t, i18n } = useTranslation();
  const { t: td } = useTranslation('dispositions');
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const errorText = useErrorText();
  const dispositions = useDispositions();
  const wrapUp = useWrapUp();
  const { t: tn } = useTranslation('dnc');
  // "Do not call this number again": put on the do-not-call list as the result is saved.
  const addDnc = useAddDnc();
  const [dnc, setDnc] = useState(false);
  const [dncReason, setDncReason] = useState('');
  const number = session.pop.externalNumber;
  const { disposition, note, callbackAt } = session.draft;
  const clientId = session.client?.id ?? null;
  const [missing, setMissing] = useState(false);
  const [badTime, setBadTime] = useState(false);
  const selectRef = useRef<HTMLSelectElement>(null);
  const callbackRef = useRef<HTMLInputElement>(null);
  const busy = wrapUp.isPending || addDnc.isPending;
  // The picked result promises a callback: with a client, the time is required.
  const timeRequired = clientId !== null && (dispositions.data?.items.find((d) => d.code === disposition)?.opensCallback ?? false);
  const shortcutId = useId();

  // The result list takes the focus as the form appears (or as soon as the list has loaded).
  const listReady = !dispositions.isPending;
  useEffect(() => {
    if (listReady) selectRef.current?.focus();
  }, [listReady]);

  const save = () => {
    if (busy) return;
    if (!disposition) {
      setMissing(true);
      selectRef.current?.focus();
      return;
    }
    const dueAt = clientId !== null && callbackAt ? parseLocal(callbackAt) : null;
    if ((clientId !== null && callbackAt && (!dueAt || dueAt.getTime() <= Date.now())) || (timeRequired && !callbackAt)) {
      setBadTime(true);
      callbackRef.current?.focus();
      return;
    }
    const saveResult = () => wrapUp.mutate({ pbx: session.pop.pbx, pbxCallId: session.pop.callId, disposition, note: note.trim() || null, ...(dueAt && { callbackAt: dueAt.toISOString() }) }, { onSuccess: onSaved });
    // The number goes on the list first (adding it twice changes nothing): a refusal keeps the form open.
    if (dnc && number) addDnc.mutate({ phone: number, source: 'wrap_up', ...(dncReason.trim() && { reason: dncReason.trim() }), ...(clientId !== null && { clientId }) }, { onSuccess: saveResult });
    else saveResult();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    }
  };

  const failure = () => {
    const err = wrapUp.error;
    if (isApiError(err) && err.code === 'call_not_logged') return t('console.wrapUp.notLogged');
    if (isApiError(err) && err.status === 403) return t('console.wrapUp.forbidden');
    return errorText(err);
  };

  return (
    <section className="panel wrap-up" aria-labelledby="wrap-up-title" data-testid="wrap-up">
      <div className="panel-header">
        <h2 className="panel-title" id="wrap-up-title">
          {t('console.wrapUp.title')}
        </h2>
        <kbd className="shortcut" id={shortcutId}>
          {t('console.wrapUp.shortcut')}
        </kbd>
      </div>
      <form className="form" onSubmit={onSubmit} onKeyDown={onKeyDown} aria-describedby={shortcutId}>
        {wrapUp.isError && <Alert>{failure()}</Alert>}
        {dispositions.isError && <Alert>{errorText(dispositions.error)}</Alert>}
        {addDnc.isError && <Alert>{tn('wrapUp.failed', { error: errorText(addDnc.error) })}</Alert>}
        <div className="form-row">
          <Field label={`${t('console.wrapUp.disposition')} *`} hint={missing && !disposition ? t('console.wrapUp.required') : undefined}>
            {(id, hint) => (
              <select
                id={id}
                ref={selectRef}
                aria-describedby={hint}
                aria-invalid={missing && !disposition}
                value={disposition}
                onChange={(e) => onDraftChange({ disposition: e.target.value })}
                disabled={dispositions.isPending}
              >
                <option value="">{dispositions.isPending ? t('common.loading') : t('console.wrapUp.choose')}</option>
                {dispositions.data?.items.map((d) => (
                  <option key={d.code} value={d.code}>
                    {d.names[lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={`${t('console.wrapUp.callbackAt')}${timeRequired ? ' *' : ''}`}
            hint={clientId === null ? t('console.wrapUp.callbackNeedsClient') : badTime ? (timeRequired && !callbackAt ? td('wrapUp.timeRequired') : t('console.wrapUp.callbackPast')) : timeRequired ? td('wrapUp.timeHint') : t('console.wrapUp.callbackHint')}
          >
            {(id, hint) => (
              <input
                id={id}
                ref={callbackRef}
                type="datetime-local"
                aria-describedby={hint}
                aria-invalid={badTime}
                aria-required={timeRequired}
                min={localNow()}
                value={clientId === null ? '' : callbackAt}
                onChange={(e) => {
                  setBadTime(false);
                  onDraftChange({ callbackAt: e.target.value });
                }}
                disabled={clientId === null}
              />
            )}
          </Field>
        </div>
        <Field label={t('console.wrapUp.note')}>
          {(id) => <textarea id={id} rows={3} maxLength={5000} placeholder={t('console.wrapUp.notePlaceholder')} value={note} onChange={(e) => onDraftChange({ note: e.target.value })} />}
        </Field>
        <div className="wrap-up-dnc">
          <label className="dnc-check">
            <input type="checkbox" checked={dnc} disabled={!number} onChange={(e) => setDnc(e.target.checked)} data-testid="wrap-up-dnc" />
            <span>
              <span className="strong">{tn('wrapUp.tick')}</span>
              {!number && <span className="field-hint">{tn('wrapUp.noNumber')}</span>}
            </span>
          </label>
          {dnc && number && (
            <Field label={tn('wrapUp.reason')}>
              {(id) => <input id={id} maxLength={500} placeholder={tn('wrapUp.reasonPlaceholder')} value={dncReason} onChange={(e) => setDncReason(e.target.value)} />}
            </Field>
          )}
        </div>
        <div className="form-actions">
          {wrapUp.isError && (
            <button type="button" className="btn btn-ghost" onClick={onSkip}>
              {t('console.wrapUp.skip')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : t('console.wrapUp.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
