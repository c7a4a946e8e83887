import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useUserName } from '../../users/hooks/use-users';
import { ReviewDialog } from './ReviewDialog';

export type ReviewCallButtonProps = { call: { id: number; operatorId: number | null; startedAt: string } };

/**
 * "Review" on a call in the history: for supervisors and up, on calls someone else took. The server
 * decides whose calls a supervisor may review (their teams'); a refusal shows in the dialog.
 */
export function ReviewCallButton({ call }: ReviewCallButtonProps) {
  const { t } = useTranslation('reviews');
  const me = useCurrentUser();
  const userName = useUserName();
  const [open, setOpen] = useState(false);
  if (!hasRole(me.role, 'supervisor') || call.operatorId === null || call.operatorId === me.id) return null;
  return (
    <>
      <button type="button" className="btn btn-ghost btn-sm rv-call-button" onClick={() => setOpen(true)} data-testid={`review-call-${call.id}`}>
        {t('review.button')}
      </button>
      {open && <ReviewDialog callId={call.id} operatorName={userName(call.operatorId)} startedAt={call.startedAt} onClose={() => setOpen(false)} />}
    </>
  );
}
