import { EntitySchema, type ValueTransformer } from 'typeorm';

/** MySQL returns DECIMAL as a string and SQLite as a number: both become a number of currency units. */
export const decimalToNumber: ValueTransformer = { to: (v: unknown) => v, from: (v: unknown) => (v === null || v === undefined ? v : Number(v)) };

export const CLIENT_KINDS = ['person', 'organization'] as const;
export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export const FUNNEL_STAGES = ['lead', 'contacted', 'qualified', 'proposal', 'customer', 'lost'] as const;
export const SERVICE_TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;
export const POTENTIALS = ['low', 'medium', 'high'] as const;
/** The languages the product writes to clients in (templates, the unsubscribe page). */
export const CLIENT_LANGUAGES = ['ru', 'uk', 'en'] as const;

export type ClientKind = (typeof CLIENT_KINDS)[number];
export type AbcClass = (typeof ABC_CLASSES)[number];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type ServiceTier = (typeof SERVICE_TIERS)[number];
export type Potential = (typeof POTENTIALS)[number];
export type ClientLanguage = (typeof CLIENT_LANGUAGES)[number];

export type ClientRow = {
  id: number;
  kind: ClientKind;
  name: string;
  /** Lower-cased name: SQLite's LIKE folds ASCII only, so Cyrillic search goes through this column. */
  nameSearch: string;
  /** The duplicate finder's key (server/modules/duplicates/name-key.ts), set on every write of `name`; null: not computed yet. */
  nameKey?: string | null;
  /** The organization's name: typed on a person, mirrored from `organizationId`'s name when linked, own name on an organization. */
  organization: string | null;
  /** The organization-client this person is a contact of (null: none, or only a typed name). */
  organizationId: number | null;
  /** A contact person's job title. */
  position: string | null;
  birthday: string | null;
  source: string | null;
  ownerId: number | null;
  stage: FunnelStage;
  abcClass: AbcClass | null;
  potential: Potential | null;
  tier: ServiceTier | null;
  timezone: string | null;
  /** The language to write to the client in; null: guessed from the phone's country (messaging/client-language.ts). */
  language?: ClientLanguage | null;
  /** Sum of deal amounts, kept with the deals; the basis of the A/B/C class. */
  revenue: number;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
};

export type ClientPhoneRow = {
  id: number;
  clientId: number;
  e164: string | null;
  raw: string;
  /** Digits of the raw input, to match numbers that do not parse exactly. */
  digits: string;
  /** Digits reversed (of E.164 when known): a prefix search on it is a suffix search on the number. */
  revDigits: string;
  position: number;
};

export type ClientEmailRow = { id: number; clientId: number; email: string; position: number };
export type ClientTagRow = { clientId: number; tag: string };
export const DEAL_STATUSES = ['confirmed', 'pending'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];
/** A `pending` deal (an operator's past the review threshold) adds to revenue only once a supervisor confirms it. */
export type DealRow = {
  id: number;
  clientId: number;
  title: string;
  amount: number;
  closedAt: string;
  createdById: number | null;
  createdAt: Date;
  status?: DealStatus;
  confirmedById?: number | null;
  confirmedAt?: Date | null;
};
export type ClientNoteRow = { id: number; clientId: number; authorId: number | null; body: string; createdAt: Date };

export const ClientEntity = new EntitySchema<ClientRow>({
  name: 'Client',
  tableName: 'clients',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    kind: { type: 'varchar', length: 16 },
    name: { type: 'varchar', length: 200 },
    nameSearch: { name: 'name_search', type: 'varchar', length: 200 },
    nameKey: { name: 'name_key', type: 'varchar', length: 200, nullable: true },
    organization: { type: 'varchar', length: 200, nullable: true },
    organizationId: { name: 'organization_id', type: 'integer', nullable: true },
    position: { type: 'varchar', length: 200, nullable: true },
    birthday: { type: 'date', nullable: true },
    source: { type: 'varchar', length: 64, nullable: true },
    ownerId: { name: 'owner_id', type: 'integer', nullable: true },
    stage: { type: 'varchar', length: 16 },
    abcClass: { name: 'abc_class', type: 'varchar', length: 1, nullable: true },
    potential: { type: 'varchar', length: 16, nullable: true },
    tier: { type: 'varchar', length: 16, nullable: true },
    timezone: { type: 'varchar', length: 64, nullable: true },
    language: { type: 'varchar', length: 8, nullable: true },
    revenue: { type: 'decimal', precision: 14, scale: 2, transformer: decimalToNumber },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    updatedAt: { name: 'updated_at', type: 'datetime', precision: 3 },
    deletedAt: { name: 'deleted_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const ClientPhoneEntity = new EntitySchema<ClientPhoneRow>({
  name: 'ClientPhone',
  tableName: 'client_phones',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    e164: { type: 'varchar', length: 20, nullable: true },
    raw: { type: 'varchar', length: 64 },
    digits: { type: 'varchar', length: 32 },
    revDigits: { name: 'rev_digits', type: 'varchar', length: 32 },
    position: { type: 'integer' },
  },
});

export const ClientEmailEntity = new EntitySchema<ClientEmailRow>({
  name: 'ClientEmail',
  tableName: 'client_emails',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    email: { type: 'varchar', length: 254 },
    position: { type: 'integer' },
  },
});

export const ClientTagEntity = new EntitySchema<ClientTagRow>({
  name: 'ClientTag',
  tableName: 'client_tags',
  columns: {
    clientId: { name: 'client_id', type: 'integer', primary: true },
    tag: { type: 'varchar', length: 64, primary: true },
  },
});

export const DealEntity = new EntitySchema<DealRow>({
  name: 'Deal',
  tableName: 'deals',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    title: { type: 'varchar', length: 200 },
    amount: { type: 'decimal', precision: 14, scale: 2, transformer: decimalToNumber },
    closedAt: { name: 'closed_at', type: 'date' },
    createdById: { name: 'created_by_id', type: 'integer', nullable: true },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
    status: { type: 'varchar', length: 16, default: 'confirmed' },
    confirmedById: { name: 'confirmed_by_id', type: 'integer', nullable: true },
    confirmedAt: { name: 'confirmed_at', type: 'datetime', precision: 3, nullable: true },
  },
});

export const ClientNoteEntity = new EntitySchema<ClientNoteRow>({
  name: 'ClientNote',
  tableName: 'client_notes',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    clientId: { name: 'client_id', type: 'integer' },
    authorId: { name: 'author_id', type: 'integer', nullable: true },
    body: { type: 'text' },
    createdAt: { name: 'created_at', type: 'datetime', precision: 3 },
  },
});
