import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { ClientFiltersBar } from '../../clients/components/ClientFiltersBar';
import { toListQuery, type ClientFilters } from '../../clients/hooks/use-client-filters';
import { useClientList } from '../../clients/hooks/use-client-list';
import { SegmentPicker, useSegments } from '../../segments';
import { CAMPAIGN_PRIORITIES, type Campaign, type CampaignPriority } from '../api/campaigns.api';
import { useCreateCampaign } from '../hooks/use-campaigns';
import { CampaignSettingsFields } from './CampaignSettingsFields';
import { draftProblem, NEW_DRAFT, settingsOf, type SettingsDraft } from './settings-draft';
import { useSettingsErrorText } from './settings-error-text';

export type NewCampaignDialogProps = { onClose: () => void; onCreated: (campaign: Campaign) => void };

const NO_FILTERS: ClientFilters = { q: '', classes: [], stage: null, tier: null, source: '', ownerId: null, tag: '', sort: 'name', order: 'asc', page: 1, segmentId: null };

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
  // Or the clients of a saved segment (its filters are copied when the campaign is made).
  const { t: ts } = useTranslation('segments');
  const [fromSegment, setFromSegment] = useState(false);
  const [segmentId, setSegmentId] = useState<number | null>(null);
  const segment = useSegments().data?.find((s) => s.id === segmentId);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('form.nameRequired'));
    const wrong = draftProblem(draft);
    if (wrong) return setProblem(t(wrong));
    if (fromSegment && segmentId === null) return setProblem(ts('campaign.required'));
    setProblem(null);
    const clients = fromSegment && segmentId !== null ? { segmentId } : { filter: filterOf(filters) };
    create.mutate({ name: name.trim(), ...clients, priority, ...settingsOf(draft) }, { onSuccess: onCreated });
  };

  return (
    <Modal title={t('form.title')} onClose={onClose}>
      <form className="form campaign-form" onSubmit={submit}>
        {problem && <Alert>{problem}</Alert>}
        {create.isError && <Alert>{errorText(create.error)}</Alert>}
        <Field label={`${t('form.name')} *`}>{(id) => <input id={id} maxLength={200} placeholder={t('form.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}</Field>
        <fieldset className="campaign-fieldset">
          <legend>{t('form.clients')}</legend>
          <div className="segmented segment-source" role="group" aria-label={ts('campaign.source')}>
            {[false, true].map((bySegment) => (
              <button key={String(bySegment)} type="button" className="segment" aria-pressed={fromSegment === bySegment} onClick={() => setFromSegment(bySegment)} data-testid={bySegment ? 'campaign-from-segment' : 'campaign-from-filter'}>
                {ts(bySegment ? 'campaign.bySegment' : 'campaign.byFilter')}
              </button>
            ))}
          </div>
          {fromSegment ? (
            <SegmentPicker value={segmentId} onChange={setSegmentId} label={ts('campaign.segment')} noneLabel={ts('campaign.pick')} />
          ) : (
            <ClientFiltersBar filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} onReset={() => setFilters(NO_FILTERS)} />
          )}
          <p className="field-hint">
            {fromSegment ? ts('campaign.hint') : t('form.clientsHint')}{' '}
            <strong data-testid="campaign-matches">{fromSegment ? (segment?.count != null ? t('form.matches', { count: segment.count }) : '') : matches.data ? t('form.matches', { count: matches.data.total }) : '…'}</strong>
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
