import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import type { Rule } from '../api/routing.types';
import { useDryRun } from '../hooks/use-dry-run';
import { useMoveRule, useRules, useUpdateRule } from '../hooks/use-rules';
import { DeleteRuleDialog } from './DeleteRuleDialog';
import { DryRunResults } from './DryRunResults';
import { RuleFormDialog } from './RuleFormDialog';
import { RulePresets } from './RulePresets';
import { RulesTable } from './RulesTable';
import './routing.css';

/** What was just done, kept as data so it follows a change of language. */
type Notice = { kind: 'saved' | 'deleted'; name: string };

export type RulesPanelProps = {
  /** Managers change the rules and run dry runs; supervisors only read them. */
  editable: boolean;
};

/** The rules editor: the ordered list, the create/edit form, and the dry run of the enabled rules. */
export function RulesPanel({ editable }: RulesPanelProps) {
  const { t } = useTranslation('routing');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const rules = useRules();
  const update = useUpdateRule();
  const move = useMoveRule();
  const dryRun = useDryRun();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const dryRunRef = useRef<HTMLElement>(null);
  const items = rules.data?.items ?? [];
  const ruleName = (id: number) => items.find((r) => r.id === id)?.name ?? `#${id}`;
  const changeError = update.error ?? move.error;
  const showDryRun = dryRun.isPending || dryRun.isError || dryRun.data !== undefined;

  useEffect(() => {
    if (showDryRun) dryRunRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [showDryRun]);

  const content = () => {
    if (rules.isPending) return <Spinner />;
    if (rules.isError && !rules.data) {
      return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void rules.refetch()}>{tc('common.retry')}</button>}>{errorText(rules.error)}</Alert>;
    }
    if (items.length === 0) return <EmptyState title={t('rules.empty')} text={editable ? t('rules.emptyHint') : t('rules.emptyReadOnly')} />;
    return (
      <RulesTable
        rules={items}
        editable={editable}
        busy={move.isPending || update.isPending}
        onToggle={(rule, enabled) => {
          setNotice(null);
          update.mutate({ rule, change: { enabled } });
        }}
        onMove={(index, by) => {
          setNotice(null);
          move.mutate({ rules: items, index, by });
        }}
        onEdit={(rule) => setEditing(rule)}
        onDelete={(rule) => setDeleting(rule)}
      />
    );
  };

  return (
    <>
      <section className="panel" aria-labelledby="rules-title">
        <div className="panel-header panel-header-wrap">
          <div>
            <h2 className="panel-title" id="rules-title">
              {t('rules.title')}
            </h2>
            <p className="panel-note">{editable ? t('rules.orderHint') : t('rules.readOnly')}</p>
          </div>
          {editable && (
            <div className="page-actions">
              <button type="button" className="btn btn-secondary" title={t('rules.dryRunHint')} disabled={dryRun.isPending} onClick={() => dryRun.mutate(undefined)}>
                {t('rules.dryRun')}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setNotice(null);
                  setEditing('new');
                }}
              >
                + {t('rules.new')}
              </button>
            </div>
          )}
        </div>
        <div className="stack-sm">
          {notice && <Alert tone="success">{t(`rules.${notice.kind}`, { name: notice.name })}</Alert>}
          {changeError && <Alert>{errorText(changeError)}</Alert>}
          {content()}
        </div>
      </section>

      {editable && rules.data && <RulePresets rules={items} />}

      {showDryRun && (
        <section className="panel" ref={dryRunRef} aria-labelledby="dry-run-title">
          <div className="panel-header panel-header-wrap">
            <h2 className="panel-title" id="dry-run-title">
              {t('dryRun.title')}
            </h2>
            <div className="page-actions">
              <button type="button" className="btn btn-secondary btn-sm" disabled={dryRun.isPending} onClick={() => dryRun.mutate(undefined)}>
                {t('dryRun.again')}
              </button>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => dryRun.reset()}>
                {t('dryRun.close')}
              </button>
            </div>
          </div>
          {dryRun.isPending && <Spinner />}
          {dryRun.isError && <Alert>{errorText(dryRun.error)}</Alert>}
          {dryRun.data && !dryRun.isPending && <DryRunResults key={dryRun.data.at} result={dryRun.data} ruleName={ruleName} />}
        </section>
      )}

      {editing && (
        <RuleFormDialog
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(rule) => {
            setEditing(null);
            setNotice({ kind: 'saved', name: rule.name });
          }}
        />
      )}
      {deleting && (
        <DeleteRuleDialog
          rule={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(rule) => {
            setDeleting(null);
            setNotice({ kind: 'deleted', name: rule.name });
          }}
        />
      )}
    </>
  );
}
