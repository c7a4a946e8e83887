/**
 * A time zone's UTC offsets over a span of time, as segments: what lets the database fold instants into
 * local wall-clock hours exactly (DST changes, half-hour zones) without a time-zone table of its own.
 */

export type OffsetSegment = {
  /** The first instant with this offset (the span's start for the first segment). */
  from: Date;
  /** Seconds the zone's wall clock is ahead of UTC. */
  offsetSeconds: number;
};

const formats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at `at`, in whole seconds. */
export function offsetSecondsAt(at: Date, timeZone: string): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}

const STEP = 6 * 3600_000; // no zone changes its offset twice within six hours

/**
 * The offsets in force over [from, to), in order: probed every six hours, each change then pinned to the
 * second by bisection (a three-year span costs a few thousand formatter calls, about a millisecond each hundred).
 */
export function offsetSegments(from: Date, to: Date, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from, offsetSeconds: offsetSecondsAt(from, timeZone) }];
  let at = from.getTime();
  let offset = segments[0]!.offsetSeconds;
  while (at < to.getTime()) {
    const next = Math.min(at + STEP, to.getTime());
    const nextOffset = offsetSecondsAt(new Date(next), timeZone);
    if (nextOffset !== offset) {
      // The change lies in (at, next]: the first second with the new offset.
      let lo = at;
      let hi = next;
      while (hi - lo > 1000) {
        const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
        if (offsetSecondsAt(new Date(mid), timeZone) === offset) lo = mid;
        else hi = mid;
      }
      if (hi < to.getTime()) segments.push({ from: new Date(hi), offsetSeconds: nextOffset });
      offset = nextOffset;
    }
    at = next;
  }
  return segments;
}
