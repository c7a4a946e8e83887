import { isApiError } from '../../../app/api-client';
import type { DuplicatePhoneDetails } from './client.types';

/** The other client's id and number when `err` is the API's duplicate-phone conflict, else null. */
export function duplicatePhoneOf(err: unknown): DuplicatePhoneDetails | null {
  if (!isApiError(err) || err.status !== 409) return null;
  const d = err.details as Partial<DuplicatePhoneDetails> | undefined;
  return typeof d?.clientId === 'number' && typeof d.phone === 'string' ? { clientId: d.clientId, phone: d.phone } : null;
}
