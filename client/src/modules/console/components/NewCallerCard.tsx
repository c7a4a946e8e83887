import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { formatPhone } from '../../../ui/format-phone';
import { ClickToCallButton } from '../../calls/components/ClickToCallButton';
import { getClient } from '../../clients/api/clients.api';
import type { Client } from '../../clients/api/client.types';
import { duplicatePhoneOf } from '../../clients/api/duplicate-phone';
import { useCreateClient } from '../../clients/hooks/use-client';

export type NewCallerCardProps = {
  number: string | null;
  /** The name the network gave, if any: a starting point for the client's name. */
  suggestedName: string | null;
  onLinked: (client: Client, origin: 'created' | 'existing') => void;
};

/**
 * A caller no client has: the number, prefilled, and one step to make them a client. If the number
 * turns out to belong to someone already (the call log may have made a lead meanwhile), that client is
 * linked instead.
 */
export function NewCallerCard({ number, suggestedName, onLinked }: NewCallerCardProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const create = useCreateClient();
  const [name, setName] = useState(suggestedName ?? '');
  const [linkError, setLinkError] = useState<unknown>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!number || !name.trim()) return;
    setLinkError(null);
    create.mutate(
      { name: name.trim(), phones: [number] },
      {
        onSuccess: (client) => onLinked(client, 'created'),
        onError: (err) => {
          const duplicate = duplicatePhoneOf(err);
          if (duplicate) getClient(duplicate.clientId).then((client) => onLinked(client, 'existing'), setLinkError);
        },
      },
    );
  };

  const failure = linkError ?? (create.isError && !duplicatePhoneOf(create.error) ? create.error : null);

  return (
    <section className="panel pop-card new-caller" aria-labelledby="new-caller-title" data-testid="pop-new-caller">
      <div className="pop-card-head">
        <div className="avatar avatar-md avatar-unknown" aria-hidden="true">
          ?
        </div>
        <div className="pop-card-who">
          <h2 className="pop-client-name" id="new-caller-title">
            {t('console.newCaller.title')}
          </h2>
          <p className="summary-meta">{t('console.newCaller.text')}</p>
        </div>
      </div>
      {number ? (
        <>
          <p className="new-caller-number">
            <a href={`tel:${number}`} className="phone-number">
              {formatPhone(number)}
            </a>
            <ClickToCallButton number={number} />
          </p>
          <form className="form" onSubmit={submit}>
            {failure !== null && <Alert>{errorText(failure)}</Alert>}
            <Field label={`${t('field.name')} *`}>{(id) => <input id={id} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={create.isPending || !name.trim()}>
                {create.isPending ? t('newClient.submitting') : t('console.newCaller.create')}
              </button>
            </div>
          </form>
        </>
      ) : (
        <p className="muted">{t('console.newCaller.noNumber')}</p>
      )}
    </section>
  );
}
