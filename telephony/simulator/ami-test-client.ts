/**
 * A deliberately plain AMI client over `node:net` for tests of the simulator (and of anything that
 * needs to watch an AMI stream): it keeps every byte and every message it received, in order.
 */
import { connect, type Socket } from 'node:net';
import { AmiStreamSplitter, parseMessage, type AmiMessage } from './ami-wire';

export class AmiTestClient {
  readonly socket: Socket;
  /** Every message received after the banner, in order. */
  readonly messages: AmiMessage[] = [];
  banner = '';
  /** Resolves when the server closed the connection (or it broke). */
  readonly closed: Promise<void>;
  private readonly chunks: Buffer[] = [];
  private readonly splitter = new AmiStreamSplitter({ banner: true });
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  private isClosed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      for (const raw of this.splitter.push(chunk)) {
        if (!this.banner && raw.startsWith('Asterisk Call Manager/')) this.banner = raw;
        else this.messages.push(parseMessage(raw));
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.isClosed = true;
      this.wake();
    });
  }

  /** Connects and waits for the banner. */
  static async connect(port: number, host = '127.0.0.1'): Promise<AmiTestClient> {
    const socket = connect(port, host);
    const client = new AmiTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    await client.until(() => client.banner !== '', 2000, 'banner');
    return client;
  }

  /** All bytes received so far, banner included. */
  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** Sends one action; fields in order. Returns the ActionID used (one is added if missing). */
  send(action: string, fields: Record<string, string> = {}): string {
    const actionId = fields.ActionID ?? `t-${this.nextId++}`;
    let text = `Action: ${action}\r\nActionID: ${actionId}\r\n`;
    for (const [k, v] of Object.entries(fields)) if (k !== 'ActionID') text += `${k}: ${v}\r\n`;
    this.socket.write(`${text}\r\n`);
    return actionId;
  }

  /** Sends an action and resolves with its Response. */
  async action(action: string, fields: Record<string, string> = {}, timeoutMs = 2000): Promise<AmiMessage> {
    const id = this.send(action, fields);
    return this.waitFor((m) => m.response !== undefined && m.actionId === id, timeoutMs);
  }

  async login(username = 'admin', secret = 'amp111', events: 'on' | 'off' = 'on'): Promise<AmiMessage> {
    return this.action('Login', { Username: username, Secret: secret, Events: events });
  }

  /** First message (already received or still to come) matching `predicate`. */
  async waitFor(predicate: (m: AmiMessage) => boolean, timeoutMs = 2000): Promise<AmiMessage> {
    let found: AmiMessage | undefined;
    await this.until(() => (found = this.messages.find(predicate)) !== undefined, timeoutMs, 'message');
    return found as AmiMessage;
  }

  /** Resolves when `check()` holds; rejects after `timeoutMs` or when the connection closes first. */
  until(check: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${this.messages.length} messages received)`));
      }, timeoutMs);
      const wake = (): void => {
        if (check()) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        } else if (this.isClosed) {
          clearTimeout(timer);
          this.waiters.delete(wake);
          reject(new Error(`connection closed while waiting for ${what}`));
        }
      };
      this.waiters.add(wake);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
