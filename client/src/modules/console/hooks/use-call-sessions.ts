import { createContext, useContext, useEffect } from 'react';
import type { Client } from '../../clients/api/client.types';
import type { ConsoleCall } from '../api/my-calls.api';
import type { CallSession, CallSessionsState, WrapUpDraft } from './call-sessions.reducer';

export type CallSessionsValue = {
  state: CallSessionsState;
  /** The call on screen: the newest, unless the operator picked another. */
  focused: CallSession | null;
  /** Tells the server the pop is on screen (it re-sends unacknowledged pops after a reconnect). */
  acknowledge: (popId: string) => void;
  linkClient: (key: string, client: Client, origin: 'created' | 'existing') => void;
  updateDraft: (key: string, draft: Partial<WrapUpDraft>) => void;
  markWrappedUp: (key: string) => void;
  focus: (key: string) => void;
  /** Puts a call of the day on screen (from "My calls today"), to give it its result. */
  openCall: (call: ConsoleCall) => void;
  dismiss: (key: string) => void;
};

export const CallSessionsContext = createContext<CallSessionsValue | null>(null);

/** The calls this browser follows (pops and their updates); kept above the pages, so none is lost. */
export function useCallSessions(): CallSessionsValue {
  const value = useContext(CallSessionsContext);
  if (!value) throw new Error('useCallSessions is used outside CallSessionsProvider');
  return value;
}

/** Acknowledges a pop once it is rendered. */
export function useAcknowledgePop(popId: string | undefined): void {
  const { acknowledge } = useCallSessions();
  useEffect(() => {
    if (popId) acknowledge(popId);
  }, [popId, acknowledge]);
}
