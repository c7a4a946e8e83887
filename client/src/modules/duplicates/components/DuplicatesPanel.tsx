import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatPhone } from '../../../ui/format-phone';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import type { Client } from '../../clients/api/client.types';
import { useClientDuplicates } from '../hooks/use-duplicates';
import { MergeDialog } from './MergeDialog';
import { ReasonBadges } from './ReasonBadges';
import '../duplicates.css';

export type DuplicatesPanelProps = { client: Client };

/** The card's "Possible duplicates": shown only when there are some; managers merge from here. */
export function DuplicatesPanel({ client }: DuplicatesPanelProps) {
  const { t } = useTranslation('duplicates');
  const me = useCurrentUser();
  const navigate = useNavigate();
  const duplicates = useClientDuplicates(client.id);
  const [merging, setMerging] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const canMerge = hasRole(me.role, 'manager');
  const items = duplicates.data?.items ?? [];

  const dialog = merging !== null && (
    <MergeDialog
      survivorId={client.id}
      duplicateId={merging}
      onClose={() => setMerging(null)}
      onMerged={(result, name) => {
        setMerging(null);
        setDone(t('merge.done', { name, into: result.client.name }));
        if (result.client.id !== client.id) void navigate(`/clients/${result.client.id}`);
      }}
    />
  );
  if (items.length === 0) return done || dialog ? <>{done && <Alert tone="success">{done}</Alert>}{dialog}</> : null;
  return (
    <section className="panel duplicates-panel" aria-labelledby="duplicates-panel-title" data-testid="duplicates-panel">
      <div className="panel-header">
        <h2 className="panel-title" id="duplicates-panel-title">
          {t('panel.title')} <Badge tone="amber">{items.length}</Badge>
        </h2>
      </div>
      <p className="muted duplicates-hint">
        {t('panel.hint')} {!canMerge && t('panel.askManager')}
      </p>
      {done && <Alert tone="success">{done}</Alert>}
      <ul className="duplicate-list">
        {items.map((d) => (
          <li key={d.client.id} className="duplicate-item" data-testid="duplicate-item">
            <div className="duplicate-main">
              <Link to={`/clients/${d.client.id}`} className="duplicate-name">
                {d.client.name}
              </Link>
              <ReasonBadges reasons={d.reasons} score={d.score} />
              <p className="duplicate-line muted">
                {[...d.client.phones.map((p) => formatPhone(p.e164 ?? p.raw)), ...d.client.emails].join(' · ') || '—'}
              </p>
            </div>
            {canMerge && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMerging(d.client.id)} data-testid="duplicate-merge">
                {t('panel.merge')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {dialog}
    </section>
  );
}
