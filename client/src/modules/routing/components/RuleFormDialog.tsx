import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../ui/Alert';
import { CheckboxGroup } from '../../../ui/CheckboxGroup';
import { Field } from '../../../ui/Field';
import { Modal } from '../../../ui/Modal';
import { ABC_CLASSES, KNOWN_SOURCES, SYSTEM_SOURCES, TIERS } from '../../clients/api/client.types';
import { useSourceLabel } from '../../clients/hooks/use-source-label';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUsers } from '../../users/hooks/use-users';
import { ACTION_TYPES, MAX_GRACE_MINUTES, MAX_REASSIGNMENTS, type Rule, type RuleInput } from '../api/routing.types';
import { useDryRun } from '../hooks/use-dry-run';
import { useCreateRule, useUpdateRule } from '../hooks/use-rules';
import { useRuleSummary } from '../hooks/use-rule-summary';
import { DryRunResults } from './DryRunResults';
import { PeopleOptions } from './PeopleOptions';
import { draftOf, GRACE_UNITS, newDraft, toRuleInput, UNIT_MINUTES, type DraftProblem, type RuleDraft } from './rule-draft';
import { RuleFormError } from './RuleFormError';
import { WorkingHoursFields } from './WorkingHoursFields';
import './routing.css';

export type RuleFormDialogProps = {
  /** The rule to edit, or null for a new one. */
  rule: Rule | null;
  onClose: () => void;
  onSaved: (rule: Rule) => void;
};

const LABELLED_SOURCES = [...KNOWN_SOURCES, ...SYSTEM_SOURCES];

/**
 * Creates or edits a routing rule: which callbacks, after how long, to whom, when. The draft can be tried
 * with a dry run before it is saved; its plain-words summary follows every change.
 */
export function RuleFormDialog({ rule, onClose, onSaved }: RuleFormDialogProps) {
  const { t } = useTranslation('routing');
  const { t: tc } = useTranslation();
  const { teams } = useTeams();
  const { users } = useUsers();
  const sourceLabel = useSourceLabel();
  const summary = useRuleSummary();
  const create = useCreateRule();
  const update = useUpdateRule();
  const dryRun = useDryRun();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftOf(rule) : newDraft()));
  const [problems, setProblems] = useState<DraftProblem[]>([]);
  const resultsRef = useRef<HTMLDivElement>(null);
  const saving = create.isPending || update.isPending;
  const saveError = create.error ?? update.error;

  const set = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    // A dry run answers for the draft it was asked about: any change makes it stale.
    dryRun.reset();
    setProblems([]);
  };

  const checked = (): RuleInput | null => {
    const result = toRuleInput(draft);
    setProblems(result.problems);
    return result.input;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = checked();
    if (!input) return;
    if (rule) update.mutate({ rule, change: input }, { onSuccess: onSaved });
    else create.mutate(input, { onSuccess: onSaved });
  };

  const runDraft = () => {
    const input = checked();
    if (input) dryRun.mutate(input);
  };

  useEffect(() => {
    if (dryRun.data) resultsRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [dryRun.data]);

  const preview = useMemo(() => {
    const { input } = toRuleInput(draft);
    if (!input) return null;
    return summary({ scope: input.scope ?? {}, graceMinutes: input.graceMinutes, action: input.action, workingHours: input.workingHours ?? null, maxReassignments: input.maxReassignments ?? 3 });
  }, [draft, summary]);

  const teamAction = draft.actionType === 'round_robin' || draft.actionType === 'least_loaded';

  return (
    <Modal title={rule ? t('form.editTitle', { name: rule.name }) : t('form.createTitle')} onClose={onClose}>
      <form className="form rule-form" onSubmit={submit} noValidate>
        <div className="rule-form-top">
          <Field label={`${t('form.name')} *`}>
            {(id) => <input id={id} required maxLength={200} placeholder={t('form.namePlaceholder')} value={draft.name} onChange={(e) => set({ name: e.target.value })} autoFocus />}
          </Field>
          <label className="check-line">
            <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
            <span>
              <span className="strong">{t('form.enabled')}</span>
              <span className="field-hint">{t('form.enabledHint')}</span>
            </span>
          </label>
        </div>

        <fieldset className="form-section">
          <legend className="form-section-title">{t('form.scope')}</legend>
          <p className="field-hint">{t('form.scopeHint')}</p>
          <CheckboxGroup legend={t('form.teams')} options={teams.map((team) => ({ value: team.id, label: team.name }))} value={draft.teamIds} onChange={(teamIds) => set({ teamIds })} />
          <div className="form-row">
            <CheckboxGroup legend={t('form.classes')} options={ABC_CLASSES.map((cls) => ({ value: cls, label: cls, title: tc('abc.label', { cls }) }))} value={draft.classes} onChange={(classes) => set({ classes })} />
            <CheckboxGroup legend={t('form.tiers')} options={TIERS.map((tier) => ({ value: tier, label: tc(`tier.${tier}`) }))} value={draft.tiers} onChange={(tiers) => set({ tiers })} />
          </div>
          <CheckboxGroup legend={t('form.sources')} options={LABELLED_SOURCES.map((s) => ({ value: s, label: sourceLabel(s) }))} value={draft.sources} onChange={(sources) => set({ sources })} />
          <div className="form-row">
            <Field label={t('form.otherSources')} hint={tc('common.listHint')}>
              {(id, hint) => <input id={id} aria-describedby={hint} placeholder={t('form.otherSourcesPlaceholder')} value={draft.otherSources} onChange={(e) => set({ otherSources: e.target.value })} />}
            </Field>
            <Field label={t('form.queues')} hint={tc('common.listHint')}>
              {(id, hint) => <input id={id} aria-describedby={hint} placeholder={t('form.queuesPlaceholder')} value={draft.queues} onChange={(e) => set({ queues: e.target.value })} />}
            </Field>
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend className="form-section-title">{t('form.when')}</legend>
          <div className="form-row">
            <Field label={t('form.grace')} hint={t('form.graceHint')}>
              {(id, hint) => (
                <div className="input-with-unit">
                  <input
                    id={id}
                    aria-describedby={hint}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_GRACE_MINUTES / UNIT_MINUTES[draft.graceUnit]}
                    step={1}
                    aria-invalid={problems.includes('grace') || undefined}
                    value={draft.graceValue}
                    onChange={(e) => set({ graceValue: e.target.value })}
                  />
                  <select aria-label={t('form.graceUnit')} value={draft.graceUnit} onChange={(e) => set({ graceUnit: GRACE_UNITS.find((u) => u === e.target.value) ?? 'minutes' })}>
                    {GRACE_UNITS.map((u) => (
                      <option key={u} value={u}>
                        {t(`form.unit.${u}`)}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </Field>
            <Field label={t('form.maxReassignments')} hint={t('form.maxReassignmentsHint')}>
              {(id, hint) => (
                <input
                  id={id}
                  aria-describedby={hint}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={MAX_REASSIGNMENTS}
                  step={1}
                  aria-invalid={problems.includes('maxReassignments') || undefined}
                  value={draft.maxReassignments}
                  onChange={(e) => set({ maxReassignments: e.target.value })}
                />
              )}
            </Field>
          </div>

          <label className="check-line">
            <input type="checkbox" checked={draft.hoursOn} onChange={(e) => set({ hoursOn: e.target.checked })} />
            <span>
              <span className="strong">{t('form.workingHours')}</span>
              <span className="field-hint">{t('form.workingHoursHint')}</span>
            </span>
          </label>
          {draft.hoursOn && (
            <WorkingHoursFields idPrefix="rule" value={draft} onChange={set} invalid={{ timezone: problems.includes('timezone'), time: problems.includes('time') }} />
          )}
        </fieldset>

        <fieldset className="form-section">
          <legend className="form-section-title">{t('form.actionSection')}</legend>
          <div className="form-row">
            <Field label={t('form.action')}>
              {(id) => (
                <select id={id} value={draft.actionType} onChange={(e) => set({ actionType: ACTION_TYPES.find((a) => a === e.target.value) ?? 'round_robin' })}>
                  {ACTION_TYPES.map((a) => (
                    <option key={a} value={a}>
                      {t(`actionType.${a}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {teamAction && (
              <Field label={t('form.team')}>
                {(id) => (
                  <select id={id} value={draft.teamId ?? ''} onChange={(e) => set({ teamId: Number(e.target.value) || null })}>
                    <option value="">{t('form.ownTeam')}</option>
                    {teams.map((team) => (
                      <option key={team.id} value={team.id}>
                        {team.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {draft.actionType === 'user' && (
              <Field label={t('form.user')}>
                {(id) => (
                  <select id={id} aria-invalid={problems.includes('user') || undefined} value={draft.userId ?? ''} onChange={(e) => set({ userId: Number(e.target.value) || null })}>
                    <option value="">{t('form.chooseUser')}</option>
                    <PeopleOptions users={users} teams={teams} supervisorsLabel={t('tails.supervisors')} noTeamLabel={t('tails.noTeam')} />
                  </select>
                )}
              </Field>
            )}
          </div>
        </fieldset>

        {preview && (
          <div className="rule-preview" aria-live="polite" data-testid="rule-preview">
            <p className="rule-sentence">{preview.sentence}</p>
            <p className="rule-meta">
              {preview.scope} · {preview.escalation}
            </p>
          </div>
        )}

        {problems.length > 0 && (
          <Alert>
            <span className="strong">{t('form.errors.title')}</span>
            <ul className="problem-list">
              {problems.map((p) => (
                <li key={p}>{t(`form.errors.${p}`)}</li>
              ))}
            </ul>
          </Alert>
        )}
        {saveError && <RuleFormError error={saveError} />}
        {dryRun.isError && <RuleFormError error={dryRun.error} />}

        <div className="form-actions rule-form-actions">
          <button type="button" className="btn btn-secondary" onClick={runDraft} disabled={dryRun.isPending}>
            {dryRun.isPending ? t('form.dryRunning') : t('form.dryRun')}
          </button>
          <span className="spacer" />
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {rule ? (saving ? tc('common.saving') : tc('common.save')) : saving ? t('form.creating') : t('form.create')}
          </button>
        </div>

        {dryRun.data && (
          <section className="draft-dry-run" ref={resultsRef} aria-label={t('dryRun.draftTitle')}>
            <h3 className="panel-title">{t('dryRun.draftTitle')}</h3>
            <DryRunResults result={dryRun.data} />
          </section>
        )}
      </form>
    </Modal>
  );
}
