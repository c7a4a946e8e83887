import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Badge } from '../ui/Badge';
import { PageHeader } from '../ui/PageHeader';

export type PlaceholderPageProps = { title: ParseKeys; text: ParseKeys };

/** An honest frame for a workspace that later work fills: its name and what will be here. */
export function PlaceholderPage({ title, text }: PlaceholderPageProps) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t(title)} />
      <section className="panel placeholder">
        <Badge tone="amber">{t('placeholder.badge')}</Badge>
        <p className="placeholder-text">{t(text)}</p>
      </section>
    </div>
  );
}
