import type { AgentStateUpdate, CallUpdate } from '../../../app/realtime/realtime.types';
import type { FloorAgent, FloorSnapshot, LiveCall } from '../api/wallboard.types';

/** A call in progress as the board follows it: the snapshot's fields and the extension ringing now. */
export type FloorCall = LiveCall & { ringing: string | null };

/** The floor as the board shows it: operators by id, calls in progress by `pbx:callId`. */
export type FloorState = { agents: FloorAgent[]; calls: Record<string, FloorCall> };

export type FloorEvent = { kind: 'agent'; update: AgentStateUpdate } | { kind: 'call'; update: CallUpdate; receivedAt: number };

export const callKeyOf = (c: { pbx: string; callId: string }) => `${c.pbx}:${c.callId}`;

/**
 * A PBX time as the board uses it: never later than when the browser learned of it. A PBX clock running
 * ahead (or a simulated one) would otherwise freeze every timer at 0:00; one running behind still counts.
 */
function notAfter(iso: string, limitMs: number): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) || t > limitMs ? new Date(limitMs).toISOString() : iso;
}

/** The snapshot from `GET /api/floor`, fetched at `fetchedAt` (ms). */
export function toFloorState(snapshot: FloorSnapshot, fetchedAt: number): FloorState {
  const calls: Record<string, FloorCall> = {};
  for (const c of snapshot.calls) {
    calls[callKeyOf(c)] = {
      ...c,
      startedAt: notAfter(c.startedAt, fetchedAt),
      queuedAt: c.queuedAt === null ? null : notAfter(c.queuedAt, fetchedAt),
      answeredAt: c.answeredAt === null ? null : notAfter(c.answeredAt, fetchedAt),
      ringing: null,
    };
  }
  return { agents: snapshot.agents, calls };
}

/** One live event folded into the floor. Events for operators the board does not list are ignored. */
export function applyFloorEvent(floor: FloorState, event: FloorEvent): FloorState {
  return event.kind === 'agent' ? applyAgentState(floor, event.update) : applyCallUpdate(floor, event.update, event.receivedAt);
}

function applyAgentState(floor: FloorState, u: AgentStateUpdate): FloorState {
  const i = floor.agents.findIndex((a) => a.id === u.userId);
  const agent = floor.agents[i];
  // Unknown (a supervisor, a new hire: the next snapshot brings them) or older than what we show.
  if (!agent || Date.parse(u.since) < Date.parse(agent.stateSince)) return floor;
  const agents = floor.agents.slice();
  agents[i] = { ...agent, state: u.state, stateSince: u.since };
  return { ...floor, agents };
}

function applyCallUpdate(floor: FloorState, u: CallUpdate, receivedAt: number): FloorState {
  const key = callKeyOf(u);
  const calls = { ...floor.calls };
  if (u.state === 'ended') {
    if (!(key in calls)) return floor;
    delete calls[key];
    return { ...floor, calls };
  }
  const when = notAfter(u.at, receivedAt);
  const c: FloorCall = calls[key] ?? { pbx: u.pbx, callId: u.callId, direction: u.direction, externalNumber: u.externalNumber, queue: u.queue, startedAt: when, queuedAt: null, answeredAt: null, extension: null, ringing: null };
  const next: FloorCall = { ...c, direction: u.direction, externalNumber: u.externalNumber, queue: u.queue ?? c.queue };
  switch (u.state) {
    case 'started':
      // Outbound and internal: the extension that placed the call.
      next.extension = u.extension ?? c.extension;
      break;
    case 'queued':
      next.queuedAt = c.queuedAt ?? when;
      break;
    case 'ringing':
      next.ringing = u.extension;
      break;
    case 'answered':
      next.answeredAt = c.answeredAt ?? when;
      // Outbound: the client picked up (no extension); the caller stays the operator who placed it.
      next.extension = u.extension ?? c.extension;
      next.ringing = null;
      break;
    case 'transferred':
      next.extension = u.extension ?? c.extension;
      next.ringing = null;
      break;
  }
  calls[key] = next;
  return { ...floor, calls };
}

/** The call an operator is on (or whose ring they hear), if any. */
export function callOf(floor: FloorState, extension: string | null): FloorCall | null {
  if (!extension) return null;
  const calls = Object.values(floor.calls);
  return calls.find((c) => c.extension === extension) ?? calls.find((c) => c.ringing === extension) ?? null;
}

/** Callers waiting in a queue (queued, not answered, not ended), longest wait first. */
export function waitingCalls(floor: FloorState): FloorCall[] {
  return Object.values(floor.calls)
    .filter((c) => c.direction === 'inbound' && c.queuedAt !== null && c.answeredAt === null)
    .sort((a, b) => Date.parse(a.queuedAt!) - Date.parse(b.queuedAt!));
}
