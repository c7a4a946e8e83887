/**
 * The simulated PBX's configuration and the little state that outlives one call: id counters, queue
 * members' statistics and who is waiting in the queue. Call scripts read and update it as they are
 * generated, so concurrent calls get distinct channel names and consistent queue positions.
 */
import { createRandom, type Random } from './seeded-random';

export type PbxProfile = {
  /** `SystemName:` on every event and the Uniqueid prefix (`sim-1795391636.12`); '' leaves both out. */
  systemName: string;
  /** Whether events carry `Timestamp:` (manager.conf `timestampevents`). */
  timestamps: boolean;
  /** Channel technology of phones and trunk, e.g. PJSIP. */
  tech: string;
  /** Trunk endpoint name: channels `PJSIP/trunk-0000000a`. */
  trunk: string;
  queue: string;
  /** The hotline number callers dial. */
  did: string;
  trunkContext: string;
  operatorContext: string;
  /** Context of the FreePBX-style queue members `Local/101@queue-agents/n`. */
  memberContext: string;
  clickToCallContext: string;
  /** How long the queue rings one member before trying the next (ms). */
  ringTimeoutMs: number;
  /** Pause between two members (ms). */
  retryMs: number;
  /** Dial timeout of calls out through the trunk (s). */
  dialTimeoutS: number;
  /**
   * Files MixMonitor records answered queue calls into, taken in turn (the PBX's own paths, sent as the
   * MIXMONITOR_FILENAME VarSet); none: calls are not recorded.
   */
  recordings: readonly string[];
};

export const DEFAULT_PROFILE: PbxProfile = {
  systemName: 'sim',
  timestamps: true,
  tech: 'PJSIP',
  trunk: 'trunk',
  queue: 'hotline',
  did: '88005553535',
  trunkContext: 'from-trunk',
  operatorContext: 'from-operators',
  memberContext: 'queue-agents',
  clickToCallContext: 'click-to-call',
  ringTimeoutMs: 15_000,
  retryMs: 1_000,
  dialTimeoutS: 20,
  recordings: [],
};

export type Operator = { ext: string; name: string; penalty?: number };

export type MemberStats = {
  ext: string;
  name: string;
  penalty: number;
  callsTaken: number;
  /** Epoch seconds of the last completed queue call, 0 if none. */
  lastCall: number;
};

export type SimPbxOptions = {
  profile?: Partial<PbxProfile>;
  /** Queue members; default 101–108 named "Operator 1XX". */
  operators?: readonly Operator[];
  seed?: number;
  /** Epoch ms the members logged in (QueueMemberStatus LoginTime). */
  loginEpochMs?: number;
};

type QueueEntry = { joinUs: number; leaveUs: number };

export function defaultOperators(exts: readonly string[] = ['101', '102', '103', '104', '105', '106', '107', '108']): Operator[] {
  return exts.map((ext) => ({ ext, name: `Operator ${ext}` }));
}

export class SimPbx {
  readonly profile: PbxProfile;
  readonly random: Random;
  readonly loginTime: number;
  private readonly members = new Map<string, MemberStats>();
  private uniqueSeq = 0;
  private recordingSeq = 0;
  private channelSeq = 0;
  private localSeq = 0;
  private queueEntries: QueueEntry[] = [];

  constructor(options: SimPbxOptions = {}) {
    this.profile = { ...DEFAULT_PROFILE, ...options.profile };
    this.random = createRandom(options.seed);
    this.loginTime = Math.floor((options.loginEpochMs ?? Date.now()) / 1000);
    for (const op of options.operators ?? defaultOperators()) this.addMember(op);
  }

  get operators(): Operator[] {
    return [...this.members.values()].map((m) => ({ ext: m.ext, name: m.name, penalty: m.penalty }));
  }

  /** The member behind an extension; unknown extensions become members on first use. */
  member(ext: string): MemberStats {
    return this.members.get(ext) ?? this.addMember({ ext, name: `Operator ${ext}` });
  }

  /** The file MixMonitor records the next answered call into, or null when calls are not recorded. */
  nextRecording(): string | null {
    const files = this.profile.recordings;
    return files.length === 0 ? null : files[this.recordingSeq++ % files.length]!;
  }

  nextUniqueid(epochUs: number): string {
    const id = `${Math.floor(epochUs / 1e6)}.${this.uniqueSeq++}`;
    return this.profile.systemName ? `${this.profile.systemName}-${id}` : id;
  }

  /** Suffix of a tech channel name, `0000000a`, counted across all tech channels as Asterisk does. */
  nextChannelSuffix(): string {
    return (this.channelSeq++ % 0x100000000).toString(16).padStart(8, '0');
  }

  /** Local channels have their own counter. */
  nextLocalSuffix(): string {
    return (this.localSeq++ % 0x100000000).toString(16).padStart(8, '0');
  }

  /**
   * A caller joins the queue at `joinUs` and will leave at `leaveUs` (answered or gave up).
   * Returns the Position/Count Asterisk reports at join and at leave.
   */
  queueVisit(joinUs: number, leaveUs: number): { joinPosition: number; leavePosition: number; countAfterLeave: number } {
    // Callers who left a while before this one joined no longer matter (calls are planned in about start order).
    const horizon = joinUs - 600e6;
    if (this.queueEntries.length > 64) this.queueEntries = this.queueEntries.filter((e) => e.leaveUs > horizon);
    let ahead = 0;
    let aheadAtLeave = 0;
    let remaining = 0;
    for (const e of this.queueEntries) {
      if (e.joinUs <= joinUs && e.leaveUs > joinUs) ahead++;
      if (e.joinUs <= joinUs && e.leaveUs > leaveUs) aheadAtLeave++;
      if (e.joinUs <= leaveUs && e.leaveUs > leaveUs) remaining++;
    }
    this.queueEntries.push({ joinUs, leaveUs });
    return { joinPosition: ahead + 1, leavePosition: aheadAtLeave + 1, countAfterLeave: remaining };
  }

  private addMember(op: Operator): MemberStats {
    const stats: MemberStats = { ext: op.ext, name: op.name, penalty: op.penalty ?? 0, callsTaken: 0, lastCall: 0 };
    this.members.set(op.ext, stats);
    return stats;
  }
}
