/**
 * Plays call scripts on the simulated clock and interleaves the messages of concurrent calls on the
 * wire in time order, as one PBX would. Messages due at the same moment are delivered in one write.
 * One timer at a time, unref'd: an idle player costs nothing and never keeps a process alive.
 */
import type { CallScript } from './call-scripts';
import type { LiveChannels } from './live-channels';
import type { SimClock } from './sim-clock';

type Cursor = { script: CallScript; index: number; due: number; seq: number; done: () => void };

/** Writes of at most this many characters; bigger due batches are cut at message boundaries. */
const MAX_BATCH_CHARS = 256 * 1024;

export class CallPlayer {
  private readonly heap: Cursor[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Infinity;
  private seq = 0;
  private stopped = false;

  constructor(
    private readonly clock: SimClock,
    private readonly deliver: (data: string) => void,
    private readonly channels: LiveChannels,
  ) {}

  /** Calls being played. */
  get active(): number {
    return this.heap.length;
  }

  /** Plays `script` from its `startEpochMs` on; resolves after its last message was delivered. */
  play(script: CallScript): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const first = script.messages[0];
    if (!first) return Promise.resolve();
    return new Promise((resolve) => {
      this.push({ script, index: 0, due: script.startEpochMs + first.atMs, seq: this.seq++, done: resolve });
      this.schedule();
    });
  }

  /** Forgets every call in progress (their promises resolve) and the live channels; keeps playing new ones. */
  reset(): void {
    this.clearTimer();
    for (const c of this.heap.splice(0)) c.done();
    this.channels.clear();
  }

  /** reset(), and plays nothing more. */
  stop(): void {
    this.stopped = true;
    this.reset();
  }

  private schedule(): void {
    const next = this.heap[0];
    if (!next) {
      this.clearTimer();
      return;
    }
    if (this.timer && next.due >= this.timerDue) return;
    this.clearTimer();
    this.timerDue = next.due;
    this.timer = setTimeout(() => this.flush(), this.clock.wallDelayUntil(next.due));
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDue = Infinity;
  }

  private flush(): void {
    this.timer = null;
    this.timerDue = Infinity;
    const now = this.clock.now() + 0.5;
    let out = '';
    while (this.heap.length > 0) {
      const cursor = this.heap[0] as Cursor;
      if (cursor.due > now) break;
      const messages = cursor.script.messages;
      const msg = messages[cursor.index];
      if (msg) {
        out += msg.data;
        if (msg.updates) this.channels.apply(msg.updates);
      }
      cursor.index++;
      const next = messages[cursor.index];
      if (next) {
        cursor.due = cursor.script.startEpochMs + next.atMs;
        this.siftDown(0);
      } else {
        this.popTop();
        cursor.done();
      }
      if (out.length >= MAX_BATCH_CHARS) {
        this.deliver(out);
        out = '';
      }
    }
    if (out) this.deliver(out);
    if (!this.stopped) this.schedule();
  }

  // ---- binary min-heap on (due, seq) --------------------------------------------------------------

  private less(a: Cursor, b: Cursor): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private push(c: Cursor): void {
    const h = this.heap;
    h.push(c);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as Cursor, h[parent] as Cursor)) break;
      [h[i], h[parent]] = [h[parent] as Cursor, h[i] as Cursor];
      i = parent;
    }
  }

  private popTop(): void {
    const h = this.heap;
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const h = this.heap;
    let i = start;
    while (true) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l] as Cursor, h[m] as Cursor)) m = l;
      if (r < h.length && this.less(h[r] as Cursor, h[m] as Cursor)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as Cursor, h[i] as Cursor];
      i = m;
    }
  }
}
