import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

export type PaginationProps = {
  /** 1-based. */
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  /** A newer page is on its way: the current rows stay, dimmed. */
  busy?: boolean;
};

export function Pagination({ page, pageSize, total, onPageChange, busy = false }: PaginationProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t('common.pageOf', { page, pages })} aria-busy={busy}>
      <span className="pagination-range">{t('common.range', { from: format.integer(from), to: format.integer(to), total: format.integer(total) })}</span>
      <div className="pagination-controls">
        <button type="button" className="btn btn-secondary btn-sm" disabled={page <= 1} onClick={() => onPageChange(page - 1)}>
          ‹ {t('common.previous')}
        </button>
        <span className="pagination-page">{t('common.pageOf', { page: format.integer(page), pages: format.integer(pages) })}</span>
        <button type="button" className="btn btn-secondary btn-sm" disabled={page >= pages} onClick={() => onPageChange(page + 1)}>
          {t('common.next')} ›
        </button>
      </div>
    </nav>
  );
}
