import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { TEMPLATE_LANGUAGES, type MessageTemplate } from '../api/messaging.types';
import { useDeleteTemplate, useTemplates } from '../hooks/use-messaging';
import { ChannelIcon } from './ChannelIcon';
import { TemplateDialog } from './TemplateDialog';
import { useMessagingErrorText } from './use-messaging-error-text';

/** The manager's message templates: the list, a new one, edit and delete. */
export function TemplatesPanel() {
  const { t } = useTranslation('messaging');
  const { t: tc } = useTranslation();
  const format = useFormat();
  const errorText = useMessagingErrorText();
  const list = useTemplates();
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<MessageTemplate | 'new' | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);

  const onDelete = (tpl: MessageTemplate) => {
    if (!window.confirm(t('templates.deleteConfirm', { name: tpl.name }))) return;
    setDeleted(null);
    remove.mutate(tpl.id, { onSuccess: () => setDeleted(tpl.name) });
  };

  const table = () => {
    if (list.isPending) return <Spinner />;
    if (list.isError) return <Alert action={<button type="button" className="btn btn-secondary btn-sm" onClick={() => void list.refetch()}>{tc('common.retry')}</button>}>{errorText(list.error)}</Alert>;
    if (list.data.items.length === 0) return <EmptyState title={t('templates.empty')} text={t('templates.emptyText')} />;
    return (
      <div className="table-wrap">
        <table className="table msg-table" aria-label={t('templates.title')}>
          <thead>
            <tr>
              <th scope="col">{t('templates.columns.name')}</th>
              <th scope="col">{t('templates.columns.channel')}</th>
              <th scope="col">{t('templates.columns.purpose')}</th>
              <th scope="col">{t('templates.columns.languages')}</th>
              <th scope="col">{t('templates.columns.updatedAt')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('templates.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((tpl) => (
              <tr key={tpl.id} data-template-id={tpl.id}>
                <td data-label={t('templates.columns.name')}>
                  <button type="button" className="link-button msg-strong" onClick={() => setEditing(tpl)}>
                    {tpl.name}
                  </button>
                </td>
                <td data-label={t('templates.columns.channel')}>
                  <ChannelIcon channel={tpl.channel} /> {t(`channel.${tpl.channel}`)}
                </td>
                <td data-label={t('templates.columns.purpose')}>{t(`purpose.${tpl.purpose}`)}</td>
                <td data-label={t('templates.columns.languages')}>
                  {TEMPLATE_LANGUAGES.filter((l) => tpl.texts[l])
                    .map((l) => l.toUpperCase())
                    .join(' · ')}
                </td>
                <td data-label={t('templates.columns.updatedAt')}>{format.compactDateTime(tpl.updatedAt)}</td>
                <td className="msg-actions">
                  <button type="button" className="btn btn-secondary btn-sm" aria-label={`${t('templates.edit')}: ${tpl.name}`} onClick={() => setEditing(tpl)}>
                    {t('templates.edit')}
                  </button>
                  <button type="button" className="btn btn-ghost btn-sm" disabled={remove.isPending} aria-label={`${t('templates.delete')}: ${tpl.name}`} onClick={() => onDelete(tpl)}>
                    {t('templates.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  };

  return (
    <section className="panel stack" aria-labelledby="templates-title">
      <div className="panel-header panel-header-wrap">
        <h2 className="panel-title" id="templates-title">
          {t('templates.title')}
        </h2>
        <button type="button" className="btn btn-primary btn-sm" onClick={() => setEditing('new')}>
          {t('templates.new')}
        </button>
      </div>
      {deleted && <Alert tone="success">{t('templates.deleted', { name: deleted })}</Alert>}
      {remove.isError && <Alert>{isApiError(remove.error) && remove.error.status === 409 ? t('templates.deleteBusy') : errorText(remove.error)}</Alert>}
      {table()}
      {editing && <TemplateDialog template={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </section>
  );
}
