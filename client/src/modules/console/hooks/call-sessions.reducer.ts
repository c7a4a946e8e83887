import type { CallUpdate, ScreenPop } from '../../../app/realtime/realtime.types';
import type { Client } from '../../clients/api/client.types';
import type { ConsoleCall } from '../api/my-calls.api';

/**
 * ringing: the phone rings (the pop is up); talking: this operator is on the call; transferred: they
 * passed it on; taken: a colleague answered it; ended: the call is over.
 */
export type CallPhase = 'ringing' | 'talking' | 'transferred' | 'taken' | 'ended';

/** Where the card's client came from: the pop, created from the new-caller card, or found by its number. */
export type ClientOrigin = 'pop' | 'created' | 'existing';

/** One call as this operator's console follows it, from the pop to the saved wrap-up. */
export type CallSession = {
  /** pbx + call id: pops and updates of the same call meet here. */
  key: string;
  pop: ScreenPop;
  client: Client | null;
  clientOrigin: ClientOrigin;
  phase: CallPhase;
  /** This operator talked on the call (answered it, or it was transferred to them): they wrap it up. */
  connected: boolean;
  /** When this operator started talking (PBX time), for the call timer. */
  talkFrom: string | null;
  /** When their part ended: transferred away, or the call ended. */
  talkTo: string | null;
  /** The colleague's extension that answered it, or that it was transferred to. */
  otherExtension: string | null;
  outcome: string | null;
  /** The wrap-up as typed so far: kept here, so switching to another call loses nothing. */
  draft: WrapUpDraft;
  wrappedUp: boolean;
};

/** `callbackAt`: the promised callback's local date-time as the input gives it (YYYY-MM-DDTHH:mm), '' for none. */
export type WrapUpDraft = { disposition: string; note: string; callbackAt: string };

export type CallSessionsState = {
  /** Oldest first. */
  sessions: CallSession[];
  focusedKey: string | null;
  /** Pops already taken in: the server sends a pop again after a reconnect until it is acknowledged. */
  seenPops: readonly string[];
};

export type CallSessionsAction =
  | { type: 'pop'; pop: ScreenPop }
  | { type: 'update'; update: CallUpdate }
  /**
   * Calls rebuilt from the server (a reload, a reconnect): added unless this console follows them already.
   * `updates`: those that came meanwhile for calls it held no session for (a rebuilt call may have ended
   * while its rows were on the way, and must not stay "talking").
   */
  | { type: 'restore'; calls: readonly ConsoleCall[]; updates?: readonly CallUpdate[] }
  /** One call opened from "My calls today" (to give it its result): added if needed, and focused. */
  | { type: 'open-call'; call: ConsoleCall; updates?: readonly CallUpdate[] }
  | { type: 'client-linked'; key: string; client: Client; origin: Exclude<ClientOrigin, 'pop'> }
  | { type: 'draft'; key: string; draft: Partial<WrapUpDraft> }
  | { type: 'wrapped-up'; key: string }
  | { type: 'focus'; key: string }
  | { type: 'dismiss'; key: string };

export const initialCallSessions: CallSessionsState = { sessions: [], focusedKey: null, seenPops: [] };

/** Pops remembered for de-duplication; far more than one shift's re-sent pops. */
const SEEN_LIMIT = 200;


export const callKeyOf = (c: { pbx: string; callId: string }) => `${c.pbx}\u0000${c.callId}`;

/** The operator still owes this call a result. */
export const needsWrapUp = (s: CallSession) => s.connected && !s.wrappedUp && (s.phase === 'ended' || s.phase === 'transferred');

/** Nothing is left to do with this call: it can leave the screen when another one comes. */
const isSettled = (s: CallSession) => s.wrappedUp || (!s.connected && (s.phase === 'ended' || s.phase === 'taken'));

function applyUpdate(s: CallSession, u: CallUpdate): CallSession {
  const mine = u.extension !== null && u.extension === s.pop.extension;
  switch (u.state) {
    case 'ringing':
      return s.phase === 'ended' ? s : { ...s, phase: s.connected ? s.phase : 'ringing' };
    case 'answered':
      if (s.connected) return s;
      // No extension: the far end picked up a call this operator placed (click-to-call, outbound).
      if (mine || u.extension === null) return { ...s, phase: 'talking', connected: true, talkFrom: u.at };
      return { ...s, phase: 'taken', otherExtension: u.extension };
    case 'transferred':
      if (mine) return { ...s, phase: 'talking', connected: true, talkFrom: s.talkFrom ?? u.at, talkTo: null };
      if (s.connected) return { ...s, phase: 'transferred', otherExtension: u.extension, talkTo: u.at };
      return { ...s, phase: 'taken', otherExtension: u.extension };
    case 'ended':
      return { ...s, phase: 'ended', outcome: u.outcome, talkTo: s.connected ? (s.talkTo ?? u.at) : null };
    default:
      // started, queued: the floor view's (supervisors'); nothing a popped call needs.
      return s;
  }
}

/** A call as the server rebuilt it, at the point it has reached: ringing out, talking, or over. */
export function sessionFromCall(c: ConsoleCall): CallSession {
  const { call, ...pop } = c;
  const connected = call.answeredAt !== null;
  const ended = call.endedAt !== null;
  return {
    key: callKeyOf(pop),
    pop,
    client: pop.client,
    clientOrigin: 'pop',
    phase: ended ? 'ended' : connected ? 'talking' : 'ringing',
    connected,
    talkFrom: call.answeredAt,
    talkTo: ended && connected ? call.endedAt : null,
    otherExtension: null,
    outcome: call.outcome,
    draft: { disposition: call.disposition ?? '', note: call.note ?? '', callbackAt: '' },
    wrappedUp: call.disposition !== null,
  };
}

/** A rebuilt session with the updates that came for it before it was there. */
const withOrphans = (s: CallSession, orphans: readonly CallUpdate[] = []) => orphans.filter((u) => callKeyOf(u) === s.key).reduce(applyUpdate, s);

export function callSessionsReducer(state: CallSessionsState, action: CallSessionsAction): CallSessionsState {
  switch (action.type) {
    case 'pop': {
      const { pop } = action;
      if (state.seenPops.includes(pop.popId)) return state;
      const seenPops = [...state.seenPops, pop.popId].slice(-SEEN_LIMIT);
      const key = callKeyOf(pop);
      const existing = state.sessions.find((s) => s.key === key);
      if (existing) {
        // The same call rings this phone again (queue retry, or transferred here). A pop for a call
        // already over has nothing to add.
        if (existing.phase === 'ended') return { ...state, seenPops };
        const client = existing.clientOrigin === 'pop' ? pop.client : existing.client;
        const updated: CallSession = { ...existing, pop, client, phase: existing.connected ? existing.phase : 'ringing', otherExtension: existing.connected ? existing.otherExtension : null };
        return { sessions: state.sessions.map((s) => (s.key === key ? updated : s)), focusedKey: key, seenPops };
      }
      const session: CallSession = {
        key,
        pop,
        client: pop.client,
        clientOrigin: 'pop',
        phase: 'ringing',
        connected: false,
        talkFrom: null,
        talkTo: null,
        otherExtension: null,
        outcome: null,
        draft: { disposition: '', note: '', callbackAt: '' },
        wrappedUp: false,
      };
      // A new call clears away the ones that need nothing more; those still owed a result stay.
      return { sessions: [...state.sessions.filter((s) => !isSettled(s)), session], focusedKey: key, seenPops };
    }
    case 'update': {
      const key = callKeyOf(action.update);
      if (!state.sessions.some((s) => s.key === key)) return state; // a call this console never popped
      return { ...state, sessions: state.sessions.map((s) => (s.key === key ? applyUpdate(s, action.update) : s)) };
    }
    case 'restore': {
      const known = new Set(state.sessions.map((s) => s.key));
      const added: CallSession[] = [];
      for (const call of action.calls) {
        const session = sessionFromCall(call);
        if (known.has(session.key)) continue;
        known.add(session.key);
        added.push(withOrphans(session, action.updates));
      }
      if (added.length === 0) return state;
      const sessions = [...state.sessions, ...added];
      // Nothing on screen yet: the call in progress, else the latest wrap-up owed.
      const focusedKey = state.focusedKey ?? (added.findLast((s) => s.phase !== 'ended') ?? added.at(-1))!.key;
      return { ...state, sessions, focusedKey };
    }
    case 'open-call': {
      const session = withOrphans(sessionFromCall(action.call), action.updates);
      if (state.sessions.some((s) => s.key === session.key)) return { ...state, focusedKey: session.key };
      return { ...state, sessions: [...state.sessions.filter((s) => !isSettled(s)), session], focusedKey: session.key };
    }
    case 'client-linked':
      return { ...state, sessions: state.sessions.map((s) => (s.key === action.key ? { ...s, client: action.client, clientOrigin: action.origin } : s)) };
    case 'draft':
      return { ...state, sessions: state.sessions.map((s) => (s.key === action.key ? { ...s, draft: { ...s.draft, ...action.draft } } : s)) };
    case 'wrapped-up':
      return { ...state, sessions: state.sessions.map((s) => (s.key === action.key ? { ...s, wrappedUp: true } : s)) };
    case 'focus':
      return state.sessions.some((s) => s.key === action.key) ? { ...state, focusedKey: action.key } : state;
    case 'dismiss': {
      const sessions = state.sessions.filter((s) => s.key !== action.key);
      const focusedKey = state.focusedKey === action.key ? (sessions.at(-1)?.key ?? null) : state.focusedKey;
      return { ...state, sessions, focusedKey };
    }
  }
}
