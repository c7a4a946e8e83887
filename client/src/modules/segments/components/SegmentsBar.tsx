import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { filterOf } from '../../campaigns/components/NewCampaignDialog';
import { hasActiveFilters, type ClientFilters } from '../../clients/hooks/use-client-filters';
import { useSegments } from '../hooks/use-segments';
import { clientFiltersOf } from '../segment-filters';
import { ManageSegmentsDialog } from './ManageSegmentsDialog';
import { SaveSegmentDialog } from './SaveSegmentDialog';
import { SegmentPicker } from './SegmentPicker';

export type SegmentsBarProps = {
  filters: ClientFilters;
  onChange: (patch: Partial<ClientFilters>) => void;
  onReset: () => void;
  /** How many clients the list shows now (all pages), when known. */
  total: number | null;
};

/**
 * The client list's saved segments: pick one to apply its filters, save the current filters as one
 * (supervisors and managers), and rename or delete them.
 */
export function SegmentsBar({ filters, onChange, onReset, total }: SegmentsBarProps) {
  const { t } = useTranslation('segments');
  const me = useCurrentUser();
  const canWrite = hasRole(me.role, 'supervisor');
  const segments = useSegments();
  const [saving, setSaving] = useState(false);
  const [managing, setManaging] = useState(false);

  const apply = (id: number | null) => {
    const segment = id === null ? undefined : segments.data?.find((s) => s.id === id);
    if (segment) onChange(clientFiltersOf(segment.filter, filters, segment.id));
    else onReset();
  };

  return (
    <div className="segments-bar" role="group" aria-label={t('bar.label')}>
      <SegmentPicker value={filters.segmentId} onChange={apply} label={t('picker.label')} showLabel />
      {canWrite && filters.segmentId === null && hasActiveFilters(filters) && (
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => setSaving(true)} data-testid="segment-save">
          {t('save.button')}
        </button>
      )}
      {canWrite && (segments.data?.length ?? 0) > 0 && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => setManaging(true)} data-testid="segments-manage">
          {t('manage.button')}
        </button>
      )}
      {saving && <SaveSegmentDialog filter={filterOf(filters)} count={total} onClose={() => setSaving(false)} onSaved={(s) => { setSaving(false); onChange({ segmentId: s.id }); }} />}
      {managing && <ManageSegmentsDialog onClose={() => setManaging(false)} />}
    </div>
  );
}
