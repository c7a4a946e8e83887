import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS, type Channel, type MessageTemplate } from '../api/messaging.types';

/** The channel named by a select's value ('' and anything else: none). */
export const channelOf = (value: string): Channel | null => CHANNELS.find((c) => c === value) ?? null;

/** The channels as the options of a select. */
export function ChannelOptions() {
  const { t } = useTranslation('messaging');
  return (
    <>
      {CHANNELS.map((c) => (
        <option key={c} value={c}>
          {t(`channel.${c}`)}
        </option>
      ))}
    </>
  );
}

export type ChannelRadiosProps = {
  legend: string;
  name: string;
  value: Channel;
  onChange: (channel: Channel) => void;
  /** Channels the server cannot send on (GET /messaging/status): greyed, with why under them. */
  off: (channel: Channel) => boolean;
  /** A word after a channel's name ("no address"). */
  note?: (channel: Channel) => ReactNode;
};

/** The channels as radio buttons; an unconfigured one disabled, the reason written under the group. */
export function ChannelRadios({ legend, name, value, onChange, off, note }: ChannelRadiosProps) {
  const { t } = useTranslation('messaging');
  return (
    <fieldset className="msg-channels">
      <legend className="field-label">{legend}</legend>
      {CHANNELS.map((c) => (
        <label key={c} className={`msg-radio ${off(c) ? 'is-off' : ''}`} title={off(c) ? t(`channelOff.${c}`) : undefined}>
          <input type="radio" name={name} value={c} checked={value === c} disabled={off(c)} onChange={() => onChange(c)} />
          {t(`channel.${c}`)}
          {!off(c) && note?.(c)}
        </label>
      ))}
      {CHANNELS.filter(off).map((c) => (
        <p key={c} className="field-hint">
          {t(`channelOff.${c}`)}
        </p>
      ))}
    </fieldset>
  );
}

/** Templates as the options of a select, after an empty "choose" option. */
export function TemplateOptions({ items, choose }: { items: readonly MessageTemplate[]; choose: string }) {
  return (
    <>
      <option value="">{choose}</option>
      {items.map((tpl) => (
        <option key={tpl.id} value={tpl.id}>
          {tpl.name}
        </option>
      ))}
    </>
  );
}
