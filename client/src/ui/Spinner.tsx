import { useTranslation } from 'react-i18next';

export type SpinnerProps = {
  /** Fill the viewport (while the session is checked) instead of a block. */
  fullPage?: boolean;
};

export function Spinner({ fullPage = false }: SpinnerProps) {
  const { t } = useTranslation();
  return (
    <div className={fullPage ? 'spinner-page' : 'spinner-block'} role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{t('common.loading')}</span>
    </div>
  );
}
