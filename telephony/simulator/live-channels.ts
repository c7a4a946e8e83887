/**
 * The channels up right now, kept from the channel updates that ride on played script messages, and
 * the list actions that report them (CoreShowChannels, Status, QueueStatus) in the exact shape
 * Asterisk uses (see the resync fixtures).
 */
import { block, type ChannelSnapshot, type ChannelUpdate } from './script-builder';
import type { QueueMember } from './queue-members';
import type { SimPbx } from './sim-pbx';

export class LiveChannels {
  private readonly channels = new Map<string, ChannelSnapshot>();

  apply(updates: readonly ChannelUpdate[]): void {
    for (const u of updates) {
      if (u.snapshot) this.channels.set(u.channel, u.snapshot);
      else this.channels.delete(u.channel);
    }
  }

  list(): ChannelSnapshot[] {
    return [...this.channels.values()];
  }

  get(name: string): ChannelSnapshot | undefined {
    return this.channels.get(name);
  }

  get size(): number {
    return this.channels.size;
  }

  /** Distinct calls (Linkedids) with a channel up. */
  callCount(): number {
    return new Set([...this.channels.values()].map((c) => c.linkedid)).size;
  }

  clear(): void {
    this.channels.clear();
  }
}

const idLine = (actionId: string | undefined): string => (actionId === undefined ? '' : `ActionID: ${actionId}\r\n`);

function listStart(actionId: string | undefined, message: string): string {
  return `Response: Success\r\n${idLine(actionId)}EventList: start\r\nMessage: ${message}\r\n\r\n`;
}

function hms(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** The whole reply to CoreShowChannels: start, one CoreShowChannel per channel, Complete. */
export function coreShowChannelsReply(actionId: string | undefined, channels: readonly ChannelSnapshot[], nowEpochMs: number): string {
  let out = listStart(actionId, 'Channels will follow');
  for (const c of channels) {
    out +=
      `Event: CoreShowChannel\r\n${idLine(actionId)}${block('', c)}Application: ${c.app}\r\nApplicationData: ${c.appData}\r\n` +
      `Duration: ${hms((nowEpochMs - c.createdEpochMs) / 1000)}\r\nBridgeId: ${c.bridgeId}\r\n\r\n`;
  }
  return `${out}Event: CoreShowChannelsComplete\r\n${idLine(actionId)}EventList: Complete\r\nListItems: ${channels.length}\r\n\r\n`;
}

/** The whole reply to Status (all channels, or the one named): start, Status events, StatusComplete. */
export function statusReply(actionId: string | undefined, channels: readonly ChannelSnapshot[], nowEpochMs: number): string {
  let out = listStart(actionId, 'Channel status will follow');
  for (const c of channels) {
    out +=
      `Event: Status\r\nPrivilege: Call\r\n${block('', c)}Type: ${c.type}\r\nDNID: ${c.dnid}\r\n` +
      `EffectiveConnectedLineNum: ${c.conNum}\r\nEffectiveConnectedLineName: ${c.conName}\r\nTimeToHangup: 0\r\n` +
      `BridgeID: ${c.bridgeId}\r\nApplication: ${c.app}\r\nData: ${c.appData}\r\nNativeformats: (ulaw)\r\nReadformat: ulaw\r\n` +
      `Readtrans: \r\nWriteformat: ulaw\r\nWritetrans: \r\nCallgroup: 0\r\nPickupgroup: 0\r\n` +
      `Seconds: ${Math.max(0, Math.floor((nowEpochMs - c.createdEpochMs) / 1000))}\r\n${idLine(actionId)}\r\n`;
  }
  return `${out}Event: StatusComplete\r\n${idLine(actionId)}EventList: Complete\r\nListItems: ${channels.length}\r\nItems: ${channels.length}\r\n\r\n`;
}

/**
 * The reply to QueueStatus for the profile's queue: QueueParams, one QueueMember per member (in use /
 * ringing from their phone's live channel), one QueueEntry per caller still waiting, Complete.
 */
export function queueStatusReply(actionId: string | undefined, pbx: SimPbx, channels: readonly ChannelSnapshot[], nowEpochMs: number, queueMembers?: readonly QueueMember[]): string {
  const p = pbx.profile;
  const id = idLine(actionId);
  const waiting = channels.filter((c) => c.app === 'Queue' && c.bridgeId === '' && c.appData.startsWith(`${p.queue},`));
  const members = pbx.operators.map((op) => pbx.member(op.ext));
  // Paused state and dynamic members, when the server keeps them (static members keep the call statistics).
  const listed = queueMembers?.filter((m) => m.queue === p.queue);
  let items = 0;
  let out = listStart(actionId, 'Queue status will follow');
  const completed = members.reduce((n, m) => n + m.callsTaken, 0);
  out +=
    `Event: QueueParams\r\nQueue: ${p.queue}\r\nMax: 0\r\nStrategy: rrmemory\r\nCalls: ${waiting.length}\r\nHoldtime: 0\r\nTalkTime: 0\r\n` +
    `Completed: ${completed}\r\nAbandoned: 0\r\nServiceLevel: 0\r\nServicelevelPerf: 0.0\r\nServicelevelPerf2: 0.0\r\nWeight: 0\r\n${id}\r\n`;
  items++;
  const rows =
    listed ??
    members.map((m) => ({ ext: m.ext, name: m.name, iface: `Local/${m.ext}@${p.memberContext}/n`, stateInterface: `${p.tech}/${m.ext}`, membership: 'static', penalty: m.penalty, paused: false, pausedReason: '', lastPause: 0, loginTime: pbx.loginTime }));
  for (const r of rows) {
    const m = r.membership === 'static' ? pbx.member(r.ext) : { callsTaken: 0, lastCall: 0 };
    const phone = r.ext ? channels.find((c) => c.type !== 'Local' && c.name.startsWith(`${p.tech}/${r.ext}-`)) : undefined;
    const status = phone ? (phone.state === 6 ? 2 : 6) : 1;
    out +=
      `Event: QueueMember\r\nQueue: ${p.queue}\r\nName: ${r.name}\r\nLocation: ${r.iface}\r\n` +
      `StateInterface: ${r.stateInterface}\r\nMembership: ${r.membership}\r\nPenalty: ${r.penalty}\r\nCallsTaken: ${m.callsTaken}\r\n` +
      `LastCall: ${m.lastCall}\r\nLastPause: ${r.lastPause}\r\nLoginTime: ${r.loginTime}\r\nInCall: ${phone?.state === 6 ? 1 : 0}\r\n` +
      `Status: ${status}\r\nPaused: ${r.paused ? 1 : 0}\r\nPausedReason: ${r.pausedReason}\r\nWrapuptime: 0\r\n${id}\r\n`;
    items++;
  }
  waiting.forEach((c, i) => {
    out +=
      `Event: QueueEntry\r\nQueue: ${p.queue}\r\nPosition: ${i + 1}\r\nChannel: ${c.name}\r\nUniqueid: ${c.uniqueid}\r\n` +
      `CallerIDNum: ${c.cidNum}\r\nCallerIDName: ${c.cidName}\r\nConnectedLineNum: unknown\r\nConnectedLineName: unknown\r\n` +
      `Wait: ${Math.max(0, Math.floor((nowEpochMs - c.createdEpochMs) / 1000))}\r\nPriority: 0\r\n${id}\r\n`;
    items++;
  });
  return `${out}Event: QueueStatusComplete\r\n${id}EventList: Complete\r\nListItems: ${items}\r\n\r\n`;
}
