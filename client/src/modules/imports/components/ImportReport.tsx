import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { failedRowsUrl } from '../api/imports.api';
import type { ImportState } from '../api/imports.types';

const LISTED = 1000;

/** Progress (it survives a reload: the counters are the server's), the counts, and the rows with problems. */
export function ImportReport({ state }: { state: ImportState }) {
  const { t } = useTranslation('imports');
  const format = useFormat();
  const codeText = (code: string) => (t(`codes.${code}` as 'codes.bad_phone', { defaultValue: code }));
  const fieldText = (field: string | null) => (field ? t(`fields.${field}` as 'fields.name', { defaultValue: field }) : '—');
  const percent = state.total > 0 ? Math.round((state.processed / state.total) * 100) : 0;
  return (
    <section className="panel import-report" aria-live="polite" data-testid="import-report" data-status={state.status}>
      <p className={`import-status import-status-${state.status}`} data-testid="import-status">
        {t(`status.${state.status}`)}
      </p>
      {state.failure && <p className="import-failure">{state.failure}</p>}
      <div className="import-progress">
        <progress max={state.total} value={state.processed} aria-label={t('progress.label')} data-testid="import-progress" />
        <span>
          {t('progress.rows', { processed: format.integer(state.processed), total: format.integer(state.total) })} · {percent}%
        </span>
      </div>
      <dl className="import-counts">
        {(['created', 'updated', 'skipped', 'failed'] as const).map((k) => (
          <div key={k} data-testid={`import-count-${k}`}>
            <dt>{t(`counts.${k}`)}</dt>
            <dd>{format.integer(state[k])}</dd>
          </div>
        ))}
      </dl>
      {state.status === 'done' && state.failed > 0 && (
        <a className="btn btn-secondary" href={failedRowsUrl(state.id)} download data-testid="import-failed-file">
          {t('actions.failedFile')}
        </a>
      )}
      {(state.status === 'checked' || state.status === 'done' || state.status === 'failed') && (
        <>
          <h2 className="panel-title">{t('errors.title')}</h2>
          {state.errors.length === 0 ? (
            <p>{t('errors.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table import-errors" data-testid="import-errors">
                <thead>
                  <tr>
                    <th scope="col">{t('errors.row')}</th>
                    <th scope="col">{t('errors.field')}</th>
                    <th scope="col">{t('errors.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.errors.map((e, i) => (
                    <tr key={`${e.row}-${i}`}>
                      <td>{e.row}</td>
                      <td>{fieldText(e.field)}</td>
                      <td title={e.message}>{codeText(e.code)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {state.errors.length >= LISTED && <p className="field-hint">{t('errors.more', { shown: LISTED })}</p>}
          <p className="field-hint">{t('rowNote')}</p>
        </>
      )}
    </section>
  );
}
