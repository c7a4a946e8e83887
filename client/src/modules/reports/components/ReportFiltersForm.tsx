import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/Field';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUsers } from '../../users/hooks/use-users';
import type { ReportFilters, ReportKind } from '../api/reports.types';
import { dayOf, lastDays, lastMonth, thisMonth } from '../hooks/report-filters';

export type ReportFiltersFormProps = {
  kind: ReportKind;
  filters: ReportFilters;
  onChange: (next: Partial<ReportFilters>) => void;
};

/** The period (not for tails), team and operator (not for sources), and the tails' days. */
export function ReportFiltersForm({ kind, filters, onChange }: ReportFiltersFormProps) {
  const { t } = useTranslation('reports');
  const { teams } = useTeams();
  const { users } = useUsers();
  const [draft, setDraft] = useState({ from: filters.from, to: filters.to, days: String(filters.days) });
  const valid = draft.from !== '' && draft.to !== '' && draft.from <= draft.to;
  const days = Number(draft.days);
  const daysValid = Number.isInteger(days) && days >= 0 && days <= 365;
  const operators = users.filter((u) => u.role === 'operator' || u.role === 'supervisor').filter((u) => filters.teamId === null || u.teamId === filters.teamId);
  const today = dayOf(new Date());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'tails') {
      if (daysValid) onChange({ days });
    } else if (valid) onChange({ from: draft.from, to: draft.to });
  };
  const preset = (p: { from: string; to: string }) => {
    setDraft((d) => ({ ...d, ...p }));
    onChange(p);
  };

  return (
    <section className="panel">
      <form className="rp-filters" onSubmit={submit} aria-label={t('filters.label')}>
        {kind !== 'tails' ? (
          <>
            <Field label={t('filters.from')}>{(id) => <input id={id} type="date" max={today} value={draft.from} onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} required />}</Field>
            <Field label={t('filters.to')}>{(id) => <input id={id} type="date" value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} required />}</Field>
          </>
        ) : (
          <Field label={t('filters.days')}>{(id) => <input id={id} type="number" min={0} max={365} step={1} value={draft.days} onChange={(e) => setDraft((d) => ({ ...d, days: e.target.value }))} required className="rp-days" />}</Field>
        )}
        {kind !== 'sources' && (
          <>
            <Field label={t('filters.team')}>
              {(id) => (
                <select id={id} value={filters.teamId ?? ''} onChange={(e) => onChange({ teamId: e.target.value ? Number(e.target.value) : null, operatorId: null })}>
                  <option value="">{t('filters.all')}</option>
                  {teams.map((team) => (
                    <option key={team.id} value={team.id}>
                      {team.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('filters.operator')}>
              {(id) => (
                <select id={id} value={filters.operatorId ?? ''} onChange={(e) => onChange({ operatorId: e.target.value ? Number(e.target.value) : null })}>
                  <option value="">{t('filters.all')}</option>
                  {operators.map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        <button type="submit" className="btn btn-primary" disabled={kind === 'tails' ? !daysValid : !valid}>
          {t('filters.show')}
        </button>
        {kind !== 'tails' && (
          <div className="rp-presets" role="group" aria-label={t('filters.label')}>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => preset(lastDays(7))}>
              {t('filters.last7')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => preset(thisMonth())}>
              {t('filters.thisMonth')}
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => preset(lastMonth())}>
              {t('filters.lastMonth')}
            </button>
          </div>
        )}
      </form>
      {kind !== 'tails' && (
        <p className={valid ? 'field-hint' : 'field-hint rp-invalid'} role={valid ? undefined : 'alert'}>
          {valid ? t('filters.hint') : t('filters.invalid')}
        </p>
      )}
    </section>
  );
}
