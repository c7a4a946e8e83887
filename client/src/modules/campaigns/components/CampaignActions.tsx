import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import type { Campaign } from '../api/campaigns.api';
import { useSetCampaignStatus, type CampaignVerb } from '../hooks/use-campaigns';

export type CampaignActionsProps = { campaign: Campaign };

/** Start (or resume), pause and stop: the manager's buttons, as the campaign's status allows. */
export function CampaignActions({ campaign }: CampaignActionsProps) {
  const { t } = useTranslation('campaigns');
  const set = useSetCampaignStatus();
  const errorText = useErrorText();
  const busy = set.isPending;
  const run = (verb: CampaignVerb) => {
    if (verb === 'stop' && !window.confirm(t('actions.stopConfirm', { name: campaign.name }))) return;
    set.mutate({ id: campaign.id, verb });
  };
  const { status } = campaign;
  return (
    <>
      {(status === 'draft' || status === 'paused') && (
        <button type="button" className="btn btn-primary btn-sm" disabled={busy} onClick={() => run('start')}>
          {status === 'draft' ? t('actions.start') : t('actions.resume')}
        </button>
      )}
      {status === 'running' && (
        <button type="button" className="btn btn-secondary btn-sm" disabled={busy} onClick={() => run('pause')}>
          {t('actions.pause')}
        </button>
      )}
      {status !== 'stopped' && (
        <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => run('stop')}>
          {t('actions.stop')}
        </button>
      )}
      {set.isError && (
        <span className="call-result call-result-error" role="alert">
          {errorText(set.error)}
        </span>
      )}
    </>
  );
}
