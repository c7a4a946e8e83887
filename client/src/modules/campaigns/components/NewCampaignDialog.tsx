import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { CheckboxGroup } from '../../../ui/CheckboxGroup';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { ClientFiltersBar } from '../../clients/components/ClientFiltersBar';
import { toListQuery, type ClientFilters } from '../../clients/hooks/use-client-filters';
import { useClientList } from '../../clients/hooks/use-client-list';
import { CAMPAIGN_PRIORITIES, type Campaign, type CampaignPriority } from '../api/campaigns.api';
import { useCreateCampaign } from '../hooks/use-campaigns';
import { dayKey, WEEKDAYS } from './days';

export type NewCampaignDialogProps = { onClose: () => void; onCreated: (campaign: Campaign) => void };

const NO_FILTERS: ClientFilters = { q: '', classes: [], stage: null, tier: null, source: '', ownerId: null, tag: '', sort: 'name', order: 'asc', page: 1 };
/** Half-hour steps; the window may end at 24:00 (midnight) or wrap past it. */
const TIMES = Array.from({ length: 49 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
export const PLACEHOLDERS = ['{{name}}', '{{organization}}', '{{position}}', '{{phone}}'];

/** The client list's query for these filters, as the campaign's `filter` (no paging, no sort). */
export function filterOf(filters: ClientFilters): Record<string, string> {
  const { limit: _l, offset: _o, sort: _s, order: _r, ...query } = toListQuery(filters);
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
}

/** A new campaign: name, which clients (the client list's filters, with how many match now), calling rules, script. */
export function NewCampaignDialog({ onClose, onCreated }: NewCampaignDialogProps) {
  const { t } = useTranslation('campaigns');
  const errorText = useErrorText();
  const create = useCreateCampaign();
  const [name, setName] = useState('');
  const [filters, setFilters] = useState<ClientFilters>(NO_FILTERS);
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('21:00');
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5, 6, 7]);
  const [maxAttempts, setMaxAttempts] = useState(5);
  const [priority, setPriority] = useState<CampaignPriority>('class');
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [script, setScript] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const matches = useClientList({ ...toListQuery(filters), limit: 1, offset: 0 });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('form.nameRequired'));
    if (days.length === 0) return setProblem(t('form.daysRequired'));
    if (from === to) return setProblem(t('form.sameHours'));
    setProblem(null);
    create.mutate(
      { name: name.trim(), filter: filterOf(filters), callingHours: { from, to }, days: [...days].sort(), maxAttempts, priority, script: script.trim() || null, startsOn: startsOn || null, endsOn: endsOn || null },
      { onSuccess: onCreated },
    );
  };

  return (
    <Modal title={t('form.title')} onClose={onClose}>
      <form className="form campaign-form" onSubmit={submit}>
        {problem && <Alert>{problem}</Alert>}
        {create.isError && <Alert>{errorText(create.error)}</Alert>}
        <Field label={`${t('form.name')} *`}>{(id) => <input id={id} maxLength={200} placeholder={t('form.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} autoFocus />}</Field>
        <fieldset className="campaign-fieldset">
          <legend>{t('form.clients')}</legend>
          <ClientFiltersBar filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} onReset={() => setFilters(NO_FILTERS)} />
          <p className="field-hint">
            {t('form.clientsHint')} <strong data-testid="campaign-matches">{matches.data ? t('form.matches', { count: matches.data.total }) : '…'}</strong>
          </p>
        </fieldset>
        <div className="form-row">
          <Field label={t('form.from')} hint={t('form.hoursHint')}>
            {(id, hint) => (
              <select id={id} aria-describedby={hint} value={from} onChange={(e) => setFrom(e.target.value)}>
                {TIMES.slice(0, -1).map((h) => (
                  <option key={h}>{h}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('form.to')}>
            {(id) => (
              <select id={id} value={to} onChange={(e) => setTo(e.target.value)}>
                {TIMES.slice(1).map((h) => (
                  <option key={h}>{h}</option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <CheckboxGroup legend={t('form.days')} options={WEEKDAYS.map((d) => ({ value: d as number, label: t(dayKey(d)) }))} value={days} onChange={setDays} />
        <div className="form-row">
          <Field label={t('form.maxAttempts')}>
            {(id) => <input id={id} type="number" min={1} max={20} value={maxAttempts} onChange={(e) => setMaxAttempts(Math.min(20, Math.max(1, Number(e.target.value) || 1)))} />}
          </Field>
          <Field label={t('form.priority')}>
            {(id) => (
              <select id={id} value={priority} onChange={(e) => setPriority(CAMPAIGN_PRIORITIES.find((p) => p === e.target.value) ?? 'none')}>
                {CAMPAIGN_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {t(`priority.${p}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t('form.startsOn')}>{(id) => <input id={id} type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />}</Field>
          <Field label={t('form.endsOn')}>{(id) => <input id={id} type="date" min={startsOn || undefined} value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />}</Field>
        </div>
        <Field
          label={t('form.script')}
          hint={
            <>
              {t('form.scriptHint')} {PLACEHOLDERS.map((p) => <code key={p}>{p} </code>)}
            </>
          }
        >
          {(id, hint) => <textarea id={id} aria-describedby={hint} rows={5} maxLength={20_000} placeholder={t('form.scriptPlaceholder')} value={script} onChange={(e) => setScript(e.target.value)} />}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('form.submit')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
