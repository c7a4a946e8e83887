import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PopPerson } from '../../../app/realtime/realtime.types';
import { formatPhone } from '../../../ui/format-phone';

export type PopPeopleProps = { people: PopPerson[] };

/** The switchboard rings: the organization's contact people, to ask for the right one (or put through). */
export function PopPeople({ people }: PopPeopleProps) {
  const { t } = useTranslation('organizations');
  if (people.length === 0) return null;
  return (
    <section className="pop-people" aria-labelledby="pop-people-title" data-testid="pop-people">
      <h3 className="pop-people-title" id="pop-people-title">
        {t('pop.people')} <span className="muted">· {t('pop.peopleCount', { count: people.length })}</span>
      </h3>
      <ul className="plain-list pop-people-list">
        {people.map((p) => (
          <li key={p.id}>
            <div className="pop-people-line">
              <Link to={`/clients/${p.id}`}>{p.name}</Link>
              {p.phones[0] && <a href={`tel:${p.phones[0]}`}>{formatPhone(p.phones[0])}</a>}
            </div>
            {p.position && <div className="muted pop-people-position">{p.position}</div>}
          </li>
        ))}
      </ul>
    </section>
  );
}
