import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { formatPhone } from '../../../ui/format-phone';
import { Modal } from '../../../ui/Modal';
import { Spinner } from '../../../ui/Spinner';
import type { Client } from '../../clients/api/client.types';
import type { MergeCounts, MergeResult } from '../api/duplicates.api';
import { useMergeClients, useMergePreview } from '../hooks/use-duplicates';
import '../duplicates.css';

export type MergeDialogProps = {
  survivorId: number;
  duplicateId: number;
  onClose: () => void;
  onMerged?: (result: MergeResult, duplicateName: string) => void;
};

const COUNTS: (keyof MergeCounts)[] = ['calls', 'deals', 'notes', 'callbacks', 'leads', 'people', 'stageChanges', 'phones', 'emails', 'tags'];

/** The merge confirmation: which client stays, which goes, what moves and what gets filled; the roles can be swapped. */
export function MergeDialog({ survivorId, duplicateId, onClose, onMerged }: MergeDialogProps) {
  const { t } = useTranslation('duplicates');
  const format = useFormat();
  const errorText = useErrorText();
  const [pair, setPair] = useState({ survivorId, duplicateId });
  const preview = useMergePreview(pair.survivorId, pair.duplicateId);
  const merge = useMergeClients();

  const body = () => {
    if (preview.isPending) return <Spinner />;
    if (preview.isError) return <Alert>{errorText(preview.error)}</Alert>;
    const p = preview.data;
    const moved = COUNTS.filter((k) => p.moves[k] > 0);
    const fields = [...new Set(p.fills.map((f) => t(`merge.field.${f}` as 'merge.field.source', { defaultValue: f })))];
    return (
      <div className="stack merge-dialog" data-testid="merge-dialog">
        <div className="merge-pair">
          <MergeSide label={t('merge.survivor')} client={p.survivor} tone="keep" />
          <MergeSide label={t('merge.duplicate')} client={p.duplicate} tone="drop" />
        </div>
        <button type="button" className="btn btn-ghost btn-sm merge-swap" onClick={() => setPair({ survivorId: pair.duplicateId, duplicateId: pair.survivorId })} disabled={merge.isPending}>
          ⇄ {t('merge.swap')}
        </button>
        <div>
          <h3 className="merge-subtitle">{t('merge.moves', { name: p.survivor.name })}</h3>
          {moved.length === 0 ? (
            <p className="muted">{t('merge.nothing')}</p>
          ) : (
            <ul className="merge-moves" data-testid="merge-moves">
              {moved.map((k) => (
                <li key={k}>{t(`merge.count.${k}`, { count: p.moves[k] })}</li>
              ))}
            </ul>
          )}
          {fields.length > 0 && <p className="muted">{t('merge.fills', { fields: fields.join(', ') })}</p>}
          <p>{t('merge.revenue', { amount: format.money(p.revenue) })}</p>
        </div>
        <Alert tone="info">{t('merge.irreversible')}</Alert>
        {merge.isError && <Alert>{errorText(merge.error)}</Alert>}
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={merge.isPending}>
            {t('common.cancel', { ns: 'translation' })}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="merge-confirm"
            disabled={merge.isPending}
            onClick={() => merge.mutate(pair, { onSuccess: (result) => onMerged?.(result, p.duplicate.name) })}
          >
            {merge.isPending ? t('merge.merging') : t('merge.confirm')}
          </button>
        </div>
      </div>
    );
  };

  return (
    <Modal title={t('merge.title')} onClose={onClose}>
      {body()}
    </Modal>
  );
}

type MergeSideProps = { label: string; client: Client; tone: 'keep' | 'drop' };

function MergeSide({ label, client, tone }: MergeSideProps) {
  const { t } = useTranslation('duplicates');
  const format = useFormat();
  return (
    <section className={`merge-side merge-side-${tone}`} aria-label={label}>
      <p className="merge-side-label">{label}</p>
      <p className="merge-side-name">
        {client.name} <span className="muted">#{client.id}</span>
      </p>
      {client.phones.length > 0 && <p className="merge-side-line">{client.phones.map((p) => formatPhone(p.e164 ?? p.raw)).join(', ')}</p>}
      {client.emails.length > 0 && <p className="merge-side-line">{client.emails.join(', ')}</p>}
      <p className="merge-side-line muted">{t('page.created', { date: format.date(client.createdAt) })}</p>
    </section>
  );
}
