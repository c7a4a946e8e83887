import type { SpyMode } from '../call-event';
import { AmiActionError } from './ami-client';

/**
 * ChanSpy's option letters per coaching mode, as Asterisk's app_chanspy.c documents them (ChanSpy
 * application docs, docs.asterisk.org "Dialplan_Applications/ChanSpy"; the AST_APP_OPTIONS table in
 * apps/app_chanspy.c):
 * - `q`: don't play a beep when beginning to spy, nor speak the channel's name (the operator's call
 *   stays undisturbed);
 * - `E`: exit when the spied-on channel hangs up (the supervisor's phone is released with the call);
 * - `S`: stop when no more channels are left to spy on (the call ended before the supervisor picked up:
 *   without it ChanSpy keeps waiting for a matching channel and the supervisor hears silence);
 * - `w`: whisper, the spying channel talks to the spied-on channel (the operator) only;
 * - `B`: barge, talk to both channels of the call (a three-way call).
 */
export const CHANSPY_OPTIONS: Record<SpyMode, string> = {
  listen: 'qES',
  whisper: 'qwES',
  barge: 'qBES',
};

/** An extension as the users' schema allows it: no comma or bar could add options or arguments to Data. */
const EXTENSION = /^[0-9A-Za-z*#]{1,32}$/;

/**
 * The Data of an Originate into ChanSpy: the channel prefix to spy on, then the options. ChanSpy matches
 * channel names by prefix, so `PJSIP/101` would also take `PJSIP/1015-0000002a`; the default target ends
 * with the dash Asterisk puts between the endpoint and the channel's sequence number.
 */
export function chanSpyData(operatorExtension: string, mode: SpyMode, target = 'PJSIP/{extension}-'): string {
  // Refused like an action the PBX turned down (also when forwarded to the node holding the link).
  if (!EXTENSION.test(operatorExtension)) throw new AmiActionError(`${JSON.stringify(operatorExtension)} is not an extension ChanSpy can be pointed at`, 'rejected');
  return `${target.replace('{extension}', operatorExtension)},${CHANSPY_OPTIONS[mode]}`;
}
