import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SPY_MODES } from '../api/coaching.api';
import { useSpy, useSpyErrorText } from '../hooks/use-coaching';
import './coaching.css';

export type CoachingButtonsProps = {
  operatorId: number;
  operatorName: string;
};

/** How long the line saying what happened stays. */
const RESULT_MS = 8_000;

/**
 * Listen, whisper, barge on an operator's call: the supervisor's own phone rings and, once picked up,
 * joins the call in that mode. The operator is not told by the product.
 */
export function CoachingButtons({ operatorId, operatorName }: CoachingButtonsProps) {
  const { t } = useTranslation('coaching');
  const spy = useSpy();
  const errorText = useSpyErrorText();
  const { reset, isSuccess, isError } = spy;

  useEffect(() => {
    if (!isSuccess && !isError) return;
    const timer = setTimeout(reset, RESULT_MS);
    return () => clearTimeout(timer);
  }, [isSuccess, isError, reset]);

  return (
    <div className="coaching" data-testid="coaching">
      <div className="coaching-buttons" role="group" aria-label={t('groupLabel', { name: operatorName })}>
        {SPY_MODES.map((mode) => (
          <button
            key={mode}
            type="button"
            className={`btn btn-secondary btn-sm coaching-${mode}`}
            title={t(`hints.${mode}`)}
            disabled={spy.isPending}
            data-testid={`coach-${mode}`}
            onClick={() => spy.mutate({ operatorId, mode })}
          >
            {t(`modes.${mode}`)}
          </button>
        ))}
      </div>
      {spy.isPending && (
        <span className="coaching-result muted" role="status">
          {t('pending')}
        </span>
      )}
      {spy.isSuccess && (
        <span className="coaching-result call-result call-result-ok" role="status" data-testid="coaching-result">
          {t(`started.${spy.variables.mode}`, { name: operatorName })}
        </span>
      )}
      {spy.isError && (
        <span className="coaching-result call-result call-result-error" role="alert" data-testid="coaching-error">
          {errorText(spy.error, operatorName)}
        </span>
      )}
    </div>
  );
}
