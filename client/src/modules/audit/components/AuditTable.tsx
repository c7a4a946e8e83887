import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { useReasonText } from '../../routing/hooks/use-reason-text';
import { useRules } from '../../routing/hooks/use-rules';
import { useTeams } from '../../teams/hooks/use-teams';
import { useUserName } from '../../users/hooks/use-users';
import type { AuditEntry } from '../api/audit.api';
import { fieldChanges, isRecord, type FieldChange } from './changed-fields';
import './audit.css';

/** Every action the server writes, with its colour; an action not listed shows as its key. */
const ACTION_TONE: Record<string, BadgeTone> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  merge: 'violet',
  login: 'slate',
  logout: 'slate',
  login_failed: 'amber',
  lockout: 'red',
  reassign: 'violet',
  export: 'amber',
  export_started: 'amber',
  export_finished: 'amber',
  bulk_read: 'amber',
  role_change: 'violet',
  confirm: 'green',
};
const EXPORTS = new Set(['export', 'export_started', 'export_finished']);
/** Fields holding a user id. */
const USER_FIELDS = new Set(['ownerId', 'assigneeId', 'supervisorId', 'createdById', 'authorId', 'fromId', 'toId', 'userId']);
/** Fields whose values have names in the shared resources: field → key prefix. */
const VALUE_KEYS: Record<string, string> = { stage: 'stage', tier: 'tier', potential: 'potential', kind: 'kind', role: 'roles', disposition: 'calls.dispositions' };
const DATE_FIELDS = new Set(['dueAt', 'at', 'completedAt']);
const SHOWN_CHANGES = 6;

const short = (s: string, max = 80) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Labels and values of an entry, in the reader's language. */
function useAuditText() {
  const { t, i18n } = useTranslation('audit');
  const format = useFormat();
  const userName = useUserName();
  const { teamName } = useTeams();
  const rules = useRules();
  const reasonText = useReasonText();
  /** A key of `ns` when it exists, else null (actions and fields the UI does not know yet show as written). */
  const maybe = useCallback((key: string, ns: 'audit' | 'translation' = 'audit') => (i18n.exists(key, { ns }) ? String(i18n.t(key as never, { ns } as never)) : null), [i18n]);

  const value = useCallback(
    (field: string, v: unknown): string => {
      if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) return field === 'assigneeId' ? t('values.pool') : t('values.empty');
      if (typeof v === 'boolean') return v ? t('values.yes') : t('values.no');
      if (USER_FIELDS.has(field) && typeof v === 'number') return userName(v);
      if (field === 'teamId' && typeof v === 'number') return teamName(v);
      if (field === 'ruleId' && typeof v === 'number') return rules.data?.items.find((r) => r.id === v)?.name ?? `#${v}`;
      if (field === 'reason' && typeof v === 'string') return reasonText(v);
      if (field === 'status' && typeof v === 'string') return maybe(`values.status.${v}`) ?? v;
      if (VALUE_KEYS[field] && typeof v === 'string') return maybe(`${VALUE_KEYS[field]}.${v}`, 'translation') ?? v;
      if (DATE_FIELDS.has(field) && typeof v === 'string') return format.compactDateTime(v);
      if (field === 'phones' && Array.isArray(v)) return v.map((p) => (isRecord(p) ? String(p.raw ?? p.e164 ?? '') : String(p))).join(', ');
      if (Array.isArray(v)) return short(v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', '));
      if (typeof v === 'object') return short(JSON.stringify(v));
      return short(String(v), 120);
    },
    [t, userName, teamName, rules.data, reasonText, maybe, format],
  );
  return { t, maybe, value, userName, format };
}

type ChangesProps = { entry: AuditEntry };

/** What an entry changed: each field with its before and after, an export's rows and filters. */
function AuditChanges({ entry }: ChangesProps) {
  const { t, maybe, value } = useAuditText();
  const after = isRecord(entry.after) ? entry.after : null;
  if (EXPORTS.has(entry.action) && after) {
    const filters = isRecord(after.filters) ? Object.entries(after.filters).filter(([, v]) => v !== undefined && v !== null && v !== '') : [];
    return (
      <div className="audit-changes">
        {typeof after.rows === 'number' && <div>{t('change.rows', { count: after.rows })}</div>}
        <div className="muted">
          {filters.length === 0 ? t('change.noFilters') : t('change.filters', { filters: filters.map(([k, v]) => `${maybe(`fields.${k}`) ?? k}: ${value(k, v)}`).join('; ') })}
        </div>
      </div>
    );
  }
  // Creations and deletions are said by the action; what changed matters for the rest.
  const changes: FieldChange[] = entry.action === 'create' || entry.action === 'delete' ? [] : fieldChanges(entry.before, entry.after);
  if (changes.length === 0) return <span className="muted">{t('values.empty')}</span>;
  return (
    <ul className="audit-changes" data-testid="audit-changes">
      {changes.slice(0, SHOWN_CHANGES).map((c) => (
        <li key={c.field}>
          <span className="audit-field">{maybe(`fields.${c.field}`) ?? c.field}:</span>{' '}
          {c.hadBefore && (
            <>
              <span className="audit-before">{value(c.field, c.before)}</span>
              <span aria-hidden="true"> → </span>
            </>
          )}
          <span className="audit-after">{value(c.field, c.after)}</span>
        </li>
      ))}
      {changes.length > SHOWN_CHANGES && <li className="muted">{t('change.more', { count: changes.length - SHOWN_CHANGES })}</li>}
    </ul>
  );
}

type AuditObjectProps = { entry: AuditEntry };

/** What an entry is about, by name, linked to the client card where there is one. */
function AuditObject({ entry }: AuditObjectProps) {
  const { t, maybe } = useAuditText();
  const kind = maybe(`entities.${entry.entity}`) ?? entry.entity;
  const many = entry.entity === 'client' && !/^\d+$/.test(entry.entityId);
  const name = many ? t('object.allClients') : (entry.entityLabel ?? t('object.number', { id: entry.entityId }));
  const linked = entry.clientId !== null && !(entry.entity === 'client' && entry.action === 'delete');
  return (
    <span className="audit-object">
      <span className="muted">{kind}:</span> {linked ? <Link to={`/clients/${entry.clientId}`}>{name}</Link> : <span>{name}</span>}
    </span>
  );
}

export type AuditTableProps = { entries: AuditEntry[]; stale?: boolean };

export function AuditTable({ entries, stale = false }: AuditTableProps) {
  const { t } = useTranslation();
  const { maybe, userName, format } = useAuditText();

  return (
    <div className={`table-wrap ${stale ? 'is-stale' : ''}`}>
      <table className="table audit-table" aria-label={t('audit.tableLabel')}>
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
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action} data-entity={e.entity} data-entity-id={e.entityId}>
              <td className="nowrap">{format.compactDateTime(e.at)}</td>
              <td>{e.actorId === null ? <span className="muted">{t('audit.system')}</span> : (e.actorName ?? userName(e.actorId))}</td>
              <td>
                <Badge tone={ACTION_TONE[e.action] ?? 'slate'}>{maybe(`actions.${e.action}`) ?? e.action}</Badge>
              </td>
              <td>
                <AuditObject entry={e} />
              </td>
              <td>
                <AuditChanges entry={e} />
              </td>
              <td className="nowrap muted mono">{e.ip ?? t('common.empty')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
