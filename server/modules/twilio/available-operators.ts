import type { DataSource } from 'typeorm';
import type { Logger } from '../../logging/logger';

/** How often the list is read again: an operator who just became available rings within about this long. */
const REFRESH_MS = 1000;

/**
 * The extensions of the operators who can take a call now, longest available first (the order a call
 * rings them one after another), kept in memory: Twilio's voice webhook reads it, and TwiML must never
 * wait on the database (Twilio gives up after 15 s, the caller hears silence long before). Read again
 * every second; if the database is slow or down, the last list stands.
 */
export class AvailableOperators {
  private list: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
  ) {}

  current(): string[] {
    return this.list;
  }

  start(everyMs = REFRESH_MS): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads the list now (one read at a time). */
  refresh(): Promise<void> {
    this.reading ??= this.ds
      .query("SELECT extension FROM users WHERE active = ? AND state = 'available' AND extension IS NOT NULL ORDER BY state_since ASC, id ASC", [true])
      .then((rows: { extension: string }[]) => void (this.list = rows.map((r) => String(r.extension))))
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'available operators not read; the last list stands'))
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}
