import type { CallDirection, CallOutcome, CallRow } from '../../db/entities';

/** A call as the API and the screen-pop show it: ISO 8601 UTC timestamps, whole seconds, null where n/a. */
export type CallView = {
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
  /** The outbound campaign the call was made for, if any. */
  campaignId: number | null;
  /** The PBX named a recording of it (played at GET /api/calls/:id/recording). */
  hasRecording: boolean;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCallView(c: CallRow): CallView {
  return {
    id: c.id,
    pbx: c.pbx,
    pbxCallId: c.pbxCallId,
    direction: c.direction,
    externalNumber: c.externalE164 ?? c.externalNumber,
    clientId: c.clientId,
    operatorId: c.operatorId,
    queue: c.queue,
    startedAt: c.startedAt.toISOString(),
    answeredAt: iso(c.answeredAt),
    endedAt: iso(c.endedAt),
    ringSeconds: c.ringSeconds,
    waitSeconds: c.waitSeconds,
    talkSeconds: c.talkSeconds,
    outcome: c.outcome,
    disposition: c.disposition,
    note: c.note,
    campaignId: c.campaignId ?? null,
    hasRecording: c.recordingUrl !== null && c.recordingUrl !== undefined,
  };
}
