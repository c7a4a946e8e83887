/**
 * The AMI wire format as the simulator speaks it: `Key: Value\r\n` lines, a message ended by an empty
 * line. Used by the server to read actions and by tests to read what the server sent.
 */
import { StringDecoder } from 'node:string_decoder';

export const CRLF = '\r\n';

export type AmiField = readonly [key: string, value: string | number];

/** Renders one message: its lines, then the empty line that ends it. */
export function formatMessage(fields: readonly AmiField[]): string {
  let out = '';
  for (const [key, value] of fields) out += `${key}: ${value}\r\n`;
  return out + CRLF;
}

/** One parsed AMI message. Keys keep their spelling; lookups ignore case; repeated keys are all kept. */
export class AmiMessage {
  readonly raw: string;
  readonly fields: ReadonlyArray<readonly [string, string]>;

  constructor(raw: string, fields: ReadonlyArray<readonly [string, string]>) {
    this.raw = raw;
    this.fields = fields;
  }

  /** First value of `key` (case-insensitive), or undefined. */
  get(key: string): string | undefined {
    const wanted = key.toLowerCase();
    for (const [k, v] of this.fields) if (k.toLowerCase() === wanted) return v;
    return undefined;
  }

  getAll(key: string): string[] {
    const wanted = key.toLowerCase();
    return this.fields.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** `Event:` value, if it is an event. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** `Response:` value, if it is a response. */
  get response(): string | undefined {
    return this.get('Response');
  }

  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /** Plain object of the first value of each key, as spelled on the wire. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of this.fields) if (!(k in out)) out[k] = v;
    return out;
  }
}

/**
 * Parses one message (CRLF or LF line ends). A line without `: ` keeps the whole line as its key and
 * an empty value, so a banner or garbage still shows up in `fields`.
 */
export function parseMessage(raw: string): AmiMessage {
  const fields: Array<readonly [string, string]> = [];
  for (const line of raw.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text === '') continue;
    const colon = text.indexOf(':');
    if (colon < 0) {
      fields.push([text, '']);
      continue;
    }
    const value = text.slice(colon + 1);
    fields.push([text.slice(0, colon).trim(), value.startsWith(' ') ? value.slice(1) : value]);
  }
  return new AmiMessage(raw, fields);
}

/**
 * Cuts a byte stream into messages. Bytes may arrive split anywhere, even inside a UTF-8 character.
 * With `banner: true` the first line (`Asterisk Call Manager/…`) comes out as a message of its own.
 * Each returned string is the message's exact text, terminator included.
 */
export class AmiStreamSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private scanFrom = 0;
  private lineStart = 0;
  private expectBanner: boolean;

  constructor(options: { banner?: boolean } = {}) {
    this.expectBanner = options.banner ?? false;
  }

  push(chunk: Buffer | string): string[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const out: string[] = [];
    let messageStart = 0;
    let i = this.scanFrom;
    let lineStart = this.lineStart;
    while (true) {
      const nl = this.buffer.indexOf('\n', i);
      if (nl < 0) break;
      const lineEnd = nl > lineStart && this.buffer.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (this.expectBanner) {
        this.expectBanner = false;
        out.push(this.buffer.slice(messageStart, nl + 1));
        messageStart = nl + 1;
      } else if (lineEnd === lineStart) {
        if (lineStart > messageStart) out.push(this.buffer.slice(messageStart, nl + 1));
        messageStart = nl + 1;
      }
      i = nl + 1;
      lineStart = nl + 1;
    }
    this.buffer = this.buffer.slice(messageStart);
    this.scanFrom = i - messageStart;
    this.lineStart = lineStart - messageStart;
    return out;
  }

  /** Bytes received but not yet a whole message. */
  get pending(): string {
    return this.buffer;
  }
}
