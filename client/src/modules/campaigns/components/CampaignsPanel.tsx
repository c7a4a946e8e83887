import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { CampaignsList } from './CampaignsList';
import { NewCampaignDialog } from './NewCampaignDialog';
import './campaigns.css';

/** The campaigns with, for managers, the "New campaign" button and its dialog (the page and the administration's tab). */
export function CampaignsPanel() {
  const { t } = useTranslation('campaigns');
  const me = useCurrentUser();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <div className="campaigns-panel" data-testid="campaigns-panel">
      {hasRole(me.role, 'manager') && (
        <div className="campaigns-toolbar">
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            {t('new')}
          </button>
        </div>
      )}
      {created && <Alert tone="success">{created}</Alert>}
      <CampaignsList />
      {creating && (
        <NewCampaignDialog
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(t('form.created', { name: c.name, count: c.progress.total }));
          }}
        />
      )}
    </div>
  );
}
