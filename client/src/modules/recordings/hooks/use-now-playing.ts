import { useSyncExternalStore } from 'react';

/** The recording in the dock: the call, and which player on the page opened it (it renders the dock). */
export type NowPlaying = { callId: number; owner: string };

let current: NowPlaying | null = null;
const listeners = new Set<() => void>();

/**
 * One recording plays at a time, page-wide, whichever list its button is in: a tiny store outside React
 * so no provider has to wrap the app. Opening another recording replaces this one.
 */
export const nowPlaying = {
  get: (): NowPlaying | null => current,
  set(next: NowPlaying | null): void {
    current = next;
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const useNowPlaying = (): NowPlaying | null => useSyncExternalStore(nowPlaying.subscribe, nowPlaying.get);
