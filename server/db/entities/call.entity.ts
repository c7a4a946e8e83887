import { EntitySchema } from 'typeorm';
import type { FunnelStage } from './client.entity';

export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export const CALL_OUTCOMES = ['answered', 'missed', 'abandoned', 'busy', 'no_answer', 'failed'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export type CallRow = {
  id: number;
  pbx: string;
  pbxCallId: string;
  direction: CallDirection;
  externalNumber: string | null;
  externalE164: string | null;
  clientId: number | null;
  /** The client's funnel stage when the call was logged or linked to them (null without a client). */
  clientStage: FunnelStage | null;
  operatorId: number | null;
  queue: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  ringSeconds: number | null;
  waitSeconds: number | null;
  talkSeconds: number | null;
  outcome: CallOutcome | null;
  disposition: string | null;
  note: string | null;
  recordingUrl: string | null;
  /** The outbound campaign the call was made for (linked when its result is recorded). */
  campaignId: number | null;
  createdAt: Date;
  updatedAt: Date;
};

export const CallEntity = new EntitySchema<CallRow>({
  name: 'Call',
  tableName: 'calls',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    pbx: { type: 'varchar', length: 32 },
    pbxCallId: { name: 'pbx_call_id', type: 'varchar', length: 128 },
    direction: { type: 'varchar', length: 16 },
    externalNumber: { name: 'external_number', type: 'varchar', length: 64, nullable: true },
    externalE164: { name: 'external_e164', type: 'varchar', length: 20, nullable: true },
    clientId: { name: 'client_id', type: 'integer', nullable: true },
    clientStage: { name: 'client_stage', type: 'varchar', length: 16, nullable: true },
    operatorId: { name: 'operator_id', type: 'integer', nullable: true },
    queue: { type: 'varchar', length: 64, nullable: true },
    startedAt: { name: 'started_at', type: 'datetime', precision: 3 },
    answeredAt: { name: 'answered_at', type: 'datetime', precision: 3, nullable: true },
    endedAt: { name: 'ended_at', type: 'datetime', precision: 3, nullable: true },
    ringSeconds: { name: 'ring_seconds', type: 'integer', nullable: true },
    waitSeconds: { name: 'wait_seconds', type: 'integer', nullable: true },
    talkSeconds: { name: 'talk_seconds', type: 'integer', nullable: true },
    outcome: { type: 'varchar', length: 16, nullable: true },
    disposition: { type: 'varchar', length: 64, nullable: true },
    note: { type: 'text', nullable: true },
    recordingUrl: { name: 'recording_url', type: 'varchar', length: 500, nullable: true },
    campaignId: { name: 'campaign_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});

export const LEG_OUTCOMES = ['answered', 'missed', 'transferred_in'] as const;
export type LegOutcome = (typeof LEG_OUTCOMES)[number];

export type CallLegRow = {
  id: number;
  pbx: string;
  pbxCallId: string;
  legNo: number;
  extension: string;
  operatorId: number | null;
  ringStartedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  ringSeconds: number | null;
  talkSeconds: number | null;
  outcome: LegOutcome;
};

export const CallLegEntity = new EntitySchema<CallLegRow>({
  name: 'CallLeg',
  tableName: 'call_legs',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    pbx: { type: 'varchar', length: 32 },
    pbxCallId: { name: 'pbx_call_id', type: 'varchar', length: 128 },
    legNo: { name: 'leg_no', type: 'integer' },
    extension: { type: 'varchar', length: 32 },
    operatorId: { name: 'operator_id', type: 'integer', nullable: true },
    ringStartedAt: { name: 'ring_started_at', type: 'datetime', precision: 3 },
    answeredAt: { name: 'answered_at', type: 'datetime', precision: 3, nullable: true },
    endedAt: { name: 'ended_at', type: 'datetime', precision: 3, nullable: true },
    ringSeconds: { name: 'ring_seconds', type: 'integer', nullable: true },
    talkSeconds: { name: 'talk_seconds', type: 'integer', nullable: true },
    outcome: { type: 'varchar', length: 16 },
  },
});
