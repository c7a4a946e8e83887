import { useTranslation } from 'react-i18next';
import { DebouncedInput } from '../../../ui/DebouncedInput';
import { useUsers } from '../../users/hooks/use-users';

/** The kinds of object the audit log holds. */
export const AUDIT_ENTITIES = ['client', 'user', 'team', 'callback', 'routing_rule', 'deal', 'note', 'call', 'setting', 'auth', 'disposition', 'report', 'import', 'dnc'] as const;

/** The filters as the page keeps them in its address: days are local calendar days (YYYY-MM-DD), `to` inclusive. */
export type AuditFilterValues = { actorId: number | null; entity: string; entityId: string; from: string; to: string };

export const ENTITY_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export type AuditFiltersBarProps = {
  filters: AuditFilterValues;
  onChange: (patch: Partial<AuditFilterValues>) => void;
  onReset: () => void;
  /** Why the current filters cannot be applied, if they cannot. */
  problem: string | null;
};

/** Filters of the audit log: who, which object (type and id), and from which day to which. */
export function AuditFiltersBar({ filters, onChange, onReset, problem }: AuditFiltersBarProps) {
  const { t } = useTranslation('audit');
  const { users } = useUsers();
  const active = filters.actorId !== null || filters.entity !== '' || filters.from !== '' || filters.to !== '';
  return (
    <div className="filters audit-filters" role="group" aria-label={t('filters.label')}>
      <select aria-label={t('filters.actor')} value={filters.actorId ?? ''} onChange={(e) => onChange({ actorId: Number(e.target.value) || null })} data-testid="audit-filter-actor">
        <option value="">{t('filters.anyActor')}</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <select aria-label={t('filters.entity')} value={filters.entity} onChange={(e) => onChange({ entity: e.target.value, entityId: e.target.value ? filters.entityId : '' })} data-testid="audit-filter-entity">
        <option value="">{t('filters.anyEntity')}</option>
        {AUDIT_ENTITIES.map((e) => (
          <option key={e} value={e}>
            {t(`entities.${e}`)}
          </option>
        ))}
      </select>
      <DebouncedInput
        type="search"
        className="audit-filter-id"
        maxLength={64}
        aria-label={t('filters.entityId')}
        title={t('filters.entityIdHint')}
        placeholder={t('filters.entityId')}
        disabled={filters.entity === ''}
        value={filters.entityId}
        onValueChange={(entityId) => onChange({ entityId: entityId.trim() })}
        data-testid="audit-filter-id"
      />
      <label className="audit-filter-date">
        <span>{t('filters.from')}</span>
        <input type="date" value={filters.from} max={filters.to || undefined} onChange={(e) => onChange({ from: e.target.value })} data-testid="audit-filter-from" />
      </label>
      <label className="audit-filter-date">
        <span>{t('filters.to')}</span>
        <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => onChange({ to: e.target.value })} data-testid="audit-filter-to" />
      </label>
      {active && (
        <button type="button" className="btn btn-ghost btn-sm" onClick={onReset}>
          {t('filters.reset')}
        </button>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
