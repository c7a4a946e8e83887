import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { useUserName } from '../../users/hooks/use-users';
import type { AuditEntry } from '../api/audit.api';
import { changedFields, clientIdOf } from './changed-fields';

const ACTIONS = ['create', 'update', 'delete', 'login', 'logout', 'reassign'] as const;
type Action = (typeof ACTIONS)[number];
const ACTION_TONE: Record<Action, BadgeTone> = { create: 'green', update: 'blue', delete: 'red', login: 'slate', logout: 'slate', reassign: 'violet' };
const isAction = (a: string): a is Action => (ACTIONS as readonly string[]).includes(a);

const ENTITIES = ['client', 'user', 'team', 'callback', 'routing_rule', 'deal', 'note', 'call'] as const;
type Entity = (typeof ENTITIES)[number];
const isEntity = (e: string): e is Entity => (ENTITIES as readonly string[]).includes(e);

/** API field names with a label in the resources. */
const FIELD_LABELS = {
  name: 'field.name',
  kind: 'field.kind',
  organization: 'field.organization',
  phones: 'field.phones',
  emails: 'field.emails',
  birthday: 'field.birthday',
  source: 'field.source',
  ownerId: 'field.owner',
  stage: 'field.stage',
  tier: 'field.tier',
  potential: 'field.potential',
  tags: 'field.tags',
  timezone: 'field.timezone',
  revenue: 'field.revenue',
  abcClass: 'field.class',
  locale: 'language.label',
} as const;
const hasFieldLabel = (f: string): f is keyof typeof FIELD_LABELS => Object.hasOwn(FIELD_LABELS, f);

type AuditObjectProps = { entity: string; entry: AuditEntry; clientId: number | null; userName: (id: number) => string };

/** What an entry is about, linked to the client card where there is one. */
function AuditObject({ entity, entry, clientId, userName }: AuditObjectProps) {
  const { t } = useTranslation();
  if (entry.entity === 'user') return <>{`${entity}: ${userName(Number(entry.entityId))}`}</>;
  const label = `${entity} #${entry.entityId}`;
  if (clientId === null || entry.action === 'delete') return <>{label}</>;
  if (entry.entity === 'client') return <Link to={`/clients/${clientId}`}>{label}</Link>;
  return (
    <>
      {label} · <Link to={`/clients/${clientId}`}>{t('audit.openClient')}</Link>
    </>
  );
}

export type AuditTableProps = { entries: AuditEntry[]; stale?: boolean };

export function AuditTable({ entries, stale = false }: AuditTableProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  const fieldLabel = (f: string) => (hasFieldLabel(f) ? t(FIELD_LABELS[f]) : f);

  return (
    <div className={`table-wrap ${stale ? 'is-stale' : ''}`}>
      <table className="table" aria-label={t('audit.tableLabel')}>
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.object')}</th>
            <th scope="col">{t('audit.changes')}</th>
            <th scope="col">{t('audit.ip')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const fields = e.action === 'update' ? changedFields(e.before, e.after) : [];
            const entity = isEntity(e.entity) ? t(`audit.entities.${e.entity}`) : e.entity;
            const clientId = clientIdOf(e.entity, e.entityId, e.before, e.after);
            return (
              <tr key={e.id}>
                <td className="nowrap">{format.compactDateTime(e.at)}</td>
                <td>{e.actorId === null ? <span className="muted">{t('audit.system')}</span> : userName(e.actorId)}</td>
                <td>{isAction(e.action) ? <Badge tone={ACTION_TONE[e.action]}>{t(`audit.actions.${e.action}`)}</Badge> : e.action}</td>
                <td className="nowrap">
                  <AuditObject entity={entity} entry={e} clientId={clientId} userName={userName} />
                </td>
                <td>{fields.length > 0 ? fields.map(fieldLabel).join(', ') : <span className="muted">{t('common.empty')}</span>}</td>
                <td className="nowrap muted mono">{e.ip ?? t('common.empty')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
