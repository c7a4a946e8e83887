import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Badge } from '../../../ui/Badge';
import { Spinner } from '../../../ui/Spinner';
import type { MyFigures, MyFiguresWindow } from '../api/my-figures.api';
import { useMyFigures } from '../hooks/use-my-figures';
import './my-figures.css';

const MyBandsChart = lazy(() => import('./MyBandsChart'));
const WINDOWS: readonly MyFiguresWindow[] = ['today', 'week'];

/**
 * The operator's own numbers for today or the week: calls, contacts, the effective share, the average
 * talk and its spread over the talk-length bands, and their tails. Only their own: the server knows no other.
 */
export function MyFiguresPanel() {
  const { t } = useTranslation('desk');
  const [win, setWin] = useState<MyFiguresWindow>('today');
  const figures = useMyFigures(win);
  const errorText = useErrorText();
  return (
    <section className="panel" aria-labelledby="my-figures-title" data-testid="my-figures">
      <div className="panel-header my-figures-header">
        <h2 className="panel-title" id="my-figures-title">
          {t('myFigures.title')}
        </h2>
        <div className="segmented my-figures-switch" role="group" aria-label={t('myFigures.windowLabel')}>
          {WINDOWS.map((w) => (
            <button key={w} type="button" className="segment" aria-pressed={win === w} onClick={() => setWin(w)} data-window={w}>
              {t(`myFigures.window.${w}`)}
            </button>
          ))}
        </div>
      </div>
      {figures.isPending ? (
        <Spinner />
      ) : figures.isError && !figures.data ? (
        <Alert>{errorText(figures.error)}</Alert>
      ) : (
        <Figures figures={figures.data!} stale={figures.isPlaceholderData} />
      )}
    </section>
  );
}

type FiguresProps = { figures: MyFigures; stale: boolean };

function Figures({ figures: f, stale }: FiguresProps) {
  const { t, i18n } = useTranslation('desk');
  const format = useFormat();
  const minutes = (s: number) => (s / 60).toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  const bandLabel = (from: number, to: number | null) => (to === null ? `>${minutes(from)}` : from === 0 ? `<${minutes(to)}` : `${minutes(from)}–${minutes(to)}`);
  const rows = f.bandScale.map((b) => ({ key: b.key, label: bandLabel(b.fromSeconds, b.toSeconds), count: f.bands[b.key] ?? 0, verdict: b.verdict }));
  return (
    <div className={stale ? 'is-stale' : undefined} data-window={f.window}>
      <dl className="my-figures-tiles">
        <div>
          <dt>{t('myFigures.calls')}</dt>
          <dd data-testid="my-figures-calls">{format.integer(f.calls)}</dd>
        </div>
        <div>
          <dt>{t('myFigures.contacts')}</dt>
          <dd data-testid="my-figures-contacts">{format.integer(f.answered)}</dd>
        </div>
        <div>
          <dt>{t('myFigures.effectiveShare')}</dt>
          <dd>{f.effectiveShare === null ? '—' : `${format.integer(Math.round(f.effectiveShare * 100))} %`}</dd>
        </div>
        <div>
          <dt>{t('myFigures.avgTalk')}</dt>
          <dd>{format.duration(f.avgTalkSeconds)}</dd>
        </div>
      </dl>
      {f.answered > 0 ? (
        <>
          <p className="my-figures-caption muted">{t('myFigures.bandsTitle')}</p>
          <Suspense fallback={<div className="my-figures-chart" />}>
            <MyBandsChart rows={rows} />
          </Suspense>
        </>
      ) : (
        <p className="muted">{t('myFigures.noContacts')}</p>
      )}
      <p className="my-figures-tails" data-testid="my-figures-tails">
        {f.tails.count > 0 ? (
          <>
            <Badge tone="red">{t('myFigures.tails', { n: format.integer(f.tails.count), days: f.tails.days })}</Badge>{' '}
            <span className="muted">{t('myFigures.oldestTail', { date: format.compactDateTime(f.tails.oldestDueAt) })}</span>
          </>
        ) : (
          <span className="muted">{t('myFigures.noTails', { days: f.tails.days })}</span>
        )}
      </p>
    </div>
  );
}
