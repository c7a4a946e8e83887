import { useEffect } from 'react';
import { setLanguage } from '../../../i18n/i18n';
import type { User } from '../api/user.types';

/** Once signed in, the language saved in the user's profile wins over the browser's. */
export function useUserLanguage(user: User | null | undefined): void {
  const locale = user?.locale ?? null;
  useEffect(() => {
    if (locale) void setLanguage(locale);
  }, [locale]);
}
