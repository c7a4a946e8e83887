import type { AgentPresence, AgentPresenceEvent } from '../call-event';
import { AmiActionError, type AmiClient } from './ami-client';
import { field, type AmiMessage } from './ami-framer';

/**
 * How the CRM's presence reaches Asterisk's queues:
 * - `pause` (default): the operator stays a queue member; break and offline pause them (`QueuePause`),
 *   available unpauses. Fits static members (queues.conf, FreePBX).
 * - `add-remove`: available adds the operator to each queue of `queues` (`QueueAdd`), offline removes them
 *   (`QueueRemove`), break pauses them. Fits dynamic members (agents who log in).
 * - `off`: the CRM never touches the queues (pauses made on the phone still show in the CRM).
 */
export type QueuePresenceMode = 'pause' | 'add-remove' | 'off';

export type QueuePresenceOptions = {
  mode: QueuePresenceMode;
  /** The member interface of an extension; {extension} is replaced. E.g. PJSIP/{extension} or Local/{extension}@from-queue/n. */
  interface: string;
  /** Queues to add to and remove from (add-remove), or to pause in (pause; empty: every queue the member is in). */
  queues: readonly string[];
};

export const DEFAULT_QUEUE_PRESENCE: QueuePresenceOptions = { mode: 'pause', interface: 'PJSIP/{extension}', queues: [] };

/** Asterisk 12+ says QueueMemberPause; older versions QueueMemberPaused (with Location and Reason). */
export const QUEUE_PRESENCE_EVENTS: ReadonlySet<string> = new Set(['QueueMemberPause', 'QueueMemberPaused']);

/** How long an action of ours may take to come back as events (they come in the order of the actions). */
const ECHO_MS = 5_000;

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The extension behind a queue member interface: matched against the configured template first, then the
 * usual shapes `TECH/101`, `Local/101@context/n`, `hint:101@context`.
 */
export function extensionOfInterface(template: string, iface: string): string | null {
  const [before = '', after = ''] = template.split('{extension}');
  const exact = new RegExp(`^${escapeRegex(before)}(.+?)${escapeRegex(after)}$`, 'i').exec(iface);
  if (exact?.[1]) return exact[1];
  return /^[A-Za-z0-9_]+[/:]([^@/\s]+)/.exec(iface)?.[1] ?? null;
}

/** A QueueMemberPause(d) event in the CRM's words, or null for anything else. */
export function presenceOfEvent(msg: AmiMessage, template: string): { iface: string; extension: string; paused: boolean; reason: string | null } | null {
  const name = field(msg, 'event');
  if (!name || !QUEUE_PRESENCE_EVENTS.has(name)) return null;
  const iface = field(msg, 'interface') ?? field(msg, 'location');
  const paused = field(msg, 'paused');
  if (!iface || (paused !== '0' && paused !== '1')) return null;
  const extension = extensionOfInterface(template, iface) ?? (field(msg, 'stateinterface') ? extensionOfInterface(template, field(msg, 'stateinterface')!) : null);
  if (!extension) return null;
  const reason = (field(msg, 'pausedreason') ?? field(msg, 'reason'))?.trim() || null;
  return { iface, extension, paused: paused === '1', reason };
}

type Action = Record<string, string | number | undefined>;

/**
 * Sends presence actions to Asterisk's queues and turns the queue's pause events into AgentPresenceEvents.
 * Events that only echo an action of ours (same interface, same value, in the order sent, within ECHO_MS)
 * are not reported: the CRM made that change and already shows it.
 */
export class QueuePresence {
  private readonly listeners: ((event: AgentPresenceEvent) => void)[] = [];
  /** Per interface (lower case), the values our actions set, oldest first, whose echoes may still come. */
  private readonly expected = new Map<string, { paused: boolean; until: number }[]>();

  constructor(
    private readonly client: Pick<AmiClient, 'action'>,
    private readonly pbx: string,
    private readonly opts: QueuePresenceOptions = DEFAULT_QUEUE_PRESENCE,
  ) {}

  onEvent(listener: (event: AgentPresenceEvent) => void): void {
    this.listeners.push(listener);
  }

  /** An AMI event from the link: reported when it is a pause or unpause the CRM did not make. */
  handle(msg: AmiMessage, receivedAt: number): void {
    const p = presenceOfEvent(msg, this.opts.interface);
    if (!p) return;
    const key = p.iface.toLowerCase();
    const mine = (this.expected.get(key) ?? []).filter((e) => e.until >= receivedAt);
    const echo = mine.findIndex((e) => e.paused === p.paused);
    if (echo >= 0) {
      // Echoes of the earlier actions (the other value) are all in: Asterisk sends events in order.
      this.expected.set(key, mine.slice(echo));
      return;
    }
    this.expected.delete(key);
    const event: AgentPresenceEvent = { pbx: this.pbx, extension: p.extension, presence: p.paused ? 'paused' : 'available', reason: p.reason, at: new Date(receivedAt) };
    for (const listener of this.listeners) listener(event);
  }

  /** Puts the extension into `presence` as configured; resolves once Asterisk accepted every action. */
  async set(request: { extension: string; presence: AgentPresence; reason?: string }): Promise<void> {
    const { mode, queues } = this.opts;
    if (mode === 'off') return;
    const iface = this.opts.interface.replace('{extension}', request.extension);
    const reason = request.reason?.slice(0, 80);
    const pause = (paused: boolean, queue?: string): Action => ({ Action: 'QueuePause', Interface: iface, Paused: String(paused), Queue: queue, Reason: paused ? reason : undefined });
    if (mode === 'pause' || request.presence === 'paused') {
      const paused = request.presence !== 'available';
      const mine = this.expect(iface, paused);
      for (const queue of queues.length > 0 ? queues : [undefined]) {
        // add-remove: a break while out of the queue logs the operator in, paused.
        const fallback = mode === 'add-remove' && queue ? { notThere: { Action: 'QueueAdd', Queue: queue, Interface: iface, Paused: 'true', Reason: reason } } : {};
        await this.send(mine, pause(paused, queue), fallback);
      }
      return;
    }
    for (const queue of queues) {
      if (request.presence === 'available') {
        const mine = this.expect(iface, false);
        // Already a member (e.g. back from a break): unpause instead.
        await this.send(mine, { Action: 'QueueAdd', Queue: queue, Interface: iface, Paused: 'false' }, { alreadyThere: pause(false, queue) });
      } else {
        await this.send(undefined, { Action: 'QueueRemove', Queue: queue, Interface: iface }, { notThere: null });
      }
    }
  }

  private expect(iface: string, paused: boolean): { key: string; entry: { paused: boolean; until: number } } {
    const key = iface.toLowerCase();
    const entry = { paused, until: Date.now() + ECHO_MS };
    this.expected.set(key, [...(this.expected.get(key) ?? []), entry]);
    return { key, entry };
  }

  /**
   * One action; Asterisk's "already there" / "not there" answers lead to `then` (null: nothing more to do).
   * A failed action has no echo to wait for (`mine`).
   */
  private async send(mine: ReturnType<QueuePresence['expect']> | undefined, action: Action, then: { alreadyThere?: Action | null; notThere?: Action | null } = {}): Promise<void> {
    try {
      await this.client.action(action);
    } catch (err) {
      const message = err instanceof AmiActionError && err.code === 'rejected' ? (field(err.response ?? {}, 'message') ?? '') : '';
      const next = /already there/i.test(message) ? then.alreadyThere : /not there|not found/i.test(message) ? then.notThere : undefined;
      if (next === null) return;
      if (next) return this.send(mine, next);
      if (mine) this.expected.set(mine.key, (this.expected.get(mine.key) ?? []).filter((e) => e !== mine.entry));
      throw err;
    }
  }
}
