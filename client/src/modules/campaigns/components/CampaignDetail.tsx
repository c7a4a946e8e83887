import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { PageHeader } from '../../../ui/PageHeader';
import { Spinner } from '../../../ui/Spinner';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useCampaign } from '../hooks/use-campaigns';
import { CampaignActions } from './CampaignActions';
import { CampaignProgressBars } from './CampaignProgressBars';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { dayKey } from './days';
import { describeFilter } from './filter-text';

export type CampaignDetailProps = { id: number };

/** One campaign: its live progress (read again every few seconds), its settings and the manager's buttons. */
export function CampaignDetail({ id }: CampaignDetailProps) {
  const { t } = useTranslation('campaigns');
  const { t: tt } = useTranslation();
  const errorText = useErrorText();
  const me = useCurrentUser();
  const campaign = useCampaign(id);
  if (campaign.isPending) return <Spinner />;
  if (campaign.isError) return <Alert>{errorText(campaign.error)}</Alert>;
  const c = campaign.data;
  const filter = describeFilter(c.filter, tt);
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
            {hasRole(me.role, 'manager') && <CampaignActions campaign={c} />}
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
        </section>
        <section className="panel" aria-labelledby="campaign-settings-title">
          <div className="panel-header">
            <h2 className="panel-title" id="campaign-settings-title">
              {t('settings.title')}
            </h2>
          </div>
          <dl className="campaign-settings">
            <dt>{t('settings.filter')}</dt>
            <dd>{filter || t('settings.allClients')}</dd>
            <dt>{t('settings.hours')}</dt>
            <dd>{t('settings.hoursValue', { from: c.callingHours.from, to: c.callingHours.to })}</dd>
            <dt>{t('settings.days')}</dt>
            <dd>{c.days.map((d) => t(dayKey(d))).join(', ')}</dd>
            <dt>{t('settings.maxAttempts')}</dt>
            <dd>{c.maxAttempts}</dd>
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
      </div>
    </div>
  );
}
