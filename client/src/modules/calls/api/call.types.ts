// The API's own view types, shared with the server (type-only: erased at build).
import type { CallView } from '../../../../../server/modules/calls/call.view';

export type Call = CallView;
export type CallDirection = Call['direction'];
export type CallOutcome = NonNullable<Call['outcome']>;

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
