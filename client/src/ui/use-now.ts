import { useEffect, useState } from 'react';

/** The current time in ms, renewed every `everyMs`: for ages such as "late by 3 h 10 min" that must keep up. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
