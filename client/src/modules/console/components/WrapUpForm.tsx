import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { useCreateCallback } from '../../callbacks/hooks/use-my-callbacks';
import { useDispositionLabel, useDispositions } from '../../calls/hooks/use-dispositions';
import { useWrapUp } from '../../calls/hooks/use-wrap-up';
import type { CallSession, WrapUpDraft } from '../hooks/call-sessions.reducer';

export type WrapUpFormProps = {
  session: CallSession;
  onDraftChange: (draft: Partial<WrapUpDraft>) => void;
  onSaved: () => void;
  /** Leaves the call without a result: offered only once saving failed (say, the call is not this operator's). */
  onSkip: () => void;
};

/** The server keeps a callback's note to this length; the wrap-up note may be longer. */
const CALLBACK_NOTE_MAX = 2000;

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
 * A "call back at" time promises a callback to the client, assigned to this operator, with the note; it is
 * created once the result is saved (a failed callback is retried without saving the result again).
 */
export function WrapUpForm({ session, onDraftChange, onSaved, onSkip }: WrapUpFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const dispositions = useDispositions();
  const dispositionLabel = useDispositionLabel();
  const wrapUp = useWrapUp();
  const createCallback = useCreateCallback();
  const me = useCurrentUser();
  const { disposition, note, callbackAt } = session.draft;
  const clientId = session.client?.id ?? null;
  const [missing, setMissing] = useState(false);
  const [badTime, setBadTime] = useState(false);
  /** The call-log row once its result is saved: a retry then only creates the callback. */
  const [savedCallId, setSavedCallId] = useState<number | null>(null);
  const selectRef = useRef<HTMLSelectElement>(null);
  const callbackRef = useRef<HTMLInputElement>(null);
  const busy = wrapUp.isPending || createCallback.isPending;
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
    if (clientId !== null && callbackAt && (!dueAt || dueAt.getTime() <= Date.now())) {
      setBadTime(true);
      callbackRef.current?.focus();
      return;
    }
    const promiseCallback = (callId: number) => {
      if (clientId === null || !dueAt) return onSaved();
      const callbackNote = note.trim().slice(0, CALLBACK_NOTE_MAX) || null;
      createCallback.mutate({ clientId, assigneeId: me.id, dueAt: dueAt.toISOString(), note: callbackNote, originCallId: callId }, { onSuccess: onSaved });
    };
    if (savedCallId !== null) return promiseCallback(savedCallId);
    wrapUp.mutate(
      { pbx: session.pop.pbx, pbxCallId: session.pop.callId, disposition, note: note.trim() || null },
      {
        onSuccess: (call) => {
          setSavedCallId(call.id);
          promiseCallback(call.id);
        },
      },
    );
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
        {createCallback.isError && <Alert>{t('console.wrapUp.callbackFailed', { error: errorText(createCallback.error) })}</Alert>}
        {dispositions.isError && <Alert>{errorText(dispositions.error)}</Alert>}
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
                    {dispositionLabel(d.code)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('console.wrapUp.callbackAt')} hint={clientId === null ? t('console.wrapUp.callbackNeedsClient') : badTime ? t('console.wrapUp.callbackPast') : t('console.wrapUp.callbackHint')}>
            {(id, hint) => (
              <input
                id={id}
                ref={callbackRef}
                type="datetime-local"
                aria-describedby={hint}
                aria-invalid={badTime}
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
        <div className="form-actions">
          {wrapUp.isError && (
            <button type="button" className="btn btn-ghost" onClick={onSkip}>
              {t('console.wrapUp.skip')}
            </button>
          )}
          {createCallback.isError && (
            <button type="button" className="btn btn-ghost" onClick={onSaved}>
              {t('console.wrapUp.skipCallback')}
            </button>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : savedCallId !== null ? t('console.wrapUp.retryCallback') : t('console.wrapUp.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
