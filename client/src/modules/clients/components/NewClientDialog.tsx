import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { KNOWN_SOURCES, STAGES, type ClientKind, type Stage } from '../api/client.types';
import { useCreateClient } from '../hooks/use-client';
import { useSourceLabel } from '../hooks/use-source-label';
import { ClientKindField } from './ClientKindField';
import { FormError } from './FormError';
import { UnparsedPhoneWarning } from './UnparsedPhoneWarning';
import { splitList } from './split-list';

/** `organization`: the new client is a contact person of it (with a position). */
export type NewClientDialogProps = { onClose: () => void; organization?: { id: number; name: string } };

type Draft = { name: string; kind: ClientKind; position: string; phones: string; emails: string; source: string; stage: Stage; tags: string };

const EMPTY: Draft = { name: '', kind: 'person', position: '', phones: '', emails: '', source: '', stage: 'lead', tags: '' };

/** Creates a client and opens its card; a number that belongs to someone else links to them instead. */
export function NewClientDialog({ onClose, organization }: NewClientDialogProps) {
  const { t } = useTranslation();
  const { t: to } = useTranslation('organizations');
  const sourceLabel = useSourceLabel();
  const navigate = useNavigate();
  const create = useCreateClient();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        name: draft.name.trim(),
        phones: splitList(draft.phones),
        emails: splitList(draft.emails),
        tags: splitList(draft.tags),
        stage: draft.stage,
        ...(draft.source && { source: draft.source }),
        ...(organization ? { organizationId: organization.id, ...(draft.position.trim() && { position: draft.position.trim() }) } : { kind: draft.kind }),
      },
      { onSuccess: (client) => navigate(`/clients/${client.id}`) },
    );
  };

  return (
    <Modal title={organization ? to('newPerson.title', { name: organization.name }) : t('newClient.title')} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        {create.isError && <FormError error={create.error} />}
        <Field label={`${t('field.name')} *`}>{(id) => <input id={id} required maxLength={200} value={draft.name} onChange={(e) => set({ name: e.target.value })} autoFocus />}</Field>
        {organization ? (
          <Field label={to('position')}>{(id) => <input id={id} maxLength={200} value={draft.position} onChange={(e) => set({ position: e.target.value })} />}</Field>
        ) : (
          <ClientKindField value={draft.kind} onChange={(kind) => set({ kind })} />
        )}
        <Field label={t('field.phones')} hint={t('common.listHint')}>
          {(id, hint) => <input id={id} aria-describedby={hint} inputMode="tel" placeholder={t('newClient.phonesPlaceholder')} value={draft.phones} onChange={(e) => set({ phones: e.target.value })} />}
        </Field>
        <UnparsedPhoneWarning phones={draft.phones} />
        <Field label={t('field.emails')} hint={t('common.listHint')}>
          {(id, hint) => <input id={id} aria-describedby={hint} inputMode="email" placeholder={t('newClient.emailsPlaceholder')} value={draft.emails} onChange={(e) => set({ emails: e.target.value })} />}
        </Field>
        <div className="form-row">
          <Field label={t('field.source')}>
            {(id) => (
              <select id={id} value={draft.source} onChange={(e) => set({ source: e.target.value })}>
                <option value="">{t('common.empty')}</option>
                {KNOWN_SOURCES.map((s) => (
                  <option key={s} value={s}>
                    {sourceLabel(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('field.stage')}>
            {(id) => (
              <select id={id} value={draft.stage} onChange={(e) => set({ stage: STAGES.find((s) => s === e.target.value) ?? 'lead' })}>
                {STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(`stage.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t('field.tags')} hint={t('common.listHint')}>
          {(id, hint) => <input id={id} aria-describedby={hint} placeholder={t('newClient.tagsPlaceholder')} value={draft.tags} onChange={(e) => set({ tags: e.target.value })} />}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? t('newClient.submitting') : t('newClient.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
