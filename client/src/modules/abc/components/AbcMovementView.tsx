import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Query } from '../../../app/api-client';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import type { AbcClass } from '../api/abc.types';
import { useAbcMovement } from '../hooks/use-abc';
import { AbcExports } from './AbcExports';
import { AbcState } from './AbcState';

const CLASSES: (AbcClass | null)[] = ['A', 'B', 'C', null];
type Periods = { from1: string; to1: string; from2: string; to2: string };
const EMPTY: Periods = { from1: '', to1: '', from2: '', to2: '' };

/** Each client's class in one period against another (by default the period before against the current one), and who fell out of A. */
export function AbcMovementView() {
  const { t } = useTranslation('abc');
  const format = useFormat();
  const [query, setQuery] = useState<Query>({});
  const [draft, setDraft] = useState<Periods>(EMPTY);
  const [invalid, setInvalid] = useState(false);
  const movement = useAbcMovement(query);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ok = Object.values(draft).every(Boolean) && draft.from1 <= draft.to1 && draft.from2 <= draft.to2;
    setInvalid(!ok);
    if (ok) setQuery({ ...draft });
  };
  const dateField = (key: keyof Periods, label: string) => (
    <Field label={label}>{(id) => <input id={id} type="date" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />}</Field>
  );
  const name = (c: AbcClass | null) => c ?? t('common.none');
  return (
    <div className="stack">
      <form className="panel abc-periods" onSubmit={submit} aria-label={t('movement.title')}>
        <fieldset className="abc-period">
          <legend>{t('movement.period1')}</legend>
          {dateField('from1', t('movement.from'))}
          {dateField('to1', t('movement.to'))}
        </fieldset>
        <fieldset className="abc-period">
          <legend>{t('movement.period2')}</legend>
          {dateField('from2', t('movement.from'))}
          {dateField('to2', t('movement.to'))}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary">{t('movement.apply')}</button>
          <button type="button" className="btn btn-secondary" onClick={() => (setDraft(EMPTY), setInvalid(false), setQuery({}))}>{t('movement.reset')}</button>
        </div>
        {invalid && <Alert>{t('movement.invalid')}</Alert>}
      </form>
      <AbcState query={movement}>
        {(m) => {
          const count = (from: AbcClass | null, to: AbcClass | null) => m.pairs.find((p) => p.from === from && p.to === to)?.clients ?? 0;
          return (
            <section className="panel" aria-labelledby="abc-movement-title">
              <div className="panel-header abc-panel-header">
                <h2 className="panel-title" id="abc-movement-title">
                  {t('movement.title')}: {format.calendarDate(m.period1.from)} – {format.calendarDate(m.period1.to)} → {format.calendarDate(m.period2.from)} – {format.calendarDate(m.period2.to)}
                </h2>
                <AbcExports kind="movement" query={query} />
              </div>
              <p className="field-hint">{t('movement.explain')}</p>
              <div className="table-wrap">
                <table className="table abc-table abc-moves" aria-label={t('movement.pairsLabel')} data-testid="abc-movement">
                  <thead>
                    <tr>
                      <th scope="col">{t('movement.rowsAre')}</th>
                      {CLASSES.map((to) => (
                        <th key={to ?? 'none'} scope="col" className="num">{name(to)}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {CLASSES.map((from) => (
                      <tr key={from ?? 'none'}>
                        <th scope="row">{name(from)}</th>
                        {CLASSES.map((to) => (
                          <td key={to ?? 'none'} className={`num ${from === to ? 'abc-same' : from === 'A' && count(from, to) > 0 ? 'abc-down' : ''}`}>
                            {from === null && to === null ? '—' : format.integer(count(from, to))}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h3 className="abc-subtitle">{t('movement.fellOut')}</h3>
              {m.fellOutOfA.total === 0 ? (
                <p className="muted">{t('movement.fellOutNone')}</p>
              ) : (
                <>
                  <p>{t('movement.fellOutCount', { count: m.fellOutOfA.total })} {m.fellOutOfA.items.length < m.fellOutOfA.total && t('movement.shown', { count: m.fellOutOfA.items.length })}</p>
                  <div className="table-wrap">
                    <table className="table abc-table" aria-label={t('movement.fellOutLabel')} data-testid="abc-fell-out">
                      <thead>
                        <tr>
                          <th scope="col">{t('movement.name')}</th>
                          <th scope="col" className="num">{t('movement.turnover1')}</th>
                          <th scope="col">{t('movement.class2')}</th>
                          <th scope="col" className="num">{t('movement.turnover2')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {m.fellOutOfA.items.map((i) => (
                          <tr key={i.clientId}>
                            <td><Link to={`/clients/${i.clientId}`}>{i.name}</Link></td>
                            <td className="num">{format.money(i.turnover1)}</td>
                            <td>{name(i.class2)}</td>
                            <td className="num">{format.money(i.turnover2)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </section>
          );
        }}
      </AbcState>
    </div>
  );
}
