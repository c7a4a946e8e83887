import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { Spinner } from '../../../ui/Spinner';
import { useSaveSourceSpend, useSourceSpend } from '../hooks/use-reports';

const AMOUNT = /^\d{1,12}([.,]\d{1,2})?$/;

export type SpendEditorProps = { initialMonth: string };

/** The manager's monthly spend per lead source: one month at a time, every known source a row. */
export function SpendEditor({ initialMonth }: SpendEditorProps) {
  const { t } = useTranslation('reports');
  const errorText = useErrorText();
  const [month, setMonth] = useState(initialMonth);
  const spend = useSourceSpend(month);
  const save = useSaveSourceSpend();
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [extra, setExtra] = useState<string[]>([]);
  const [newSource, setNewSource] = useState('');

  // The month's saved amounts fill the form whenever they (or the month) change.
  useEffect(() => {
    if (!spend.data) return;
    setDraft(Object.fromEntries(spend.data.items.map((i) => [i.source, String(i.amount)])));
    setExtra([]);
  }, [spend.data]);

  const sources = [...(spend.data?.sources ?? []), ...extra.filter((s) => !spend.data?.sources.includes(s))];
  const invalid = Object.values(draft).some((v) => v.trim() !== '' && !AMOUNT.test(v.trim()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid || !spend.data) return;
    const saved = new Map(spend.data.items.map((i) => [i.source, i.amount]));
    const items = sources.flatMap((source) => {
      const raw = (draft[source] ?? '').trim();
      const amount = raw === '' ? null : Number(raw.replace(',', '.'));
      if (amount === (saved.get(source) ?? null)) return [];
      return [{ source, month, amount }];
    });
    if (items.length > 0) save.mutate(items);
  };
  const addSource = () => {
    const s = newSource.trim();
    if (s && !sources.includes(s)) setExtra((x) => [...x, s]);
    setNewSource('');
  };

  return (
    <section className="panel" aria-labelledby="rp-spend-title" data-testid="spend-editor">
      <div className="panel-header">
        <h2 className="panel-title" id="rp-spend-title">
          {t('spend.title')}
        </h2>
        <Field label={t('spend.month')} className="rp-month">
          {(id) => <input id={id} type="month" value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />}
        </Field>
      </div>
      {spend.isPending ? (
        <Spinner />
      ) : spend.isError ? (
        <Alert>{errorText(spend.error)}</Alert>
      ) : (
        <form onSubmit={submit} className="stack">
          {sources.length === 0 ? (
            <p className="muted">{t('spend.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table rp-spend-table" aria-label={t('spend.tableLabel')}>
                <thead>
                  <tr>
                    <th scope="col">{t('spend.source')}</th>
                    <th scope="col" className="num">{t('spend.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {sources.map((source) => {
                    const value = draft[source] ?? '';
                    const bad = value.trim() !== '' && !AMOUNT.test(value.trim());
                    return (
                      <tr key={source}>
                        <td>{source}</td>
                        <td className="num">
                          <input
                            type="text"
                            inputMode="decimal"
                            aria-label={`${t('spend.amount')}: ${source}`}
                            aria-invalid={bad}
                            value={value}
                            placeholder="0"
                            onChange={(e) => setDraft((d) => ({ ...d, [source]: e.target.value }))}
                            className="rp-amount"
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {invalid && <p className="field-hint rp-invalid" role="alert">{t('spend.amountInvalid')}</p>}
          <div className="rp-spend-actions">
            <input type="text" aria-label={t('spend.newSource')} placeholder={t('spend.newSource')} value={newSource} maxLength={64} onChange={(e) => setNewSource(e.target.value)} />
            <button type="button" className="btn btn-secondary btn-sm" onClick={addSource} disabled={newSource.trim() === ''}>
              {t('spend.add')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={invalid || save.isPending}>
              {t('spend.save')}
            </button>
            {save.isSuccess && <span className="muted" role="status">{t('spend.saved')}</span>}
          </div>
          {save.isError && <Alert>{errorText(save.error)}</Alert>}
        </form>
      )}
    </section>
  );
}
