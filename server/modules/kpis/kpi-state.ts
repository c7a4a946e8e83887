import { addCounters, emptyCounters, type KpiCounters } from './kpi-definitions';

export type KpiWindow = 'today' | '15m' | '60m';
const WINDOW_MINUTES: Record<Exclude<KpiWindow, 'today'>, number> = { '15m': 15, '60m': 60 };

/** Minutes since the epoch: the bucket of a moment. */
const minuteOf = (at: Date) => Math.floor(at.getTime() / 60_000);

/**
 * One entity's counters (an operator, a team or the floor): per-minute buckets for the last hour and a
 * running total for the day. Adding a call is O(1); reading a window sums at most 60 buckets.
 */
export class KpiState {
  private readonly minutes = new Map<number, KpiCounters>();
  private today = emptyCounters();
  private day = '';

  add(at: Date, counters: KpiCounters, day: string, now: Date): void {
    if (day !== this.day) {
      if (day < this.day) return; // a late call from yesterday does not count today
      this.day = day;
      this.today = emptyCounters();
    }
    addCounters(this.today, counters);
    const minute = minuteOf(at);
    if (minute > minuteOf(now) - 60) {
      let bucket = this.minutes.get(minute);
      if (!bucket) this.minutes.set(minute, (bucket = emptyCounters()));
      addCounters(bucket, counters);
    }
    this.prune(now);
  }

  read(window: KpiWindow, now: Date, day: string): KpiCounters {
    if (window === 'today') return day === this.day ? { ...this.today } : emptyCounters();
    const from = minuteOf(now) - WINDOW_MINUTES[window];
    const sum = emptyCounters();
    for (const [minute, bucket] of this.minutes) if (minute > from) addCounters(sum, bucket);
    return sum;
  }

  /** The last hour's minute buckets that have counters: [minute start (ms), counters], oldest first. */
  minutes60(now: Date): [number, KpiCounters][] {
    const from = minuteOf(now) - 60;
    return [...this.minutes]
      .filter(([minute]) => minute > from)
      .sort(([a], [b]) => a - b)
      .map(([minute, c]) => [minute * 60_000, { ...c }]);
  }

  private prune(now: Date): void {
    const oldest = minuteOf(now) - 60;
    for (const minute of this.minutes.keys()) if (minute <= oldest) this.minutes.delete(minute);
  }
}
