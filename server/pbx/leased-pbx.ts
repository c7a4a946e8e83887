import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { AmiActionError } from '../../telephony/asterisk/ami-client';
import type { AgentPresenceEvent, CallEvent, PbxConnector, SpyRequest } from '../../telephony/call-event';
import type { Logger } from '../logging/logger';
import { RedisLease, type KeepResult } from './redis-lease';

type OriginateRequest = Parameters<PbxConnector['originate']>[0];
type PresenceRequest = Parameters<NonNullable<PbxConnector['setAgentPresence']>>[0];

// What nodes say to each other over Redis, parsed like any other input.
const requestSchema = z.object({
  id: z.string().max(64),
  replyTo: z.string().max(300),
  /** ms since the epoch after which the asking node has given up: the call must not be placed then. */
  expiresAt: z.number(),
  /** A click-to-call, (presence) a queue pause/unpause, or (spy) a supervisor joining a call: one of them. */
  request: z.object({ extension: z.string().max(32), number: z.string().max(32), callerName: z.string().max(200).optional() }).strict().optional(),
  presence: z.object({ extension: z.string().max(32), presence: z.enum(['available', 'paused', 'logged_out']), reason: z.string().max(200).optional() }).strict().optional(),
  spy: z.object({ supervisorExtension: z.string().max(32), operatorExtension: z.string().max(32), mode: z.enum(['listen', 'whisper', 'barge']) }).strict().optional(),
});
const replySchema = z.object({
  id: z.string().max(64),
  result: z.object({ actionId: z.string(), message: z.string() }).optional(),
  error: z.object({ message: z.string(), code: z.enum(['not_connected', 'timeout', 'rejected', 'disconnected']) }).optional(),
});

export type LeasedPbxOptions = {
  /** Redis key prefix (REDIS_PREFIX). */
  prefix: string;
  logger: Logger;
  /** How long the lease lives unless renewed: the longest a dead holder keeps the link from the others. */
  ttlMs?: number;
  renewEveryMs?: number;
  /** How long a standby node waits for the holder's answer to a forwarded click-to-call. */
  forwardTimeoutMs?: number;
  nodeId?: string;
  /** Told when another node took the link over: the calls in progress are its to log now. */
  onRelease?: () => void;
};

/**
 * In scale-out, exactly one node holds the PBX link: the holder of a Redis lease (6 s, renewed every
 * 2 s). The others stand by and try to take it every 2 s, so a dead holder is replaced within about 8 s.
 * Click-to-call on a standby node (and an operator's queue presence: pause, unpause; a supervisor's live
 * coaching) is forwarded to the holder over Redis pub/sub.
 *
 * A holder that cannot reach Redis keeps its link: it lets go only when it can see another node's token
 * on the lease. When Redis is down for everyone (the usual outage), nobody else can take the lease either,
 * and once Redis answers the holder finds its own token (renewed) or none (expired meanwhile, or Redis lost
 * its data: taken again at once) and carries on without a drop; every dropped link loses what the PBX does
 * until the next one resyncs. The price: when only the holder is cut off from a Redis the others still
 * reach, they take the lease once it expires and two nodes hold the link until the old holder reaches
 * Redis again and sees the new token. Both then log the same calls; the call log is idempotent on
 * (pbx, pbx_call_id), so that means duplicate screen-pops for that time, never duplicate rows.
 */
export class LeasedPbx implements PbxConnector {
  readonly name: string;
  /** Live coaching, when the PBX behind can: run here on the link, or through the holder like click-to-call. */
  readonly spy?: (request: SpyRequest) => Promise<{ actionId: string; message: string }>;
  private readonly lease: RedisLease;
  private readonly subscriber: Redis;
  private readonly requests: string;
  private readonly replies: string;
  /** Every node's reply channel starts so: a forwarded request may only be answered there. */
  private readonly replyPrefix: string;
  private readonly waiting = new Map<string, { resolve: (r: { actionId: string; message: string }) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();
  private readonly renewEveryMs: number;
  private readonly forwardTimeoutMs: number;
  private onEvent: (event: CallEvent) => void = () => undefined;
  private holding = false;
  /** A lease command Redis has not answered yet: no second one is queued behind it (they would pile up offline). */
  private inFlight: Promise<unknown> | undefined;
  /** Since when the holder has had no answer from Redis (0: in touch). */
  private outOfTouchSince = 0;
  /** A standby saw the lease free at its last try. */
  private freeBefore = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private steps: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: PbxConnector,
    private readonly redis: Redis,
    private readonly opts: LeasedPbxOptions,
  ) {
    this.name = inner.name;
    if (inner.spy) this.spy = (request) => (this.holding ? inner.spy!(request) : this.forward({ spy: request }));
    const nodeId = opts.nodeId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const base = `${opts.prefix}:pbx:${inner.name}`;
    this.lease = new RedisLease(redis, `${base}:holder`, nodeId, opts.ttlMs ?? 6_000);
    this.requests = `${base}:originate`;
    this.replyPrefix = `${base}:reply:`;
    this.replies = `${this.replyPrefix}${nodeId}`;
    this.renewEveryMs = opts.renewEveryMs ?? 2_000;
    this.forwardTimeoutMs = opts.forwardTimeoutMs ?? 15_000;
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', (err) => opts.logger.warn({ err: err.message }, 'PBX lease: redis subscriber error'));
    this.subscriber.on('message', (channel: string, text: string) => (channel === this.requests ? void this.serve(text) : this.settle(text)));
  }

  start(onEvent: (event: CallEvent) => void): void {
    this.onEvent = onEvent;
    this.stopped = false;
    void this.subscriber.subscribe(this.replies).catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'PBX lease: cannot subscribe'));
    this.step();
    this.timer = setInterval(() => this.step(), this.renewEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await deadline(this.steps, this.lease.ttlMs).catch(() => undefined);
    if (this.holding) {
      this.holding = false;
      await this.inner.stop();
      await deadline(this.lease.release(), this.renewEveryMs).catch(() => undefined); // the next node need not wait for the TTL
    }
    for (const [id, w] of this.waiting) {
      clearTimeout(w.timer);
      w.reject(new AmiActionError('PBX link stopped', 'disconnected'));
      this.waiting.delete(id);
    }
    this.subscriber.disconnect();
  }

  state(): ReturnType<PbxConnector['state']> {
    return this.holding ? this.inner.state() : { status: 'standby', detail: 'another node holds the PBX link' };
  }

  /** Whether this node holds the link now. */
  get isHolder(): boolean {
    return this.holding;
  }

  async originate(request: OriginateRequest): Promise<{ actionId: string; message: string }> {
    if (this.holding) return this.inner.originate(request);
    return this.forward({ request });
  }

  /** Queue presence goes to the PBX like click-to-call: here when this node holds the link, else through the holder. */
  async setAgentPresence(presence: PresenceRequest): Promise<void> {
    if (this.holding) return this.inner.setAgentPresence?.(presence);
    await this.forward({ presence });
  }

  /** Pauses made on the phone arrive on the holder's link (the others receive nothing while they stand by). */
  onAgentPresence(listener: (event: AgentPresenceEvent) => void): void {
    this.inner.onAgentPresence?.(listener);
  }

  /** On the node that holds the link, when it connects (a node that takes the link over connects too). */
  onConnected(listener: () => void): void {
    this.inner.onConnected?.(listener);
  }

  /** Asks the holder to run an action on the link and waits for its answer (forwardTimeoutMs at most). */
  private async forward(action: { request: OriginateRequest } | { presence: PresenceRequest } | { spy: SpyRequest }): Promise<{ actionId: string; message: string }> {
    const id = randomUUID();
    const expiresAt = Date.now() + this.forwardTimeoutMs;
    const answer = new Promise<{ actionId: string; message: string }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new AmiActionError('The node holding the PBX link did not answer', 'timeout'));
      }, this.forwardTimeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
    });
    answer.catch(() => undefined); // settled below or by the timer; never an unhandled rejection
    let received: number;
    try {
      received = await deadline(this.redis.publish(this.requests, JSON.stringify({ id, replyTo: this.replies, expiresAt, ...action })), this.forwardTimeoutMs);
    } catch {
      received = 0; // Redis unreachable: nobody can be asked (and the request carries its expiry if it goes out later)
    }
    if (received === 0) {
      clearTimeout(this.waiting.get(id)?.timer);
      this.waiting.delete(id);
      throw new AmiActionError('No node holds the PBX link', 'not_connected');
    }
    return answer;
  }

  /** One lease step at a time: renew what we hold, or try to take it. */
  private step(): void {
    this.steps = this.steps.then(() => this.leaseStep()).catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'PBX lease step failed'));
  }

  private async leaseStep(): Promise<void> {
    if (this.stopped || this.inFlight) return; // Redis has not answered the last step yet: nothing to add
    let result: KeepResult;
    try {
      if (!this.holding) {
        // A standby takes a free lease only when it was free at its previous try too: after Redis lost its
        // data, the holder (renewing every step) takes its lease back first and keeps its link.
        const holder = await this.ask(this.lease.holder());
        const free = holder === null;
        if (holder !== null && holder !== this.lease.owner) return void (this.freeBefore = false);
        if (free && !this.freeBefore) return void (this.freeBefore = true);
      }
      result = await this.ask(this.lease.keep());
    } catch (err) {
      if (this.holding && this.outOfTouchSince === 0) {
        this.outOfTouchSince = Date.now();
        this.opts.logger.warn({ pbx: this.name, err: (err as Error).message }, 'PBX lease: Redis out of reach; keeping the link until another node is seen holding it');
      }
      return;
    }
    if (this.holding) {
      if (result === 'lost') return this.letGo();
      if (this.outOfTouchSince !== 0) this.opts.logger.info({ pbx: this.name, outOfTouchMs: Date.now() - this.outOfTouchSince, lease: result }, 'PBX lease: Redis answers again; the link was kept');
      this.outOfTouchSince = 0;
      return;
    }
    this.freeBefore = false;
    if (result === 'lost' || this.stopped) return;
    this.holding = true;
    this.outOfTouchSince = 0;
    this.inner.start(this.onEvent);
    // Forwarded click-to-call is secondary: the link does not wait for this subscription (nor for Redis).
    void deadline(this.subscriber.subscribe(this.requests), this.renewEveryMs).catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'PBX lease: cannot take forwarded calls'));
    this.opts.logger.info({ pbx: this.name, node: this.lease.owner }, 'this node holds the PBX link');
  }

  /**
   * A lease command with the step's deadline. Redis commands wait out an outage in the client's offline
   * queue; while one is unanswered, no step sends another behind it.
   */
  private ask<T>(command: Promise<T>): Promise<T> {
    this.inFlight = command;
    void command.catch(() => undefined).finally(() => {
      if (this.inFlight === command) this.inFlight = undefined;
    });
    return deadline(command, this.renewEveryMs);
  }

  /** Another node holds the lease now: the link goes first, then the forwarded calls. */
  private async letGo(): Promise<void> {
    this.holding = false;
    this.outOfTouchSince = 0;
    this.opts.logger.warn({ pbx: this.name, node: this.lease.owner }, 'PBX lease taken by another node: standing by');
    await this.inner.stop();
    // What this node knew of the calls in progress is stale from here on; the new holder follows them.
    this.inner.forget?.();
    this.opts.onRelease?.();
    void deadline(this.subscriber.unsubscribe(this.requests), this.renewEveryMs).catch(() => undefined);
  }

  /** A standby node's click-to-call, run here on the link and answered on its reply channel. */
  private async serve(text: string): Promise<void> {
    let parsed: z.infer<typeof requestSchema>;
    try {
      parsed = requestSchema.parse(JSON.parse(text));
    } catch {
      this.opts.logger.warn({ bytes: text.length }, 'PBX lease: malformed forwarded request ignored');
      return;
    }
    // Not ours to answer (another node holds the link now), or the asking node has given up already.
    if (!parsed.replyTo.startsWith(this.replyPrefix) || !this.holding || Date.now() > parsed.expiresAt) return;
    let reply: z.infer<typeof replySchema>;
    try {
      if (parsed.presence) {
        if (!this.inner.setAgentPresence) throw new AmiActionError('This PBX has no queue presence', 'rejected');
        await this.inner.setAgentPresence(parsed.presence);
        reply = { id: parsed.id, result: { actionId: '', message: 'presence set' } };
      } else if (parsed.spy) {
        if (!this.inner.spy) throw new AmiActionError('This PBX cannot join calls (no live coaching)', 'rejected');
        reply = { id: parsed.id, result: await this.inner.spy(parsed.spy) };
      } else if (parsed.request) {
        reply = { id: parsed.id, result: await this.inner.originate(parsed.request) };
      } else return;
    } catch (err) {
      const code = err instanceof AmiActionError ? err.code : 'disconnected';
      reply = { id: parsed.id, error: { message: (err as Error).message, code } };
    }
    await deadline(this.redis.publish(parsed.replyTo, JSON.stringify(reply)), this.forwardTimeoutMs).catch(() => undefined);
  }

  private settle(text: string): void {
    let reply: z.infer<typeof replySchema>;
    try {
      reply = replySchema.parse(JSON.parse(text));
    } catch {
      return;
    }
    const w = this.waiting.get(reply.id);
    if (!w) return; // timed out already
    clearTimeout(w.timer);
    this.waiting.delete(reply.id);
    if (reply.result) w.resolve(reply.result);
    else w.reject(new AmiActionError(reply.error?.message ?? 'PBX error', reply.error?.code ?? 'disconnected'));
  }
}

/** Redis commands wait out an outage (maxRetriesPerRequest: null); a lease cannot: it has a clock. */
function deadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from Redis in ${ms} ms`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
