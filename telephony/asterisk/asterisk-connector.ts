import type { AgentPresence, AgentPresenceEvent, CallEvent, PbxConnector, SpyRequest } from '../call-event';
import { AmiActionError, AmiClient } from './ami-client';
import { field } from './ami-framer';
import { AMI_NOISE, AMI_NOISE_KEPT, CallTracker } from './call-tracker';
import { DEFAULT_CHANNEL_PATTERNS, type ChannelPatterns } from './channel-roles';
import { chanSpyData } from './chanspy';
import { QUEUE_PRESENCE_EVENTS, QueuePresence, type QueuePresenceOptions } from './queue-presence';

export type AsteriskConnectorOptions = {
  /** ami://user:secret@host:5038 */
  url: string;
  /** The name calls are logged under (calls.pbx); default "asterisk". */
  name?: string;
  patterns?: ChannelPatterns;
  /** Click-to-call: the channel that rings the operator ({extension} is replaced) and the dialplan context. */
  originate?: { channel: string; context: string; timeoutMs: number };
  /**
   * Live coaching: the operator's channels ChanSpy spies on ({extension} is replaced; ChanSpy matches by
   * prefix). Default `PJSIP/{extension}-`. The supervisor's phone is rung through `originate.channel`.
   */
  spyTarget?: string;
  /** Operators' presence in the queues: pause/unpause or add/remove, and pauses made on the phone. Default pause, PJSIP/{extension}. */
  queuePresence?: QueuePresenceOptions;
  pingIntervalMs?: number;
  actionTimeoutMs?: number;
  reconnect?: { minDelayMs: number; maxDelayMs: number };
  /**
   * The safety net: this often (ms) the PBX's channel list is compared with the calls in progress, and calls
   * it no longer has are closed as of when they were last seen (a Hangup lost on the way). Default 60 s; 0: off.
   */
  reconcileIntervalMs?: number;
  logger?: { info(o: object, m: string): void; warn(o: object, m: string): void };
};

export function parseAmiUrl(url: string): { host: string; port: number; username: string; secret: string } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5038), username: decodeURIComponent(u.username), secret: decodeURIComponent(u.password) };
}

/**
 * Asterisk over AMI: the client keeps the link, the tracker turns channels into calls. After every
 * (re)connect, CoreShowChannels rebuilds the calls in progress and closes those that ended in the gap.
 */
export class AsteriskConnector implements PbxConnector {
  readonly name: string;
  readonly client: AmiClient;
  readonly tracker: CallTracker;
  private readonly presence: QueuePresence;
  private onEvent: (event: CallEvent) => void = () => undefined;
  private nextOriginate = 0;
  private resyncListeners: ((liveCallIds: ReadonlySet<string>) => void)[] = [];
  private reconcileTimer: NodeJS.Timeout | undefined;
  private resyncing = false;

  constructor(private readonly opts: AsteriskConnectorOptions) {
    this.name = opts.name ?? 'asterisk';
    const target = parseAmiUrl(opts.url);
    const noise = new Set([...AMI_NOISE].filter((name) => !QUEUE_PRESENCE_EVENTS.has(name)));
    this.client = new AmiClient({ ...target, noise, noiseKept: AMI_NOISE_KEPT, pingIntervalMs: opts.pingIntervalMs, actionTimeoutMs: opts.actionTimeoutMs, reconnect: opts.reconnect, logger: opts.logger });
    this.tracker = new CallTracker(this.name, opts.patterns ?? DEFAULT_CHANNEL_PATTERNS, (e) => this.onEvent(e));
    this.client.on('event', (msg, receivedAt) => this.tracker.handle(msg, receivedAt));
    this.presence = new QueuePresence(this.client, this.name, opts.queuePresence);
    this.client.on('event', (msg, receivedAt) => this.presence.handle(msg, receivedAt));
    this.client.on('connected', () => void this.resync());
    this.client.on('lost', (lastReceivedAt) => this.tracker.seenUntil(lastReceivedAt));
  }

  /** Told after each resync which calls are live, so the call log can close the ones that ended unseen. */
  onResync(listener: (liveCallIds: ReadonlySet<string>) => void): void {
    this.resyncListeners.push(listener);
  }

  start(onEvent: (event: CallEvent) => void): void {
    this.onEvent = onEvent;
    this.client.start();
    const every = this.opts.reconcileIntervalMs ?? 60_000;
    if (every > 0 && !this.reconcileTimer) {
      this.reconcileTimer = setInterval(() => {
        if (!this.resyncing && this.client.state().status === 'connected') void this.resync();
      }, every);
      this.reconcileTimer.unref();
    }
  }

  stop(): Promise<void> {
    clearInterval(this.reconcileTimer);
    this.reconcileTimer = undefined;
    return this.client.stop();
  }

  state() {
    return this.client.state();
  }

  /** Another node holds the PBX link now (scale-out): the calls this tracker followed are its to follow. */
  forget(): void {
    this.tracker.forget();
  }

  async originate(request: { extension: string; number: string; callerName?: string }): Promise<{ actionId: string; message: string }> {
    const o = this.opts.originate ?? { channel: 'PJSIP/{extension}', context: 'click-to-call', timeoutMs: 30_000 };
    const actionId = `c2c-${process.pid}-${Date.now()}-${++this.nextOriginate}`;
    const res = await this.client.action({
      Action: 'Originate',
      ActionID: actionId,
      Channel: o.channel.replace('{extension}', request.extension),
      Context: o.context,
      Exten: request.number,
      Priority: 1,
      CallerID: request.callerName ? `"${request.callerName.replace(/["<>]/g, '')}" <${request.number}>` : request.number,
      Timeout: o.timeoutMs,
      Async: 'true',
    });
    return { actionId, message: field(res, 'message') ?? 'Originate queued' };
  }

  /**
   * Live coaching: the supervisor's phone is rung like a click-to-call's, and once picked up runs ChanSpy
   * on the operator's channel (Application/Data instead of Context/Exten); see chanspy.ts for the options.
   */
  async spy(request: SpyRequest): Promise<{ actionId: string; message: string }> {
    const o = this.opts.originate ?? { channel: 'PJSIP/{extension}', context: 'click-to-call', timeoutMs: 30_000 };
    const data = chanSpyData(request.operatorExtension, request.mode, this.opts.spyTarget);
    const actionId = `spy-${process.pid}-${Date.now()}-${++this.nextOriginate}`;
    const res = await this.client.action({
      Action: 'Originate',
      ActionID: actionId,
      Channel: o.channel.replace('{extension}', request.supervisorExtension),
      Application: 'ChanSpy',
      Data: data,
      // The supervisor's phone shows whose call it joins.
      CallerID: request.operatorExtension,
      Timeout: o.timeoutMs,
      Async: 'true',
    });
    return { actionId, message: field(res, 'message') ?? 'Originate queued' };
  }

  /** Pauses, unpauses, adds or removes the operator in the queues, as configured (queuePresence). */
  setAgentPresence(request: { extension: string; presence: AgentPresence; reason?: string }): Promise<void> {
    return this.presence.set(request);
  }

  onAgentPresence(listener: (event: AgentPresenceEvent) => void): void {
    this.presence.onEvent(listener);
  }

  /** After every login to the AMI. */
  onConnected(listener: () => void): void {
    this.client.on('connected', listener);
  }

  /**
   * Rebuilds what is live from the PBX's own channel list, after every connect and every reconcileIntervalMs;
   * a failure is logged and retried at the next connect or period.
   */
  private async resync(): Promise<void> {
    this.resyncing = true;
    try {
      const askedAt = Date.now();
      const channels = await this.client.list({ Action: 'CoreShowChannels' }, 'CoreShowChannelsComplete');
      const receivedAt = Date.now();
      const live = new Set<string>();
      for (const ch of channels) {
        this.tracker.handle(ch, receivedAt);
        const linkedid = field(ch, 'linkedid');
        if (linkedid) live.add(linkedid);
      }
      this.tracker.applySnapshot();
      const tracked = this.tracker.activeCalls;
      this.tracker.reconcile(live, receivedAt, askedAt);
      const closed = tracked - this.tracker.activeCalls;
      if (closed > 0) this.opts.logger?.warn({ pbx: this.name, closed }, 'calls the PBX no longer lists were closed as of when they were last seen');
      for (const listener of this.resyncListeners) listener(live);
    } catch (err) {
      if (!(err instanceof AmiActionError && err.code === 'disconnected')) this.opts.logger?.warn({ err: (err as Error).message }, 'AMI resync failed');
    } finally {
      this.resyncing = false;
    }
  }
}
