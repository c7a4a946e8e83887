import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { setLanguage, type Language } from '../../../i18n/i18n';
import { sessionKey } from '../../auth/hooks/use-session';
import { updateUser } from '../api/users.api';
import type { User } from '../api/user.types';

/**
 * Switches the UI language at once, remembers it in the browser and, when someone is signed in,
 * saves it to their profile so it follows them to other machines (best effort: the UI does not wait).
 */
export function useChangeLanguage(): (lang: Language) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (lang: Language) => {
      void setLanguage(lang);
      const me = queryClient.getQueryData<User | null>(sessionKey);
      if (!me || me.locale === lang) return;
      const updated: User = { ...me, locale: lang };
      queryClient.setQueryData<User | null>(sessionKey, updated);
      updateUser(me.id, { locale: lang }).catch(() => {
        // Not saved on the server: the browser still remembers it; nothing to tell the user.
      });
    },
    [queryClient],
  );
}
