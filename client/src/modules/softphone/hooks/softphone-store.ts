import { useSyncExternalStore } from 'react';
import type { Softphone } from './use-softphone';

/** The softphone as the pages see it: its device and call, and the extension it answers for. */
export type SoftphoneSnapshot = { phone: Softphone; extension: string };

let current: SoftphoneSnapshot | null = null;
const listeners = new Set<() => void>();

/**
 * The one softphone of this tab. SoftphoneHost (in the app shell) owns the Twilio Device, so a call
 * survives moving between pages; the console's panel and the other pages' call bar read it here.
 */
export function publishSoftphone(snapshot: SoftphoneSnapshot | null): void {
  current = snapshot;
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** The softphone, or null when this user has none (no Twilio softphone, no extension). */
export const useSoftphoneSnapshot = (): SoftphoneSnapshot | null => useSyncExternalStore(subscribe, () => current);
