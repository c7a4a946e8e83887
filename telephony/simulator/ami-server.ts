/**
 * A TCP server that speaks AMI the way Asterisk does: banner, Login (and its failures), Ping, Logoff,
 * Events, list actions that report the calls in progress (CoreShowChannels, Status, QueueStatus),
 * CoreSettings/CoreStatus, Originate as a click-to-call (Context/Exten) or into ChanSpy (Application: a
 * supervisor's live coaching), and QueuePause/QueueAdd/QueueRemove on the
 * queue's members (see queue-members.ts). Calls are played from call scripts on a
 * simulated clock (see call-player.ts) to every logged-in session that wants events.
 *
 * Test hooks: an `action` event for every action received, `broadcast()` of raw bytes,
 * `dropConnections()`, `restart()`, `answerPings = false` (a silent dead link) and `replyDelayMs`
 * (slow or never-answering PBX), `refuseConnections()` (a PBX that refuses connections for a while) and
 * `loseEvent` (events the PBX never sends, e.g. a lost Hangup).
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AmiStreamSplitter, parseMessage } from './ami-wire';
import { AmiSession, type AmiAction } from './ami-session';
import { CallPlayer } from './call-player';
import { chanSpy, clickToCall, spyeeOf, type Caller, type CallScript, type ChanSpyPlan, type ClickToCallPlan } from './call-scripts';
import { coreShowChannelsReply, LiveChannels, queueStatusReply, statusReply } from './live-channels';
import type { ChannelSnapshot } from './script-builder';
import { SimClock } from './sim-clock';
import { SimPbx, type SimPbxOptions } from './sim-pbx';
import { SimQueueMembers } from './queue-members';

export type AmiServerOptions = {
  /** Login credentials. Default admin / amp111 (FreePBX's well-known default). */
  username?: string;
  secret?: string;
  /** First line sent on connect (without CRLF). Default `Asterisk Call Manager/12.0.0` (Asterisk 23). */
  banner?: string;
  /** Simulated-time speed (2 = calls run twice as fast). Ignored when `clock` is given. Default 1. */
  speed?: number;
  clock?: SimClock;
  /** The simulated PBX (or options to build one): profile, operators, seed. */
  pbx?: SimPbx | SimPbxOptions;
  /** Send FullyBooted and SuccessfulAuth after a successful Login, as Asterisk does. Default true. */
  loginEvents?: boolean;
  /** false: Ping gets no answer at all (a link that silently died). Default true. */
  answerPings?: boolean;
  /** Delay before an action is handled, ms, or per action; Infinity = never answered. Default 0. */
  replyDelayMs?: number | ((action: AmiAction) => number);
  /**
   * A session whose unsent output passes this many bytes is dropped, as Asterisk drops a client that
   * does not read (its write timeout). Default 64 MiB; Infinity to never drop.
   */
  slowClientLimitBytes?: number;
  /** Shapes the click-to-call an Originate plays (ring and talk times, outcomes). */
  originate?: (action: AmiAction, defaults: ClickToCallPlan) => Partial<ClickToCallPlan>;
  /** Shapes what an Originate into ChanSpy plays (the supervisor's ring, whether they answer, how long they stay). */
  chanSpy?: (action: AmiAction, defaults: ChanSpyPlan) => Partial<ChanSpyPlan>;
};

/** How refuseConnections() turns a connection away. */
export type RefuseMode = 'close' | 'reset' | 'unlisten';

export type AmiServerEvents = {
  connection: [session: AmiSession];
  /** Every action received, parsed, before it is handled (also unanswered ones). */
  action: [action: AmiAction, session: AmiSession];
  login: [session: AmiSession];
  disconnect: [session: AmiSession];
  /** A call script started playing (traffic, Originate or `play()`). */
  call: [script: CallScript];
  /** close() was called: everything stops. */
  close: [];
};

const ALLOWED_BEFORE_LOGIN = new Set(['login', 'logoff', 'challenge']);

export class AmiServer extends EventEmitter<AmiServerEvents> {
  readonly pbx: SimPbx;
  readonly clock: SimClock;
  readonly channels = new LiveChannels();
  /** Queue members: QueuePause, QueueAdd and QueueRemove change them and raise Asterisk's events. */
  readonly queueMembers: SimQueueMembers;
  answerPings: boolean;
  /** Test hook: an event message (one, with its trailing blank line) for which this returns true is never sent. */
  loseEvent: ((message: string) => boolean) | null = null;
  /** Connections turned away by refuseConnections() so far. */
  refusedConnections = 0;
  private refusing: RefuseMode | null = null;
  replyDelayMs: number | ((action: AmiAction) => number);
  private readonly username: string;
  private readonly secret: string;
  private readonly banner: string;
  private readonly loginEvents: boolean;
  private readonly originateOptions: AmiServerOptions['originate'];
  private readonly chanSpyOptions: AmiServerOptions['chanSpy'];
  private readonly slowClientLimitBytes: number | undefined;
  private readonly player: CallPlayer;
  private readonly live = new Set<AmiSession>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly bootEpochMs: number;
  private server: Server | null = null;
  private boundPort = 0;
  private boundHost = '127.0.0.1';
  private nextSessionId = 1;
  private processedCalls = 0;
  private closed = false;
  private restartWait: AbortController | null = null;

  constructor(options: AmiServerOptions = {}) {
    super();
    this.username = options.username ?? 'admin';
    this.secret = options.secret ?? 'amp111';
    this.banner = options.banner ?? 'Asterisk Call Manager/12.0.0';
    this.clock = options.clock ?? new SimClock({ speed: options.speed ?? 1 });
    this.pbx = options.pbx instanceof SimPbx ? options.pbx : new SimPbx({ loginEpochMs: this.clock.now(), ...options.pbx });
    this.loginEvents = options.loginEvents ?? true;
    this.answerPings = options.answerPings ?? true;
    this.replyDelayMs = options.replyDelayMs ?? 0;
    this.originateOptions = options.originate;
    this.chanSpyOptions = options.chanSpy;
    this.slowClientLimitBytes = options.slowClientLimitBytes;
    this.bootEpochMs = this.clock.now();
    this.queueMembers = new SimQueueMembers(this.pbx, () => this.clock.now());
    this.player = new CallPlayer(this.clock, (data) => this.sendEvent(data), this.channels);
  }

  /** Starts accepting connections; resolves with the port (an ephemeral one for port 0). */
  listen(port = 0, host = '127.0.0.1'): Promise<number> {
    if (this.server) return Promise.reject(new Error('already listening'));
    this.closed = false;
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        this.server = null;
        reject(err);
      };
      server.once('error', fail);
      server.listen(port, host, () => {
        server.off('error', fail);
        const address = server.address();
        this.boundPort = typeof address === 'object' && address ? address.port : port;
        this.boundHost = host;
        resolve(this.boundPort);
      });
    });
  }

  get port(): number {
    return this.boundPort;
  }

  /** Stops everything for good: calls, timers, connections, the listener. Leaves no handle open. */
  async close(): Promise<void> {
    this.closed = true;
    this.emit('close');
    this.restartWait?.abort();
    this.player.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.live) s.destroy();
    await this.stopListening();
  }

  /** Open connections (logged in or not). */
  get sessions(): number {
    return this.live.size;
  }

  get loggedInSessions(): number {
    let n = 0;
    for (const s of this.live) if (s.loggedIn) n++;
    return n;
  }

  sessionList(): AmiSession[] {
    return [...this.live];
  }

  /** Resolves with the next session that logs in successfully. */
  nextLogin(): Promise<AmiSession> {
    return new Promise((resolve) => this.once('login', resolve));
  }

  /**
   * Writes raw bytes to every logged-in session, even one that said `Events: off` unless
   * `eventsOnly` (tests use this to inject garbage, partial frames or events of their own).
   */
  broadcast(raw: string | Uint8Array, options: { eventsOnly?: boolean } = {}): void {
    for (const s of this.live) if (s.loggedIn && (!options.eventsOnly || s.eventsOn)) s.write(raw);
  }

  /** Destroys every connection abruptly (no Goodbye, no FIN-after-flush). */
  dropConnections(): void {
    for (const s of this.live) s.destroy();
  }

  /**
   * Plays a PBX restart: `Event: Shutdown` to everyone, connections closed, calls forgotten, no
   * listener for `downMs`, then the same port accepts logins again.
   */
  async restart(downMs = 1000): Promise<void> {
    this.sendEvent(`${this.eventHead('Shutdown', 'system,all')}Shutdown: Cleanly\r\nRestart: True\r\n\r\n`);
    for (const s of this.live) s.end();
    const grace = setTimeout(() => {
      this.timers.delete(grace);
      for (const s of this.live) s.destroy();
    }, 200);
    this.timers.add(grace);
    this.player.reset();
    this.queueMembers.reset(); // pauses and dynamic members do not survive it (no persistentmembers)
    await this.stopListening();
    this.restartWait = new AbortController();
    await sleep(downMs, undefined, { signal: this.restartWait.signal }).catch(() => undefined);
    this.restartWait = null;
    if (!this.closed) await this.listen(this.boundPort, this.boundHost);
  }

  /**
   * Turns connections away for `ms` (calls keep playing): `close` accepts each one and closes it at once,
   * before the banner, as a proxy, container port or load balancer in front of a restarting PBX does;
   * `reset` resets it; `unlisten` closes the listening socket (connection refused). `dropOpen` cuts the
   * open sessions first. Resolves when connections are welcome again.
   */
  async refuseConnections(ms: number, options: { mode?: RefuseMode; dropOpen?: boolean } = {}): Promise<void> {
    const mode = options.mode ?? 'close';
    this.refusing = mode;
    if (options.dropOpen) this.dropConnections();
    if (mode === 'unlisten') await this.stopListening();
    const wait = new AbortController();
    const onClose = () => wait.abort();
    this.once('close', onClose);
    await sleep(ms, undefined, { signal: wait.signal }).catch(() => undefined);
    this.off('close', onClose);
    this.refusing = null;
    if (mode === 'unlisten' && !this.closed) await this.listen(this.boundPort, this.boundHost);
  }

  /** Plays a call script to the event sessions; resolves when its last message is out. */
  play(script: CallScript): Promise<void> {
    this.processedCalls++;
    this.emit('call', script);
    return this.player.play(script);
  }

  /** Calls being played right now. */
  get activeCalls(): number {
    return this.player.active;
  }

  liveChannels(): ChannelSnapshot[] {
    return this.channels.list();
  }

  // ---- connections --------------------------------------------------------------------------------

  private accept(socket: Socket): void {
    // A client that reconnects while close() runs would keep server.close() waiting for it for ever.
    if (this.closed) {
      socket.on('error', () => undefined);
      socket.destroy();
      return;
    }
    if (this.refusing) {
      this.refusedConnections++;
      socket.on('error', () => undefined);
      if (this.refusing === 'reset') socket.resetAndDestroy();
      else {
        socket.end();
        setTimeout(() => socket.destroy(), 500).unref();
      }
      return;
    }
    socket.setNoDelay(true);
    const session = new AmiSession(this.nextSessionId++, socket, this.slowClientLimitBytes);
    this.live.add(session);
    const splitter = new AmiStreamSplitter();
    socket.on('data', (chunk) => {
      for (const raw of splitter.push(chunk)) this.receive(session, raw);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.live.delete(session);
      this.emit('disconnect', session);
    });
    session.write(`${this.banner}\r\n`);
    this.emit('connection', session);
  }

  private receive(session: AmiSession, raw: string): void {
    const message = parseMessage(raw);
    const action: AmiAction = {
      name: (message.get('Action') ?? '').trim(),
      actionId: message.get('ActionID'),
      message,
      sessionId: session.id,
    };
    this.emit('action', action, session);
    const delay = typeof this.replyDelayMs === 'function' ? this.replyDelayMs(action) : this.replyDelayMs;
    if (!(delay < Infinity)) return;
    if (delay <= 0) {
      this.handle(session, action);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.handle(session, action);
    }, delay);
    t.unref();
    this.timers.add(t);
  }

  private handle(session: AmiSession, action: AmiAction): void {
    if (!session.open) return;
    const id = action.actionId;
    if (!action.name) return this.reply(session, id, 'Error', 'Message: Missing action in request\r\n');
    const name = action.name.toLowerCase();
    if (!session.loggedIn && !ALLOWED_BEFORE_LOGIN.has(name)) return this.reply(session, id, 'Error', 'Message: Permission denied\r\n');
    switch (name) {
      case 'login':
        return this.login(session, action);
      case 'logoff':
        this.reply(session, id, 'Goodbye', 'Message: Thanks for all the fish.\r\n');
        session.end();
        return;
      case 'ping':
        if (this.answerPings) this.reply(session, id, 'Success', `Ping: Pong\r\nTimestamp: ${this.timestamp()}\r\n`);
        return;
      case 'events': {
        const mask = (action.message.get('EventMask') ?? 'on').trim().toLowerCase();
        session.eventsOn = !(mask === 'off' || mask === 'none' || mask === '0');
        return this.reply(session, id, 'Success', `Events: ${session.eventsOn ? 'On' : 'Off'}\r\n`);
      }
      case 'coreshowchannels':
        session.write(coreShowChannelsReply(id, this.channels.list(), this.clock.now()));
        return;
      case 'status':
        return this.status(session, action);
      case 'queuestatus':
        session.write(queueStatusReply(id, this.pbx, this.channels.list(), this.clock.now(), this.queueMembers.list()));
        return;
      case 'coresettings':
        return this.reply(
          session,
          id,
          'Success',
          `AMIversion: ${this.banner.split('/')[1] ?? '12.0.0'}\r\nAsteriskVersion: 23.4.1\r\nSystemName: ${this.pbx.profile.systemName}\r\n` +
            'CoreMaxCalls: 0\r\nCoreMaxLoadAvg: 0.000000\r\nCoreRunUser: \r\nCoreRunGroup: \r\nCoreMaxFilehandles: 0\r\n' +
            'CoreRealTimeEnabled: No\r\nCoreCDRenabled: Yes\r\nCoreHTTPenabled: No\r\nSoundsSearchCustomDir: No\r\n',
        );
      case 'corestatus': {
        const boot = new Date(Math.floor(this.bootEpochMs)).toISOString();
        return this.reply(
          session,
          id,
          'Success',
          `CoreStartupDate: ${boot.slice(0, 10)}\r\nCoreStartupTime: ${boot.slice(11, 19)}\r\nCoreReloadDate: ${boot.slice(0, 10)}\r\n` +
            `CoreReloadTime: ${boot.slice(11, 19)}\r\nCoreCurrentCalls: ${this.channels.callCount()}\r\nCoreProcessedCalls: ${this.processedCalls}\r\n`,
        );
      }
      case 'originate':
        return this.originate(session, action);
      case 'queuepause':
      case 'queueadd':
      case 'queueremove':
        return this.queueAction(session, action);
      default:
        return this.reply(session, id, 'Error', `Message: Invalid/unknown command: ${action.name}. Use Action: ListCommands to show available commands.\r\n`);
    }
  }

  private login(session: AmiSession, action: AmiAction): void {
    const id = action.actionId;
    const user = (action.message.get('Username') ?? '').trim();
    const secret = action.message.get('Secret') ?? '';
    if (user.toLowerCase() !== this.username.toLowerCase() || secret !== this.secret) {
      this.reply(session, id, 'Error', 'Message: Authentication failed\r\n');
      session.end();
      return;
    }
    const events = (action.message.get('Events') ?? 'on').trim().toLowerCase();
    session.loggedIn = true;
    session.username = user;
    session.eventsOn = !(events === 'off' || events === 'none' || events === '0');
    this.reply(session, id, 'Success', 'Message: Authentication accepted\r\n');
    if (this.loginEvents) {
      const uptime = Math.floor((this.clock.now() - this.bootEpochMs) / 1000);
      if (session.eventsOn) {
        session.write(`Event: FullyBooted\r\nPrivilege: system,all\r\nUptime: ${uptime}\r\nLastReload: ${uptime}\r\nStatus: Fully Booted\r\n\r\n`);
      }
      this.sendEvent(this.successfulAuth(session, user));
    }
    this.emit('login', session);
  }

  private status(session: AmiSession, action: AmiAction): void {
    const wanted = action.message.get('Channel')?.trim();
    const all = this.channels.list();
    const channels = wanted ? all.filter((c) => c.name === wanted) : all;
    if (wanted && channels.length === 0) return this.reply(session, action.actionId, 'Error', 'Message: No such channel\r\n');
    session.write(statusReply(action.actionId, channels, this.clock.now()));
  }

  private originate(session: AmiSession, action: AmiAction): void {
    const id = action.actionId;
    const channel = action.message.get('Channel')?.trim();
    if (!channel) return this.reply(session, id, 'Error', 'Message: Channel not specified\r\n');
    const target = /^([^/]+)\/([^/@]+)/.exec(channel);
    const application = action.message.get('Application')?.trim();
    if (application) return this.originateApplication(session, action, application, target);
    const exten = action.message.get('Exten')?.trim();
    if (!target || !exten) return this.reply(session, id, 'Error', 'Message: Exten not specified\r\n');
    const [, tech = this.pbx.profile.tech, ext = ''] = target;
    const r = this.pbx.random;
    const defaults: ClickToCallPlan = {
      ext,
      tech: tech === 'Local' ? this.pbx.profile.tech : tech,
      number: exten,
      callerId: parseCallerId(action.message.get('CallerID')),
      context: action.message.get('Context')?.trim() || undefined,
      actionId: id,
      agentRingMs: r.int(1_500, 6_000),
      clientRingMs: r.int(3_000, 12_000),
      talkMs: r.int(20_000, 180_000),
      hangupBy: r.chance(0.6) ? 'operator' : 'client',
    };
    const plan = { ...defaults, ...this.originateOptions?.(action, defaults) };
    this.reply(session, id, 'Success', 'Message: Originate successfully queued\r\n');
    void this.play(clickToCall(this.pbx, plan, this.clock.now() + 1));
  }

  /**
   * Originate with Application instead of Context/Exten. Only ChanSpy is played; like Asterisk, it is
   * queued whether or not anyone is on the line to spy on (ChanSpy finds out once the phone answers).
   */
  private originateApplication(session: AmiSession, action: AmiAction, application: string, target: RegExpExecArray | null): void {
    const id = action.actionId;
    if (!target) return this.reply(session, id, 'Error', 'Message: Channel not specified\r\n');
    if (application.toLowerCase() !== 'chanspy') return this.reply(session, id, 'Error', `Message: Application ${application} is not simulated\r\n`);
    const [, tech = this.pbx.profile.tech, ext = ''] = target;
    const data = action.message.get('Data')?.trim() ?? '';
    const defaults: ChanSpyPlan = {
      ext,
      tech,
      data,
      spyee: spyeeOf(data, this.channels.list()),
      actionId: id,
      callerIdNum: parseCallerId(action.message.get('CallerID'))?.number,
      supervisorRingMs: this.pbx.random.int(1_500, 5_000),
      spyMs: this.pbx.random.int(20_000, 90_000),
    };
    const plan = { ...defaults, ...this.chanSpyOptions?.(action, defaults) };
    this.reply(session, id, 'Success', 'Message: Originate successfully queued\r\n');
    void this.play(chanSpy(this.pbx, plan, this.clock.now() + 1));
  }

  private queueAction(session: AmiSession, action: AmiAction): void {
    const result = this.queueMembers.handle(action);
    this.reply(session, action.actionId, result.response, `Message: ${result.message}\r\n`);
    for (const e of result.events) this.sendEvent(`${this.eventHead(e.name, e.privilege ?? 'agent,all')}${e.body}\r\n`);
  }

  // ---- output -------------------------------------------------------------------------------------

  private reply(session: AmiSession, actionId: string | undefined, kind: 'Success' | 'Error' | 'Goodbye', body: string): void {
    session.write(`Response: ${kind}\r\n${actionId === undefined ? '' : `ActionID: ${actionId}\r\n`}${body}\r\n`);
  }

  /** Writes events to every logged-in session that wants events (encoded once for all of them). */
  private sendEvent(data: string): void {
    if (this.loseEvent) {
      const lose = this.loseEvent;
      data = data.split(/(?<=\r\n\r\n)/).filter((message) => !lose(message)).join('');
      if (!data) return;
    }
    let buf: Buffer | null = null;
    for (const s of this.live) {
      if (!s.loggedIn || !s.eventsOn) continue;
      buf ??= Buffer.from(data, 'utf8');
      s.write(buf);
    }
  }

  private timestamp(): string {
    const us = Math.round(this.clock.now() * 1000);
    return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
  }

  private eventHead(event: string, privilege: string): string {
    const p = this.pbx.profile;
    return (
      `Event: ${event}\r\nPrivilege: ${privilege}\r\n` +
      (p.timestamps ? `Timestamp: ${this.timestamp()}\r\n` : '') +
      (p.systemName ? `SystemName: ${p.systemName}\r\n` : '')
    );
  }

  private successfulAuth(session: AmiSession, user: string): string {
    const tv = `${new Date(Math.floor(this.clock.now())).toISOString().slice(0, 23)}+0000`;
    const local = session.socket.localAddress ?? '127.0.0.1';
    const remote = session.socket.remoteAddress ?? '127.0.0.1';
    const v = (addr: string): string => (addr.includes(':') && !addr.startsWith('::ffff:') ? 'IPV6' : 'IPV4');
    const plain = (addr: string): string => addr.replace(/^::ffff:/, '');
    return (
      `${this.eventHead('SuccessfulAuth', 'security,all')}EventTV: ${tv}\r\nSeverity: Informational\r\nService: AMI\r\nEventVersion: 1\r\n` +
      `AccountID: ${user}\r\nSessionID: 0x${(0x7f0000000000 + session.id * 0x1460).toString(16)}\r\n` +
      `LocalAddress: ${v(local)}/TCP/${plain(local)}/${session.socket.localPort ?? this.boundPort}\r\n` +
      `RemoteAddress: ${v(remote)}/TCP/${plain(remote)}/${session.socket.remotePort ?? 0}\r\nUsingPassword: 0\r\nSessionTV: ${tv}\r\n\r\n`
    );
  }

  private stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

/** `"Name" <number>`, `Name <number>`, `<number>` or a bare number. */
export function parseCallerId(value: string | undefined): Caller | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const m = /^(?:"([^"]*)"|([^<]*?))\s*<([^>]*)>$/.exec(text);
  if (!m) return { number: text, name: '' };
  return { number: (m[3] ?? '').trim(), name: (m[1] ?? m[2] ?? '').trim() };
}
