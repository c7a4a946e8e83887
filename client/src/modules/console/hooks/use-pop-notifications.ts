import { useCallback, useSyncExternalStore } from 'react';

export type NotificationPermissionState = NotificationPermission | 'unsupported';

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Permission changes only through request() here; the store is re-read after each request. */
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const snapshot = (): NotificationPermissionState => (supported() ? Notification.permission : 'unsupported');

/** The browser's permission to show notifications, and a way to ask for it (only from a click). */
export function useNotificationPermission() {
  const permission = useSyncExternalStore(subscribe, snapshot, () => 'unsupported' as const);
  const request = useCallback(async () => {
    if (!supported()) return;
    await Notification.requestPermission();
    for (const listener of listeners) listener();
  }, []);
  return { permission, request };
}

/**
 * Shows a system notification when the tab is hidden (another tab or window in front); a click brings
 * the console back. Does nothing without permission: it is asked for on a click, never on load.
 */
export function notifyIfHidden(title: string, body: string, tag: string, onClick: () => void): void {
  if (!supported() || Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return;
  try {
    const n = new Notification(title, { body, tag, requireInteraction: true });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    // Some browsers (Android Chrome) allow notifications only through a service worker.
  }
}
