import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { ClientFiltersBar } from '../../clients/components/ClientFiltersBar';
import { toListQuery, type ClientFilters } from '../../clients/hooks/use-client-filters';
import { useClientList } from '../../clients/hooks/use-client-list';
import { CAMPAIGN_PRIORITIES, type Campaign, type CampaignPriority } from '../api/campaigns.api';
import { useCreateCampaign } from '../hooks/use-campaigns';
import { CampaignSettingsFields } from './CampaignSettingsFields';
import { draftProblem, NEW_DRAFT, settingsOf, type SettingsDraft } from './settings-draft';
import { useSettingsErrorText } from './settings-error-text';

export type NewCampaignDialogProps = { onClose: () => void; onCreated: (campaign: Campaign) => void };

const NO_FILTERS: ClientFilters = { q: '', classes: [], stage: null, tier: null, source: '', ownerId: null, tag: '', sort: 'name', order: 'asc', page: 1 };

/** The client list's query for these filters, as the campaign's `filter` (no paging, no sort). */
export function filterOf(filters: ClientFilters): Record<string, string> {
  const { limit: _l, offset: _o, sort: _s, order: _r, ...query } = toListQuery(filters);
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

/** A new campaign: name, which clients (the client list's filters, with how many match now) and in what order, then its settings. */
export function NewCampaignDialog({ onClose, onCreated }: NewCampaignDialogProps) {
  const { t } = useTranslation('campaigns');
  const errorText = useSettingsErrorText();
  const create = useCreateCampaign();
  const [name, setName] = useState('');
  const [filters, setFilters] = useState<ClientFilters>(NO_FILTERS);
  const [priority, setPriority] = useState<CampaignPriority>('class');
  const [draft, setDraft] = useState<SettingsDraft>(NEW_DRAFT);
  const [problem, setProblem] = useState<string | null>(null);
  const matches = useClientList({ ...toListQuery(filters), limit: 1, offset: 0 });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('form.nameRequired'));
    const wrong = draftProblem(draft);
    if (wrong) return setProblem(t(wrong));
    setProblem(null);
    create.mutate({ name: name.trim(), filter: filterOf(filters), priority, ...settingsOf(draft) }, { onSuccess: onCreated });
  };

  return (
    <Modal title={t('form.title')} onClose={onClose}>
      <form className="form campaign-form" onSubmit={submit}>
        {problem && <Alert>{problem}</Alert>}
        {create.isError && <Alert>{errorText(create.error)}</Alert>}
        <Field label={`${t('form.name')} *`}>{(id) => <input id={id} maxLength={200} placeholder={t('form.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}</Field>
        <fieldset className="campaign-fieldset">
          <legend>{t('form.clients')}</legend>
          <ClientFiltersBar filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} onReset={() => setFilters(NO_FILTERS)} />
          <p className="field-hint">
            {t('form.clientsHint')} <strong data-testid="campaign-matches">{matches.data ? t('form.matches', { count: matches.data.total }) : '…'}</strong>
          </p>
          <Field label={t('form.priority')}>
            {(id) => (
              <select id={id} value={priority} onChange={(e) => setPriority(CAMPAIGN_PRIORITIES.find((p) => p === e.target.value) ?? 'none')}>
                {CAMPAIGN_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
        <CampaignSettingsFields value={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('form.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
