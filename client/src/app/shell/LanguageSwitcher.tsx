import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGES } from '../../i18n/i18n';
import { useChangeLanguage } from '../../modules/users/hooks/use-change-language';

export type LanguageSwitcherProps = { className?: string };

export function LanguageSwitcher({ className }: LanguageSwitcherProps) {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  return (
    <select
      className={`language-switcher ${className ?? ''}`}
      aria-label={t('language.label')}
      value={i18n.language}
      onChange={(e) => {
        if (isLanguage(e.target.value)) changeLanguage(e.target.value);
      }}
    >
      {LANGUAGES.map((lang) => (
        <option key={lang} value={lang} lang={lang}>
          {t(`language.${lang}`)}
        </option>
      ))}
    </select>
  );
}
