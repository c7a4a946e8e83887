import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Modal } from '../../../ui/Modal';
import type { Rule } from '../api/routing.types';
import { useDeleteRule } from '../hooks/use-rules';

export type DeleteRuleDialogProps = { rule: Rule; onClose: () => void; onDeleted: (rule: Rule) => void };

export function DeleteRuleDialog({ rule, onClose, onDeleted }: DeleteRuleDialogProps) {
  const { t } = useTranslation('routing');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const remove = useDeleteRule();
  return (
    <Modal title={t('rules.deleteTitle')} onClose={onClose}>
      <div className="form">
        <p>{t('rules.deleteText', { name: rule.name })}</p>
        {remove.isError && <Alert>{errorText(remove.error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" disabled={remove.isPending} onClick={() => remove.mutate(rule, { onSuccess: () => onDeleted(rule) })}>
            {remove.isPending ? t('rules.deleting') : t('rules.delete')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
