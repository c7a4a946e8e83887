import type { DataSource } from 'typeorm';
import type { AgentPresence, AgentPresenceEvent, CallEvent, PbxConnector } from '../../../telephony/call-event';
import { UserEntity, type AgentState } from '../../db/entities';
import { transaction } from '../../db/transaction';
import type { Logger } from '../../logging/logger';
import type { Notifier } from '../../realtime/notifier';
import type { ExtensionDirectory } from '../users/extension-directory';
import type { AgentStateChange, AgentStatePeers } from './agent-state-peers';

export type ChosenState = 'available' | 'break' | 'offline';

/** What an operator chose, judged from a saved state (the phone's states come back to available). */
const chosenOf = (state: AgentState): ChosenState => (state === 'break' || state === 'offline' ? state : 'available');

/** What each choice means in the PBX's queues: Break and Offline take the operator out of queue calls. */
const PBX_PRESENCE: Record<ChosenState, { presence: AgentPresence; reason?: string }> = {
  available: { presence: 'available' },
  break: { presence: 'paused', reason: 'Break' },
  offline: { presence: 'logged_out', reason: 'Offline' },
};

/** Phone-driven changes are saved together, this long after the first of them. */
const SAVE_EVERY_MS = 200;
type Agent = { state: AgentState; since: Date; chosen: ChosenState; calls: Set<string>; wrapUp?: NodeJS.Timeout };

/**
 * Each operator's live state: the phone drives ringing, on_call and wrap_up (for wrapUpMs after a call);
 * the operator chooses available, break or offline. Every change is broadcast to the operator and the
 * supervisors (`agent:state`) at once and saved with the others of the last SAVE_EVERY_MS in one
 * transaction (three to four changes per call: one autocommit each was most of the pool's writes).
 */
export class AgentStateService {
  private readonly agents = new Map<number, Agent>();
  private readonly loadingAgents = new Map<number, Promise<Agent>>();
  private readonly unsaved = new Map<number, { state: AgentState; stateSince: Date }>();
  /** The next save (not started yet) and the last one started. */
  private saving: Promise<void> | undefined;
  private lastWrite: Promise<void> = Promise.resolve();
  /** Per operator, the last presence change sent to the PBX (they go out in order). */
  private readonly pbxQueue = new Map<number, Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly directory: ExtensionDirectory,
    private readonly notifier: Notifier,
    private readonly logger: Logger,
    private readonly wrapUpMs = 30_000,
    /** The PBX link: choices pause and unpause the operator in its queues (when it can). */
    private readonly pbx?: Pick<PbxConnector, 'setAgentPresence'>,
    /** Scale-out: the other nodes, told every change (and telling theirs). */
    private readonly peers?: AgentStatePeers,
  ) {
    peers?.subscribe((change) => this.fromPeer(change));
  }

  handle(event: CallEvent): void {
    void this.apply(event).catch((err: Error) => this.logger.error({ err: err.message }, 'agent state update failed'));
  }

  /**
   * The operator's own choice (or the system's: offline at sign-out); a call in progress keeps them
   * on_call until it ends. The PBX's queues follow: Break and Offline pause, Available unpauses.
   */
  async choose(userId: number, chosen: ChosenState): Promise<void> {
    this.toPbx(userId, chosen);
    await this.adopt(userId, chosen);
  }

  /** Offline unless they are already: after sign-out, or when their last browser went away. */
  async signOff(userId: number): Promise<void> {
    const agent = await this.agent(userId);
    if (agent.chosen === 'offline' && agent.state === 'offline') return;
    await this.choose(userId, 'offline');
  }

  /**
   * A pause or unpause the PBX reports (made on the phone): the product shows it as Break or Available.
   * An operator who signed out stays offline whatever the phone's queue says.
   */
  presenceFromPbx(event: AgentPresenceEvent): void {
    void (async () => {
      const userId = await this.directory.userIdOf(event.extension);
      if (userId === null) return;
      const agent = await this.agent(userId);
      const chosen: ChosenState = event.presence === 'paused' ? 'break' : 'available';
      if (agent.chosen === chosen || agent.chosen === 'offline') return;
      this.logger.info({ userId, extension: event.extension, presence: event.presence, reason: event.reason }, 'queue presence changed on the PBX');
      await this.adopt(userId, chosen);
    })().catch((err: Error) => this.logger.error({ err: err.message }, 'agent state update failed'));
  }

  /**
   * After the PBX link (re)connects: every operator's choice goes to the queues again (a PBX restart
   * forgets pauses; a choice made while the link was down never reached it).
   */
  async restorePresence(): Promise<void> {
    if (!this.pbx?.setAgentPresence) return;
    const rows = await this.ds.getRepository(UserEntity).find({ select: { id: true, extension: true, state: true }, where: { active: true, role: 'operator' } });
    for (const row of rows) {
      if (!row.extension) continue;
      this.toPbx(row.id, this.agents.get(row.id)?.chosen ?? chosenOf(row.state));
    }
  }

  /** The live state as this node sees it. */
  async stateOf(userId: number): Promise<AgentState> {
    return (await this.agent(userId)).state;
  }

  private async adopt(userId: number, chosen: ChosenState): Promise<void> {
    const agent = await this.agent(userId);
    const changedAt = agent.since;
    agent.chosen = chosen;
    if (agent.calls.size === 0) {
      clearTimeout(agent.wrapUp);
      await this.set(userId, agent, chosen);
    }
    // A choice that changes no state yet (made during a call) still reaches the other nodes.
    if (agent.since === changedAt) this.share(userId, agent);
    // The operator is told "done" once it is saved.
    if (this.unsaved.has(userId)) await this.save();
  }

  stop(): void {
    for (const agent of this.agents.values()) clearTimeout(agent.wrapUp);
    this.peers?.stop();
  }

  private share(userId: number, agent: Agent): void {
    this.peers?.publish({ userId, state: agent.state, chosen: agent.chosen, since: agent.since.toISOString() });
  }

  /** Another node set this: it has told the people and saved it; this node only keeps its view current. */
  private fromPeer(change: AgentStateChange): void {
    const agent = this.agents.get(change.userId);
    if (!agent) return; // read from the database when first needed
    agent.chosen = change.chosen;
    if (agent.calls.size > 0) return; // this node follows their call: the phone decides here
    agent.state = change.state;
    agent.since = new Date(change.since);
  }

  /**
   * Tells the PBX, one change at a time per operator (in the order chosen), without holding up the
   * choice: a PBX that is down or does not know the extension is logged, the CRM's state stands.
   */
  private toPbx(userId: number, chosen: ChosenState): void {
    const pbx = this.pbx;
    if (!pbx?.setAgentPresence) return;
    const previous = this.pbxQueue.get(userId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const row = await this.ds.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true, extension: true } });
        if (!row?.extension) return;
        await pbx.setAgentPresence!({ extension: row.extension, ...PBX_PRESENCE[chosen] });
      })
      .catch((err: Error) => this.logger.warn({ err: err.message, userId, chosen }, 'queue presence not set on the PBX'))
      .finally(() => {
        if (this.pbxQueue.get(userId) === next) this.pbxQueue.delete(userId);
      });
    this.pbxQueue.set(userId, next);
  }

  private async apply(event: CallEvent): Promise<void> {
    const key = `${event.pbx}:${event.callId}`;
    const ext = event.type === 'ringing' || event.type === 'ring_stopped' || event.type === 'answered' ? event.extension : event.type === 'transferred' ? event.to : event.type === 'started' ? event.extension : null;
    if (event.type === 'ended') {
      for (const [userId, agent] of this.agents) if (agent.calls.delete(key) && agent.calls.size === 0) await this.afterCall(userId, agent);
      return;
    }
    if (event.type === 'transferred' && event.from) {
      const fromId = await this.directory.userIdOf(event.from);
      const from = fromId === null ? undefined : this.agents.get(fromId);
      if (fromId !== null && from?.calls.delete(key) && from.calls.size === 0) await this.afterCall(fromId, from);
    }
    const userId = await this.directory.userIdOf(ext);
    if (userId === null) return;
    const agent = await this.agent(userId);
    if (event.type === 'ringing') {
      // The phone is the truth: if it rings, the operator is ringing, whatever they last chose.
      if (agent.calls.size === 0) await this.set(userId, agent, 'ringing');
    } else if (event.type === 'ring_stopped') {
      if (agent.state === 'ringing' && agent.calls.size === 0) await this.set(userId, agent, agent.chosen);
    } else {
      // started (the operator placed it), answered or transferred to them: they are on the call.
      clearTimeout(agent.wrapUp);
      agent.calls.add(key);
      await this.set(userId, agent, 'on_call');
    }
  }

  private async afterCall(userId: number, agent: Agent): Promise<void> {
    await this.set(userId, agent, 'wrap_up');
    agent.wrapUp = setTimeout(() => {
      if (agent.state === 'wrap_up') void this.set(userId, agent, agent.chosen).catch((err: Error) => this.logger.error({ err: err.message }, 'agent state update failed'));
    }, this.wrapUpMs);
    agent.wrapUp.unref();
  }

  private async agent(userId: number): Promise<Agent> {
    const known = this.agents.get(userId);
    if (known) return known;
    // One read per operator, however many callers ask at once: a second read finishing later would replace
    // the entry that an event (an answered call) had already changed, and lose it.
    let loading = this.loadingAgents.get(userId);
    if (!loading) {
      loading = this.ds
        .getRepository(UserEntity)
        .findOneBy({ id: userId })
        .then((row) => {
          const state = row?.state ?? 'offline';
          const agent: Agent = this.agents.get(userId) ?? { state, since: row?.stateSince ?? new Date(), chosen: chosenOf(state), calls: new Set() };
          this.agents.set(userId, agent);
          return agent;
        })
        .finally(() => this.loadingAgents.delete(userId));
      this.loadingAgents.set(userId, loading);
    }
    return loading;
  }

  private async set(userId: number, agent: Agent, state: AgentState): Promise<void> {
    if (agent.state === state) return;
    agent.state = state;
    agent.since = new Date();
    const update = { userId, state, since: agent.since.toISOString() };
    this.notifier.toUser(userId, 'agent:state', update);
    this.notifier.toSupervisors('agent:state', update);
    this.unsaved.set(userId, { state, stateSince: agent.since });
    this.share(userId, agent);
    void this.save().catch((err: Error) => this.logger.error({ err: err.message }, 'agent states not saved; retried with the next change'));
  }

  /**
   * Writes the states changed since the last save in one transaction, SAVE_EVERY_MS after the first change;
   * one write at a time, so a later state is never overwritten by an earlier one.
   */
  private save(): Promise<void> {
    if (!this.saving) {
      const previous = this.lastWrite;
      this.saving = this.lastWrite = new Promise<void>((resolve) => setTimeout(resolve, SAVE_EVERY_MS).unref())
        .then(() => previous.catch(() => undefined))
        .then(() => this.writeUnsaved());
    }
    return this.saving;
  }

  private async writeUnsaved(): Promise<void> {
    this.saving = undefined;
    const batch = [...this.unsaved];
    this.unsaved.clear();
    if (batch.length === 0) return;
    try {
      await transaction(this.ds, async (em) => {
        for (const [id, values] of batch) await em.update(UserEntity, { id }, values);
      });
    } catch (err) {
      // Kept for the next save, unless a newer state came meanwhile.
      for (const [id, values] of batch) if (!this.unsaved.has(id)) this.unsaved.set(id, values);
      throw err;
    }
  }
}
