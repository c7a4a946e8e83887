/**
 * PROPOSED replacement for the reading half of telephony/asterisk/ami-framer.ts, measured by
 * `bash bench/run.sh ami-ingest -- --paths=...,proposed` (and bench/lib/ami-path-cpu.ts) before anyone
 * moves it into telephony/. Not used by the application.
 *
 * Two changes:
 *  1. Framing on bytes. The socket is left without an encoding; CRLFCRLF is found with Buffer#indexOf, the
 *     event name is read as latin1 straight from the bytes, and noise (85 % of a real stream) is dropped
 *     before it is ever decoded. Only kept frames are decoded, each into a string of its own. Today every
 *     64 KiB read is UTF-8 decoded whole (a two-byte string as soon as one Cyrillic caller name is in it),
 *     and the values the tracker keeps are slices of that string, so each call in progress pins one or
 *     more 128 KiB chunk strings (≈70 KB per active call measured by bench/ami-memory).
 *  2. parseFrame keeps a bounded cache raw key → lower-cased key: no trim()/toLowerCase() string per line,
 *     and the key stored into the message is an internalized string (faster keyed stores).
 */
import type { AmiMessage } from '../../telephony/asterisk/ami-framer';

/** A frame longer than this is garbage; it is skipped, not buffered (as MAX_FRAME_CHARS today). */
export const MAX_FRAME_BYTES = 256 * 1024;
const TERMINATOR = Buffer.from('\r\n\r\n', 'latin1');
const BANNER = 'Asterisk Call Manager';

export class AmiBufferFramer {
  /** The unframed tail of the last chunk, copied out so that it does not pin the whole chunk. */
  private rest: Buffer | null = null;
  private skipping = false;
  private greeted = false;
  oversized = 0;
  /** Frames dropped as noise, never decoded. */
  dropped = 0;

  constructor(
    private readonly noise: ReadonlySet<string>,
    /** name: the event name ("" for responses and anything that is not an event). */
    private readonly onFrame: (frame: string, name: string) => void,
  ) {}

  push(chunk: Buffer): void {
    const rest = this.rest;
    const buf = rest ? Buffer.concat([rest, chunk]) : chunk;
    // A terminator may straddle the previous chunk: look 3 bytes back, not further (what was scanned is not scanned again).
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
    for (let end = buf.indexOf(TERMINATOR, from); end >= 0; end = buf.indexOf(TERMINATOR, from)) {
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
    // "Event: " — 0x45 is "E"; names are ASCII, so latin1 reads them as UTF-8 would.
    if (buf[start] === 0x45 && end - start >= 7 && buf.toString('latin1', start, start + 7) === 'Event: ') {
      let eol = buf.indexOf(0x0d, start + 7);
      if (eol < 0 || eol > end) eol = end;
      name = buf.toString('latin1', start + 7, eol);
      if (this.noise.has(name)) {
        this.dropped++;
        return;
      }
    }
    this.onFrame(buf.toString('utf8', start, end), name);
  }
}

/** Raw key as sent → lower-cased, trimmed key. Bounded: a stream of garbage keys cannot grow it. */
const KEYS = new Map<string, string>();
const MAX_CACHED_KEYS = 2000;

/** parseFrame with the key cache; same output as parseFrame in telephony/asterisk/ami-framer.ts. */
export function parseFrameCached(frame: string): AmiMessage {
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
