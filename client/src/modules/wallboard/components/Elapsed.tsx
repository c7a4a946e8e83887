import { useFormat } from '../../../i18n/format';

export type ElapsedProps = {
  /** When it began (ISO 8601). */
  since: string;
  /** The board's clock (ms), ticking once a second. */
  now: number;
  className?: string;
  /** A tooltip built from the formatted time. */
  title?: (time: string) => string;
};

/** Time since `since` as m:ss or h:mm:ss; never negative, whatever the clocks say. */
export function Elapsed({ since, now, className, title }: ElapsedProps) {
  const format = useFormat();
  const seconds = elapsedSeconds(since, now);
  const text = format.duration(seconds);
  return (
    <time className={className} dateTime={`PT${seconds}S`} title={title?.(text)}>
      {text}
    </time>
  );
}

export const elapsedSeconds = (since: string, now: number) => Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
