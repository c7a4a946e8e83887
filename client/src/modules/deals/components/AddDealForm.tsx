import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { Alert } from '../../../ui/Alert';
import { Field } from '../../../ui/Field';
import { useAddDeal } from '../hooks/use-deals';

export type AddDealFormProps = { clientId: number };

/** Today in the browser's calendar, as YYYY-MM-DD. */
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function AddDealForm({ clientId }: AddDealFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const add = useAddDeal(clientId);
  const [title, setTitle] = useState('');
  const [amount, setAmount] = useState('');
  const [closedAt, setClosedAt] = useState(today);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { title: title.trim(), amount: Number(amount.replace(',', '.')), closedAt },
      {
        onSuccess: () => {
          setTitle('');
          setAmount('');
        },
      },
    );
  };

  return (
    <form className="form inline-form" onSubmit={submit} aria-label={t('deals.add')}>
      {add.isError && <Alert>{errorText(add.error)}</Alert>}
      {add.isSuccess && add.data.status === 'pending' && <Alert tone="info">{t('deals.pendingSaved')}</Alert>}
      <div className="form-row form-row-3">
        <Field label={t('deals.title')}>{(id) => <input id={id} required maxLength={200} placeholder={t('deals.titlePlaceholder')} value={title} onChange={(e) => setTitle(e.target.value)} />}</Field>
        <Field label={t('deals.amount')}>
          {(id) => <input id={id} required inputMode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" value={amount} onChange={(e) => setAmount(e.target.value)} />}
        </Field>
        <Field label={t('deals.closedAt')}>{(id) => <input id={id} required type="date" value={closedAt} onChange={(e) => setClosedAt(e.target.value)} />}</Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {add.isPending ? t('deals.adding') : t('deals.add')}
        </button>
      </div>
    </form>
  );
}
