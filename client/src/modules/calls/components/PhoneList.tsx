import { formatPhone } from '../../../ui/format-phone';
import { ClickToCallButton } from './ClickToCallButton';

export type PhoneListProps = {
  phones: readonly { e164: string | null; raw: string }[];
  clientId?: number | undefined;
};

/** A client's numbers, each with a tel: link (softphones) and click-to-call (the desk phone). */
export function PhoneList({ phones, clientId }: PhoneListProps) {
  return (
    <ul className="plain-list phone-list">
      {phones.map((p) => {
        const number = p.e164 ?? p.raw;
        return (
          <li key={number} className="phone-item">
            <a href={`tel:${number}`} className="phone-number">
              {formatPhone(number)}
            </a>
            <ClickToCallButton number={number} clientId={clientId} />
          </li>
        );
      })}
    </ul>
  );
}
