import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import type { Campaign } from '../api/campaigns.api';
import { useUpdateCampaign } from '../hooks/use-campaigns';
import { CampaignSettingsFields } from './CampaignSettingsFields';
import { changedSettings, draftOf, draftProblem, type SettingsDraft } from './settings-draft';
import { useSettingsErrorText } from './settings-error-text';

export type CampaignSettingsDialogProps = { campaign: Campaign; onClose: () => void };

/** The manager changes a campaign's settings while it runs (not its clients): only what changed is sent. */
export function CampaignSettingsDialog({ campaign, onClose }: CampaignSettingsDialogProps) {
  const { t } = useTranslation('campaigns');
  const errorText = useSettingsErrorText();
  const update = useUpdateCampaign(campaign.id);
  const [name, setName] = useState(campaign.name);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(campaign));
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('form.nameRequired'));
    const wrong = draftProblem(draft);
    if (wrong) return setProblem(t(wrong));
    setProblem(null);
    const patch = changedSettings(campaign, name.trim(), draft);
    if (Object.keys(patch).length === 0) return onClose();
    update.mutate(patch, { onSuccess: onClose });
  };

  return (
    <Modal title={t('settingsForm.title')} onClose={onClose}>
      <form className="form campaign-form" onSubmit={submit} data-testid="campaign-settings-form">
        <p className="field-hint">{t('settingsForm.hint')}</p>
        {problem && <Alert>{problem}</Alert>}
        {update.isError && <Alert>{errorText(update.error)}</Alert>}
        <Field label={`${t('form.name')} *`}>{(id) => <input id={id} maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <CampaignSettingsFields value={draft} onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))} />
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={update.isPending}>
            {update.isPending ? t('settingsForm.saving') : t('settingsForm.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
