import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import type { Note } from '../../notes/api/notes.api';
import { useUserName } from '../../users/hooks/use-users';

export type PopLastNoteProps = { note: Note | null };

/** The latest thing a colleague wrote about the client. */
export function PopLastNote({ note }: PopLastNoteProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const userName = useUserName();
  return (
    <section className="panel pop-extra" aria-labelledby="pop-note-title">
      <h2 className="panel-title" id="pop-note-title">
        {t('console.lastNote.title')}
      </h2>
      {note ? (
        <figure className="pop-note">
          <blockquote className="note-body">{note.body}</blockquote>
          <figcaption className="muted">
            {userName(note.authorId)} · <time dateTime={note.createdAt}>{format.dateTime(note.createdAt)}</time>
          </figcaption>
        </figure>
      ) : (
        <p className="muted">{t('notes.empty')}</p>
      )}
    </section>
  );
}
