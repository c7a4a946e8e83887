import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../i18n/i18n';
import { CheckboxGroup } from '../../../ui/CheckboxGroup';
import { Field } from '../../../ui/Field';
import { useDispositionLabel, useDispositions } from '../../calls/hooks/use-dispositions';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUsers } from '../../users/hooks/use-users';
import { CAMPAIGN_MODES } from '../api/campaigns.api';
import { dayKey, WEEKDAYS } from './days';
import { MAX_RETRY_MINUTES, RETRY_CODES, type SettingsDraft } from './settings-draft';

export type CampaignSettingsFieldsProps = { value: SettingsDraft; onChange: (patch: Partial<SettingsDraft>) => void };

/** Half-hour steps; the window may end at 24:00 (midnight) or wrap past it. */
const TIMES = Array.from({ length: 49 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
export const PLACEHOLDERS = ['{{name}}', '{{organization}}', '{{position}}', '{{phone}}'];

/**
 * A campaign's settings as form fields, shared by the new-campaign and the settings dialogs: who works
 * it, how (preview or progressive), when, how often a client is tried again and after which results
 * they are done, and the script.
 */
export function CampaignSettingsFields({ value, onChange }: CampaignSettingsFieldsProps) {
  return (
    <>
      <WorkersFields value={value} onChange={onChange} />
      <ModeField value={value} onChange={onChange} />
      <CallingTimeFields value={value} onChange={onChange} />
      <AttemptRulesFields value={value} onChange={onChange} />
      <ScriptField value={value} onChange={onChange} />
    </>
  );
}

/** The team and the operators who work the campaign (neither: every operator). */
function WorkersFields({ value, onChange }: CampaignSettingsFieldsProps) {
  const { t } = useTranslation('campaigns');
  const { teams } = useTeams();
  const { users } = useUsers();
  // Operators still listed but since deactivated stay visible, so they can be taken off.
  const operators = users.filter((u) => u.role === 'operator' && (u.active || value.operatorIds.includes(u.id)));
  return (
    <fieldset className="campaign-fieldset">
      <legend>{t('form.workers')}</legend>
      <Field label={t('form.team')}>
        {(id) => (
          <select id={id} value={value.teamId ?? ''} onChange={(e) => onChange({ teamId: e.target.value ? Number(e.target.value) : null })}>
            <option value="">{t('form.noTeam')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <CheckboxGroup
        legend={t('form.operators')}
        options={operators.map((u) => ({ value: u.id, label: u.name }))}
        value={value.operatorIds}
        onChange={(operatorIds) => onChange({ operatorIds })}
        hint={value.teamId === null && value.operatorIds.length === 0 ? t('form.everyone') : t('form.workersHint')}
      />
    </fieldset>
  );
}

function ModeField({ value, onChange }: CampaignSettingsFieldsProps) {
  const { t } = useTranslation('campaigns');
  return (
    <fieldset className="campaign-fieldset campaign-modes">
      <legend>{t('form.mode')}</legend>
      {CAMPAIGN_MODES.map((m) => (
        <label key={m} className="campaign-mode">
          <input type="radio" name="campaign-mode" value={m} checked={value.mode === m} onChange={() => onChange({ mode: m })} />
          <span>
            <strong>{t(`mode.${m}`)}</strong>
            <span className="field-hint">{t(`mode.${m}Hint`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function CallingTimeFields({ value, onChange }: CampaignSettingsFieldsProps) {
  const { t } = useTranslation('campaigns');
  return (
    <>
      <div className="form-row">
        <Field label={t('form.from')} hint={t('form.hoursHint')}>
          {(id, hint) => (
            <select id={id} aria-describedby={hint} value={value.from} onChange={(e) => onChange({ from: e.target.value })}>
              {TIMES.slice(0, -1).map((h) => (
                <option key={h}>{h}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('form.to')}>
          {(id) => (
            <select id={id} value={value.to} onChange={(e) => onChange({ to: e.target.value })}>
              {TIMES.slice(1).map((h) => (
                <option key={h}>{h}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <CheckboxGroup legend={t('form.days')} options={WEEKDAYS.map((d) => ({ value: d as number, label: t(dayKey(d)) }))} value={value.days} onChange={(days) => onChange({ days })} />
      <div className="form-row">
        <Field label={t('form.startsOn')}>{(id) => <input id={id} type="date" value={value.startsOn} onChange={(e) => onChange({ startsOn: e.target.value })} />}</Field>
        <Field label={t('form.endsOn')}>{(id) => <input id={id} type="date" min={value.startsOn || undefined} value={value.endsOn} onChange={(e) => onChange({ endsOn: e.target.value })} />}</Field>
      </div>
    </>
  );
}

/** A number field's text as whole minutes (NaN while it is empty or not a number: the form then says so). */
const minutesOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** Attempts per client, the wait before another attempt after each result, and the results that end a client's part. */
function AttemptRulesFields({ value, onChange }: CampaignSettingsFieldsProps) {
  const { t, i18n } = useTranslation('campaigns');
  const lang = isLanguage(i18n.language) ? i18n.language : 'ru';
  const dispositions = useDispositions();
  const label = useDispositionLabel();
  const [adding, setAdding] = useState('');
  const active = dispositions.data?.items ?? [];
  const codeName = (code: string) => (code === 'default' ? t('form.retryDefault') : label(code));
  // busy, no answer and "any other" always; the manager may give other codes their own wait.
  const shown = [...RETRY_CODES.filter((c) => c !== 'default'), ...Object.keys(value.retry).filter((c) => !(RETRY_CODES as readonly string[]).includes(c)), 'default'];
  const addable = active.filter((d) => !(d.code in value.retry) && !value.finalCodes.includes(d.code));
  const setRetry = (code: string, minutes: number) => onChange({ retry: { ...value.retry, [code]: minutes } });
  const dropRetry = (code: string) => onChange({ retry: Object.fromEntries(Object.entries(value.retry).filter(([c]) => c !== code)) });
  return (
    <fieldset className="campaign-fieldset">
      <legend>{t('form.attempts')}</legend>
      <Field label={t('form.maxAttempts')}>
        {(id) => <input id={id} type="number" min={1} max={20} value={value.maxAttempts} onChange={(e) => onChange({ maxAttempts: Math.min(20, Math.max(1, Number(e.target.value) || 1)) })} />}
      </Field>
      <div className="campaign-retry" role="group" aria-labelledby="campaign-retry-title">
        <p className="field-label" id="campaign-retry-title">
          {t('form.retry')}
        </p>
        <p className="field-hint">{t('form.retryHint')}</p>
        <div className="campaign-retry-rows">
          {shown.map((code) => (
            <div key={code} className="campaign-retry-row" data-code={code}>
              <Field label={codeName(code)}>
                {(id) => (
                  <span className="campaign-minutes">
                    <input
                      id={id}
                      type="number"
                      min={1}
                      max={MAX_RETRY_MINUTES}
                      step={1}
                      value={Number.isNaN(value.retry[code]) ? '' : (value.retry[code] ?? '')}
                      aria-invalid={!Number.isInteger(value.retry[code]) || (value.retry[code] ?? 0) < 1}
                      onChange={(e) => setRetry(code, minutesOf(e.target.value))}
                    />
                    <span className="muted">{t('form.minutes')}</span>
                  </span>
                )}
              </Field>
              {!(RETRY_CODES as readonly string[]).includes(code) && (
                <button type="button" className="btn btn-ghost btn-sm" aria-label={t('form.retryRemove', { name: codeName(code) })} onClick={() => dropRetry(code)}>
                  ✕
                </button>
              )}
            </div>
          ))}
        </div>
        {addable.length > 0 && (
          <div className="campaign-retry-add">
            <Field label={t('form.retryAdd')}>
              {(id) => (
                <select id={id} value={adding} onChange={(e) => setAdding(e.target.value)}>
                  <option value="">{t('form.retryPick')}</option>
                  {addable.map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.names[lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              type="button"
              className="btn btn-secondary btn-sm"
              disabled={!adding}
              onClick={() => {
                setRetry(adding, value.retry.default ?? 240);
                setAdding('');
              }}
            >
              {t('form.retryAddButton')}
            </button>
          </div>
        )}
      </div>
      <CheckboxGroup
        legend={t('form.finalCodes')}
        options={active.map((d) => ({ value: d.code, label: d.names[lang] }))}
        value={value.finalCodes}
        onChange={(finalCodes) => onChange({ finalCodes })}
        hint={t('form.finalCodesHint')}
        disabled={dispositions.isPending}
      />
    </fieldset>
  );
}

function ScriptField({ value, onChange }: CampaignSettingsFieldsProps) {
  const { t } = useTranslation('campaigns');
  return (
    <Field
      label={t('form.script')}
      hint={
        <>
          {t('form.scriptHint')} {PLACEHOLDERS.map((p) => <code key={p}>{p} </code>)}
        </>
      }
    >
      {(id, hint) => <textarea id={id} aria-describedby={hint} rows={5} maxLength={20_000} placeholder={t('form.scriptPlaceholder')} value={value.script} onChange={(e) => onChange({ script: e.target.value })} />}
    </Field>
  );
}
