// The API's own view types, shared with the server (type-only: erased at build).
import type { CallView } from '../../../../../server/modules/calls/call.view';
import type { DispositionView } from '../../../../../server/modules/dispositions/dispositions.service';

export type Call = CallView;
export type CallDirection = Call['direction'];
export type CallOutcome = NonNullable<Call['outcome']>;

export type CallListQuery = {
  clientId?: number;
  /** An organization's calls: its own and its contact people's. */
  organizationId?: number;
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

/** Dispositions the UI has built-in labels for (until the list's names have loaded); other codes are shown by their names or as stored. */
export const KNOWN_DISPOSITIONS = ['sale', 'callback_promised', 'not_interested', 'info_given', 'wrong_number', 'no_decision_maker', 'busy', 'no_answer'] as const;
export type KnownDisposition = (typeof KNOWN_DISPOSITIONS)[number];
export const isKnownDisposition = (d: string): d is KnownDisposition => (KNOWN_DISPOSITIONS as readonly string[]).includes(d);

/** A result code of the manager's list: names per language, order, and what picking it does (see the server's view). */
export type Disposition = DispositionView;

/** A code's names, retired codes included (for old calls' results). */
export type DispositionName = Pick<DispositionView, 'code' | 'names' | 'active'>;

/** What the operator records after a call; `callbackAt` (ISO) promises the client a callback. */
export type WrapUpInput = { disposition: string | null; note: string | null; callbackAt?: string };

/** The PBX's answer to a click-to-call: it accepted the request (the phones ring next). */
export type OriginateResult = { actionId: string; message: string; number: string };
export type OriginateInput = { number: string; clientId?: number };
