/**
 * Gathers keys that arrive within `windowMs` (or until `max` of them) and hands them to `run` as one
 * batch. Each caller's promise settles with its batch, so a job that joined one stays running (and is
 * retried by its queue if the batch fails) until the work it asked for is done.
 */
export class Coalescer<K> {
  private keys = new Set<K>();
  private waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly run: (keys: K[]) => Promise<void>,
    private readonly windowMs: number,
    private readonly max: number,
  ) {}

  add(key: K): Promise<void> {
    this.keys.add(key);
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.keys.size >= this.max) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    return done;
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const keys = [...this.keys];
    const waiting = this.waiting;
    this.keys = new Set();
    this.waiting = [];
    // A batch that throws synchronously still settles its callers.
    Promise.resolve()
      .then(() => this.run(keys))
      .then(
        () => waiting.forEach((w) => w.resolve()),
        (err: unknown) => waiting.forEach((w) => w.reject(err)),
      );
  }
}
