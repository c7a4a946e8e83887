export const CLIENT_KINDS = ['person', 'organization'] as const;
export type ClientKind = (typeof CLIENT_KINDS)[number];

export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

export const STAGES = ['lead', 'contacted', 'qualified', 'proposal', 'customer', 'lost'] as const;
export type Stage = (typeof STAGES)[number];

export const TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;
export type Tier = (typeof TIERS)[number];

export const POTENTIALS = ['low', 'medium', 'high'] as const;
export type Potential = (typeof POTENTIALS)[number];

/**
 * Marketing channels the UI has labels for. The API takes any source string and has no list of
 * the ones in use, so other values are shown as stored.
 */
export const KNOWN_SOURCES = ['website', 'google_ads', 'yandex_direct', 'referral', 'cold_call', 'exhibition', 'instagram'] as const;
export type KnownSource = (typeof KNOWN_SOURCES)[number];
export const isKnownSource = (s: string): s is KnownSource => (KNOWN_SOURCES as readonly string[]).includes(s);

/** Sources the CRM sets by itself and forms do not offer: the lead the call log makes of an unknown caller. */
export const SYSTEM_SOURCES = ['inbound_call'] as const;
export type SystemSource = (typeof SYSTEM_SOURCES)[number];
export const isLabelledSource = (s: string): s is KnownSource | SystemSource => isKnownSource(s) || (SYSTEM_SOURCES as readonly string[]).includes(s);

export const CLIENT_SORTS = ['name', 'createdAt', 'updatedAt', 'revenue', 'abcClass'] as const;
export type ClientSort = (typeof CLIENT_SORTS)[number];

/** The languages the CRM writes to clients in. */
export const CLIENT_LANGUAGES = ['ru', 'uk', 'en'] as const;
export type ClientLanguage = (typeof CLIENT_LANGUAGES)[number];

export type Phone = { e164: string | null; raw: string };

export type Client = {
  id: number;
  kind: ClientKind;
  name: string;
  /** The organization's name: typed, or the linked organization's (an organization: its own). */
  organization: string | null;
  /** The organization card a contact person belongs to. */
  organizationId: number | null;
  position: string | null;
  phones: Phone[];
  emails: string[];
  birthday: string | null;
  source: string | null;
  ownerId: number | null;
  stage: Stage;
  abcClass: AbcClass | null;
  potential: Potential | null;
  tier: Tier | null;
  tags: string[];
  timezone: string | null;
  /** The language templates are sent in; null: guessed from the phone's country (server/modules/messaging). */
  language: ClientLanguage | null;
  revenue: number;
  createdAt: string;
  updatedAt: string;
};

export type ClientListQuery = {
  q?: string;
  class?: AbcClass[];
  stage?: Stage[];
  tier?: Tier[];
  source?: string;
  ownerId?: number;
  tag?: string;
  kind?: ClientKind;
  /** An organization's contact people. */
  organizationId?: number;
  sort: ClientSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
};

/** What the create and edit forms send; phones in any format. */
export type ClientInput = {
  name: string;
  kind?: ClientKind;
  organization?: string | null;
  organizationId?: number | null;
  position?: string | null;
  phones?: string[];
  emails?: string[];
  birthday?: string | null;
  source?: string | null;
  ownerId?: number | null;
  stage?: Stage;
  tier?: Tier | null;
  potential?: Potential | null;
  tags?: string[];
  timezone?: string | null;
  language?: ClientLanguage | null;
};

export type ClientPatch = Partial<ClientInput>;

/** The 409 a phone already owned by another client answers with. */
export type DuplicatePhoneDetails = { clientId: number; phone: string };
