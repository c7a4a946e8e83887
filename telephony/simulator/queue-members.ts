/**
 * The simulated queue's members as app_queue keeps them: the static members of the profile's queue
 * (`Local/101@queue-agents/n`, state interface `PJSIP/101`) and whoever `QueueAdd` made a dynamic member.
 * `QueuePause`, `QueueAdd` and `QueueRemove` answer with Asterisk 23's messages and raise its events
 * (QueueMemberPause, QueueMemberAdded, QueueMemberRemoved) with its field names.
 */
import type { AmiAction } from './ami-session';
import type { SimPbx } from './sim-pbx';

export type QueueMember = {
  queue: string;
  /** As QueueAdd named it (Location in QueueStatus); matched without regard to case, as Asterisk does. */
  iface: string;
  stateInterface: string;
  name: string;
  /** The extension behind the interface ('' when it has none). */
  ext: string;
  membership: 'static' | 'dynamic';
  penalty: number;
  paused: boolean;
  pausedReason: string;
  /** Epoch seconds. */
  lastPause: number;
  loginTime: number;
};

/** What handling one queue action produced: the response line(s) and the events to send after it. */
export type QueueActionResult = { response: 'Success' | 'Error'; message: string; events: { name: string; privilege?: string; body: string }[] };

const truthy = (v: string | undefined) => /^(true|yes|1|on)$/i.test((v ?? '').trim());
const extOf = (iface: string) => /^[A-Za-z0-9_]+[/:]([^@/\s]+)/.exec(iface)?.[1] ?? '';

export class SimQueueMembers {
  private readonly members: QueueMember[] = [];

  constructor(
    private readonly pbx: SimPbx,
    private readonly nowMs: () => number,
  ) {}

  /** The profile's operators are static members (extensions first used later become members too). */
  private sync(): void {
    const p = this.pbx.profile;
    if (this.members.filter((m) => m.membership === 'static').length === this.pbx.operators.length) return;
    for (const op of this.pbx.operators) {
      if (this.members.some((m) => m.membership === 'static' && m.ext === op.ext)) continue;
      this.members.push({
        queue: p.queue, iface: `Local/${op.ext}@${p.memberContext}/n`, stateInterface: `${p.tech}/${op.ext}`, name: op.name, ext: op.ext,
        membership: 'static', penalty: op.penalty ?? 0, paused: false, pausedReason: '', lastPause: 0, loginTime: this.pbx.loginTime,
      });
    }
  }

  /** A PBX restart: static members come back unpaused, dynamic ones are gone. */
  reset(): void {
    this.members.length = 0;
  }

  list(queue?: string): QueueMember[] {
    this.sync();
    return this.members.filter((m) => queue === undefined || m.queue === queue);
  }

  /** A member paused in every queue it is in: the queue does not ring it (extensions of no queue are not "away"). */
  isAway(ext: string): boolean {
    this.sync();
    const mine = this.members.filter((m) => m.ext === ext);
    return mine.length > 0 && mine.every((m) => m.paused);
  }

  handle(action: AmiAction): QueueActionResult {
    this.sync();
    const get = (key: string) => action.message.get(key)?.trim() || undefined;
    switch (action.name.toLowerCase()) {
      case 'queuepause':
        return this.pause(get('Interface'), get('Paused'), get('Queue'), get('Reason') ?? '');
      case 'queueadd':
        return this.add(get('Queue'), get('Interface'), get('MemberName'), get('StateInterface'), Number(get('Penalty') ?? 0) || 0, truthy(get('Paused')), get('Reason') ?? '');
      case 'queueremove':
        return this.remove(get('Queue'), get('Interface'));
      default:
        return { response: 'Error', message: `Invalid/unknown command: ${action.name}.`, events: [] };
    }
  }

  private pause(iface: string | undefined, pausedText: string | undefined, queue: string | undefined, reason: string): QueueActionResult {
    if (!iface || !pausedText) return { response: 'Error', message: "Need 'Interface' and 'Paused' parameters.", events: [] };
    const paused = truthy(pausedText);
    const hit = this.members.filter((m) => m.iface.toLowerCase() === iface.toLowerCase() && (!queue || m.queue === queue));
    if (hit.length === 0) return { response: 'Error', message: 'Interface not found', events: [] };
    const events = hit.flatMap((m) => {
      m.paused = paused;
      m.pausedReason = paused ? reason : '';
      if (paused) m.lastPause = Math.floor(this.nowMs() / 1000);
      return [
        { name: 'DeviceStateChange', privilege: 'call,all', body: `Device: Queue:${m.queue}_pause_${m.iface}\r\nState: ${paused ? 'INUSE' : 'NOT_INUSE'}\r\n` },
        { name: 'QueueMemberPause', body: this.memberFields(m) },
      ];
    });
    return { response: 'Success', message: paused ? 'Interface paused successfully' : 'Interface unpaused successfully', events };
  }

  private add(queue: string | undefined, iface: string | undefined, name: string | undefined, stateInterface: string | undefined, penalty: number, paused: boolean, reason: string): QueueActionResult {
    if (!queue) return { response: 'Error', message: "'Queue' not specified.", events: [] };
    if (!iface) return { response: 'Error', message: "'Interface' not specified.", events: [] };
    if (!this.queues().has(queue)) return { response: 'Error', message: 'Unable to add interface to queue: No such queue', events: [] };
    if (this.find(queue, iface)) return { response: 'Error', message: 'Unable to add interface: Already there', events: [] };
    const now = Math.floor(this.nowMs() / 1000);
    const m: QueueMember = {
      queue, iface, stateInterface: stateInterface ?? iface, name: name ?? iface, ext: extOf(iface), membership: 'dynamic', penalty,
      paused, pausedReason: paused ? reason : '', lastPause: paused ? now : 0, loginTime: now,
    };
    this.members.push(m);
    return { response: 'Success', message: 'Added interface to queue', events: [{ name: 'QueueMemberAdded', body: this.memberFields(m) }] };
  }

  private remove(queue: string | undefined, iface: string | undefined): QueueActionResult {
    if (!queue) return { response: 'Error', message: "'Queue' not specified.", events: [] };
    if (!iface) return { response: 'Error', message: "'Interface' not specified.", events: [] };
    if (!this.queues().has(queue)) return { response: 'Error', message: 'Unable to remove interface from queue: No such queue', events: [] };
    const m = this.find(queue, iface);
    if (!m) return { response: 'Error', message: 'Unable to remove interface: Not there', events: [] };
    if (m.membership === 'static') return { response: 'Error', message: 'Unable to remove interface: Not dynamic', events: [] };
    this.members.splice(this.members.indexOf(m), 1);
    return { response: 'Success', message: 'Removed interface from queue', events: [{ name: 'QueueMemberRemoved', body: this.memberFields(m) }] };
  }

  private find(queue: string, iface: string): QueueMember | undefined {
    return this.members.find((m) => m.queue === queue && m.iface.toLowerCase() === iface.toLowerCase());
  }

  private queues(): Set<string> {
    return new Set([this.pbx.profile.queue, ...this.members.map((m) => m.queue)]);
  }

  /** The member lines of Asterisk 23's QueueMember* events (after Privilege/Timestamp). */
  private memberFields(m: QueueMember): string {
    const stats = m.membership === 'static' ? this.pbx.member(m.ext) : undefined;
    return (
      `Queue: ${m.queue}\r\nMemberName: ${m.name}\r\nInterface: ${m.iface}\r\nStateInterface: ${m.stateInterface}\r\n` +
      `Membership: ${m.membership}\r\nPenalty: ${m.penalty}\r\nCallsTaken: ${stats?.callsTaken ?? 0}\r\nLastCall: ${stats?.lastCall ?? 0}\r\n` +
      `LastPause: ${m.lastPause}\r\nLoginTime: ${m.loginTime}\r\nInCall: 0\r\nStatus: 1\r\nPaused: ${m.paused ? 1 : 0}\r\n` +
      `PausedReason: ${m.pausedReason}\r\nRinginuse: 0\r\nWrapuptime: 0\r\n`
    );
  }
}
