import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** "+79162000005" → "+7 916 200-00-05"; anything unparseable is shown as stored. */
export function formatPhone(e164OrRaw: string): string {
  return parsePhoneNumberFromString(e164OrRaw)?.formatInternational() ?? e164OrRaw;
}
