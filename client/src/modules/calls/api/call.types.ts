export type CallDirection = 'inbound' | 'outbound' | 'internal';
export type CallOutcome = 'answered' | 'missed' | 'abandoned' | 'busy' | 'no_answer' | 'failed';

export type Call = {
  id: number;
  pbx: string;
  pbxCallId: string;
  direction: CallDirection;
  externalNumber: string | null;
  clientId: number | null;
  operatorId: number | null;
  queue: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  ringSeconds: number | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  outcome: CallOutcome | null;
  disposition: string | null;
  note: string | null;
};

export type CallListQuery = {
  clientId?: number;
  operatorId?: number;
  from?: string;
  to?: string;
  outcome?: CallOutcome;
  direction?: CallDirection;
  pbx?: string;
  pbxCallId?: string;
  limit: number;
  offset: number;
};

/** Dispositions the UI has labels for; operators' other codes are shown as stored. */
export const KNOWN_DISPOSITIONS = ['sale', 'callback_promised', 'not_interested', 'info_given', 'wrong_number', 'no_decision_maker'] as const;
export type KnownDisposition = (typeof KNOWN_DISPOSITIONS)[number];
export const isKnownDisposition = (d: string): d is KnownDisposition => (KNOWN_DISPOSITIONS as readonly string[]).includes(d);

/** A result an operator may pick at wrap-up; `effective` counts towards the conversion figures. */
export type Disposition = { code: string; effective: boolean };

/** What the operator records after a call. */
export type WrapUpInput = { disposition: string | null; note: string | null };

/** The PBX's answer to a click-to-call: it accepted the request (the phones ring next). */
export type OriginateResult = { actionId: string; message: string; number: string };
export type OriginateInput = { number: string; clientId?: number };
