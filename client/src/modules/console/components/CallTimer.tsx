import { useEffect, useState } from 'react';
import { useFormat } from '../../../i18n/format';

export type CallTimerProps = {
  /** When the time started (ISO 8601, PBX time). */
  from: string;
  /** When it stopped; without it, the timer runs. */
  to?: string | null | undefined;
  className?: string;
};

/** Elapsed time as m:ss, ticking every second until `to` is set. */
export function CallTimer({ from, to, className }: CallTimerProps) {
  const format = useFormat();
  const [now, setNow] = useState(() => Date.now());
  const running = !to;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  const end = to ? Date.parse(to) : now;
  // The PBX's clock may run a little ahead of the browser's: never show a negative time.
  const seconds = Math.max(0, Math.floor((end - Date.parse(from)) / 1000));
  return (
    <time className={className} dateTime={`PT${seconds}S`} data-testid="call-timer" aria-live="off">
      {format.duration(seconds)}
    </time>
  );
}
