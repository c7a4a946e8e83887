import { useMutation } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useTeams } from '../../teams/hooks/use-teams';
import { startSpy, type SpyInput } from '../api/coaching.api';

/** Listen, whisper or barge: the supervisor's phone rings into the call. */
export function useSpy() {
  return useMutation({ mutationFn: (input: SpyInput) => startSpy(input) });
}

/**
 * Whom the signed-in user may coach: managers and admins everyone, a supervisor the operators of the teams
 * they supervise, an operator nobody. The server checks again; this only hides buttons that would be refused.
 */
export function useMayCoach(): (operator: { teamId: number | null }) => boolean {
  const me = useCurrentUser();
  const { teams } = useTeams();
  const mine = useMemo(() => new Set(teams.filter((t) => t.supervisorId === me.id).map((t) => t.id)), [teams, me.id]);
  return useCallback(
    (operator) => {
      if (hasRole(me.role, 'manager')) return true;
      if (!hasRole(me.role, 'supervisor')) return false;
      return operator.teamId !== null && mine.has(operator.teamId);
    },
    [me.role, mine],
  );
}

/** Why a coaching request failed, in the user's language. */
export function useSpyErrorText(): (err: unknown, operatorName: string) => string {
  const { t } = useTranslation('coaching');
  const errorText = useErrorText();
  return useCallback(
    (err: unknown, name: string) => {
      if (!isApiError(err)) return errorText(err);
      switch (err.code) {
        case 'no_extension':
          return t('errors.noExtension');
        case 'not_on_call':
          return t('errors.notOnCall', { name });
        case 'spy_not_supported':
          return t('errors.notSupported');
        case 'forbidden':
          return t('errors.forbidden');
        case 'pbx_rejected':
          return t('errors.rejected');
        case 'pbx_timeout':
          return t('errors.timeout');
        case 'pbx_unavailable':
          return t('errors.unavailable');
        default:
          return errorText(err);
      }
    },
    [t, errorText],
  );
}
