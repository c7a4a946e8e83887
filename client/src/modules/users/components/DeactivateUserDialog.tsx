import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Modal } from '../../../ui/Modal';
import type { User } from '../api/user.types';
import { useChangeUser } from '../hooks/use-user-admin';

export type DeactivateUserDialogProps = { user: User; onClose: () => void; onDone: (user: User) => void };

/** Asks before deactivating: the user is signed out everywhere at once (sessions and live sockets). */
export function DeactivateUserDialog({ user, onClose, onDone }: DeactivateUserDialogProps) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const errorText = useErrorText();
  const change = useChangeUser();
  return (
    <Modal title={t('deactivateForm.title', { name: user.name })} onClose={onClose}>
      <div className="form admin-form">
        <p>{t('deactivateForm.text')}</p>
        {change.error && <Alert>{errorText(change.error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {tc('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" disabled={change.isPending} onClick={() => change.mutate({ id: user.id, patch: { active: false } }, { onSuccess: onDone })}>
            {t('deactivateForm.submit')}
          </button>
        </div>
      </div>
    </Modal>
  );
}
