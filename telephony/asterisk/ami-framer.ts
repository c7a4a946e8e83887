/** One AMI message with its keys lower-cased (as asterisk-manager delivers them); repeated keys keep every value. */
export type AmiMessage = Record<string, string | string[]>;

/** The value of a key (the first one when the key was repeated). */
export function field(msg: AmiMessage, key: string): string | undefined {
  const v = msg[key];
  return typeof v === 'string' ? v : v?.[0];
}

const TERMINATOR = '\r\n\r\n';
/** A frame longer than this is garbage (no real AMI message comes close); it is skipped, not buffered. */
export const MAX_FRAME_CHARS = 256 * 1024;

/**
 * Splits the AMI byte stream into messages with indexOf on CRLFCRLF, scanning each byte once, so the cost
 * stays linear in the input however it is chunked (asterisk-manager's reader re-splits its whole buffer
 * on every chunk: ≈28k events/s, and far less with large chunks).
 */
export class AmiFramer {
  private buffer = '';
  /** Where the next search for a terminator starts: what was scanned is not scanned again. */
  private scanFrom = 0;
  private skipping = false;
  private greeted = false;
  oversized = 0;

  constructor(private readonly onFrame: (frame: string) => void) {}

  push(chunk: string): void {
    let buf = this.buffer.length > 0 ? this.buffer + chunk : chunk;
    let start = 0;
    let from = Math.max(0, this.scanFrom - 3);
    if (!this.greeted) {
      // The banner "Asterisk Call Manager/x.y" ends with a single CRLF.
      const eol = buf.indexOf('\r\n');
      if (eol < 0 && buf.length < 200) {
        this.buffer = buf;
        return;
      }
      this.greeted = true;
      if (buf.startsWith('Asterisk Call Manager') && eol >= 0) start = from = eol + 2;
    }
    for (;;) {
      const end = buf.indexOf(TERMINATOR, from);
      if (end < 0) break;
      if (this.skipping) this.skipping = false;
      else if (end > start) this.onFrame(buf.slice(start, end));
      start = from = end + 4;
    }
    buf = start > 0 ? buf.slice(start) : buf;
    if (buf.length > MAX_FRAME_CHARS) {
      // Drop the garbage but keep the last 3 chars: a terminator may straddle the next chunk.
      this.oversized++;
      this.skipping = true;
      buf = buf.slice(-3);
    }
    this.buffer = buf;
    this.scanFrom = buf.length;
  }

  reset(): void {
    this.buffer = '';
    this.scanFrom = 0;
    this.skipping = false;
    this.greeted = false;
  }
}

/** A frame longer than this is garbage; AmiBufferFramer skips it without buffering it. */
export const MAX_FRAME_BYTES = 256 * 1024;
const TERMINATOR_BYTES = Buffer.from(TERMINATOR, 'latin1');
const BANNER = 'Asterisk Call Manager';

/**
 * AmiFramer on bytes, for a socket without an encoding: noise is dropped on the event name read from the
 * bytes, before anything is decoded, and each kept frame is decoded into a string of its own. Decoding
 * whole 64 KiB reads costs a third of the path, most of it for noise, and the values taken from them are
 * slices that keep the whole read (a 128 KiB two-byte string once a Cyrillic name is in it) alive for as
 * long as the tracker holds them.
 */
export class AmiBufferFramer {
  /** The unframed tail of the last chunk, copied so that it does not keep the chunk alive. */
  private rest: Buffer | null = null;
  private skipping = false;
  private greeted = false;
  oversized = 0;
  /** Frames dropped as noise. */
  dropped = 0;

  /** Noise kept after all when its bytes hold this text (one VarSet of hundreds matters). */
  private readonly keep: ReadonlyMap<string, Buffer>;

  constructor(
    private readonly noise: ReadonlySet<string>,
    /** name: the event name, "" for responses and anything else that is not an event. */
    private readonly onFrame: (frame: string, name: string) => void,
    keep: ReadonlyMap<string, string> = new Map(),
  ) {
    this.keep = new Map([...keep].map(([name, text]) => [name, Buffer.from(text)]));
  }

  push(chunk: Buffer): void {
    const rest = this.rest;
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    let from = rest ? Math.max(0, rest.length - 3) : 0;
    let start = 0;
    this.rest = null;
    if (!this.greeted) {
      // The banner "Asterisk Call Manager/x.y" ends with a single CRLF.
      const eol = buf.indexOf('\r\n');
      if (eol < 0 && buf.length < 200) {
        this.rest = Buffer.from(buf);
        return;
      }
      this.greeted = true;
      if (eol >= 0 && buf.toString('latin1', 0, BANNER.length) === BANNER) start = from = eol + 2;
    }
    for (let end = buf.indexOf(TERMINATOR_BYTES, from); end >= 0; end = buf.indexOf(TERMINATOR_BYTES, from)) {
      if (this.skipping) this.skipping = false;
      else if (end > start) this.frame(buf, start, end);
      start = from = end + 4;
    }
    if (buf.length - start > MAX_FRAME_BYTES) {
      // Drop the garbage but keep the last 3 bytes: a terminator may straddle the next chunk.
      this.oversized++;
      this.skipping = true;
      start = buf.length - 3;
    }
    if (start < buf.length) this.rest = Buffer.from(buf.subarray(start));
  }

  reset(): void {
    this.rest = null;
    this.skipping = false;
    this.greeted = false;
  }

  private frame(buf: Buffer, start: number, end: number): void {
    let name = '';
    // 0x45 = "E" of "Event: "; event names are ASCII, so latin1 reads them as UTF-8 would.
    if (buf[start] === 0x45 && end - start >= 7 && buf.toString('latin1', start, start + 7) === 'Event: ') {
      let eol = buf.indexOf(0x0d, start + 7);
      if (eol < 0 || eol > end) eol = end;
      name = buf.toString('latin1', start + 7, eol);
      if (this.noise.has(name)) {
        const marker = this.keep.get(name);
        const at = marker ? buf.indexOf(marker, start) : -1;
        if (at < 0 || at + marker!.length > end + 2) {
          this.dropped++;
          return;
        }
      }
    }
    this.onFrame(buf.toString('utf8', start, end), name);
  }
}

/** The event name of a frame without parsing it ("" for responses), to drop noise before any work. */
export function eventNameOf(frame: string): string {
  if (!frame.startsWith('Event: ')) return '';
  const eol = frame.indexOf('\r\n');
  return eol < 0 ? frame.slice(7) : frame.slice(7, eol);
}

/** Key as sent → trimmed, lower-cased key; bounded so that a stream of garbage keys cannot grow it. */
const KEYS = new Map<string, string>();
const MAX_CACHED_KEYS = 2000;

/** Parses "Key: Value" lines; keys lower-cased, values as sent, repeated keys gathered into arrays. */
export function parseFrame(frame: string): AmiMessage {
  const msg: AmiMessage = {};
  let pos = 0;
  const n = frame.length;
  while (pos < n) {
    let eol = frame.indexOf('\r\n', pos);
    if (eol < 0) eol = n;
    const sep = frame.indexOf(':', pos);
    if (sep > pos && sep < eol) {
      const raw = frame.slice(pos, sep);
      let key = KEYS.get(raw);
      if (key === undefined) {
        key = raw.trim().toLowerCase();
        if (KEYS.size < MAX_CACHED_KEYS) KEYS.set(raw, key);
      }
      const value = frame.slice(frame.charCodeAt(sep + 1) === 32 ? sep + 2 : sep + 1, eol);
      const prev = msg[key];
      if (prev === undefined) msg[key] = value;
      else if (typeof prev === 'string') msg[key] = [prev, value];
      else prev.push(value);
    }
    pos = eol + 2;
  }
  return msg;
}
