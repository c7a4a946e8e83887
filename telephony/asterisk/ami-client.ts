import { PbxActionError } from '../pbx-action-error';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import AsteriskManager from 'asterisk-manager';
import type { PbxConnectionState } from '../call-event';
import { AmiBufferFramer, field, parseFrame, type AmiMessage } from './ami-framer';

// asterisk-manager calls net.createConnection itself; we hand it our own socket (see connectSocket).
const net = createRequire(import.meta.url)('node:net') as typeof import('node:net');

export type AmiClientOptions = {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Events that are never parsed: dropped on their name alone. */
  noise?: ReadonlySet<string>;
  /** Noise kept after all when its text holds this (event name → text). */
  noiseKept?: ReadonlyMap<string, string>;
  /** Heartbeat: a Ping this often; no answer within actionTimeoutMs means a dead link. Default 5 s. */
  pingIntervalMs?: number;
  /** Every action fails with a clear error if the PBX does not answer in time. Default 5 s. */
  actionTimeoutMs?: number;
  /** Reconnect backoff: first retry within minDelay, doubling with full jitter up to maxDelay. */
  reconnect?: { minDelayMs: number; maxDelayMs: number };
  logger?: { info(o: object, m: string): void; warn(o: object, m: string): void };
};

export class AmiActionError extends PbxActionError {
  constructor(
    message: string,
    code: PbxActionError['code'],
    readonly response?: AmiMessage,
  ) {
    super(message, code);
  }
}

type Pending = { resolve(msg: AmiMessage): void; reject(err: Error): void; timer: NodeJS.Timeout; list?: { complete: string; items: AmiMessage[] } };

/** Values and keys go out on one line each: CR and LF would inject a second action, so they never pass. */
export function sanitizeAction(fields: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const k = key.replace(/[^A-Za-z0-9_-]/g, '');
    if (k) out[k] = String(value).replace(/[\r\n\0]+/g, ' ');
  }
  return out;
}

export declare interface AmiClient {
  on(event: 'event', listener: (msg: AmiMessage, receivedAt: number) => void): this;
  on(event: 'state', listener: (state: PbxConnectionState, detail?: string) => void): this;
  on(event: 'connected', listener: () => void): this;
  /** A logged-in link closed; `lastReceivedAt` is when it last delivered anything (it was alive until then). */
  on(event: 'lost', listener: (lastReceivedAt: number) => void): this;
}

/** The link's figures for monitoring, beside its status (times as Dates, null before the first). */
export type AmiLinkState = {
  status: PbxConnectionState;
  detail?: string;
  /** Successful logins after the first one since the process started (each is one outage survived). */
  reconnects: number;
  /** When the current (or last) link logged in. */
  lastConnectedAt: Date | null;
  /** When the PBX last sent an event (noise dropped unread does not count). */
  lastEventAt: Date | null;
};

/**
 * One connection attempt: its own socket, its own asterisk-manager, its own watchdog. Nothing of an
 * attempt ever acts on another: a refused or cut attempt's timers die with its socket.
 */
type Attempt = { manager: ReturnType<typeof AsteriskManager>; socket: Socket; watchdog: NodeJS.Timeout | undefined; loggedIn: boolean };

/**
 * AMI over asterisk-manager, with what it lacks in production: a linear-time framer in place of its
 * reader, reconnect within a second or two with capped exponential backoff and jitter (it waits 10–60 s),
 * a Ping heartbeat to find silent dead links, a timeout on every action (it holds actions sent while
 * disconnected forever), and CR/LF sanitizing of every value sent.
 *
 * Each connection attempt is self-contained (see Attempt): the connect and login deadline, the heartbeat
 * and every error handler act only on the socket they were made for. (A login deadline that outlived its
 * refused attempt and then destroyed "the current socket" used to cut the healthy link made after an
 * outage, once per refused attempt.)
 */
export class AmiClient extends EventEmitter {
  private manager: ReturnType<typeof AsteriskManager> | undefined;
  private socket: Socket | undefined;
  private current: Attempt | undefined;
  private logins = 0;
  private lastConnectedAt: number | null = null;
  private lastEventAt: number | null = null;
  /** When the current link last delivered any bytes (events, answers, pongs). */
  private lastReceivedAt = 0;
  private status: PbxConnectionState = 'disconnected';
  private detail: string | undefined;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private nextId = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly noise: ReadonlySet<string>;
  private readonly noiseKept: ReadonlyMap<string, string> | undefined;
  private readonly opts: Required<Omit<AmiClientOptions, 'logger' | 'noise' | 'noiseKept'>> & Pick<AmiClientOptions, 'logger'>;
  /** Frames that were not valid AMI or were too long: counted, skipped, never fatal. */
  malformed = 0;

  constructor(options: AmiClientOptions) {
    super();
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as AmiClientOptions;
    this.opts = { pingIntervalMs: 5000, actionTimeoutMs: 5000, reconnect: { minDelayMs: 500, maxDelayMs: 30_000 }, ...given };
    this.noise = options.noise ?? new Set();
    this.noiseKept = options.noiseKept;
  }

  state(): AmiLinkState {
    const at = (ms: number | null) => (ms === null ? null : new Date(ms));
    return {
      status: this.status,
      ...(this.detail && { detail: this.detail }),
      reconnects: Math.max(0, this.logins - 1),
      lastConnectedAt: at(this.lastConnectedAt),
      lastEventAt: at(this.lastEventAt),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    if (this.status === 'connected') await this.action({ Action: 'Logoff' }, 1000).catch(() => undefined);
    this.socket?.destroy();
    this.failPending(new AmiActionError('AMI client stopped', 'disconnected'));
    this.setState('stopped');
  }

  /** Sends an action and resolves with its response; a `Response: Error` rejects with the PBX's message. */
  action(fields: Record<string, string | number | undefined>, timeoutMs = this.opts.actionTimeoutMs): Promise<AmiMessage> {
    return this.send(fields, timeoutMs);
  }

  /** A list action (CoreShowChannels, Status, …): resolves with every item event once the list completes. */
  async list(fields: Record<string, string | number | undefined>, completeEvent: string, timeoutMs = this.opts.actionTimeoutMs * 2): Promise<AmiMessage[]> {
    const items: AmiMessage[] = [];
    await this.send(fields, timeoutMs, { complete: completeEvent.toLowerCase(), items });
    return items;
  }

  private send(fields: Record<string, string | number | undefined>, timeoutMs: number, list?: Pending['list']): Promise<AmiMessage> {
    if (this.status !== 'connected' || !this.manager) {
      return Promise.reject(new AmiActionError(`AMI is ${this.status}: cannot send ${String(fields.Action ?? 'action')}`, 'not_connected'));
    }
    const actionId = String(fields.ActionID ?? `crm-${process.pid}-${++this.nextId}`);
    const clean = sanitizeAction({ ...fields, ActionID: undefined });
    return new Promise<AmiMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        this.manager?.removeAllListeners(actionId);
        reject(new AmiActionError(`AMI action ${clean.Action ?? ''} got no answer in ${timeoutMs} ms`, 'timeout'));
      }, timeoutMs);
      this.pending.set(actionId, { resolve, reject, timer, list });
      // asterisk-manager lower-cases keys itself; its callback gets (error response, response).
      this.manager!.action({ ...lowerKeys(clean), actionid: actionId }, (err: AmiMessage | undefined, res: AmiMessage) => {
        const p = this.pending.get(actionId);
        if (!p) return;
        if (err) {
          this.settle(actionId);
          p.reject(new AmiActionError(`AMI ${clean.Action ?? 'action'} failed: ${field(err, 'message') ?? 'error'}`, 'rejected', err));
        } else if (!p.list || field(res, 'eventlist')?.toLowerCase() !== 'start') {
          this.settle(actionId);
          p.resolve(res);
        }
        // A list's "EventList: start" response: keep waiting for the items and the Complete event.
      });
    });
  }

  private settle(actionId: string) {
    const p = this.pending.get(actionId);
    if (p) clearTimeout(p.timer);
    this.pending.delete(actionId);
  }

  private connect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.setState('connecting');
    const manager = AsteriskManager(undefined, this.opts.host, this.opts.username, this.opts.secret, true);
    manager.options.port = this.opts.port;
    // Its own 'error' handler only swallows; state changes come from the socket below.
    const socket = net.connect({ port: this.opts.port, host: this.opts.host });
    const attempt: Attempt = { manager, socket, watchdog: undefined, loggedIn: false };
    // One deadline for the TCP connect (a black-holed SYN waits minutes otherwise), then one for the login.
    this.arm(attempt, 'connect');
    // It sets 'utf-8' on the socket; our framer reads bytes and decodes only the frames it keeps.
    socket.setEncoding = () => socket;
    connectSocket(manager, socket, this.opts.port, this.opts.host, () => this.login(attempt));
    // Replace its reader: our framer parses, responses go back to it to resolve action callbacks.
    socket.removeAllListeners('data');
    const framer = new AmiBufferFramer(this.noise, (frame, name) => this.onFrame(manager, frame, name), this.noiseKept);
    socket.on('data', (chunk: Buffer) => {
      if (this.current === attempt) this.lastReceivedAt = Date.now();
      framer.push(chunk);
    });
    socket.on('close', () => this.onClose(attempt));
    socket.on('error', (err) => {
      if (this.current === attempt) this.detail = err.message;
    });
    this.current = attempt;
    this.manager = manager;
    this.socket = socket;
  }

  /** (Re)arms the attempt's deadline: it destroys that attempt's own socket, never whichever is current. */
  private arm(attempt: Attempt, phase: 'connect' | 'login'): void {
    clearTimeout(attempt.watchdog);
    const ms = this.opts.actionTimeoutMs;
    attempt.watchdog = setTimeout(() => attempt.socket.destroy(new Error(`AMI ${phase} got no answer in ${ms} ms`)), ms);
    attempt.watchdog.unref();
  }

  private login(attempt: Attempt): void {
    const { manager, socket } = attempt;
    if (socket.destroyed) return;
    this.arm(attempt, 'login');
    manager.login((err: AmiMessage | undefined) => {
      clearTimeout(attempt.watchdog);
      if (this.current !== attempt || socket.destroyed) return;
      if (err) {
        const message = field(err, 'message') ?? 'login failed';
        this.opts.logger?.warn({ host: this.opts.host, port: this.opts.port, user: this.opts.username }, `AMI login refused: ${message}; retrying`);
        this.setState('auth_failed', message);
        socket.destroy();
        return;
      }
      attempt.loggedIn = true;
      this.attempt = 0;
      this.logins++;
      this.lastConnectedAt = this.lastReceivedAt = Date.now();
      this.setState('connected');
      this.opts.logger?.info({ host: this.opts.host, port: this.opts.port, reconnects: this.logins - 1 }, 'AMI connected');
      this.startHeartbeat(attempt);
      this.emit('connected');
    });
  }

  /** A frame the framer kept (noise never gets here); name is its event name, "" for a response. */
  private onFrame(manager: ReturnType<typeof AsteriskManager>, frame: string, name: string): void {
    const receivedAt = Date.now();
    const msg = parseFrame(frame);
    if (!name) {
      if (field(msg, 'response') === undefined) {
        this.malformed++;
        return;
      }
      manager.emit('rawevent', msg);
      return;
    }
    this.lastEventAt = receivedAt;
    const actionId = field(msg, 'actionid');
    const p = actionId ? this.pending.get(actionId) : undefined;
    if (p?.list) {
      if (name.toLowerCase() === p.list.complete) {
        this.settle(actionId!);
        p.resolve(msg);
      } else p.list.items.push(msg);
      return;
    }
    this.emit('event', msg, receivedAt);
  }

  private startHeartbeat(attempt: Attempt): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.current !== attempt) return;
      this.action({ Action: 'Ping' }).catch((err: AmiActionError) => {
        if (err.code === 'timeout' && this.current === attempt && !attempt.socket.destroyed) {
          this.opts.logger?.warn({ host: this.opts.host }, 'AMI heartbeat lost; reconnecting');
          attempt.socket.destroy();
        }
      });
    }, this.opts.pingIntervalMs);
    this.pingTimer.unref();
  }

  private onClose(attempt: Attempt): void {
    // Whatever else happens, this attempt's deadline goes with its socket.
    clearTimeout(attempt.watchdog);
    attempt.manager.removeAllListeners();
    if (this.current !== attempt) return;
    clearInterval(this.pingTimer);
    this.current = undefined;
    this.manager = undefined;
    this.socket = undefined;
    this.failPending(new AmiActionError('AMI connection closed', 'disconnected'));
    if (attempt.loggedIn) this.emit('lost', this.lastReceivedAt);
    if (this.stopped) return;
    if (this.status !== 'auth_failed') this.setState('disconnected', this.detail);
    const { minDelayMs, maxDelayMs } = this.opts.reconnect;
    // Jitter: a whole floor of CRM nodes does not reconnect to the PBX in lockstep.
    const cap = Math.min(maxDelayMs, minDelayMs * 2 ** this.attempt++);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), Math.round(cap / 2 + (Math.random() * cap) / 2));
  }

  private failPending(err: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
  }

  private setState(status: PbxConnectionState, detail?: string): void {
    const changed = status !== this.status;
    this.status = status;
    this.detail = detail;
    if (changed) this.emit('state', status, detail);
  }
}

const lowerKeys = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * Lets asterisk-manager adopt a socket we created: it calls net.createConnection synchronously inside
 * connect(), so for that one call the factory returns ours. It then wires its handlers to it as usual.
 */
function connectSocket(manager: ReturnType<typeof AsteriskManager>, socket: Socket, port: number, host: string, onConnect: () => void) {
  const original = net.createConnection;
  net.createConnection = (() => socket) as typeof net.createConnection;
  try {
    manager.connect(port, host, onConnect);
  } finally {
    net.createConnection = original;
  }
}
