import { useTranslation } from 'react-i18next';
import { DebouncedInput } from '../../../ui/DebouncedInput';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useUsers } from '../../users/hooks/use-users';
import { ABC_CLASSES, KNOWN_SOURCES, STAGES, TIERS, type AbcClass } from '../api/client.types';
import { hasActiveFilters, type ClientFilters } from '../hooks/use-client-filters';
import { useSourceLabel } from '../hooks/use-source-label';

export type ClientFiltersBarProps = {
  filters: ClientFilters;
  onChange: (patch: Partial<ClientFilters>) => void;
  onReset: () => void;
};

export function ClientFiltersBar({ filters, onChange, onReset }: ClientFiltersBarProps) {
  const { t } = useTranslation();
  const sourceLabel = useSourceLabel();
  const me = useCurrentUser();
  const { users } = useUsers();
  const owners = users.filter((u) => u.active && u.id !== me.id);

  const toggleClass = (cls: AbcClass) => {
    const classes = filters.classes.includes(cls) ? filters.classes.filter((c) => c !== cls) : [...filters.classes, cls].sort();
    onChange({ classes });
  };

  return (
    <div className="filters" role="group" aria-label={t('clients.filters.label')}>
      <div className="segmented" role="group" aria-label={t('field.class')}>
        {ABC_CLASSES.map((cls) => (
          <button key={cls} type="button" className="segment" aria-pressed={filters.classes.includes(cls)} onClick={() => toggleClass(cls)} title={t('abc.label', { cls })}>
            {cls}
          </button>
        ))}
      </div>
      <select aria-label={t('field.stage')} value={filters.stage ?? ''} onChange={(e) => onChange({ stage: STAGES.find((s) => s === e.target.value) ?? null })}>
        <option value="">{t('clients.filters.anyStage')}</option>
        {STAGES.map((s) => (
          <option key={s} value={s}>
            {t(`stage.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('field.tier')} value={filters.tier ?? ''} onChange={(e) => onChange({ tier: TIERS.find((s) => s === e.target.value) ?? null })}>
        <option value="">{t('clients.filters.anyTier')}</option>
        {TIERS.map((s) => (
          <option key={s} value={s}>
            {t(`tier.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('field.source')} value={filters.source} onChange={(e) => onChange({ source: e.target.value })}>
        <option value="">{t('clients.filters.anySource')}</option>
        {KNOWN_SOURCES.map((s) => (
          <option key={s} value={s}>
            {sourceLabel(s)}
          </option>
        ))}
      </select>
      <select aria-label={t('field.owner')} value={filters.ownerId ?? ''} onChange={(e) => onChange({ ownerId: Number(e.target.value) || null })}>
        <option value="">{t('clients.filters.anyOwner')}</option>
        <option value={me.id}>{t('clients.filters.ownerMe')}</option>
        {hasRole(me.role, 'supervisor') &&
          owners.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
      </select>
      <DebouncedInput
        type="search"
        className="filter-tag"
        maxLength={64}
        aria-label={t('field.tags')}
        placeholder={t('clients.filters.tagPlaceholder')}
        value={filters.tag}
        onValueChange={(tag) => onChange({ tag: tag.toLowerCase() })}
      />
      {hasActiveFilters(filters) && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={onReset}>
          {t('clients.filters.reset')}
        </button>
      )}
    </div>
  );
}
