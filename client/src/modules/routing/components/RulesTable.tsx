import { useTranslation } from 'react-i18next';
import { Badge } from '../../../ui/Badge';
import type { Rule } from '../api/routing.types';
import { useRuleSummary } from '../hooks/use-rule-summary';

export type RulesTableProps = {
  rules: readonly Rule[];
  /** Managers change the rules; supervisors only read them. */
  editable: boolean;
  /** A change is being saved: the controls wait. */
  busy?: boolean;
  onToggle: (rule: Rule, enabled: boolean) => void;
  onMove: (index: number, by: -1 | 1) => void;
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
};

/** The rules in the order they are tried, each in plain words, with its switch, order and actions. */
export function RulesTable({ rules, editable, busy = false, onToggle, onMove, onEdit, onDelete }: RulesTableProps) {
  const { t } = useTranslation('routing');
  const summary = useRuleSummary();
  return (
    <div className="table-wrap">
      <table className="table rules-table" aria-label={t('rules.listLabel')}>
        <thead>
          <tr>
            <th scope="col" className="col-order">
              {t('rules.columns.order')}
            </th>
            <th scope="col" className="col-switch">
              {t('rules.columns.enabled')}
            </th>
            <th scope="col">{t('rules.columns.rule')}</th>
            {editable && (
              <th scope="col" className="col-actions">
                <span className="visually-hidden">{t('rules.columns.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => {
            const s = summary(rule);
            return (
              <tr key={rule.id} className={rule.enabled ? undefined : 'is-off'} data-rule-id={rule.id}>
                <td>
                  <div className="rule-order">
                    <span className="rule-position">{index + 1}</span>
                    {editable && (
                      <span className="order-buttons">
                        <button type="button" className="icon-button order-button" disabled={busy || index === 0} onClick={() => onMove(index, -1)} aria-label={t('rules.moveUp', { name: rule.name })} title={t('rules.moveUp', { name: rule.name })}>
                          ↑
                        </button>
                        <button
                          type="button"
                          className="icon-button order-button"
                          disabled={busy || index === rules.length - 1}
                          onClick={() => onMove(index, 1)}
                          aria-label={t('rules.moveDown', { name: rule.name })}
                          title={t('rules.moveDown', { name: rule.name })}
                        >
                          ↓
                        </button>
                      </span>
                    )}
                  </div>
                </td>
                <td>
                  {editable ? (
                    <input type="checkbox" role="switch" className="switch" checked={rule.enabled} disabled={busy} onChange={(e) => onToggle(rule, e.target.checked)} aria-label={t('rules.toggle', { name: rule.name })} />
                  ) : (
                    <Badge tone={rule.enabled ? 'green' : 'slate'}>{rule.enabled ? t('rules.on') : t('rules.off')}</Badge>
                  )}
                </td>
                <td className="rule-cell">
                  <div className="rule-name">
                    {rule.name}
                    {!rule.enabled && editable && <Badge tone="slate">{t('rules.off')}</Badge>}
                  </div>
                  <p className="rule-sentence">{s.sentence}</p>
                  <p className="rule-meta">
                    {s.scope} · {s.escalation}
                  </p>
                </td>
                {editable && (
                  <td className="col-actions">
                    <div className="row-actions">
                      <button type="button" className="btn btn-secondary btn-sm" onClick={() => onEdit(rule)} aria-label={`${t('rules.edit')}: ${rule.name}`}>
                        {t('rules.edit')}
                      </button>
                      <button type="button" className="btn btn-ghost btn-sm btn-ghost-danger" onClick={() => onDelete(rule)} aria-label={`${t('rules.delete')}: ${rule.name}`}>
                        {t('rules.delete')}
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
