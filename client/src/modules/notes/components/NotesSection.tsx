import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../i18n/error-text';
import { useFormat } from '../../../i18n/format';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Spinner } from '../../../ui/Spinner';
import { useUserName } from '../../users/hooks/use-users';
import { useNotes } from '../hooks/use-notes';
import { AddNoteForm } from './AddNoteForm';

export type NotesSectionProps = { clientId: number };

export function NotesSection({ clientId }: NotesSectionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const errorText = useErrorText();
  const userName = useUserName();
  const notes = useNotes(clientId);

  const list = () => {
    if (notes.isPending) return <Spinner />;
    if (notes.isError) return <Alert>{errorText(notes.error)}</Alert>;
    if (notes.data.items.length === 0) return <EmptyState title={t('notes.empty')} />;
    return (
      <ol className="notes">
        {notes.data.items.map((n) => (
          <li key={n.id} className="note">
            <div className="note-meta">
              <span className="strong">{userName(n.authorId)}</span>
              <time dateTime={n.createdAt}>{format.dateTime(n.createdAt)}</time>
            </div>
            <p className="note-body">{n.body}</p>
          </li>
        ))}
      </ol>
    );
  };

  return (
    <div className="stack">
      <AddNoteForm clientId={clientId} />
      {list()}
    </div>
  );
}
