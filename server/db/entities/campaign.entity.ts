import { EntitySchema } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'running', 'paused', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const CAMPAIGN_PRIORITIES = ['none', 'class', 'potential'] as const;
export type CampaignPriority = (typeof CAMPAIGN_PRIORITIES)[number];
/** pending: due, to be handed out; waiting: a retry or a skipped client, due at next_at; assigned: an operator has it. */
export type EntryState = 'pending' | 'waiting' | 'assigned' | 'done';
/** Preview: the operator sees the client and presses Call. Progressive: the call is placed as the client comes. */
export const CAMPAIGN_MODES = ['preview', 'progressive'] as const;
export type CampaignMode = (typeof CAMPAIGN_MODES)[number];

export type CampaignRow = {
  id: number;
  name: string;
  status: CampaignStatus;
  /** The client list's query parameters that chose the clients (JSON). */
  filter: string;
  teamId: number | null;
  /** Operators who work it besides the team's (JSON array of user ids). */
  operatorIds: string;
  callingFrom: string;
  callingTo: string;
  /** ISO weekdays, comma list: "1,2,3,4,5". */
  days: string;
  maxAttempts: number;
  /** Minutes before another attempt, per result code (JSON object). */
  retry: string;
  /** Result codes that end a client's part in the campaign (JSON array). */
  finalCodes: string;
  script: string | null;
  priority: CampaignPriority;
  mode: CampaignMode;
  /** The time zones its clients live in (JSON array), noted when it was made. */
  zones: string | null;
  startsOn: string | null;
  endsOn: string | null;
  total: number;
  /** The saved segment its filter was copied from, and the segment's name then (null: a filter of its own). */
  segmentId: number | null;
  segmentName: string | null;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
};

export type CampaignEntryRow = {
  id: number;
  campaignId: number;
  clientId: number;
  phone: string | null;
  tz: string;
  priority: number;
  rank: number;
  state: EntryState;
  attempts: number;
  nextAt: Date;
  assignedTo: number | null;
  assignedAt: Date | null;
  /** When the operator last pressed Call (or progressive mode dialled) for this hand-out. */
  dialedAt: Date | null;
  lastDisposition: string | null;
  reached: boolean;
  effective: boolean;
  doneReason: string | null;
  updatedAt: Date;
};

export const CampaignEntity = new EntitySchema<CampaignRow>({
  name: 'Campaign',
  tableName: 'campaigns',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    name: { type: 'varchar', length: 200 },
    status: { type: 'varchar', length: 16 },
    filter: { type: 'text' },
    teamId: { name: 'team_id', type: 'integer', nullable: true },
    operatorIds: { name: 'operator_ids', type: 'text' },
    callingFrom: { name: 'calling_from', type: 'varchar', length: 5 },
    callingTo: { name: 'calling_to', type: 'varchar', length: 5 },
    days: { type: 'varchar', length: 16 },
    maxAttempts: { name: 'max_attempts', type: 'integer' },
    retry: { type: 'text' },
    finalCodes: { name: 'final_codes', type: 'text' },
    script: { type: 'text', nullable: true },
    priority: { type: 'varchar', length: 16 },
    mode: { type: 'varchar', length: 16, default: 'preview' },
    zones: { type: 'text', nullable: true },
    startsOn: { name: 'starts_on', type: 'date', nullable: true },
    endsOn: { name: 'ends_on', type: 'date', nullable: true },
    total: { type: 'integer' },
    segmentId: { name: 'segment_id', type: 'integer', nullable: true },
    segmentName: { name: 'segment_name', type: 'varchar', length: 200, nullable: true },
    createdById: { name: 'created_by_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});

export const CampaignEntryEntity = new EntitySchema<CampaignEntryRow>({
  name: 'CampaignEntry',
  tableName: 'campaign_entries',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    campaignId: { name: 'campaign_id', type: 'integer' },
    clientId: { name: 'client_id', type: 'integer' },
    phone: { type: 'varchar', length: 32, nullable: true },
    tz: { type: 'varchar', length: 64 },
    priority: { type: 'integer' },
    rank: { type: 'integer' },
    state: { type: 'varchar', length: 16 },
    attempts: { type: 'integer' },
    nextAt: { name: 'next_at', type: 'datetime', precision: 3 },
    assignedTo: { name: 'assigned_to', type: 'integer', nullable: true },
    assignedAt: { name: 'assigned_at', type: 'datetime', precision: 3, nullable: true },
    dialedAt: { name: 'dialed_at', type: 'datetime', precision: 3, nullable: true },
    lastDisposition: { name: 'last_disposition', type: 'varchar', length: 64, nullable: true },
    reached: { type: 'boolean' },
    effective: { type: 'boolean' },
    doneReason: { name: 'done_reason', type: 'varchar', length: 32, nullable: true },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
  },
});

export type CampaignAttemptRow = {
  id: number;
  campaignId: number;
  entryId: number;
  clientId: number;
  operatorId: number;
  disposition: string;
  reached: boolean;
  effective: boolean;
  sale: boolean;
  /** This attempt ended the client's part (a final result, a promised callback, attempts used up). */
  ended: boolean;
  callId: number | null;
  createdAt: Date;
};

export const CampaignAttemptEntity = new EntitySchema<CampaignAttemptRow>({
  name: 'CampaignAttempt',
  tableName: 'campaign_attempts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    campaignId: { name: 'campaign_id', type: 'integer' },
    entryId: { name: 'entry_id', type: 'integer' },
    clientId: { name: 'client_id', type: 'integer' },
    operatorId: { name: 'operator_id', type: 'integer' },
    disposition: { type: 'varchar', length: 64 },
    reached: { type: 'boolean' },
    effective: { type: 'boolean' },
    sale: { type: 'boolean' },
    ended: { type: 'boolean' },
    callId: { name: 'call_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});
