import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { PageHeader } from '../../../ui/PageHeader';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useDispositionLabel } from '../../calls/hooks/use-dispositions';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUserName } from '../../users/hooks/use-users';
import { campaignFileUrl } from '../api/campaigns.api';
import { useCampaign } from '../hooks/use-campaigns';
import { CampaignActions } from './CampaignActions';
import { CampaignProgressBars } from './CampaignProgressBars';
import { CampaignSettingsDialog } from './CampaignSettingsDialog';
import { CampaignStatsPanels } from './CampaignStatsPanels';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { dayKey } from './days';
import { describeFilter } from './filter-text';

export type CampaignDetailProps = { id: number };

/**
 * One campaign: its live progress, the operators' parts and the results (read again every few seconds),
 * its settings; for managers the buttons to run it, change its settings and take its results as a file.
 */
export function CampaignDetail({ id }: CampaignDetailProps) {
  const { t } = useTranslation('campaigns');
  const { t: tt } = useTranslation();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const campaign = useCampaign(id);
  const label = useDispositionLabel();
  const { teamName } = useTeams();
  const userName = useUserName();
  const [editing, setEditing] = useState(false);
  const manager = hasRole(me.role, 'manager');
  if (campaign.isPending) return <Spinner />;
  if (campaign.isError) return <Alert>{errorText(campaign.error)}</Alert>;
  const c = campaign.data;
  const filter = describeFilter(c.filter, tt);
  const workers = [c.teamId !== null ? t('settings.team', { name: teamName(c.teamId) }) : '', c.operatorIds.map(userName).join(', ')].filter(Boolean).join('; ');
  return (
    <div className="page campaign-detail">
      <p>
        <Link to="/campaigns">← {t('actions.back')}</Link>
      </p>
      <PageHeader
        title={c.name}
        subtitle={<CampaignStatusBadge status={c.status} />}
        actions={
          <div className="campaign-card-actions">
            {c.status === 'running' && (
              <Link className="btn btn-primary btn-sm" to={`/campaigns/${c.id}/work`}>
                {t('actions.work')}
              </Link>
            )}
            {manager && c.status !== 'stopped' && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => setEditing(true)}>
                {t('actions.settings')}
              </button>
            )}
            {manager && <CampaignActions campaign={c} />}
          </div>
        }
      />
      <div className="campaign-detail-grid">
        <section className="panel" aria-labelledby="campaign-progress-title">
          <div className="panel-header">
            <h2 className="panel-title" id="campaign-progress-title">
              {t('progress.label')}
            </h2>
            <span className="muted">{t('progress.live')}</span>
          </div>
          <CampaignProgressBars progress={c.progress} detailed />
          {manager && (
            <div className="campaign-exports" role="group" aria-label={t('export.label')}>
              <span className="muted">{t('export.label')}:</span>
              <a className="btn btn-secondary btn-sm" href={campaignFileUrl(c.id, 'csv')} download data-testid="campaign-export-csv">
                {t('export.csv')}
              </a>
              <a className="btn btn-secondary btn-sm" href={campaignFileUrl(c.id, 'xlsx')} download data-testid="campaign-export-xlsx">
                {t('export.xlsx')}
              </a>
            </div>
          )}
        </section>
        <section className="panel" aria-labelledby="campaign-settings-title">
          <div className="panel-header">
            <h2 className="panel-title" id="campaign-settings-title">
              {t('settings.title')}
            </h2>
          </div>
          <dl className="campaign-settings">
            <dt>{t('settings.mode')}</dt>
            <dd data-testid="campaign-mode">{t(`mode.${c.mode === 'progressive' ? 'progressive' : 'preview'}`)}</dd>
            <dt>{t('settings.workers')}</dt>
            <dd>{workers || t('form.everyone')}</dd>
            <dt>{t('settings.filter')}</dt>
            <dd>
              {c.segment && <strong data-testid="campaign-segment">{c.segment.name} · </strong>}
              {filter || t('settings.allClients')}
            </dd>
            <dt>{t('settings.hours')}</dt>
            <dd>{t('settings.hoursValue', { from: c.callingHours.from, to: c.callingHours.to })}</dd>
            <dt>{t('settings.days')}</dt>
            <dd>{c.days.map((d) => t(dayKey(d))).join(', ')}</dd>
            <dt>{t('settings.maxAttempts')}</dt>
            <dd>{c.maxAttempts}</dd>
            <dt>{t('settings.retry')}</dt>
            <dd>
              {Object.entries(c.retry)
                .sort(([a], [b]) => (a === 'default' ? 1 : b === 'default' ? -1 : 0))
                .map(([code, minutes]) => t('settings.retryItem', { name: code === 'default' ? t('form.retryDefault') : label(code), minutes }))
                .join('; ')}
            </dd>
            <dt>{t('settings.finalCodes')}</dt>
            <dd>{c.finalCodes.map(label).join(', ') || '—'}</dd>
            <dt>{t('settings.priority')}</dt>
            <dd>{t(`priority.${c.priority as 'none' | 'class' | 'potential'}`)}</dd>
            {(c.startsOn || c.endsOn) && (
              <>
                <dt>{t('settings.dates')}</dt>
                <dd>
                  {c.startsOn ?? '…'} — {c.endsOn ?? '…'}
                </dd>
              </>
            )}
            <dt>{t('settings.script')}</dt>
            <dd className="campaign-script-text">{c.script ?? t('settings.noScript')}</dd>
          </dl>
        </section>
        <CampaignStatsPanels id={c.id} />
      </div>
      {editing && <CampaignSettingsDialog campaign={c} onClose={() => setEditing(false)} />}
    </div>
  );
}
