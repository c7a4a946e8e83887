import { useCallback, useEffect, useState } from 'react';

/**
 * The wallboard's limits. There is no targets API on the server yet: they live in this browser's
 * localStorage, and the board says so.
 */
export type BoardThresholds = {
  /** A call talking longer than this is highlighted on the floor (seconds). */
  longCallSeconds: number;
  /** An average talk time under this is a red flag (seconds). */
  talkRedFlagSeconds: number;
};

export const DEFAULT_THRESHOLDS: BoardThresholds = { longCallSeconds: 300, talkRedFlagSeconds: 90 };
/** The largest limit accepted: ten hours. */
export const MAX_THRESHOLD_SECONDS = 36_000;

const STORAGE_KEY = 'hotline.wallboard.thresholds';

const validSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_THRESHOLD_SECONDS;

function readStored(): BoardThresholds {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed = raw ? (JSON.parse(raw) as Partial<Record<keyof BoardThresholds, unknown>>) : {};
    return {
      longCallSeconds: validSeconds(parsed.longCallSeconds) ? parsed.longCallSeconds : DEFAULT_THRESHOLDS.longCallSeconds,
      talkRedFlagSeconds: validSeconds(parsed.talkRedFlagSeconds) ? parsed.talkRedFlagSeconds : DEFAULT_THRESHOLDS.talkRedFlagSeconds,
    };
  } catch {
    return DEFAULT_THRESHOLDS; // storage disabled or a hand-edited value
  }
}

/** The thresholds in force in this browser, and a way to change them (other tabs follow). */
export function useBoardThresholds() {
  const [thresholds, setThresholds] = useState(readStored);

  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === STORAGE_KEY || e.key === null) setThresholds(readStored());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const save = useCallback((next: BoardThresholds) => {
    setThresholds(next);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // storage disabled: the values last for this page only
    }
  }, []);

  return { thresholds, save, isValid: validSeconds };
}
