import type { AbcClass, ClientKind, ClientLanguage, ClientRow, FunnelStage, Potential, ServiceTier } from '../../db/entities';
import type { PhoneView } from '../../phone/phone-number';

export type ClientView = {
  id: number;
  kind: ClientKind;
  name: string;
  /** The organization's name (typed, or the linked organization's), null when none. */
  organization: string | null;
  /** The organization-client this person is a contact of. */
  organizationId: number | null;
  position: string | null;
  phones: PhoneView[];
  emails: string[];
  birthday: string | null;
  source: string | null;
  ownerId: number | null;
  stage: FunnelStage;
  abcClass: AbcClass | null;
  potential: Potential | null;
  tier: ServiceTier | null;
  tags: string[];
  timezone: string | null;
  language: ClientLanguage | null;
  revenue: number;
  createdAt: string;
  updatedAt: string;
};

export type ClientChildren = { phones: PhoneView[]; emails: string[]; tags: string[] };

/** SQLite hands back DATE columns as strings and MySQL as Date objects (at UTC midnight, given timezone Z). */
export const dateOnly = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export function toClientView(c: ClientRow, children: ClientChildren): ClientView {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    organization: c.organization,
    organizationId: c.organizationId ?? null,
    position: c.position ?? null,
    phones: children.phones,
    emails: children.emails,
    birthday: dateOnly(c.birthday),
    source: c.source,
    ownerId: c.ownerId,
    stage: c.stage,
    abcClass: c.abcClass,
    potential: c.potential,
    tier: c.tier,
    tags: children.tags,
    timezone: c.timezone,
    language: c.language ?? null,
    revenue: Number(c.revenue),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
