import { useMutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useErrorText } from '../../../i18n/error-text';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { originateCall } from '../api/calls.api';
import type { OriginateInput } from '../api/call.types';

/** Click-to-call. */
export function useOriginate() {
  return useMutation({ mutationFn: (input: OriginateInput) => originateCall(input) });
}

/**
 * Why a click-to-call failed, in the user's language. The API answers 400 both without an extension and
 * for a number it cannot dial; which one it was follows from whether the user has an extension.
 */
export function useOriginateErrorText(): (err: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useCurrentUser();
  return useCallback(
    (err: unknown) => {
      if (!isApiError(err)) return errorText(err);
      if (err.code === 'pbx_rejected') return t('calls.originate.rejected');
      if (err.code === 'pbx_unavailable') return t('calls.originate.unavailable');
      if (err.code === 'pbx_timeout') return t('calls.originate.timeout');
      if (err.status === 400) return me.extension ? t('calls.originate.badNumber') : t('calls.originate.noExtension');
      return errorText(err);
    },
    [t, errorText, me.extension],
  );
}
