import { useTranslation } from 'react-i18next';
import { KPI_WINDOWS, type KpiWindow } from '../api/wallboard.types';

export type WindowSwitchProps = { value: KpiWindow; onChange: (window: KpiWindow) => void };

/** Today, or the rolling last 15 or 60 minutes. */
export function WindowSwitch({ value, onChange }: WindowSwitchProps) {
  const { t } = useTranslation('wallboard');
  return (
    <div className="segmented wb-window-switch" role="group" aria-label={t('window.label')}>
      {KPI_WINDOWS.map((w) => (
        <button key={w} type="button" className="segment" aria-pressed={value === w} onClick={() => onChange(w)} data-window={w}>
          {t(`window.${w}`)}
        </button>
      ))}
    </div>
  );
}
