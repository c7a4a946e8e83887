import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../i18n/format';
import { formatPhone } from '../../../ui/format-phone';
import type { DuplicateGroup } from '../api/duplicates.api';
import { MergeDialog } from './MergeDialog';
import { ReasonBadges } from './ReasonBadges';
import '../duplicates.css';

/** Members shown before "show all": a common name can gather twenty. */
const COLLAPSED = 3;

/** onMerged: the merge's message, shown by the page (the list may empty and unmount with the merge). */
export type DuplicateGroupsProps = { groups: DuplicateGroup[]; canMerge: boolean; onMerged: (message: string) => void };

/** Groups of likely duplicates; a manager picks the client to keep and merges the next one of the group into it. */
export function DuplicateGroups({ groups, canMerge, onMerged }: DuplicateGroupsProps) {
  const { t } = useTranslation('duplicates');
  const format = useFormat();
  const [pair, setPair] = useState<{ survivorId: number; duplicateId: number } | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const keyText = (g: DuplicateGroup) => (g.reason === 'phone' ? `…${g.key}` : g.key);
  return (
    <div>
      <ol className="duplicate-list" aria-label={t('page.title')}>
        {groups.map((g) => {
          const id = `${g.reason}:${g.key}:${g.clients[0]?.id}`;
          const shown = expanded.has(id) ? g.clients : g.clients.slice(0, COLLAPSED);
          return (
            <li key={id} className="duplicate-group" data-testid="duplicate-group">
              <div className="duplicate-group-head">
                <ReasonBadges reasons={[g.reason]} score={g.score} />
                <span className="duplicate-key">{keyText(g)}</span>
                {g.size > g.clients.length && <span className="muted">{t('page.more', { count: g.size - g.clients.length })}</span>}
              </div>
              <ul className="duplicate-list">
                {shown.map((c) => {
                  const other = g.clients.find((o) => o.id !== c.id)!;
                  return (
                    <li key={c.id} className="duplicate-item">
                      <div className="duplicate-main">
                        <Link to={`/clients/${c.id}`} className="duplicate-name">
                          {c.name}
                        </Link>
                        <span className="muted">#{c.id}</span>
                        <p className="duplicate-line muted">
                          {[...c.phones.map((p) => formatPhone(p.e164 ?? p.raw)), ...c.emails, t('page.created', { date: format.date(c.createdAt) })].join(' · ')}
                        </p>
                      </div>
                      {canMerge && (
                        <button type="button" className="btn btn-secondary btn-sm" title={t('page.keepHint')} onClick={() => setPair({ survivorId: c.id, duplicateId: other.id })} data-testid="duplicate-keep">
                          {t('page.keep')}
                        </button>
                      )}
                    </li>
                  );
                })}
              </ul>
              {shown.length < g.clients.length && (
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => setExpanded(new Set([...expanded, id]))}>
                  {t('page.showAll', { count: g.clients.length })}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      {pair && (
        <MergeDialog
          survivorId={pair.survivorId}
          duplicateId={pair.duplicateId}
          onClose={() => setPair(null)}
          onMerged={(result, name) => {
            setPair(null);
            onMerged(t('merge.done', { name, into: result.client.name }));
          }}
        />
      )}
    </div>
  );
}
