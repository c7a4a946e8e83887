import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** The note the server writes on a callback it opens for a missed call (callbacks.service.ts). */
const MISSED_CALL_NOTE = 'Missed call: call the client back';

/** A callback's note as shown: the server's own standard note in the user's language, people's notes as typed. */
export function useCallbackNote(): (note: string | null) => string | null {
  const { t } = useTranslation('desk');
  return useCallback((note: string | null) => (note === MISSED_CALL_NOTE ? t('pool.missedCallNote') : note), [t]);
}
