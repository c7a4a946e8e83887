import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../app/api-client';
import { useErrorText } from '../i18n/error-text';
import { ClientCallbacksSection } from '../modules/callbacks/components/ClientCallbacksSection';
import { CallHistory } from '../modules/calls/components/CallHistory';
import { ClientDetails } from '../modules/clients/components/ClientDetails';
import { ClientEditForm } from '../modules/clients/components/ClientEditForm';
import { ClientSummary } from '../modules/clients/components/ClientSummary';
import { useClient } from '../modules/clients/hooks/use-client';
import { DealsSection } from '../modules/deals/components/DealsSection';
import { DuplicatesPanel } from '../modules/duplicates/components/DuplicatesPanel';
import { ClientMessagesSection } from '../modules/messaging/components/ClientMessagesSection';
import { NotesSection } from '../modules/notes/components/NotesSection';
import { OrganizationPeopleSection } from '../modules/organizations/components/OrganizationPeopleSection';
import { ClientTasksSection } from '../modules/tasks/components/ClientTasksSection';
import { Alert } from '../ui/Alert';
import { EmptyState } from '../ui/EmptyState';
import { Spinner } from '../ui/Spinner';
import { Tabs } from '../ui/Tabs';

type Tab = 'people' | 'calls' | 'callbacks' | 'tasks' | 'deals' | 'notes' | 'messages';

export function ClientCardPage() {
  const { t } = useTranslation();
  const { t: td } = useTranslation('desk');
  const { t: to } = useTranslation('organizations');
  const { t: tm } = useTranslation('messaging');
  const { t: tt } = useTranslation('tasks');
  const errorText = useErrorText();
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const client = useClient(valid ? id : 0);
  const [editing, setEditing] = useState(false);
  const [picked, setTab] = useState<Tab | null>(null);

  const back = (
    <Link to="/clients" className="back-link">
      ← {t('card.back')}
    </Link>
  );

  if (!valid || (client.isError && isApiError(client.error) && (client.error.status === 404 || client.error.status === 400))) {
    return (
      <div className="page">
        {back}
        <EmptyState title={t('notFound.title')} text={t('card.notFound')} />
      </div>
    );
  }
  if (client.isPending) return <Spinner />;
  if (client.isError) return <div className="page">{back}<Alert>{errorText(client.error)}</Alert></div>;

  const c = client.data;
  const org = c.kind === 'organization';
  // An organization opens on its people (who to ask for); a person on their calls.
  const tab: Tab = picked === 'people' && !org ? 'calls' : (picked ?? (org ? 'people' : 'calls'));
  return (
    <div className="page" key={c.id}>
      {back}
      <ClientSummary client={c} />
      <DuplicatesPanel client={c} />
      <div className="card-grid">
        <section className="panel" aria-labelledby="client-details-title">
          <div className="panel-header">
            <h2 className="panel-title" id="client-details-title">
              {editing ? t('card.editTitle') : t('card.details')}
            </h2>
            {!editing && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </button>
            )}
          </div>
          {editing ? <ClientEditForm client={c} onDone={() => setEditing(false)} /> : <ClientDetails client={c} />}
        </section>
        <section className="panel">
          <Tabs<Tab>
            label={t('card.tabs.label')}
            active={tab}
            onChange={setTab}
            tabs={[
              ...(org ? [{ key: 'people' as const, label: to('peopleTab') }] : []),
              { key: 'calls', label: t('card.tabs.calls') },
              { key: 'callbacks', label: td('cardCallbacks.tab') },
              { key: 'tasks', label: tt('card.tab') },
              { key: 'deals', label: t('card.tabs.deals') },
              { key: 'notes', label: t('card.tabs.notes') },
              { key: 'messages', label: tm('card.tab') },
            ]}
          >
            {tab === 'people' && <OrganizationPeopleSection organization={c} />}
            {tab === 'calls' && <CallHistory clientId={c.id} organization={org} />}
            {tab === 'callbacks' && <ClientCallbacksSection clientId={c.id} organization={org} />}
            {tab === 'tasks' && <ClientTasksSection client={c} />}
            {tab === 'deals' && <DealsSection clientId={c.id} />}
            {tab === 'notes' && <NotesSection clientId={c.id} />}
            {tab === 'messages' && <ClientMessagesSection client={c} />}
          </Tabs>
        </section>
      </div>
    </div>
  );
}
