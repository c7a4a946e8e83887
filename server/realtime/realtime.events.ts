/**
 * The Socket.IO contract, shared by the server and the web client (type-only imports on both sides).
 * Facts are broadcast as `resource:update`-style events; commands are `resource:verb` with an ack.
 */
import type { AgentState, Role } from '../db/entities';
import type { CallbackView } from '../modules/callbacks/callback.view';
import type { CallView } from '../modules/calls/call.view';
import type { ClientView } from '../modules/clients/client.view';
import type { DealView } from '../modules/clients/deals.service';
import type { NoteView } from '../modules/clients/notes.service';
import type { KpiUpdate } from '../modules/kpis/kpi.service';
import type { TaskView } from '../modules/tasks/task.view';

export type PopCallback = { id: number; dueAt: string; assigneeId: number | null; note: string | null };
/** A contact person of the organization that calls (its switchboard): who to ask for. */
export type PopPerson = { id: number; name: string; position: string | null; phones: string[] };
/** The organization of the person who calls (their direct line). */
export type PopOrganization = { id: number; name: string; abcClass: string | null; tier: string | null };

export type ScreenPop = {
  /** Unique per ring of one phone: acknowledge it with `screenpop:ack`. */
  popId: string;
  pbx: string;
  /** The PBX's id of the call (Asterisk Linkedid). */
  callId: string;
  direction: 'inbound' | 'outbound' | 'internal';
  externalNumber: string | null;
  externalName: string | null;
  /** The extension that rings. */
  extension: string;
  queue: string | null;
  at: string;
  /** null for a number no client has: the console offers a new-lead card prefilled with it. */
  client: ClientView | null;
  /** The client's last calls, newest first. */
  recentCalls: CallView[];
  openCallbacks: PopCallback[];
  recentDeals: DealView[];
  lastNote: NoteView | null;
  /** The caller's organization when a contact person calls; null otherwise. */
  organization: PopOrganization | null;
  /** An organization's contact people when its switchboard calls (its history above includes theirs); [] otherwise. */
  people: PopPerson[];
};

export type CallUpdate = {
  pbx: string;
  callId: string;
  /** started/queued/ringing reach supervisors only (the floor view); the rest also the operators popped. */
  state: 'started' | 'queued' | 'ringing' | 'answered' | 'transferred' | 'ended';
  /** Who it concerns: the answering, transferred-to or ringing extension (outbound: who placed it). */
  extension: string | null;
  outcome: string | null;
  at: string;
  direction: 'inbound' | 'outbound' | 'internal';
  externalNumber: string | null;
  queue: string | null;
};

/** A call in progress, as the floor view lists it. */
export type LiveCall = { pbx: string; callId: string; direction: 'inbound' | 'outbound' | 'internal'; externalNumber: string | null; queue: string | null; startedAt: string; queuedAt: string | null; answeredAt: string | null; extension: string | null };

export type AgentStateUpdate = { userId: number; state: AgentState; since: string };

/** `code` names why a command was refused by the gateway: `rate_limited`, `forbidden`, `unauthorized` (session over). */
export type AckResult = { ok: true } | { ok: false; error: string; code?: string };

export type CallbackReassigned = { callback: CallbackView; fromId: number | null; toId: number | null; ruleId: number | null; reason: string };

export type ServerToClientEvents = {
  screenpop: (pop: ScreenPop) => void;
  'callback:assigned': (callback: CallbackView) => void;
  'callback:reassigned': (change: CallbackReassigned) => void;
  /** A callback of yours is due now. */
  'callback:due': (callback: CallbackView) => void;
  'call:update': (update: CallUpdate) => void;
  'agent:state': (update: AgentStateUpdate) => void;
  /** To supervisors: the KPIs of the floor and of the teams and operators a call just changed. */
  'kpi:update': (update: KpiUpdate) => void;
  /** A task of yours: its reminder time has come (sent once). */
  'task:reminder': (task: TaskView) => void;
};

export type ClientToServerEvents = {
  'screenpop:ack': (payload: { popId: string }) => void;
  'agent:set-state': (payload: { state: 'available' | 'break' | 'offline' }, ack: (result: AckResult) => void) => void;
};

/** Messages between server nodes (cluster adapter's serverSideEmit). */
export type InterServerEvents = {
  'pops:ack': (userId: number, popId: string) => void;
  'pops:resend': (userId: number) => void;
};

/** Set at the handshake: every socket belongs to one session and ends with it (logout, revocation, expiry). */
export type SocketData = { userId: number; role: Role; sessionId: number; expiresAt: number };
